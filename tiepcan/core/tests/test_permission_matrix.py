"""Every URL pattern, for every role, answers as designed: 200/302/400 allowed, 403, 404.

The walk fails when a URL pattern is missing from MATRIX, so a new view cannot
ship without saying who may use it. For views that take an object, the same
request is repeated with an object of a province where nobody (but the system
administrator) holds a role: anything but 404 (or 403/302 from the action
guard) means the view forgot to scope its query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import ROLE_ACTIONS
from tiepcan.core.models import AuditEntry
from tiepcan.frameworks.services import load_shipped
from tiepcan.testing import World, build_period, build_plan
from tiepcan.units.models import Unit

ANON = "anonymous"
OUTSIDER = "outsider"
SYSADMIN = Role.SYSTEM_ADMIN
ROLES: list[str] = [*Role.values, OUTSIDER, ANON]

# The keyword arguments of an own object and of another province's (None: there is no such thing).
Objects = Callable[[World], tuple[dict[str, Any], dict[str, Any] | None]]


@dataclass
class Case:
    expect: dict[str, int]
    method: str = "get"
    objects: Objects | None = None
    data: dict[str, str] | None = None


def public(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int = 200, anonymous: int = 302) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, status), ANON: anonymous}


def with_action(action: str, status: int = 200) -> dict[str, int]:
    out = {}
    for role in ROLES:
        if role == ANON:
            out[role] = 302
        elif role in ROLE_ACTIONS and action in ROLE_ACTIONS[role]:
            out[role] = status
        else:
            out[role] = 403
    return out


def only(action: str, status: int, roles: set[str]) -> dict[str, int]:
    """``with_action`` where, among the roles holding the action, only ``roles`` reach the object."""
    out = with_action(action, status)
    for role, code in out.items():
        if code == status and role != ANON and role not in roles:
            out[role] = 404
    return out


def unit_pair(own: str, foreign: str) -> Objects:
    return lambda w: ({"pk": w.units[own].pk}, {"pk": w.units[foreign].pk})


def agency_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"pk": w.agencies["ubnd_n1"].pk}, {"pk": w.agencies["stp2"].pk}


def user_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"pk": w.users["target"].pk}, {"pk": w.users["foreign_officer"].pk}


def role_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own = RoleAssignment.objects.get(user=w.users["target"])
    foreign = RoleAssignment.objects.get(user=w.users["foreign_officer"])
    return {"pk": own.pk}, {"pk": foreign.pk}


def audit_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own = AuditEntry.objects.filter(object_id=str(w.units["N1"].pk), content_type__model="unit").first()
    foreign = AuditEntry.objects.filter(object_id=str(w.units["N3"].pk), content_type__model="unit").first()
    assert own and foreign
    return {"pk": own.pk}, {"pk": foreign.pk}


def failed_job_kwargs() -> dict[str, Any]:
    from tiepcan.jobs.choices import JobStatus
    from tiepcan.jobs.models import Job

    job = Job.objects.create(task_path="tiepcan.jobs.tests.tasks.always_fails", status=JobStatus.FAILED)
    return {"pk": job.pk}


def export_job_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """A finished export of the province administrator's (own) and of another person's (foreign)."""
    from tiepcan.jobs import artifacts
    from tiepcan.jobs.choices import JobStatus
    from tiepcan.jobs.exports import build_export
    from tiepcan.jobs.models import Job

    pks = []
    for owner in (w.users[Role.PROVINCE_ADMIN], w.users["foreign_officer"]):
        job = Job.objects.create(
            task_path=build_export.module_path,
            status=JobStatus.SUCCESSFUL,
            actor_id=owner.pk,
            args=["tiepcan.accounts.exports.USERS", owner.pk, [owner.pk], {}, "nguoi-dung.xlsx"],
        )
        artifacts.store(f"export-{job.pk}", b"PK", "application/zip", "nguoi-dung.xlsx")
        Job.objects.filter(pk=job.pk).update(
            return_value={"key": f"export-{job.pk}", "filename": "nguoi-dung.xlsx"}
        )
        pks.append(job.pk)
    return {"pk": pks[0]}, {"pk": pks[1]}


def import_job_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """A finished user import of the province administrator's (own) and of somebody else's (foreign)."""
    from tiepcan.accounts.tasks import import_users_file
    from tiepcan.jobs.choices import JobStatus
    from tiepcan.jobs.models import Job

    pks = [
        Job.objects.create(
            task_path=import_users_file.module_path,
            status=JobStatus.SUCCESSFUL,
            actor_id=owner.pk,
            return_value={"ok": False, "created": [], "problems": [[2, "Vai trò", "Sai"]]},
        ).pk
        for owner in (w.users[Role.PROVINCE_ADMIN], w.users["foreign_officer"])
    ]
    return {"pk": pks[0]}, {"pk": pks[1]}


def own_export(status: int = 200) -> dict[str, int]:
    """Only the person who asked for an export sees it; for everyone else it does not exist."""
    return {**dict.fromkeys(ROLES, 404), Role.PROVINCE_ADMIN: status, ANON: 302}


def plan_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"pk": w.plan.pk}, {"pk": w.foreign_plan.pk}


def group_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own = w.plan.groups.first()
    foreign = w.foreign_plan.groups.first()
    return {"pk": w.plan.pk, "group_pk": own.pk}, {"pk": w.foreign_plan.pk, "group_pk": foreign.pk}


def activity_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"pk": w.plan.activities.first().pk}, {"pk": w.foreign_plan.activities.first().pk}


def difficulty_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.plans.models import Difficulty

    pks = []
    for plan, agency, unit in ((w.plan, "stp1", "P1"), (w.foreign_plan, "stp2", "P2")):
        pks.append(
            Difficulty.objects.create(
                unit=w.units[unit],
                agency=w.agencies[agency],
                activity=plan.activities.first(),
                title="Vướng mắc",
                description="Chưa rõ hướng dẫn",
                raised_by=w.users[Role.SYSTEM_ADMIN],
            ).pk
        )
    return {"pk": pks[0]}, {"pk": pks[1]}


def task_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"pk": w.tasks["stp1"].pk}, {"pk": w.tasks["foreign"].pk}


def output_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from django.core.files.base import ContentFile

    from tiepcan.plans.models import OutputDocument, ProgressReport

    docs = []
    for key in ("stp1", "foreign"):
        report = ProgressReport.objects.create(
            task=w.tasks[key],
            reported_by=w.users[Role.PROVINCE_ADMIN],
            progress=50,
            status="in_progress",
            note="x",
        )
        doc = OutputDocument(report=report, kind="report", title="Báo cáo", content_type="application/pdf")
        doc.file.save("bao-cao.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
        docs.append({"pk": doc.pk})
    return docs[0], docs[1]


def followup_pair(name: str) -> Objects:
    return lambda w: ({"pk": w.followups["own"][name].pk}, {"pk": w.followups["foreign"][name].pk})


def submit_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own, foreign = w.followups["own"]["report_request"], w.followups["foreign"]["report_request"]
    return (
        {"pk": own.pk, "agency_pk": w.agencies["stp1"].pk},
        {"pk": foreign.pk, "agency_pk": w.agencies["stp2"].pk},
    )


def submission_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from django.core.files.base import ContentFile

    from tiepcan.plans.models import ReportSubmission

    out = []
    for key, agency in (("own", "stp1"), ("foreign", "stp2")):
        submission = ReportSubmission(
            request=w.followups[key]["report_request"],
            agency=w.agencies[agency],
            submitted_by=w.users[Role.PROVINCE_ADMIN],
            content="Báo cáo",
            content_type="application/pdf",
        )
        submission.file.save("bc.pdf", ContentFile(b"%PDF-1.7"), save=True)
        out.append({"pk": submission.pk})
    return out[0], out[1]


PLAN_MANAGERS = with_action(Action.MANAGE_PLAN)


def period_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    if not w.periods:
        build_period(w)
    return {"pk": w.periods["own"].pk}, {"pk": w.periods["foreign"].pk}


def assessment_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    if not w.periods:
        build_period(w)
    own = w.periods["own"].assessments.get(unit=w.units["N1"])
    foreign = w.periods["foreign"].assessments.get(unit=w.units["N3"])
    return {"pk": own.pk}, {"pk": foreign.pk}


def trust_store_item(kind: str) -> Objects:
    """A certificate or CRL of the trust store: one for the installation, no other province's."""

    def objects(w: World) -> tuple[dict[str, Any], dict[str, Any] | None]:
        from tiepcan.signatures.models import RevocationList, TrustedCertificate

        common = {
            "sha256": kind.ljust(64, "0"),
            "der": b"0",
            "source": "Thử",
            "imported_by": w.users[Role.SYSTEM_ADMIN],
        }
        row: TrustedCertificate | RevocationList
        if kind == "certificate":
            row = TrustedCertificate.objects.create(
                kind="root",
                subject="Gốc",
                issuer="Gốc",
                serial="1",
                not_before=datetime(2025, 1, 1, tzinfo=UTC),
                not_after=datetime(2035, 1, 1, tzinfo=UTC),
                **common,
            )
        else:
            row = RevocationList.objects.create(
                issuer="Gốc", this_update=datetime(2026, 1, 1, tzinfo=UTC), **common
            )
        return {"pk": row.pk}, None

    return objects


def calendar_day(w: World) -> tuple[dict[str, Any], None]:
    """A bridge day of the working-day calendar (one calendar for the installation, no province's).

    Taken out once (kept as a plain-week row) and once more (restored from the library, a new row)."""
    from tiepcan.workdays.calendar import seed_year
    from tiepcan.workdays.models import CalendarDay

    seed_year(2026)
    return {"pk": CalendarDay.objects.get(day=date(2026, 8, 31)).pk}, None


def unit_plan(w: World) -> tuple[dict[str, Any], None]:
    """The commune N1's plan carrying out the province's (recorded by its committee)."""
    from tiepcan.plans.choices import PlanStatus
    from tiepcan.plans.models import Plan

    plan = Plan.objects.create(
        province=w.units["N1"],
        parent_plan=w.plan,
        issuer=w.agencies["ubnd_n1"],
        status=PlanStatus.PUBLISHED,
        number="5/KH-UBND",
        issued_on=date(2026, 2, 10),
        title="Kế hoạch thực hiện",
        start_year=2026,
        end_year=2026,
    )
    return {"pk": plan.pk}, None


def evidence_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from django.core.files.base import ContentFile

    from tiepcan.assessments.models import Assessment, Evidence

    own_kwargs, foreign_kwargs = assessment_pair(w)
    out = []
    for kwargs in (own_kwargs, foreign_kwargs):
        item = Evidence(
            assessment=Assessment.objects.get(pk=kwargs["pk"]),
            indicator="1.1",
            title="Nghị quyết",
            uploaded_by=w.users[Role.SYSTEM_ADMIN],
            content_type="application/pdf",
        )
        item.file.save("nghi-quyet.pdf", ContentFile(b"%PDF-1.7"), save=True)
        out.append({"pk": item.pk})
    return out[0], out[1]


def dossier_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import Assessment, DossierSnapshot

    own_kwargs, foreign_kwargs = assessment_pair(w)
    for kwargs in (own_kwargs, foreign_kwargs):
        DossierSnapshot.objects.create(
            assessment=Assessment.objects.get(pk=kwargs["pk"]),
            round=1,
            submitted_by=w.users[Role.SYSTEM_ADMIN],
            score={"indicators": [], "criteria": [], "total": "0", "max_total": "13", "verdict": "Không đạt"},
        )
    return {**own_kwargs, "round_number": 1}, {**foreign_kwargs, "round_number": 1}


def registration_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import Registration

    period_pair(w)
    regs = [
        Registration.objects.create(period=w.periods[k], unit=w.units[u])
        for k, u in (("own", "N1"), ("foreign", "N3"))
    ]
    return {"pk": regs[0].pk}, {"pk": regs[1].pk}


def note_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import Assessment, ReviewNote

    own_kwargs, foreign_kwargs = assessment_pair(w)
    notes = [
        ReviewNote.objects.create(
            assessment=Assessment.objects.get(pk=k["pk"]),
            round=1,
            indicator="1.1",
            text="Bổ sung",
            reviewer=w.users[Role.SYSTEM_ADMIN],
        )
        for k in (own_kwargs, foreign_kwargs)
    ]
    return {"pk": notes[0].pk}, {"pk": notes[1].pk}


def comment_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import Assessment, PublicComment

    own_kwargs, foreign_kwargs = assessment_pair(w)
    comments = [
        PublicComment.objects.create(
            assessment=Assessment.objects.get(pk=k["pk"]), author_name="Người dân", text="Ý kiến"
        )
        for k in (own_kwargs, foreign_kwargs)
    ]
    return {"pk": comments[0].pk}, {"pk": comments[1].pk}


def posted_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """A posted self-assessment is public; a draft is not, to anyone (404)."""
    from django.utils import timezone

    from tiepcan.assessments.models import Assessment

    own_kwargs, foreign_kwargs = assessment_pair(w)
    Assessment.objects.filter(pk=own_kwargs["pk"]).update(status="posted", posted_at=timezone.now())
    return own_kwargs, foreign_kwargs


def decision_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import RecognitionDecision

    period_pair(w)
    out = []
    for key in ("own", "foreign"):
        decision = RecognitionDecision.objects.create(
            period=w.periods[key],
            number=f"1{key}/QĐ-UBND",
            signed_on=date(2027, 1, 20),
            issuer_name="Ủy ban nhân dân tỉnh",
            place="Thử Nghiệm",
            signer_name="Nguyễn Văn Ký",
            signer_title="Chủ tịch",
            created_by=w.users[Role.SYSTEM_ADMIN],
        )
        out.append({"pk": decision.pk})
    return out[0], out[1]


def meeting_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import CouncilMeeting

    period_pair(w)
    meetings = [
        CouncilMeeting.objects.create(
            period=w.periods[key],
            held_on=date(2027, 1, 20),
            minutes="Họp",
            recorded_by=w.users[Role.SYSTEM_ADMIN],
        )
        for key in ("own", "foreign")
    ]
    return {"pk": meetings[0].pk}, {"pk": meetings[1].pk}


def entry_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import Assessment, DecisionEntry, RecognitionDecision

    decisions = decision_pair(w)
    own_a, foreign_a = assessment_pair(w)
    entries = [
        DecisionEntry.objects.create(
            decision=RecognitionDecision.objects.get(pk=d["pk"]),
            assessment=Assessment.objects.get(pk=a["pk"]),
            total=0,
        )
        for d, a in zip(decisions, (own_a, foreign_a), strict=True)
    ]
    return {"pk": entries[0].pk}, {"pk": entries[1].pk}


def improvement_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.plans.models import ImprovementAction

    period_pair(w)
    out = []
    for key, unit, agency in (("own", "N1", "ubnd_n1"), ("foreign", "N3", "stp2")):
        action = ImprovementAction.objects.create(
            period=w.periods[key],
            unit=w.units[unit],
            indicator="3.2",
            title="Tập huấn hòa giải viên",
            responsible=w.agencies[agency],
            created_by=w.users[Role.SYSTEM_ADMIN],
        )
        out.append({"pk": action.pk})
    return out[0], out[1]


# The commune's draft: its own people and the province's staff see it; nobody in another province does.
def notification_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """A notification belongs to one person: everybody else (the system administrator too) gets 404."""
    from tiepcan.core.models import Notification

    own = Notification.objects.create(user=w.users["foreign_officer"], title="Thông báo riêng", url="/")
    return {"pk": own.pk}, {"pk": own.pk}


def form_template_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from django.core.files.base import ContentFile

    from tiepcan.paperwork.builder import default_template
    from tiepcan.paperwork.models import FormTemplate

    pks = []
    for province in ("P1", "P2"):
        template = FormTemplate(
            province=w.units[province],
            code="02",
            version=1,
            original_name="mau-02.docx",
            sha256="0" * 64,
            uploaded_by=w.users[Role.SYSTEM_ADMIN],
        )
        template.file.save("v1.docx", ContentFile(default_template("02")), save=False)
        template.save()
        pks.append(template.pk)
    return {"pk": pks[0]}, {"pk": pks[1]}


def round_form_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own, foreign = dossier_pair(w)
    return {**own, "code": "02", "fmt": "docx"}, {**foreign, "code": "02", "fmt": "docx"}


def meeting_form_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own, foreign = meeting_pair(w)
    return {**own, "code": "05", "fmt": "docx"}, {**foreign, "code": "05", "fmt": "docx"}


def member_form_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import CouncilMembership

    own, foreign = meeting_pair(w)
    out = []
    for kwargs, key in ((own, "own"), (foreign, "foreign")):
        seat = CouncilMembership.objects.create(period=w.periods[key], user=w.users[Role.COUNCIL_MEMBER])
        out.append({**kwargs, "seat": seat.pk, "fmt": "docx"})
    return out[0], out[1]


def area_form_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own, foreign = period_pair(w)
    return (
        {**own, "unit": w.units["P1"].pk, "code": "09", "fmt": "docx"},
        {**foreign, "unit": w.units["P2"].pk, "code": "09", "fmt": "docx"},
    )


def framework_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.frameworks.models import FrameworkVersion

    national = FrameworkVersion.objects.get(code="qd25-2021")
    # A provincial variant of the foreign province: invisible outside it.
    foreign = FrameworkVersion.objects.create(
        code="bien-gioi-2026",
        version=1,
        title="Bộ tiêu chí tỉnh bạn",
        province=w.units["P2"],
        year_from=2026,
        unit_kinds=["xa"],
        definition=national.definition,
        source_text=national.source_text + "\n# tỉnh bạn",
    )
    w.frameworks = {"national": national, "foreign": foreign}
    return {"pk": national.pk}, {"pk": foreign.pk}


def framework_diff_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    own, foreign = framework_pair(w)
    older = w.frameworks["national"].__class__.objects.get(code="qd619-2017")
    return {"pk": older.pk, "other_pk": own["pk"]}, {"pk": older.pk, "other_pk": foreign["pk"]}


def draft_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """A framework draft of P1 and one of P2: a draft is seen by its own province's administrators only."""
    from tiepcan.frameworks.models import FrameworkVersion
    from tiepcan.frameworks.services import start_draft

    base = FrameworkVersion.objects.get(code="qd27-2025")
    admin = w.users[SYSADMIN]
    return {"pk": start_draft(base, w.units["P1"], admin).pk}, {
        "pk": start_draft(base, w.units["P2"], admin).pk
    }


# Roles that may open a budget estimate: everyone who views the province (the estimate
# belongs to the province plan), the finance officer included.
# Tasks of P1's justice department: seen by roles held at P1 without an agency, by the
# department's own focal point and the system administrator; not by the commune's people.
TASK_VIEWERS = {r for r in Role.values if r not in {Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN}}
REPORT_DRAFTERS = {
    **{role: (403 if code == 200 else code) for role, code in only(Action.VIEW, 200, TASK_VIEWERS).items()},
    Role.AGENCY_FOCAL_POINT: 200,
    Role.PROVINCE_ADMIN: 200,
    Role.SYSTEM_ADMIN: 200,
}


def api_key_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.api.models import ApiKey
    from tiepcan.api.tests.conftest import make_key

    make_key(w.users["target"])
    make_key(w.users["foreign_officer"])
    own = ApiKey.objects.get(user=w.users["target"])
    foreign = ApiKey.objects.get(user=w.users["foreign_officer"])
    return {"pk": own.pk}, {"pk": foreign.pk}


def _key_holders() -> dict[str, int]:
    from tiepcan.api.services import SELF_SERVICE_ROLES

    out = {role: 200 if role in SELF_SERVICE_ROLES else 403 for role in ROLES}
    return {**out, ANON: 302}


KEY_HOLDERS = _key_holders()
COMMUNE_RECORD = {
    **with_action(Action.VIEW, 403),
    Role.COMMUNE_OFFICER: 302,
    Role.COMMUNE_CHAIRMAN: 302,
    Role.SYSTEM_ADMIN: 302,
    ANON: 302,
}


MATRIX: dict[str, Case] = {
    "home": Case(signed_in()),
    "healthz": Case(public()),
    "readyz": Case(public()),
    "metrics": Case({**signed_in(403, anonymous=404), SYSADMIN: 200}),
    "set_language": Case(public(302), method="post", data={"language": "vi", "next": "/"}),
    "admin:index": Case({**signed_in(302), SYSADMIN: 200}),
    "accounts:login": Case({**signed_in(302), ANON: 200}),
    "accounts:logout": Case(public(302), method="post"),
    "accounts:profile": Case(signed_in()),
    "accounts:password_change": Case(signed_in()),
    "accounts:switch_unit": Case(signed_in(302), method="post", data={"unit": "0"}),
    "accounts:user_list": Case(with_action(Action.MANAGE_USERS)),
    "accounts:user_create": Case(with_action(Action.MANAGE_USERS)),
    "accounts:user_import": Case(with_action(Action.MANAGE_USERS)),
    # A background import's progress and result: its requester's only (others holding the right: 404).
    "accounts:user_import_status": Case(
        only(Action.MANAGE_USERS, 200, {Role.PROVINCE_ADMIN}), objects=import_job_pair
    ),
    "accounts:user_import_template": Case(with_action(Action.MANAGE_USERS)),
    "accounts:user_detail": Case(with_action(Action.MANAGE_USERS), objects=user_pair),
    "accounts:role_add": Case(with_action(Action.MANAGE_USERS, 400), method="post", objects=user_pair),
    # The temporary password is shown on the response page (200), never carried by a redirect.
    "accounts:password_reset": Case(with_action(Action.MANAGE_USERS, 200), method="post", objects=user_pair),
    "accounts:user_toggle_active": Case(
        with_action(Action.MANAGE_USERS, 302), method="post", objects=user_pair
    ),
    "accounts:user_unlock": Case(with_action(Action.MANAGE_USERS, 302), method="post", objects=user_pair),
    "accounts:role_toggle": Case(with_action(Action.MANAGE_USERS, 302), method="post", objects=role_pair),
    # Dashboards (tiepcan/reports/dashboards.py): scoped by for_user inside; the national one shows
    # aggregates only, to the national viewer (and the system administrator).
    "dashboards:province": Case(with_action(Action.VIEW_ASSESSMENTS)),
    "dashboards:national": Case(with_action(Action.VIEW_NATIONAL)),
    "dashboards:ministry_report": Case(
        with_action(Action.MANAGE_PERIODS, 302),
        method="post",
        objects=unit_pair("P1", "P2"),
        data={"year": "2025", "sent_on": "10/02/2026", "number": "25/BC-UBND"},
    ),
    "dashboards:boundary_import": Case(with_action(Action.MANAGE_UNITS), objects=unit_pair("P1", "P2")),
    # No boundary imported in the test world: those who may read it get 404 as well.
    "dashboards:boundary_geojson": Case(
        with_action(Action.VIEW_ASSESSMENTS, 404), objects=unit_pair("P1", "P2")
    ),
    "units:unit_list": Case(with_action(Action.VIEW)),
    "units:unit_detail": Case(with_action(Action.VIEW), objects=unit_pair("N1", "N3")),
    # The unit picker's search: scoped results for whoever views units (units/widgets.py).
    "units:unit_picker": Case(with_action(Action.VIEW)),
    # The agency picker's search: without the list its page signed for the person, refused (400);
    # units/tests/test_agency_picker.py covers the lists themselves.
    "units:agency_picker": Case(signed_in(400), method="post", data={"tim": "tư pháp"}),
    "units:classification_add": Case(
        with_action(Action.MANAGE_UNITS, 302),
        method="post",
        objects=unit_pair("N1", "N3"),
        data={"commune_class": "II", "valid_from": "01/07/2025"},
    ),
    # Recording a merger before 1/7/2025: bad input (none here) is a message and a redirect.
    "units:predecessor_add": Case(
        with_action(Action.MANAGE_UNITS, 302), method="post", objects=unit_pair("N1", "N3")
    ),
    "units:agency_list": Case(with_action(Action.VIEW)),
    "units:agency_create": Case(with_action(Action.MANAGE_UNITS)),
    "units:agency_edit": Case(with_action(Action.MANAGE_UNITS), objects=agency_pair),
    "units:agency_detail": Case(with_action(Action.VIEW), objects=agency_pair),
    "plans:plan_list": Case(with_action(Action.VIEW)),
    "plans:plan_detail": Case(with_action(Action.VIEW), objects=plan_pair),
    "plans:plan_import": Case(PLAN_MANAGERS),
    "plans:plan_create": Case(PLAN_MANAGERS),
    "plans:plan_edit": Case(PLAN_MANAGERS, objects=plan_pair),
    "plans:part_three_edit": Case(PLAN_MANAGERS, objects=plan_pair),
    "plans:group_create": Case(PLAN_MANAGERS, objects=plan_pair),
    "plans:group_edit": Case(PLAN_MANAGERS, objects=group_pair),
    "plans:activity_create": Case(PLAN_MANAGERS, objects=plan_pair),
    "plans:activity_edit": Case(PLAN_MANAGERS, objects=activity_pair),
    "plans:activity_delete": Case(PLAN_MANAGERS, objects=activity_pair),  # GET: the confirmation page
    # Publishing a plan already in force is refused with a message and a redirect.
    "plans:plan_publish": Case(with_action(Action.MANAGE_PLAN, 302), method="post", objects=plan_pair),
    "plans:unit_plan_create": Case(with_action(Action.REPORT_PROGRESS), objects=plan_pair),
    # Corrected by those who report for the committee that issued it (N1's people) and the system administrator.
    "plans:unit_plan_edit": Case(
        {
            **with_action(Action.REPORT_PROGRESS, 403),
            Role.COMMUNE_OFFICER: 200,
            Role.COMMUNE_CHAIRMAN: 200,
            SYSADMIN: 200,
        },
        objects=unit_plan,
    ),
    "plans:plan_history": Case(with_action(Action.VIEW), objects=plan_pair),
    "plans:plan_docx": Case(with_action(Action.VIEW), objects=plan_pair),
    "plans:plan_export": Case(with_action(Action.VIEW), objects=plan_pair),
    "plans:task_list": Case(with_action(Action.VIEW)),
    "plans:my_tasks": Case(with_action(Action.REPORT_PROGRESS)),
    "plans:timeline": Case(with_action(Action.VIEW)),
    "plans:calendar": Case(with_action(Action.VIEW)),
    "core:notification_list": Case(signed_in()),
    "core:notification_read_all": Case(signed_in(302), method="post"),
    "core:notification_read_group": Case(signed_in(302), method="post"),
    "core:notification_open": Case(signed_in(404), method="post", objects=notification_pair),
    "plans:difficulty_list": Case(with_action(Action.VIEW)),
    "plans:difficulty_create": Case(with_action(Action.REPORT_PROGRESS)),
    # A difficulty of the province's justice department: read by those who read its tasks.
    "plans:difficulty_detail": Case(only(Action.VIEW, 200, TASK_VIEWERS), objects=difficulty_pair),
    "plans:difficulty_step": Case(
        only(Action.VIEW, 302, TASK_VIEWERS), method="post", objects=difficulty_pair
    ),
    "plans:task_detail": Case(only(Action.VIEW, 200, TASK_VIEWERS), objects=task_pair),
    "plans:output_download": Case(only(Action.VIEW, 200, TASK_VIEWERS), objects=output_pair),
    "plans:inspection_list": Case(with_action(Action.VIEW)),
    "plans:inspection_create": Case(PLAN_MANAGERS),
    "plans:inspection_detail": Case(
        only(Action.VIEW, 200, TASK_VIEWERS), objects=followup_pair("inspection")
    ),
    "plans:followup_create": Case(PLAN_MANAGERS),
    "plans:followup_edit": Case(PLAN_MANAGERS, objects=followup_pair("follow_up")),
    "plans:pilot_list": Case(with_action(Action.VIEW)),
    "plans:pilot_create": Case(PLAN_MANAGERS),
    "plans:conference_list": Case(with_action(Action.VIEW)),
    "plans:conference_create": Case(PLAN_MANAGERS),
    "plans:award_create": Case(PLAN_MANAGERS),
    "plans:staff_list": Case(with_action(Action.VIEW)),
    "plans:staff_create": Case(PLAN_MANAGERS),
    "plans:staff_edit": Case(PLAN_MANAGERS, objects=followup_pair("staff")),
    "plans:budget_list": Case(with_action(Action.VIEW)),
    "plans:budget_create": Case(
        {
            **with_action(Action.VIEW),
            Role.REVIEWER: 403,
            Role.COUNCIL_MEMBER: 403,
            Role.COUNCIL_SECRETARY: 403,
            Role.RECOGNISING_AUTHORITY: 403,
            Role.FINANCE_OFFICER: 403,
        }
    ),
    "plans:budget_detail": Case(only(Action.VIEW, 200, TASK_VIEWERS), objects=followup_pair("estimate")),
    "plans:budget_submit": Case(
        only(Action.VIEW, 302, TASK_VIEWERS)
        | {
            Role.REVIEWER: 403,
            Role.COUNCIL_MEMBER: 403,
            Role.COUNCIL_SECRETARY: 403,
            Role.RECOGNISING_AUTHORITY: 403,
            Role.FINANCE_OFFICER: 403,
        },
        method="post",
        objects=followup_pair("estimate"),
    ),
    "plans:budget_decide": Case(
        with_action(Action.MANAGE_BUDGET, 302), method="post", objects=followup_pair("estimate")
    ),
    "plans:budget_approve": Case(
        with_action(Action.MANAGE_BUDGET, 302), method="post", objects=followup_pair("estimate")
    ),
    "plans:budget_allocate": Case(
        with_action(Action.MANAGE_BUDGET, 302), method="post", objects=followup_pair("estimate")
    ),
    "plans:report_request_list": Case(with_action(Action.VIEW)),
    "plans:report_request_create": Case(PLAN_MANAGERS),
    "plans:report_request_detail": Case(
        only(Action.VIEW, 200, TASK_VIEWERS), objects=followup_pair("report_request")
    ),
    "plans:report_submit": Case(
        only(Action.REPORT_PROGRESS, 302, {Role.AGENCY_FOCAL_POINT, Role.SYSTEM_ADMIN})
        | {Role.COMMUNE_OFFICER: 404, Role.COMMUNE_CHAIRMAN: 404},
        method="post",
        objects=submit_pair,
    ),
    "plans:submission_download": Case(only(Action.VIEW, 200, TASK_VIEWERS), objects=submission_pair),
    # The periodic report's draft: the agency's own focal point, or the plan's managers.
    "plans:report_draft_docx": Case(REPORT_DRAFTERS, objects=submit_pair),
    "plans:report_draft_xlsx": Case(REPORT_DRAFTERS, objects=submit_pair),
    "frameworks:framework_list": Case(with_action(Action.VIEW)),
    "frameworks:framework_import": Case(with_action(Action.MANAGE_FRAMEWORKS)),
    "frameworks:activation_create": Case(with_action(Action.MANAGE_FRAMEWORKS, 302), method="post"),
    "frameworks:framework_detail": Case(with_action(Action.VIEW), objects=framework_pair),
    "frameworks:framework_export": Case(with_action(Action.VIEW), objects=framework_pair),
    "frameworks:framework_diff": Case(with_action(Action.VIEW), objects=framework_diff_pair),
    # The framework editor: province administrators and the system administrator only.
    "frameworks:draft_start": Case(
        with_action(Action.MANAGE_FRAMEWORKS, 302), method="post", objects=framework_pair
    ),
    "frameworks:unverified_list": Case(with_action(Action.MANAGE_FRAMEWORKS)),
    "frameworks:draft_edit": Case(with_action(Action.MANAGE_FRAMEWORKS), objects=draft_pair),
    "frameworks:draft_save": Case(
        with_action(Action.MANAGE_FRAMEWORKS, 302), method="post", objects=draft_pair
    ),
    "frameworks:draft_structure": Case(
        with_action(Action.MANAGE_FRAMEWORKS, 302), method="post", objects=draft_pair
    ),
    "frameworks:draft_preview": Case(with_action(Action.MANAGE_FRAMEWORKS), objects=draft_pair),
    "frameworks:draft_diff": Case(with_action(Action.MANAGE_FRAMEWORKS), objects=draft_pair),
    "frameworks:draft_publish": Case(
        with_action(Action.MANAGE_FRAMEWORKS, 302), method="post", objects=draft_pair
    ),
    "assessments:period_move": Case(with_action(Action.MANAGE_PERIODS), objects=period_pair),
    "assessments:period_list": Case(with_action(Action.VIEW_ASSESSMENTS)),
    "assessments:period_create": Case(with_action(Action.MANAGE_PERIODS)),
    "assessments:period_detail": Case(with_action(Action.VIEW_ASSESSMENTS), objects=period_pair),
    # The yearly reports (TT 09/2021 Điều 6): read with the period; recording is checked per sender (review).
    "assessments:result_reports": Case(with_action(Action.VIEW_ASSESSMENTS), objects=period_pair),
    "assessments:assessment_detail": Case(with_action(Action.VIEW_ASSESSMENTS), objects=assessment_pair),
    # An empty post carries no version: refused as stale (409) before anything is read.
    "assessments:autosave": Case(
        with_action(Action.SELF_ASSESS, 409), method="post", objects=assessment_pair
    ),
    "assessments:transition": Case(
        with_action(Action.VIEW_ASSESSMENTS, 302), method="post", objects=assessment_pair
    ),
    "assessments:evidence_upload": Case(
        with_action(Action.SELF_ASSESS, 404), method="post", objects=assessment_pair
    ),
    "assessments:evidence_download": Case(with_action(Action.VIEW_ASSESSMENTS), objects=evidence_pair),
    "signatures:trust_store": Case(with_action(Action.MANAGE_TRUST_STORE)),
    "signatures:certificate_import": Case(with_action(Action.MANAGE_TRUST_STORE, 400), method="post"),
    "signatures:crl_import": Case(with_action(Action.MANAGE_TRUST_STORE, 400), method="post"),
    "signatures:certificate_delete": Case(
        with_action(Action.MANAGE_TRUST_STORE, 302), method="post", objects=trust_store_item("certificate")
    ),
    "signatures:crl_delete": Case(
        with_action(Action.MANAGE_TRUST_STORE, 302), method="post", objects=trust_store_item("crl")
    ),
    "signatures:evidence_verification": Case(with_action(Action.VIEW_ASSESSMENTS), objects=evidence_pair),
    # The working-day calendar is national: kept by those who keep the frameworks (its deadlines).
    "workdays:calendar": Case(with_action(Action.MANAGE_FRAMEWORKS)),
    "workdays:day_save": Case(with_action(Action.MANAGE_FRAMEWORKS, 400), method="post"),
    "workdays:day_remove": Case(
        with_action(Action.MANAGE_FRAMEWORKS, 302), method="post", objects=calendar_day
    ),
    "workdays:year_seed": Case(
        with_action(Action.MANAGE_FRAMEWORKS, 302), method="post", data={"nam": "2027"}
    ),
    "assessments:note_add": Case(with_action(Action.REVIEW, 302), method="post", objects=assessment_pair),
    "assessments:note_explain": Case(
        only(Action.SELF_ASSESS, 302, {Role.COMMUNE_OFFICER, Role.SYSTEM_ADMIN}),
        method="post",
        objects=note_pair,
    ),
    "assessments:comment_answer": Case(
        {
            **with_action(Action.VIEW, 403),
            Role.COMMUNE_OFFICER: 302,
            Role.COMMUNE_CHAIRMAN: 302,
            Role.SYSTEM_ADMIN: 302,
            ANON: 302,
        },
        method="post",
        objects=comment_pair,
    ),
    # Posting and the commune meeting are the commune's records (TT 09/2021 Điều 3 khoản 1 điểm c, đ).
    "assessments:posting_record": Case(COMMUNE_RECORD, method="post", objects=assessment_pair),
    "assessments:commune_meeting_record": Case(COMMUNE_RECORD, method="post", objects=assessment_pair),
    "assessments:round_diff": Case(with_action(Action.VIEW_ASSESSMENTS), objects=assessment_pair),
    "assessments:dossier_download": Case(with_action(Action.VIEW_ASSESSMENTS), objects=dossier_pair),
    # Registering needs a unit the person self-assesses: an empty post names none (404 after the guard).
    "assessments:registration_create": Case(
        with_action(Action.VIEW_ASSESSMENTS, 404), method="post", objects=period_pair
    ),
    "assessments:registration_decide": Case(
        with_action(Action.MANAGE_PERIODS, 302), method="post", objects=registration_pair
    ),
    "assessments:council": Case(with_action(Action.VIEW_ASSESSMENTS), objects=period_pair),
    "assessments:council_member_add": Case(
        with_action(Action.MANAGE_PERIODS, 302), method="post", objects=period_pair
    ),
    # An empty minutes form is shown again with its reasons (400), as typed.
    "assessments:council_meeting": Case(
        with_action(Action.COUNCIL_SECRETARY, 400), method="post", objects=period_pair
    ),
    # The minutes' pages: new minutes (a page of rows), and recorded minutes' rows page by page.
    "assessments:council_minutes": Case(with_action(Action.COUNCIL_SECRETARY), objects=period_pair),
    "assessments:council_conclusions": Case(with_action(Action.COUNCIL_SECRETARY), objects=meeting_pair),
    # A dossier's council page: whoever may read the dossier; the scoring form only for a seated
    # member (the rule; its post is in the hostile-input list and test_council_page).
    "assessments:council_dossier": Case(with_action(Action.VIEW_ASSESSMENTS), objects=assessment_pair),
    # Only the person chairing and the secretary sign; nobody in the matrix world is seated.
    "assessments:council_minutes_sign": Case(
        {**signed_in(403), ANON: 302}, method="post", objects=meeting_pair
    ),
    "assessments:decisions": Case(with_action(Action.VIEW_ASSESSMENTS), objects=period_pair),
    "assessments:decision_issue": Case(
        with_action(Action.RECOGNISE, 302), method="post", objects=period_pair
    ),
    "assessments:decision_docx": Case(with_action(Action.VIEW_ASSESSMENTS), objects=decision_pair),
    "assessments:decision_publish": Case(
        with_action(Action.RECOGNISE, 302), method="post", objects=decision_pair
    ),
    "assessments:decision_pdf": Case(with_action(Action.VIEW_ASSESSMENTS), objects=decision_pair),
    "assessments:decision_revoke": Case(
        with_action(Action.RECOGNISE, 302), method="post", objects=entry_pair
    ),
    # Forms of TT 09/2021 Phụ lục II (tiepcan.paperwork): province templates, then the filled forms.
    "paperwork:form_list": Case(with_action(Action.MANAGE_FRAMEWORKS)),
    "paperwork:template_upload": Case(with_action(Action.MANAGE_FRAMEWORKS, 302), method="post"),
    "paperwork:template_activate": Case(
        with_action(Action.MANAGE_FRAMEWORKS, 302), method="post", objects=form_template_pair
    ),
    "paperwork:template_download": Case(with_action(Action.MANAGE_FRAMEWORKS), objects=form_template_pair),
    # The built-in layouts are the same for every province: no object to scope (an empty query is 404).
    "paperwork:default_download": Case(with_action(Action.MANAGE_FRAMEWORKS, 404)),
    "paperwork:round_form": Case(with_action(Action.VIEW_ASSESSMENTS), objects=round_form_pair),
    "paperwork:meeting_form": Case(with_action(Action.VIEW_ASSESSMENTS), objects=meeting_form_pair),
    "paperwork:member_form": Case(with_action(Action.VIEW_ASSESSMENTS), objects=member_form_pair),
    "paperwork:area_forms": Case(with_action(Action.VIEW_ASSESSMENTS), objects=period_pair),
    # Mẫu 09/10 are the district's and the province's: a commune's people do not reach the province's area.
    "paperwork:area_form": Case(
        {**with_action(Action.VIEW_ASSESSMENTS), Role.COMMUNE_OFFICER: 404, Role.COMMUNE_CHAIRMAN: 404},
        objects=area_form_pair,
    ),
    "plans:improvement": Case(with_action(Action.VIEW), objects=period_pair),
    "plans:improvement_create": Case(
        with_action(Action.MANAGE_PLAN, 302), method="post", objects=period_pair
    ),
    # Update: the province (manage_plan), the responsible agency's reporters (the commune's people) and the system administrator.
    "plans:improvement_update": Case(
        {
            **with_action(Action.VIEW, 403),
            Role.PROVINCE_ADMIN: 302,
            Role.COMMUNE_OFFICER: 302,
            Role.COMMUNE_CHAIRMAN: 302,
            Role.SYSTEM_ADMIN: 302,
            ANON: 302,
        },
        method="post",
        objects=improvement_pair,
    ),
    # API keys: the people who may hold one (api/services.py SELF_SERVICE_ROLES) and administrators.
    "api:key_list": Case(KEY_HOLDERS),
    "api:key_create": Case(KEY_HOLDERS),
    # The API access log: administrators (manage_users), each over the people they manage.
    "api:access_log": Case(with_action(Action.MANAGE_USERS)),
    # A key of P1's managed person: its administrators revoke it; other key holders do not see it.
    "api:key_revoke": Case(
        {
            **KEY_HOLDERS,
            **{r: 404 for r, c in KEY_HOLDERS.items() if c == 200},
            Role.PROVINCE_ADMIN: 302,
            SYSADMIN: 302,
        },
        method="post",
        objects=api_key_pair,
    ),
    "portal:results": Case(public()),
    # Results, the map's data and open data are public, nationwide; a commune's history page is
    # public whichever province it is in (no foreign object to hide).
    "portal:map_data": Case(public()),
    # A province's imported boundaries are public (the portal's map); none imported (or no ``tinh``): 404.
    "portal:boundaries": Case(public(404)),
    "portal:commune": Case(public(), objects=lambda w: ({"pk": w.units["N1"].pk}, None)),
    "portal:open_data_json": Case(public()),
    "portal:open_data_csv": Case(public()),
    # Earlier years' results: province (and system) administrators; rows are checked against the scope.
    "reports:result_import": Case(with_action(Action.IMPORT_RESULTS)),
    "reports:result_import_template": Case(with_action(Action.IMPORT_RESULTS)),
    # Public pages: the posted assessment is shown to anyone; the other province's one is a draft (404 for all).
    "portal:posting": Case(public(), objects=posted_pair),
    "portal:comment": Case(public(302), method="post", objects=posted_pair),
    # An issued decision is a public document, whichever province issued it.
    "portal:decision_pdf": Case(public(), objects=lambda w: (decision_pair(w)[0], None)),
    "core:audit_list": Case(with_action(Action.VIEW_AUDIT)),
    "core:audit_detail": Case(with_action(Action.VIEW_AUDIT), objects=audit_pair),
    # Jobs belong to no province: only the system administrator sees them (no foreign object).
    "jobs:job_list": Case(with_action(Action.MANAGE_JOBS)),
    "jobs:job_detail": Case(with_action(Action.MANAGE_JOBS), objects=lambda w: (failed_job_kwargs(), None)),
    "jobs:job_retry": Case(
        with_action(Action.MANAGE_JOBS, 302), method="post", objects=lambda w: (failed_job_kwargs(), None)
    ),
    # A background export: its page and file belong to the person who asked for it alone.
    "exports:status": Case(own_export(), objects=export_job_pair),
    "exports:download": Case(own_export(), objects=export_job_pair),
}


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                if namespace.startswith("admin:") and not entry.name:
                    continue  # the admin's catch-all redirect
                assert entry.name, f"URL pattern {entry.pattern} has no name; name it and add it to MATRIX"
                names.add(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns, "")
    # The JSON API has its own matrix, in the same style: tiepcan/api/tests/test_api_matrix.py.
    names = {n for n in names if not n.startswith("api-v1:")}
    # Django's admin guards itself (staff only; only system administrators are staff);
    # its index stands for the whole site in the matrix.
    return {n for n in names if not n.startswith("admin:") or n == "admin:index"}


def test_it_lists_every_url_pattern_in_the_matrix() -> None:
    names = url_names()
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)
    assert not missing, f"URL patterns without permission expectations: {missing}"
    assert not stale, f"MATRIX names URL patterns that no longer exist: {stale}"


def _client_for(world: World, role: str) -> Client:
    client = Client()
    if role != ANON:
        user = world.users[role] if role != OUTSIDER else world.users["outsider"]
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _request(client: Client, case: Case, url: str) -> int:
    if case.method == "post":
        return client.post(url, case.data or {}).status_code
    return client.get(url).status_code


PUBLIC_NAMES = {"portal:posting", "portal:comment"}


def foreign_expectation(role: str, own: int, name: str = "") -> set[int]:
    """What another province's object may answer: never a success, except to the system administrator."""
    if name in PUBLIC_NAMES:
        return {404}  # a draft is never public, whoever asks
    if role == ANON:
        return {302}
    if role == SYSADMIN:
        return {own}
    if own == 403:
        # Refused by the action guard before the lookup, or by the lookup itself: both keep the data hidden.
        return {403, 404}
    return {404}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_answers_each_role_as_designed(world: World, name: str, settings, tmp_path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_plan(world)
    load_shipped()
    case = MATRIX[name]
    own_kwargs, foreign_kwargs = case.objects(world) if case.objects else ({}, None)
    failures = []
    for role in ROLES:
        status = _request(_client_for(world, role), case, reverse(name, kwargs=own_kwargs))
        if status != case.expect[role]:
            failures.append(f"{role}: got {status}, expected {case.expect[role]}")
        if foreign_kwargs is not None:
            expected = foreign_expectation(role, case.expect[role], name)
            status = _request(_client_for(world, role), case, reverse(name, kwargs=foreign_kwargs))
            if status not in expected:
                failures.append(f"{role} on another province's object: got {status}, expected {expected}")
    assert not failures, f"{name}:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_it_lets_a_new_communes_people_read_their_predecessors(
    world: World, login: Callable[..., Client]
) -> None:
    client = login(world.users[Role.COMMUNE_OFFICER])
    assert client.get(reverse("units:unit_detail", kwargs={"pk": world.units["C1"].pk})).status_code == 200
    # …but not a sibling commune of the same province.
    assert client.get(reverse("units:unit_detail", kwargs={"pk": world.units["N2"].pk})).status_code == 404


@pytest.mark.django_db
def test_it_scopes_the_unit_list_to_the_users_subtree(world: World, login: Callable[..., Client]) -> None:
    client = login(world.users[Role.COMMUNE_OFFICER])
    html = client.get(reverse("units:unit_list")).content.decode()
    assert "Xã Đồng Tâm" in html
    assert "Xã Biên Giới" not in html
    assert "Phường Âu Cơ" not in html
    assert (
        Unit.objects.for_user(world.users[Role.COMMUNE_OFFICER], "view")
        .filter(pk=world.units["N3"].pk)
        .count()
        == 0
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.FINANCE_OFFICER, Role.AGENCY_FOCAL_POINT])
def test_it_keeps_communes_assessments_from_people_who_work_on_the_plan_and_budget(
    world: World,
    login: Callable[..., Client],
    role: str,
    settings,
    tmp_path,
) -> None:
    from tiepcan.assessments.models import Assessment, DossierSnapshot, Evidence

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_plan(world)
    evidence, _foreign = evidence_pair(world)
    dossier, _foreign = dossier_pair(world)
    person = world.users[role]
    client = login(person)
    for url in (
        reverse("assessments:evidence_download", kwargs=evidence),
        reverse("assessments:dossier_download", kwargs=dossier),
        reverse("assessments:assessment_detail", kwargs={"pk": dossier["pk"]}),
        reverse("assessments:period_detail", kwargs={"pk": world.periods["own"].pk}),
    ):
        assert client.get(url).status_code == 403, url
    # Every query for assessment data comes back empty, whoever forgets the decorator.
    for model in (Assessment, Evidence, DossierSnapshot):
        assert not model.objects.for_user(person, Action.VIEW).exists(), model
    # The plan and the budget stay open to them.
    assert client.get(reverse("plans:plan_detail", kwargs={"pk": world.plan.pk})).status_code == 200
    estimate = world.followups["own"]["estimate"]
    assert client.get(reverse("plans:budget_detail", kwargs={"pk": estimate.pk})).status_code == 200
    assert "Đánh giá" not in [item["label"] for item in _menu(client)]


def _menu(client: Client) -> list[dict[str, Any]]:
    return client.get(reverse("home")).context["nav_menu"]()


@pytest.mark.django_db
def test_it_shows_a_focal_point_only_their_own_agencys_budget_estimates(
    world: World, login: Callable[..., Client]
) -> None:
    from tiepcan.plans.models import BudgetEstimate
    from tiepcan.units.choices import AgencyKind
    from tiepcan.units.models import Agency

    build_plan(world)
    finance = Agency.objects.create(
        unit=world.units["P1"],
        code="so-tai-chinh",
        name="Sở Tài chính tỉnh Thử Nghiệm",
        kind=AgencyKind.FINANCE_DEPARTMENT,
    )
    other = BudgetEstimate.objects.create(plan=world.plan, year=2026, agency=finance, requested=90_000_000)
    own = world.followups["own"]["estimate"]
    focal = login(world.users[Role.AGENCY_FOCAL_POINT])
    assert focal.get(reverse("plans:budget_detail", kwargs={"pk": other.pk})).status_code == 404
    assert focal.get(reverse("plans:budget_detail", kwargs={"pk": own.pk})).status_code == 200
    listed = focal.get(reverse("plans:budget_list")).content.decode()
    assert "Sở Tài chính tỉnh Thử Nghiệm" not in listed and "Sở Tư pháp tỉnh Thử Nghiệm" in listed
    # The finance officer reviews every agency's estimates of the province.
    finance_officer = world.users[Role.FINANCE_OFFICER]
    assert set(BudgetEstimate.objects.for_user(finance_officer, Action.VIEW)) == {own, other}


@pytest.mark.django_db
def test_it_lets_a_new_communes_officer_read_the_assessments_of_the_merged_communes(
    world: World, login: Callable[..., Client]
) -> None:
    from tiepcan.assessments import services
    from tiepcan.frameworks.models import FrameworkVersion

    load_shipped()
    period = services.open_period(
        province=world.units["P1"],
        year=2024,
        framework=FrameworkVersion.objects.get(code="qd25-2021"),
        user=world.users[Role.PROVINCE_ADMIN],
        title="Đánh giá năm 2024",
        self_assessment_due=date(2024, 11, 15),
        dossier_due=date(2024, 11, 30),
    )
    old = period.assessments.get(unit=world.units["C1"])
    client = login(world.users[Role.COMMUNE_OFFICER])
    assert client.get(reverse("assessments:assessment_detail", kwargs={"pk": old.pk})).status_code == 200
