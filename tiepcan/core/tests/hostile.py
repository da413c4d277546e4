"""Hostile input on every endpoint: the table of endpoints and the probe (see test_hostile_input.py).

Every URL pattern the resolver knows must have an entry in ``ENDPOINTS`` saying who
can reach it, how (GET or POST, htmx or not) and what valid input looks like. For
each entry the test first sends the valid input and records which form fields and
query parameters the view actually read: a field read but missing from the entry
fails the test, so a new endpoint, or a new field of an old one, cannot escape.
Then every field is replaced, one at a time, by every hostile value for its kind (and
every file field by every file of ``hostile_files``), and the path ids by ids that
do not exist. Anything but a 5xx answer passes; each request is rolled back, so
every probe starts from the same data.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict, StreamingHttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.testing import PASSWORD, World, build_period, build_plan, build_world
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

ANON = "anonymous"
SYSADMIN = Role.SYSTEM_ADMIN
NINES_40 = "9" * 40  # beyond a 64-bit integer, a double's range of exact integers and Decimal's precision

# One value per way input has broken parsers here or elsewhere. Every field gets the values
# any field can receive; a field whose valid value is a number (an amount, an id, a year, a
# version, points) also gets every broken number, one whose valid value is a date broken dates.
ANY_FIELD: list[Any] = [
    " ",
    "",
    "a" * 5000,
    "<script>alert(1)</script>' OR 1=1; -- " + unicodedata.normalize("NFD", "Biên bản họp"),
    "NaN",
    NINES_40,
]
# A NUL character is refused before any view runs (core.middleware.RefuseNulBytesMiddleware):
# it is sent in one field of each endpoint, and in every query parameter.
NUL = "nul\x00byte"
NUMBER_FIELD: list[Any] = [
    ["1", "abc"],  # the same field twice
    "sNaN",
    "Infinity",
    "-Infinity",
    "1e309",
    "1e30",
    "-1",
    "0x10",
    "1,5,5",
    "²",
    "abc",
    "999999",  # an id that names no row
]
DATE_FIELD: list[Any] = ["31/02/2026", "1/1/10000", "²/1/2026", "2026-13-45"]
_NUMBER = re.compile(r"-?[0-9][0-9.,]*")
_DATE = re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}")


def hostile_values(valid: Any) -> list[Any]:
    """The hostile values for a field, by the shape of its valid value."""
    sample = valid[0] if isinstance(valid, list) and valid else valid
    text = str(sample)
    if _DATE.fullmatch(text):
        return ANY_FIELD + DATE_FIELD
    if text == "":  # an optional id, number or date left empty
        return ANY_FIELD + NUMBER_FIELD + DATE_FIELD
    if _NUMBER.fullmatch(text) or text in ("on", "true"):  # ids, amounts, versions, flags
        return ANY_FIELD + NUMBER_FIELD
    return ANY_FIELD


# Ids in the path (every <int:…> argument) that name no row, small and huge.
HOSTILE_IDS = ["0", NINES_40]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def hostile_files() -> list[SimpleUploadedFile]:
    """Uploads of the wrong kind, empty, disguised, broken, badly named or nested to death."""
    return [
        SimpleUploadedFile("bao-cao.pdf", b"not a pdf at all"),
        SimpleUploadedFile("rong.pdf", b""),
        SimpleUploadedFile("chuong-trinh.exe", b"MZ\x90\x00" + b"\x00" * 64),
        SimpleUploadedFile("hong.docx", b"PK\x03\x04" + b"\x00" * 64),
        SimpleUploadedFile("a" * 300 + ".pdf", PDF),
        SimpleUploadedFile(unicodedata.normalize("NFD", "Biên bản họp.pdf"), PDF),
        SimpleUploadedFile("../../etc/passwd.pdf", PDF),
        SimpleUploadedFile("long-nhau.yaml", b"[" * 5000),
        SimpleUploadedFile("utf16.yaml", "a: b".encode("utf-16")),
        SimpleUploadedFile(
            "bom.yaml",
            b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        ),
    ]


def xlsx_file() -> SimpleUploadedFile:
    from tiepcan.accounts.excel_import import template_workbook

    return SimpleUploadedFile("nguoi-dung.xlsx", template_workbook())


def results_xlsx_file() -> SimpleUploadedFile:
    from tiepcan.reports.importing import template_workbook

    return SimpleUploadedFile("ket-qua.xlsx", template_workbook())


def yaml_file(text: str = "a: 1\n") -> Callable[[], SimpleUploadedFile]:
    return lambda: SimpleUploadedFile("tep.yaml", text.encode())


def geojson_file() -> SimpleUploadedFile:
    """Boundaries of commune N1 (code 90010) of the test province, in Lạng Sơn's longitudes."""
    ring = [[106.70, 21.80], [106.80, 21.80], [106.80, 21.90], [106.70, 21.90], [106.70, 21.80]]
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"code": "90010"},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            ],
        }
    )
    return SimpleUploadedFile("ranh-gioi.geojson", text.encode())


def pdf_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban.pdf", PDF)


# --- The data every probe starts from --------------------------------------------------------------


@dataclass
class Hostile:
    """The shared world plus the objects endpoints act on."""

    world: World
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        objects = self.__dict__.get("objects", {})
        if name in objects:
            return objects[name]
        raise AttributeError(name)

    def user(self, role: str) -> Any:
        return self.world.users[role]

    def unit(self, key: str) -> Any:
        return self.world.units[key]

    def agency(self, key: str) -> Any:
        return self.world.agencies[key]


def build_hostile() -> Hostile:
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import (
        CouncilMeeting,
        CouncilMembership,
        CouncilRecommendation,
        DecisionEntry,
        DossierSnapshot,
        Evidence,
        PublicComment,
        RecognitionDecision,
        Registration,
        ReviewNote,
    )
    from tiepcan.core.models import Notification
    from tiepcan.frameworks.models import FrameworkVersion
    from tiepcan.frameworks.services import start_draft
    from tiepcan.plans.models import ImprovementAction, OutputDocument, ProgressReport, ReportSubmission

    world = build_world()
    world.units["N4"] = Unit.objects.create(
        kind=UnitKind.COMMUNE,
        code="90012",
        name="Xã Thứ Tư",
        parent=world.units["P1"],
        valid_from=date(2025, 7, 1),
    )
    build_plan(world)
    build_period(world)
    h = Hostile(world)
    period = world.periods["own"]
    admin = world.users[SYSADMIN]
    drafted, forwarded, recommended = (
        period.assessments.get(unit=world.units[key]) for key in ("N1", "N2", "N4")
    )
    evidence = Evidence(
        assessment=forwarded,
        indicator="1.1",
        title="Nghị quyết",
        uploaded_by=admin,
        content_type="application/pdf",
        round=1,
    )
    evidence.file.save("nghi-quyet.pdf", ContentFile(PDF), save=True)
    for number in (1, 2):
        DossierSnapshot.objects.create(
            assessment=forwarded,
            round=number,
            values={"1.2": {"drafts": number}},
            score=forwarded.score,
            evidence=[
                {
                    "id": evidence.pk,
                    "indicator": "1.1",
                    "title": "Nghị quyết",
                    "link": "",
                    "has_file": True,
                    "round": 1,
                }
            ],
            submitted_by=admin,
        )
    forwarded.status, forwarded.round = Status.FORWARDED, 2
    forwarded.save()
    for role, seat in ((Role.COUNCIL_MEMBER, "chair"), (Role.COUNCIL_SECRETARY, "secretary")):
        CouncilMembership.objects.create(period=period, user=world.users[role], role=seat)
    meeting = CouncilMeeting.objects.create(
        period=period,
        held_on=date(2027, 1, 10),
        minutes="Họp",
        recorded_by=world.users[Role.COUNCIL_SECRETARY],
        chaired_by=world.users[Role.COUNCIL_MEMBER],
        chair_signed_at=timezone.now(),
        secretary_signed_at=timezone.now(),
    )
    unsigned = CouncilMeeting.objects.create(
        period=period,
        held_on=date(2027, 1, 12),
        minutes="Họp lần hai",
        recorded_by=world.users[Role.COUNCIL_SECRETARY],
        chaired_by=world.users[Role.COUNCIL_MEMBER],
    )
    CouncilRecommendation.objects.create(
        meeting=meeting,
        assessment=recommended,
        recommend=True,
        votes_for=2,
        total=recommended.total or 0,
        criterion_points={},
        verdict="Đạt",
    )
    recommended.status = Status.RECOMMENDED
    recommended.save()
    decision = RecognitionDecision.objects.create(
        period=world.periods["foreign"],
        number="9/QĐ-UBND",
        signed_on=date(2027, 1, 20),
        issuer_name="Ủy ban nhân dân tỉnh Láng Giềng",
        place="Láng Giềng",
        signer_name="Nguyễn Văn Ký",
        signer_title="Chủ tịch",
        created_by=admin,
    )
    recognised = world.periods["foreign"].assessments.get(unit=world.units["N3"])
    h.objects = {
        "period": period,
        "drafted": drafted,
        "forwarded": forwarded,
        "recommended": recommended,
        "evidence": evidence,
        "note": ReviewNote.objects.create(
            assessment=drafted, round=1, indicator="1.1", text="Bổ sung", reviewer=admin
        ),
        "comment": PublicComment.objects.create(assessment=drafted, author_name="Người dân", text="Ý kiến"),
        "registration": Registration.objects.create(period=period, unit=world.units["N4"]),
        "decision": decision,
        "meeting": unsigned,
        "entry": DecisionEntry.objects.create(decision=decision, assessment=recognised, total=0),
        "recognised": recognised,
        "improvement": ImprovementAction.objects.create(
            period=period,
            unit=world.units["N1"],
            indicator="3.2",
            title="Tập huấn",
            responsible=world.agencies["ubnd_n1"],
            created_by=admin,
        ),
        "notification": Notification.objects.create(
            user=world.users[Role.COMMUNE_OFFICER], title="Thông báo", url="/"
        ),
        "national": FrameworkVersion.objects.get(code="qd25-2021"),
        "older": FrameworkVersion.objects.get(code="qd619-2017"),
        # A draft of the next qd27-2025 version for the framework editor (province P1).
        "draft": start_draft(period.framework, world.units["P1"], admin),
    }
    report = ProgressReport.objects.create(
        task=world.tasks["stp1"], reported_by=admin, progress=50, status="in_progress", note="x"
    )
    output = OutputDocument(report=report, kind="report", title="Báo cáo", content_type="application/pdf")
    output.file.save("bao-cao.pdf", ContentFile(PDF), save=True)
    submission = ReportSubmission(
        request=world.followups["own"]["report_request"],
        agency=world.agencies["stp1"],
        submitted_by=admin,
        content="Báo cáo",
        content_type="application/pdf",
    )
    submission.file.save("bc.pdf", ContentFile(PDF), save=True)
    h.objects.update(output=output, submission=submission)
    h.objects.update(_trust_store(admin))
    from tiepcan.workdays.models import CalendarDay

    h.objects["calendar_day"] = CalendarDay.objects.create(day=date(2026, 12, 31), name="Nghỉ bắc cầu")
    return h


def _trust_store(admin: Any) -> dict[str, Any]:
    """A certificate and a CRL in the trust store, for the endpoints that remove them."""
    from tiepcan.signatures import services

    cert = services.import_certificate(
        data=shared_pki().intermediate.der, kind="intermediate", source="Thử", user=admin
    )
    crl = services.import_crl(data=shared_pki().crls()[1], source="Thử", user=admin)
    return {"trusted_certificate": cert, "revocation_list": crl}


_PKI: list[Any] = []


def shared_pki() -> Any:
    """One small PKI for every probe (generating RSA keys takes a moment)."""
    from tiepcan.lib.tests.pki import Pki

    if not _PKI:
        _PKI.append(Pki.build())
    return _PKI[0]


def certificate_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("goc.cer", shared_pki().root.pem)


def crl_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("goc.crl", shared_pki().crls()[0])


def unit_plan(h: Hostile) -> dict[str, Any]:
    """N1's recorded plan carrying out the province's (made once, on first use)."""
    from tiepcan.plans.choices import PlanStatus
    from tiepcan.plans.models import Plan

    plan, _created = Plan.objects.get_or_create(
        province=h.unit("N1"),
        parent_plan=h.world.plan,
        defaults={
            "issuer": h.agency("ubnd_n1"),
            "status": PlanStatus.PUBLISHED,
            "number": "5/KH-UBND",
            "issued_on": date(2026, 2, 10),
            "title": "Kế hoạch thực hiện",
            "start_year": 2026,
            "end_year": 2026,
        },
    )
    return {"pk": plan.pk}


# --- What each endpoint takes ----------------------------------------------------------------------

Value = str | list[str] | Callable[[Hostile], Any]
Prepare = Callable[[Hostile], None]


@dataclass
class Endpoint:
    """Who reaches a route and with what valid input; every field of it is then made hostile."""

    role: str
    method: str = "get"
    kwargs: Callable[[Hostile], dict[str, Any]] | None = None
    fields: dict[str, Value] = field(default_factory=dict)
    query: dict[str, Value] = field(default_factory=dict)
    files: dict[str, Callable[[], SimpleUploadedFile]] = field(default_factory=dict)
    prepare: Prepare | None = None
    htmx: bool = False
    # Further valid inputs that reach other branches of the same view (e.g. autosave kinds):
    # each is laid over ``fields``.
    variants: list[dict[str, Value]] = field(default_factory=list)


def agency_scope_token(h: Hostile) -> str:
    """An agency picker's signed list, as a page gives it to the province administrator."""
    from tiepcan.units.widgets import AgencyScope

    ids = [h.agency("stp1").pk, h.agency("ubnd_n1").pk]
    return AgencyScope(ids, h.user(Role.PROVINCE_ADMIN).pk, (2026, 2026)).token()


def pk(name: str) -> Callable[[Hostile], dict[str, Any]]:
    return lambda h: {"pk": getattr(h, name).pk}


def followup(name: str) -> Callable[[Hostile], dict[str, Any]]:
    return lambda h: {"pk": h.world.followups["own"][name].pk}


def set_status(name: str, status: str, **extra: Any) -> Prepare:
    def prepare(h: Hostile) -> None:
        obj = getattr(h, name)
        type(obj).objects.filter(pk=obj.pk).update(status=status, **extra)

    return prepare


def province_boundaries(h: Hostile) -> None:
    """Province P1 has imported commune boundaries (the public map serves them)."""
    from tiepcan.reports.models import BoundaryFile

    ring = [[106.7, 21.8], [106.8, 21.8], [106.8, 21.9], [106.7, 21.8]]
    BoundaryFile.objects.get_or_create(
        province=h.unit("P1"),
        defaults={
            "feature_count": 1,
            "file_name": "ranh-gioi.geojson",
            "imported_by": h.user(Role.SYSTEM_ADMIN),
            "geojson": {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "90010"},
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                    }
                ],
            },
        },
    )


def set_estimate(status: str) -> Prepare:
    def prepare(h: Hostile) -> None:
        from tiepcan.plans.models import BudgetEstimate

        estimate = h.world.followups["own"]["estimate"]
        BudgetEstimate.objects.filter(pk=estimate.pk).update(
            status=status, approved=150_000_000, appraised=150_000_000
        )

    return prepare


def version_of(name: str) -> Callable[[Hostile], str]:
    def value(h: Hostile) -> str:
        obj = getattr(h, name)
        return str(type(obj).objects.get(pk=obj.pk).version)

    return value


def lock_of(name: str) -> Callable[[Hostile], str]:
    def value(h: Hostile) -> str:
        obj = getattr(h, name)
        return str(type(obj).objects.get(pk=obj.pk).lock_version)

    return value


# Every input of an indicator's form in the framework editor (criterion 0, indicator 0).
DRAFT_INDICATOR: dict[str, Value] = {
    "part": "indicator",
    "ci": "0",
    "ii": "0",
    "i0-0-code": "1.1",
    "i0-0-title": "Văn bản được ban hành kịp thời",
    "i0-0-guidance": "Hướng dẫn",
    "i0-0-placeholder": "",
    "i0-0-max_points": "",
    "i0-0-allow_not_arisen": "on",
    "i0-0-evidence_required": "on",
    "i0-0-evidence_kinds": "Văn bản đã ban hành",
    "i0-0-evidence_file_types": ["pdf", "docx"],
    "i0-0-evidence_signed": "on",
    "i0-0-crosswalk": "1.1",
    "i0-0-verified": "on",
    "i0-0-source": "Quyết định 27/2025/QĐ-TTg",
    "i0-0-basis_verified": "",
    "i0-0-basis_source": "Suy luận",
    "i0-0-quick": "",
    "i0-0-quick_label": "",
    "i0-0-fields_yaml": "- {name: documents, type: documents, label: Văn bản phải ban hành}",
    "i0-0-computed_yaml": "",
    "i0-0-validations_yaml": "",
    "i0-0-rule_yaml": "{kind: documents, field: documents, mode: all}",
}
DRAFT_VARIANTS: list[dict[str, Value]] = [
    {
        "part": "general",
        "g-title": "Bộ tiêu chí (bản nháp)",
        "g-year_from": "2025",
        "g-year_to": "",
        "g-applies_to": ["xa", "phuong"],
        "g-change_note": "Bổ sung chỉ tiêu",
        "g-notes": "",
    },
    {
        "part": "criterion",
        "c0-code": "TC1",
        "c0-title": "Ban hành văn bản",
        "c0-summary": "",
        "c0-max_points": "",
        "c0-min_share": "0,5",
        "c0-required_met": "all",
        "c0-verified": "on",
        "c0-source": "QĐ 27",
        "c0-basis_verified": "",
        "c0-basis_source": "",
    },
    {
        "part": "recognition",
        "r-total_min": "",
        "r-criterion_min_share": "",
        "r-all_criteria_met": "on",
        "r-satisfaction_min": "",
        "r-verified": "",
        "r-source": "Chưa có văn bản",
        "r-extra": "conditions:\n- {text: Tất cả các tiêu chí đều đạt, verified: false}",
    },
    {
        "part": "section",
        "section": "deadlines",
        "s-deadlines-content": "- {step: dossier, text: Trước 10/01, verified: false}",
    },
]


def newer_qd27(h: Hostile) -> None:
    """A published version 3 of the period's framework, for the period to move onto."""
    from tiepcan.frameworks.editor import dump_definition
    from tiepcan.frameworks.services import import_framework

    data = {
        **h.period.framework.definition,
        "version": h.period.framework.version + 1,
        "change_note": "Bản sửa",
    }
    version, problems = import_framework(dump_definition(data))
    assert version is not None, problems
    h.objects["newer"] = version


def posted_token(h: Hostile) -> str:
    """A comment form token issued a minute ago (the portal refuses forms sent within seconds)."""
    from unittest import mock

    from tiepcan.portal import views as portal_views

    with mock.patch("django.core.signing.time.time", return_value=timezone.now().timestamp() - 60):
        return portal_views._SIGNER.sign(str(h.drafted.pk))


def api_key_of(user: Any) -> Any:
    """An API key of ``user`` (made on first use; each probe's request is rolled back after)."""
    from tiepcan.api.models import ApiKey

    _token, prefix, digest = ApiKey.new_secret()
    key, _created = ApiKey.objects.get_or_create(
        user=user,
        name="Khóa thử",
        defaults={
            "prefix": prefix,
            "digest": digest,
            "created_by": user,
            "expires_at": timezone.now() + timedelta(days=30),
        },
    )
    return key


def prepare_posted(h: Hostile) -> None:
    from tiepcan.assessments.choices import Status

    type(h.drafted).objects.filter(pk=h.drafted.pk).update(status=Status.POSTED, posted_at=timezone.now())


def prepare_recognised(h: Hostile) -> None:
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import DecisionEntry, RecognitionDecision

    decision = RecognitionDecision.objects.create(
        period=h.period,
        number="5/QĐ-UBND",
        signed_on=date(2027, 1, 20),
        issuer_name="Ủy ban nhân dân tỉnh Thử Nghiệm",
        place="Thử Nghiệm",
        signer_name="Nguyễn Văn Ký",
        signer_title="Chủ tịch",
        created_by=h.user(SYSADMIN),
    )
    type(h.recommended).objects.filter(pk=h.recommended.pk).update(status=Status.RECOGNISED)
    h.objects["own_entry"] = DecisionEntry.objects.create(
        decision=decision, assessment=h.recommended, total=0
    )
    h.objects["own_decision"] = decision


def docx_template_file() -> SimpleUploadedFile:
    from tiepcan.paperwork.builder import default_template

    return SimpleUploadedFile("mau-02.docx", default_template("02"))


def prepare_form_template(h: Hostile) -> None:
    from django.core.files.base import ContentFile

    from tiepcan.paperwork.builder import default_template
    from tiepcan.paperwork.models import FormTemplate

    template = FormTemplate(
        province=h.world.units["P1"],
        code="02",
        version=1,
        original_name="mau-02.docx",
        sha256="0" * 64,
        uploaded_by=h.user(SYSADMIN),
    )
    template.file.save("v1.docx", ContentFile(default_template("02")), save=False)
    template.save()
    h.objects["form_template"] = template


def member_seat(h: Hostile) -> dict[str, Any]:
    from tiepcan.assessments.models import CouncilMembership

    seat = CouncilMembership.objects.get(period=h.period, user=h.user(Role.COUNCIL_MEMBER))
    return {"pk": h.meeting.pk, "seat": seat.pk, "fmt": "pdf"}


def prepare_registration(h: Hostile) -> None:
    type(h.period).objects.filter(pk=h.period.pk).update(registration_required=True)
    type(h.registration).objects.filter(pk=h.registration.pk).delete()


def lock_out(key: str) -> Prepare:
    """Failed sign-ins enough for django-axes to lock the person out."""

    def prepare(h: Hostile) -> None:
        from axes.models import AccessAttempt
        from django.conf import settings

        AccessAttempt.objects.create(
            username=h.user(key).username,
            ip_address="203.0.113.7",
            user_agent="Hostile",
            http_accept="*/*",
            path_info="/dang-nhap/",
            get_data="",
            post_data="",
            failures_since_start=settings.AXES_FAILURE_LIMIT,
        )

    return prepare


def failed_job(h: Hostile) -> str:
    from tiepcan.jobs.choices import JobStatus
    from tiepcan.jobs.models import Job

    job = Job.objects.create(
        task_path="tiepcan.jobs.tests.tasks.always_fails",
        status=JobStatus.FAILED,
        attempts=5,
        errors=[{"exception_class_path": "RuntimeError", "traceback": "x"}],
    )
    return str(job.pk)


def export_job(h: Hostile) -> str:
    """A finished export the province administrator asked for, with its stored file."""
    from tiepcan.jobs import artifacts
    from tiepcan.jobs.choices import JobStatus
    from tiepcan.jobs.exports import build_export
    from tiepcan.jobs.models import Job

    owner = h.user(Role.PROVINCE_ADMIN)
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
    return str(job.pk)


def import_job(h: Hostile) -> str:
    from tiepcan.accounts.tasks import import_users_file
    from tiepcan.jobs.choices import JobStatus
    from tiepcan.jobs.models import Job

    job = Job.objects.create(
        task_path=import_users_file.module_path,
        status=JobStatus.SUCCESSFUL,
        actor_id=h.user(Role.PROVINCE_ADMIN).pk,
        return_value={"ok": True, "created": ["u_target"], "problems": []},
    )
    return str(job.pk)


def first_audit_entry(h: Hostile) -> int:
    from tiepcan.core.models import AuditEntry

    pk = AuditEntry.objects.for_user(h.user(Role.PROVINCE_ADMIN)).values_list("pk", flat=True).first()
    assert pk is not None, "the world's setup wrote audit entries"
    return pk


DATE = "15/03/2026"
OWN_UNIT: Value = lambda h: str(h.unit("N1").pk)  # noqa: E731
PROVINCE: Value = lambda h: str(h.unit("P1").pk)  # noqa: E731
STP1: Value = lambda h: str(h.agency("stp1").pk)  # noqa: E731
PLAN: Value = lambda h: str(h.world.plan.pk)  # noqa: E731


def difficulty(h: Hostile) -> dict[str, Any]:
    from tiepcan.plans.models import Difficulty

    row = Difficulty.objects.filter(agency=h.agency("stp1")).first() or Difficulty.objects.create(
        unit=h.unit("P1"),
        agency=h.agency("stp1"),
        activity=h.world.plan.activities.first(),
        title="Vướng mắc",
        description="Chưa rõ hướng dẫn",
        raised_by=h.user(Role.AGENCY_FOCAL_POINT),
    )
    return {"pk": row.pk}


PLAN_HEADER: dict[str, Value] = {
    "province": PROVINCE,
    "copy_from": PLAN,
    "number": "15/KH-UBND",
    "issued_on": "20/01/2026",
    "issuer": STP1,
    "signer_name": "Nguyễn Văn Ký",
    "signer_title": "Chủ tịch",
    "title": "Kế hoạch 2026-2030",
    "start_year": "2026",
    "end_year": "2030",
    "rules": "qd27-2025",
    "legal_bases": "Quyết định 27/2025/QĐ-TTg",
    "purposes": "Mục đích",
    "requirements": "Yêu cầu",
    "notes": "",
}
AMENDMENT: dict[str, Value] = {
    "amendment_number": "20/KH-UBND",
    "amendment_date": "01/06/2026",
    "amendment_summary": "Sửa đổi",
}
ACTIVITY: dict[str, Value] = {
    "group": lambda h: str(h.world.plan.groups.first().pk),
    "number": "2",
    "title": "Tập huấn",
    "lead": "so-tu-phap",
    "coordinating": "@ubnd-xa",
    "schedule_kind": "yearly",
    "due_month": "6",
    "due_day": "30",
    "schedule_text": "Hằng năm",
    "outputs": "report",
    "outputs_text": "Báo cáo",
    "notes": "",
    "year": "",
    "quarter": "",
    "year_from": "",
    "year_to": "",
    "years": "",
    "requested_by": "",
    "window_start_month": "",
    "window_start_day": "",
    "window_end_month": "",
    "window_end_day": "",
    "window_next_year": "",
    "citation": "",
    "months": "",
    "ad_hoc": "",
}
# Every schedule field filled once (each is parsed whatever the kind), then each kind in turn:
# a variant re-probes only the fields it changes, so the later ones cost a single field each.
SCHEDULE_VARIANTS: list[dict[str, Value]] = [
    {
        "schedule_kind": "quarter",
        "year": "2026",
        "quarter": "3",
        "year_from": "2025",
        "year_to": "2026",
        "years": "2025: Sơ kết năm\n2026",
        "requested_by": "Bộ Tư pháp",
        "window_start_month": "12",
        "window_start_day": "1",
        "window_end_month": "1",
        "window_end_day": "31",
        "window_next_year": "on",
        "citation": "Điều 7",
        "months": "6",
        "ad_hoc": "on",
    },
]
SCHEDULE_VARIANTS += (
    {"schedule_kind": kind} for kind in ("year_range", "years", "on_request", "legal_window", "periodic")
)
TASK_FILTERS: dict[str, Value] = {
    "nam": "2026",
    "trang_thai": "open",
    "co_quan": STP1,
    "ke_hoach": "da-ket-thuc",
    "q": "văn bản",
    "trang": "1",
}

# fmt: off
ENDPOINTS: dict[str, Endpoint] = {
    "home": Endpoint(Role.COMMUNE_OFFICER),
    "healthz": Endpoint(ANON),
    "readyz": Endpoint(ANON),
    "metrics": Endpoint(SYSADMIN),
    "set_language": Endpoint(ANON, "post", fields={"language": "vi", "next": "/"}, query={"next": "/"}),
    "admin:index": Endpoint(SYSADMIN),
    "accounts:login": Endpoint(ANON, "post", fields={"username": "u_outsider", "password": PASSWORD, "next": "/"},
                               query={"next": "/"}),
    "accounts:logout": Endpoint(Role.COMMUNE_OFFICER, "post", fields={"next": "/"}, query={"next": "/"}),
    "accounts:profile": Endpoint(Role.COMMUNE_OFFICER, "post",
                                 fields={"full_name": "Người Thử", "phone": "0912345678", "email": "a@b.vn", "position": "Công chức"}),
    "accounts:password_change": Endpoint(Role.COMMUNE_OFFICER, "post",
                                         fields={"old_password": "not-the-password", "new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"}),
    "accounts:switch_unit": Endpoint(Role.COMMUNE_OFFICER, "post", fields={"unit": OWN_UNIT, "next": "/"}),
    "accounts:user_list": Endpoint(Role.PROVINCE_ADMIN, query={"q": "nguoi", "vai_tro": Role.REVIEWER, "trang": "1",
                                                               "xuat": "xlsx"}),
    "accounts:user_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                     fields={"username": "nguoi.moi", "full_name": "Người Mới", "phone": "0912345678",
                                             "email": "moi@tinh.gov.vn", "position": "Chuyên viên", "role": Role.REVIEWER,
                                             "unit": PROVINCE, "agency": ""}),
    "accounts:user_import": Endpoint(Role.PROVINCE_ADMIN, "post", files={"file": xlsx_file}),
    "accounts:user_import_template": Endpoint(Role.PROVINCE_ADMIN),
    "accounts:user_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.user("target").pk}),
    "accounts:role_add": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.user("target").pk},
                                  fields={"role": Role.REVIEWER, "unit": PROVINCE, "agency": "", "valid_from": DATE,
                                          "valid_to": "", "note": "Ghi chú"}),
    "accounts:password_reset": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.user("target").pk}),
    "accounts:user_toggle_active": Endpoint(Role.PROVINCE_ADMIN, "post",
                                            kwargs=lambda h: {"pk": h.user("target").pk}),
    "accounts:user_unlock": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.user("target").pk},
                                     prepare=lock_out("target")),
    "accounts:role_toggle": Endpoint(
        Role.PROVINCE_ADMIN, "post", fields={"reason": "Chuyển công tác"},
        kwargs=lambda h: {"pk": h.user("target").roles.get().pk},
    ),
    "units:unit_list": Endpoint(Role.PROVINCE_ADMIN, htmx=True,
                                query={"thoi_ky": "truoc-2025", "loai": "xa", "cap": "3", "q": "đồng", "trang": "1"}),
    "units:unit_picker": Endpoint(Role.PROVINCE_ADMIN, htmx=True,
                                  query={"tim": "đồng", "ten": "unit", "ma": "id_unit", "quyen": "manage_users", "cap": "3",
                                         "thoi_ky": "hien-hanh", "nhieu": "on", "unit": OWN_UNIT}),
    "units:agency_picker": Endpoint(Role.PROVINCE_ADMIN, "post", htmx=True,
                                    fields={"tim": "tư pháp", "ten": "agency", "ma": "id_agency", "nhieu": "on", "year": "2026",
                                           "pham_vi": lambda h: agency_scope_token(h), "agency": lambda h: str(h.agency("stp1").pk)}),
    "dashboards:province": Endpoint(Role.PROVINCE_ADMIN, query={"tinh": PROVINCE, "nam": "2026"}),
    "dashboards:national": Endpoint(Role.NATIONAL_VIEWER),
    "dashboards:ministry_report": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.unit("P1").pk},
                                           fields={"year": "2025", "sent_on": "10/02/2026", "number": "25/BC-UBND", "note": ""}),
    "dashboards:boundary_import": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.unit("P1").pk},
                                           files={"file": geojson_file}),
    "dashboards:boundary_geojson": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.unit("P1").pk}),
    "units:unit_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.unit("N1").pk}),
    "units:predecessor_add": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.unit("C1").pk},
                                      fields={"name": "Xã Hồng Phong", "code": "90003", "kind": "xa", "merged_on": "01/01/2020",
                                              "partial": ""}),
    "units:classification_add": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.unit("N1").pk},
                                         fields={"commune_class": "II", "valid_from": "01/07/2025", "valid_to": "", "source": "QĐ 1"}),
    "units:agency_list": Endpoint(Role.PROVINCE_ADMIN, query={"q": "tư pháp", "trang": "1"}),
    "units:agency_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                    fields={"name": "Sở Tài chính", "short_name": "STC", "code": "so-tai-chinh", "kind": "so_tai_chinh",
                                            "unit": PROVINCE, "address": "Số 1", "phone": "0205", "email": "stc@tinh.gov.vn",
                                            "valid_from": "", "valid_to": ""}),
    "units:agency_edit": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.agency("stp1").pk},
                                  fields={"name": "Sở Tư pháp", "short_name": "STP", "code": "so-tu-phap", "kind": "so_tu_phap",
                                          "unit": PROVINCE, "address": "", "phone": "", "email": "", "valid_from": "", "valid_to": ""}),
    "units:agency_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.agency("stp1").pk}),
    "plans:plan_list": Endpoint(Role.PROVINCE_ADMIN),
    "plans:plan_import": Endpoint(Role.PROVINCE_ADMIN, "post", fields={"province": PROVINCE}, files={"file": yaml_file()}),
    "plans:plan_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.world.plan.pk}),
    "plans:plan_create": Endpoint(Role.PROVINCE_ADMIN, "post", fields=PLAN_HEADER),
    "plans:part_three_edit": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.world.plan.pk},
                                      fields={"recipients": "Bộ Tư pháp", "r0-agency": "", "r0-label": "", "r0-duties": "",
                                              **AMENDMENT}),
    "plans:plan_edit": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.world.plan.pk},
                                fields={**PLAN_HEADER, **AMENDMENT}),
    "plans:group_create": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.world.plan.pk},
                                   fields={"number": "2", "title": "Kiểm tra, giám sát", **AMENDMENT}),
    "plans:group_edit": Endpoint(Role.PROVINCE_ADMIN, "post",
                                 kwargs=lambda h: {"pk": h.world.plan.pk, "group_pk": h.world.plan.groups.first().pk},
                                 fields={"number": "1", "title": "Hướng dẫn", **AMENDMENT}),
    "plans:activity_create": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.world.plan.pk},
                                      fields={**ACTIVITY, **AMENDMENT}, variants=SCHEDULE_VARIANTS),
    "plans:activity_edit": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.world.plan.activities.first().pk},
                                    fields={**ACTIVITY, **AMENDMENT}, variants=SCHEDULE_VARIANTS),
    # The activity of a reported task: every valid post is refused, so the probes keep their target.
    "plans:activity_delete": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.world.tasks["stp1"].activity_id},
                                      fields=AMENDMENT),
    "plans:difficulty_list": Endpoint(Role.PROVINCE_ADMIN, query={"trang_thai": "open", "trang": "1"}),
    "plans:difficulty_create": Endpoint(Role.AGENCY_FOCAL_POINT, "post",
                                        fields={"agency": STP1, "activity": lambda h: str(h.world.plan.activities.first().pk),
                                                "task": lambda h: str(h.world.tasks["stp1"].pk), "title": "Vướng mắc",
                                                "description": "Chưa rõ cách tính"}),
    "plans:difficulty_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=difficulty),
    "plans:difficulty_step": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=difficulty,
                                      fields={"kind": "forward", "note": "Chuyển Sở Tư pháp", "forwarded_to": STP1}),
    "plans:plan_publish": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": h.world.plan.pk}),
    "plans:unit_plan_create": Endpoint(Role.COMMUNE_CHAIRMAN, "post", kwargs=lambda h: {"pk": h.world.plan.pk},
                                       fields={"committee": lambda h: str(h.agency("ubnd_n1").pk), "number": "5/KH-UBND",
                                               "issued_on": "10/02/2026", "signer_name": "Lê Văn Chủ", "signer_title": "Chủ tịch"}),
    "plans:unit_plan_edit": Endpoint(Role.COMMUNE_CHAIRMAN, "post", kwargs=unit_plan,
                                     fields={"number": "5/KH-UBND", "issued_on": "12/02/2026", "signer_name": "Lê Văn Chủ",
                                             "signer_title": "Chủ tịch"}),
    "plans:plan_history": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.world.plan.pk}),
    "plans:plan_docx": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.world.plan.pk}),
    "plans:plan_export": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.world.plan.pk}),
    "plans:task_list": Endpoint(Role.PROVINCE_ADMIN, query={**TASK_FILTERS, "xuat": "xlsx"}),
    "plans:my_tasks": Endpoint(Role.AGENCY_FOCAL_POINT, query={**TASK_FILTERS, "xuat": "xlsx"}),
    "plans:timeline": Endpoint(Role.PROVINCE_ADMIN, query={"ke_hoach": PLAN, "nam": "2026"}),
    "plans:calendar": Endpoint(Role.PROVINCE_ADMIN, query={"nam": "2026"}),
    "core:notification_list": Endpoint(Role.COMMUNE_OFFICER, query={"trang": "1"}),
    "core:notification_read_all": Endpoint(Role.COMMUNE_OFFICER, "post"),
    "core:notification_read_group": Endpoint(Role.COMMUNE_OFFICER, "post", fields={"group": "assessment:submitted:period-1"}),
    "core:notification_open": Endpoint(Role.COMMUNE_OFFICER, "post", kwargs=pk("notification")),
    "plans:task_detail": Endpoint(
        Role.AGENCY_FOCAL_POINT, "post", kwargs=lambda h: {"pk": h.world.tasks["stp1"].pk},
        fields={"version": lambda h: str(h.world.tasks["stp1"].version), "status": "in_progress", "progress": "40",
                "note": "Đang làm", "output_kind": "report", "output_title": "Báo cáo", "output_number": "1/BC",
                "output_issued_on": DATE, "output_issuer": "Sở Tư pháp"},
        files={"output_file": pdf_file},
    ),
    "plans:output_download": Endpoint(Role.PROVINCE_ADMIN, kwargs=pk("output")),
    "plans:inspection_list": Endpoint(Role.PROVINCE_ADMIN, query={"nam": "2026", "trang": "1", "xuat": "xlsx"}),
    "plans:inspection_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                        fields={"plan": PLAN, "kind": "planned", "form": "direct", "inspecting_agency": STP1,
                                                "units": OWN_UNIT, "held_on": DATE, "findings": "Đạt", "recommendations": ""}),
    "plans:inspection_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=followup("inspection")),
    "plans:followup_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                      fields={"inspection": lambda h: str(h.world.followups["own"]["inspection"].pk), "title": "Bổ sung",
                                              "responsible": STP1, "due_on": "20/12/2026", "status": "open", "done_on": "", "result": ""}),
    "plans:followup_edit": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=followup("follow_up"),
                                    fields={"inspection": lambda h: str(h.world.followups["own"]["inspection"].pk), "title": "Bổ sung",
                                            "responsible": STP1, "due_on": "20/12/2026", "status": "done", "done_on": "21/12/2026", "result": "Xong"}),
    "plans:pilot_list": Endpoint(Role.PROVINCE_ADMIN, query={"trang": "1"}),
    "plans:pilot_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                   fields={"plan": PLAN, "year": "2026", "commune": OWN_UNIT, "model_name": "Mô hình",
                                           "targets": "Đạt chuẩn", "results": ""}),
    "plans:conference_list": Endpoint(Role.PROVINCE_ADMIN, query={"trang": "1"}),
    "plans:conference_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                        fields={"plan": PLAN, "kind": "midterm", "year": "2026", "held_on": DATE,
                                                "report_number": "1/BC", "summary": "Sơ kết"}),
    "plans:award_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                   fields={"conference": "", "awardee_kind": "collective", "awardee": "Xã Đồng Tâm", "unit": OWN_UNIT,
                                           "form": "Bằng khen", "deciding_body": "UBND tỉnh", "decision_number": "1/QĐ", "decided_on": DATE}),
    "plans:staff_list": Endpoint(Role.PROVINCE_ADMIN, query={"trang": "1"}),
    "plans:staff_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                   fields={"unit": OWN_UNIT, "agency": "", "user": "", "full_name": "Người Theo Dõi", "position": "",
                                           "phone": "0912", "email": "", "valid_from": DATE, "valid_to": ""}),
    "plans:staff_edit": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=followup("staff"),
                                 fields={"unit": PROVINCE, "agency": STP1, "user": "", "full_name": "Người Theo Dõi", "position": "",
                                         "phone": "0912", "email": "", "valid_from": DATE, "valid_to": "31/12/2026"}),
    "plans:budget_list": Endpoint(Role.FINANCE_OFFICER, query={"nam": "2026", "trang_thai": "submitted", "xuat": "xlsx"}),
    "plans:budget_create": Endpoint(Role.AGENCY_FOCAL_POINT, "post",
                                    fields={"plan": PLAN, "year": "2026", "agency": STP1, "activity": "", "requested": "150000000",
                                            "description": "Tập huấn"}),
    "plans:budget_detail": Endpoint(Role.FINANCE_OFFICER, kwargs=followup("estimate")),
    "plans:budget_submit": Endpoint(Role.AGENCY_FOCAL_POINT, "post", kwargs=followup("estimate")),
    "plans:budget_decide": Endpoint(
        Role.FINANCE_OFFICER, "post", kwargs=followup("estimate"), prepare=set_estimate("submitted"),
        fields={"version": lambda h: str(h.world.followups["own"]["estimate"].version), "amount": "120000000",
                "note": "Điều chỉnh"},
    ),
    "plans:budget_approve": Endpoint(
        Role.FINANCE_OFFICER, "post", kwargs=followup("estimate"), prepare=set_estimate("appraised"),
        fields={"version": lambda h: str(h.world.followups["own"]["estimate"].version), "decision": "adjusted",
                "approved": "120000000", "reason": "Điều chỉnh", "document_number": "12/QĐ-UBND",
                "document_date": DATE},
    ),
    "plans:budget_allocate": Endpoint(
        Role.FINANCE_OFFICER, "post", kwargs=followup("estimate"), prepare=set_estimate("approved"),
        fields={"amount": "50000000", "allocated_on": DATE, "decision_number": "1/QĐ-STC", "note": ""},
    ),
    "plans:report_request_list": Endpoint(Role.AGENCY_FOCAL_POINT, query={"trang": "1"}),
    "plans:report_request_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                            fields={"plan": PLAN, "period": "year", "year": "2026", "title": "Báo cáo năm",
                                                    "deadline": "10/12/2026", "agencies": STP1, "instructions": ""}),
    "plans:report_request_detail": Endpoint(Role.AGENCY_FOCAL_POINT, kwargs=followup("report_request")),
    "plans:report_submit": Endpoint(
        Role.AGENCY_FOCAL_POINT, "post", fields={"content": "Báo cáo"}, files={"file": pdf_file},
        kwargs=lambda h: {"pk": h.world.followups["own"]["report_request"].pk, "agency_pk": h.agency("stp1").pk},
        prepare=lambda h: type(h.submission).objects.filter(pk=h.submission.pk).delete(),
    ),
    "plans:submission_download": Endpoint(Role.AGENCY_FOCAL_POINT, kwargs=pk("submission")),
    "plans:report_draft_docx": Endpoint(Role.AGENCY_FOCAL_POINT, kwargs=lambda h: {"pk": h.world.followups["own"]["report_request"].pk, "agency_pk": h.agency("stp1").pk}),
    "plans:report_draft_xlsx": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.world.followups["own"]["report_request"].pk, "agency_pk": h.agency("stp1").pk}),
    "frameworks:framework_list": Endpoint(Role.PROVINCE_ADMIN),
    "frameworks:framework_import": Endpoint(Role.PROVINCE_ADMIN, "post", fields={"note": "Phiên bản tỉnh"},
                                            files={"file": yaml_file()}),
    "frameworks:activation_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                                             fields={"framework": lambda h: str(h.national.pk), "province": PROVINCE, "year": "2024"}),
    "frameworks:framework_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=pk("national")),
    "frameworks:framework_export": Endpoint(Role.PROVINCE_ADMIN, kwargs=pk("national")),
    "frameworks:framework_diff": Endpoint(Role.PROVINCE_ADMIN,
                                          kwargs=lambda h: {"pk": h.older.pk, "other_pk": h.national.pk}),
    "frameworks:draft_start": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("national"), fields={"province": PROVINCE}),
    "frameworks:unverified_list": Endpoint(Role.PROVINCE_ADMIN),
    "frameworks:draft_edit": Endpoint(Role.PROVINCE_ADMIN, kwargs=pk("draft")),
    "frameworks:draft_save": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("draft"), htmx=True,
                                      fields={**DRAFT_INDICATOR, "lock": lock_of("draft")}, variants=DRAFT_VARIANTS),
    "frameworks:draft_structure": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("draft"),
                                           fields={"op": "add_indicator", "ci": "0", "ii": "", "lock": lock_of("draft")},
                                           variants=[{"op": "down_indicator", "ii": "0"}]),
    "frameworks:draft_preview": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("draft"),
                                         fields={"v:1.2:drafts": "2", "na:1.1": "on", "unit_class": "II"}),
    "frameworks:draft_diff": Endpoint(Role.PROVINCE_ADMIN, kwargs=pk("draft")),
    "frameworks:draft_publish": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("draft"),
                                         fields={"note": "Bổ sung chỉ tiêu", "lock": lock_of("draft")}),
    "assessments:period_move": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("period"), prepare=newer_qd27,
                                        fields={"to": lambda h: str(h.newer.pk), "reason": "Bộ tiêu chí đã sửa"}),
    "assessments:period_list": Endpoint(Role.REVIEWER),
    "assessments:period_create": Endpoint(
        Role.PROVINCE_ADMIN, "post",
        fields={"province": PROVINCE, "year": "2027", "framework": lambda h: str(h.period.framework_id), "title": "Đánh giá 2027",
                "registration_required": "on", "self_assessment_due": "15/11/2027",
                "dossier_due": "30/11/2027", "review_due": "10/12/2027", "council_due": "20/12/2027", "recognition_due": "31/12/2027"},
    ),
    "assessments:period_detail": Endpoint(Role.REVIEWER, kwargs=pk("period"),
                                          query={"khu_vuc": "", "loai": "xa", "tre_han": "1", "trang_thai": "chua-gui", "trang": "1",
                                                 "xuat": "ket-qua"}),
    "assessments:registration_create": Endpoint(Role.COMMUNE_OFFICER, "post", kwargs=pk("period"),
                                                fields={"unit": lambda h: str(h.unit("N1").pk)}, prepare=prepare_registration),
    "assessments:registration_decide": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("registration"),
                                                fields={"decision": "reject", "reason": "Chưa đủ điều kiện"}),
    "assessments:assessment_detail": Endpoint(Role.COMMUNE_OFFICER, kwargs=pk("drafted")),
    "assessments:autosave": Endpoint(
        Role.COMMUNE_OFFICER, "post", kwargs=pk("drafted"), htmx=True,
        # The page sends the indicator's other inputs along as "v-<name>" (a pair is saved together).
        fields={"kind": "value", "version": version_of("drafted"), "indicator": "1.2", "field": "drafts", "value": "3",
                "v-communicated": "2", "doc_title": "", "doc_due_on": "", "doc_issued_on": "", "fact": "", "index": ""},
        variants=[
            {"indicator": "1.3", "field": "self_checked", "value": "true"},
            {"kind": "doc_add", "indicator": "1.1", "field": "documents", "value": "",
             "doc_title": "Nghị quyết", "doc_due_on": "31/03/2026", "doc_issued_on": "15/03/2026"},
            {"kind": "doc_remove", "indicator": "1.1", "field": "documents", "index": "0", "value": ""},
            {"kind": "not_arisen", "value": "true"},
            {"kind": "fact", "indicator": "", "fact": "head_disciplined", "value": "true"},
        ],
    ),
    "assessments:transition": Endpoint(Role.COMMUNE_CHAIRMAN, "post", kwargs=pk("drafted"),
                                       fields={"to": "approved", "reason": "Đồng ý"}),
    "assessments:evidence_upload": Endpoint(Role.COMMUNE_OFFICER, "post", kwargs=pk("drafted"),
                                            fields={"indicator": "1.1", "title": "Nghị quyết", "link": ""}, files={"file": pdf_file}),
    "assessments:evidence_download": Endpoint(Role.REVIEWER, kwargs=pk("evidence")),
    "signatures:trust_store": Endpoint(SYSADMIN),
    "signatures:certificate_import": Endpoint(SYSADMIN, "post", fields={"cert-kind": "root", "cert-source": "Trang chính thức NEAC"},
                                              files={"cert-file": certificate_file}),
    "signatures:crl_import": Endpoint(SYSADMIN, "post", fields={"crl-source": "Trang chính thức NEAC"}, files={"crl-file": crl_file}),
    "signatures:certificate_delete": Endpoint(SYSADMIN, "post", kwargs=pk("trusted_certificate")),
    "signatures:crl_delete": Endpoint(SYSADMIN, "post", kwargs=pk("revocation_list")),
    "signatures:evidence_verification": Endpoint(Role.REVIEWER, kwargs=pk("evidence"), htmx=True),
    "workdays:calendar": Endpoint(Role.PROVINCE_ADMIN, query={"nam": "2026"}),
    "workdays:day_save": Endpoint(Role.PROVINCE_ADMIN, "post", fields={"nam": "2026", "day": "30/12/2026", "kind": "off",
                                                                       "name": "Nghỉ bắc cầu"}),
    "workdays:day_remove": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("calendar_day")),
    "workdays:year_seed": Endpoint(Role.PROVINCE_ADMIN, "post", fields={"nam": "2027"}),
    "assessments:note_add": Endpoint(Role.REVIEWER, "post", kwargs=pk("drafted"), prepare=set_status("drafted", "submitted", round=1),
                                     fields={"indicator": "1.1", "text": "Bổ sung văn bản"}),
    "assessments:note_explain": Endpoint(Role.COMMUNE_OFFICER, "post", kwargs=pk("note"),
                                         prepare=set_status("drafted", "returned", round=1), fields={"text": "Đã bổ sung"}),
    "assessments:comment_answer": Endpoint(Role.COMMUNE_CHAIRMAN, "post", kwargs=pk("comment"), fields={"answer": "Cảm ơn"}),
    "assessments:posting_record": Endpoint(Role.COMMUNE_CHAIRMAN, "post", kwargs=pk("drafted"), prepare=prepare_posted,
                                           fields={"office_from": "01/12/2026", "office_until": "", "mode": "radio",
                                                   "mode_from": "01/12/2026", "mode_until": "", "portal_url": "",
                                                   "radio_dates": "01/12/2026, 03/12/2026, 05/12/2026"}),
    "assessments:commune_meeting_record": Endpoint(
        Role.COMMUNE_OFFICER, "post", kwargs=pk("drafted"), prepare=prepare_posted,
        fields={"held_on": "04/12/2026", "chair_role": "chairman", "chair_name": "Nguyễn Văn An",
                "attendee_groups": ["officers", "police", "fatherland_front", "village_heads"],
                "attendees": "Công chức, Công an xã, MTTQ, Trưởng thôn", "outcome": "Thống nhất"},
    ),
    "assessments:round_diff": Endpoint(Role.REVIEWER, kwargs=pk("forwarded"), query={"tu": "1", "den": "2"}),
    "assessments:dossier_download": Endpoint(Role.REVIEWER,
                                             kwargs=lambda h: {"pk": h.forwarded.pk, "round_number": 2}),
    "assessments:result_reports": Endpoint(Role.REVIEWER, "post", kwargs=pk("period"),
                                           fields={"sender": lambda h: f"report_to_ministry:{h.world.units['P1'].pk}",
                                                   "sent_on": "01/12/2026", "number": "12/BC-UBND", "note": ""}),
    "assessments:council": Endpoint(Role.COUNCIL_MEMBER, kwargs=pk("period"), query={"khu_vuc": "", "trang": "1"}),
    "assessments:council_member_add": Endpoint(
        Role.PROVINCE_ADMIN, "post", kwargs=pk("period"),
        fields={"user": lambda h: str(h.user(Role.REVIEWER).pk), "area": "", "is_secretary": "on", "position": "Ủy viên",
                "role": ""},
        variants=[{"is_secretary": "", "role": "deputy_chair"}],
    ),
    "assessments:council_meeting": Endpoint(
        Role.COUNCIL_SECRETARY, "post", kwargs=pk("period"), query={"khu_vuc": "", "trang": "1"},
        fields={"held_on": "20/01/2027", "place": "Hội trường", "minutes": "Họp",
                "attendees": lambda h: [str(h.user(Role.COUNCIL_MEMBER).pk), str(h.user(Role.COUNCIL_SECRETARY).pk)],
                "dossier-TOTAL_FORMS": "1", "dossier-INITIAL_FORMS": "1", "dossier-MIN_NUM_FORMS": "0",
                "dossier-MAX_NUM_FORMS": "1000", "dossier-0-assessment": lambda h: str(h.forwarded.pk),
                "dossier-0-recommend": "yes", "dossier-0-votes_for": "2", "dossier-0-votes_against": "0",
                "dossier-0-votes_abstain": "0", "dossier-0-reason": "", "kind": "meeting",
                "chaired_by": lambda h: str(h.user(Role.COUNCIL_MEMBER).pk), "papers_sent_on": "05/01/2027"},
    ),
    "assessments:council_minutes": Endpoint(
        Role.COUNCIL_SECRETARY, kwargs=pk("period"), query={"khu_vuc": "", "trang": "1"}
    ),
    "assessments:council_conclusions": Endpoint(
        Role.COUNCIL_SECRETARY, "post", kwargs=pk("meeting"), query={"khu_vuc": "", "trang": "2"},
        fields={"dossier-TOTAL_FORMS": "1", "dossier-INITIAL_FORMS": "1", "dossier-MIN_NUM_FORMS": "0",
                "dossier-MAX_NUM_FORMS": "1000", "dossier-0-assessment": lambda h: str(h.forwarded.pk),
                "dossier-0-recommend": "no", "dossier-0-votes_for": "0", "dossier-0-votes_against": "1",
                "dossier-0-votes_abstain": "0", "dossier-0-reason": "Thiếu sổ"},
    ),
    "assessments:council_minutes_sign": Endpoint(Role.COUNCIL_SECRETARY, "post", kwargs=pk("meeting")),
    "assessments:council_dossier": Endpoint(Role.COUNCIL_MEMBER, "post", kwargs=pk("forwarded"),
                                            query={"khu_vuc": "", "trang": "1"},
                                            fields={"points:1.1": "1", "reason:1.1": "Đủ", "points:1.2": "0,5", "reason:1.2": "",
                                                    "then_next": "1"}),
    "assessments:decisions": Endpoint(Role.RECOGNISING_AUTHORITY, kwargs=pk("period"), query={"xuat": "xlsx"}),
    "assessments:decision_issue": Endpoint(
        Role.RECOGNISING_AUTHORITY, "post", kwargs=pk("period"),
        fields={"number": "12/QĐ-UBND", "signed_on": "31/01/2027", "signer_name": "Nguyễn Văn An", "signer_title": "Chủ tịch",
                "issuer_name": "", "place": "", "assessments": lambda h: str(h.recommended.pk)},
    ),
    "paperwork:form_list": Endpoint(Role.PROVINCE_ADMIN),
    "paperwork:template_upload": Endpoint(Role.PROVINCE_ADMIN, "post",
                                          fields={"province": lambda h: str(h.world.units["P1"].pk), "code": "02",
                                                  "note": "Mẫu của tỉnh"}, files={"file": docx_template_file}),
    "paperwork:template_activate": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=pk("form_template"),
                                            prepare=prepare_form_template, fields={"active": "1"}),
    "paperwork:template_download": Endpoint(Role.PROVINCE_ADMIN, kwargs=pk("form_template"), prepare=prepare_form_template),
    "paperwork:default_download": Endpoint(Role.PROVINCE_ADMIN, query={"mau": "01"}),
    "paperwork:round_form": Endpoint(Role.REVIEWER, kwargs=lambda h: {"pk": h.forwarded.pk, "round_number": 2,
                                                                      "code": "02", "fmt": "docx"}),
    "paperwork:meeting_form": Endpoint(Role.COUNCIL_SECRETARY, kwargs=lambda h: {"pk": h.meeting.pk, "code": "05",
                                                                                 "fmt": "docx"}),
    "paperwork:member_form": Endpoint(Role.COUNCIL_MEMBER, kwargs=member_seat),
    "paperwork:area_forms": Endpoint(Role.REVIEWER, kwargs=pk("period")),
    "paperwork:area_form": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": h.period.pk, "unit": h.world.units["P1"].pk,
                                                                           "code": "10", "fmt": "docx"}),
    "assessments:decision_docx": Endpoint(Role.REVIEWER, kwargs=lambda h: {"pk": h.own_decision.pk},
                                          prepare=prepare_recognised),
    "assessments:decision_publish": Endpoint(Role.RECOGNISING_AUTHORITY, "post", kwargs=lambda h: {"pk": h.own_decision.pk},
                                             prepare=prepare_recognised, fields={"published_on": "21/01/2027"}),
    "assessments:decision_pdf": Endpoint(Role.REVIEWER, kwargs=lambda h: {"pk": h.own_decision.pk},
                                         prepare=prepare_recognised),
    "assessments:decision_revoke": Endpoint(Role.RECOGNISING_AUTHORITY, "post", kwargs=lambda h: {"pk": h.own_entry.pk},
                                            prepare=prepare_recognised,
                                            fields={"reason": "Sai phạm", "number": "13/QĐ-UBND", "revoked_on": "01/03/2027"}),
    "plans:improvement": Endpoint(Role.PROVINCE_ADMIN, kwargs=pk("period")),
    "plans:improvement_create": Endpoint(
        Role.PROVINCE_ADMIN, "post", kwargs=pk("period"), prepare=set_status("drafted", "not_recognised"),
        fields={"assessment": lambda h: str(h.drafted.pk), "responsible": STP1, "title": "Tập huấn", "indicator": "3.2",
                "due_on": "30/06/2027"},
    ),
    "plans:improvement_update": Endpoint(Role.COMMUNE_OFFICER, "post", kwargs=pk("improvement"),
                                         fields={"status": "done", "result": "Đã tập huấn"}),
    "portal:results": Endpoint(ANON, query={"q": "đồng tâm", "nam": "2026", "tinh": "91", "huyen": lambda h: str(h.unit("D1").pk),
                                            "loai": "xa", "ket_qua": "recognised", "trang": "2"}),
    "portal:map_data": Endpoint(ANON, query={"nam": "2026", "tinh": "91", "huyen": "", "loai": "", "ket_qua": "", "q": ""}),
    "portal:boundaries": Endpoint(ANON, query={"nam": "", "tinh": "91", "huyen": "", "loai": "", "ket_qua": "", "q": ""},
                                  prepare=province_boundaries),
    "portal:commune": Endpoint(ANON, kwargs=lambda h: {"pk": h.unit("N1").pk}),
    "portal:open_data_json": Endpoint(ANON, query={"nam": "2026", "tinh": "91", "huyen": "", "loai": "", "ket_qua": "", "q": ""}),
    "portal:open_data_csv": Endpoint(ANON, query={"nam": "2026", "tinh": "91", "huyen": "", "loai": "", "ket_qua": "", "q": ""}),
    "reports:result_import": Endpoint(Role.PROVINCE_ADMIN, "post", files={"file": results_xlsx_file}),
    "reports:result_import_template": Endpoint(Role.PROVINCE_ADMIN),
    "portal:posting": Endpoint(ANON, kwargs=pk("drafted"), prepare=prepare_posted),
    "portal:comment": Endpoint(ANON, "post", kwargs=pk("drafted"), prepare=prepare_posted,
                               fields={"name": "Người Dân", "text": "Ý kiến", "token": posted_token, "website": ""}),
    "portal:decision_pdf": Endpoint(ANON, kwargs=pk("decision")),
    "api:key_list": Endpoint(Role.PROVINCE_ADMIN, query={"trang": "1"}),
    "api:access_log": Endpoint(Role.PROVINCE_ADMIN, query={"khoa": "ab12", "tai_khoan": "u", "phuong_thuc": "GET",
                                                           "ket_qua": "4", "duong_dan": "/api/", "tu_ngay": "01/01/2026",
                                                           "den_ngay": "31/12/2026", "trang": "1"}),
    "api:key_create": Endpoint(Role.PROVINCE_ADMIN, "post",
                               fields={"user": lambda h: str(h.user("target").pk), "kind": "client",
                                       "name": "Nền tảng LGSP tỉnh", "unit": PROVINCE, "access": "read",
                                       "expires_on": lambda h: (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")}),
    "api:key_revoke": Endpoint(Role.PROVINCE_ADMIN, "post", kwargs=lambda h: {"pk": api_key_of(h.user("target")).pk}),
    "core:audit_list": Endpoint(Role.PROVINCE_ADMIN,
                                query={"doi_tuong": "units.unit", "hanh_dong": "login", "ma": "1", "nguoi": "u_", "tu": "2026-01-01", "den": "2026-12-31",
                                       "trang": "1"}),
    "core:audit_detail": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": first_audit_entry(h)}),
    "jobs:job_list": Endpoint(SYSADMIN, query={"trang_thai": "FAILED", "tac_vu": "gui", "hang_doi": "mail", "trang": "1"}),
    "jobs:job_detail": Endpoint(SYSADMIN, kwargs=lambda h: {"pk": failed_job(h)}),
    "jobs:job_retry": Endpoint(SYSADMIN, "post", kwargs=lambda h: {"pk": failed_job(h)}),
    "accounts:user_import_status": Endpoint(Role.PROVINCE_ADMIN, htmx=True, kwargs=lambda h: {"pk": import_job(h)}),
    "exports:status": Endpoint(Role.PROVINCE_ADMIN, htmx=True, kwargs=lambda h: {"pk": export_job(h)}),
    "exports:download": Endpoint(Role.PROVINCE_ADMIN, kwargs=lambda h: {"pk": export_job(h)}),
}
# fmt: on


# The endpoints test_hostile_input_plans.py probes; test_hostile_input.py probes the others.
PLAN_SIDE = (
    "plans:",
    "frameworks:",
    "portal:",
    "reports:",
    "api:",
    "core:",
    "home",
    "healthz",
    "readyz",
    "metrics",
    "set_language",
    "admin:",
)


def url_names() -> set[str]:
    """Every named URL pattern (Django's admin is represented by its index)."""
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                names.add(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns, "")
    # The JSON API (api-v1:…) is fuzzed from its OpenAPI schema instead (tiepcan/api/tests/test_fuzz.py).
    return {
        n for n in names if (not n.startswith("admin:") or n == "admin:index") and not n.startswith("api-v1:")
    }


# --- Running the probes -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Hostile]:
    """Built once for the module inside a transaction that is rolled back at the end."""
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("hostile-media"))},
        },
    }
    # Sessions in signed cookies: thousands of requests, each spared a session query or two.
    fast = override_settings(
        STORAGES=storages, SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies"
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        world = build_hostile()
        yield world
        transaction.set_rollback(True)


@contextmanager
def reading_keys() -> Iterator[list[tuple[int, str]]]:
    """Record every key a view reads from a QueryDict (GET or POST), as (id of the dict, key)."""
    read: list[tuple[int, str]] = []
    names = ("get", "getlist", "__getitem__", "__contains__", "items")
    originals = {name: getattr(QueryDict, name) for name in names}
    own = {name for name in names if name in vars(QueryDict)}

    def spy(name: str) -> Callable[..., Any]:
        original = originals[name]

        def wrapper(self: QueryDict, key: str, *args: Any, **kwargs: Any) -> Any:
            read.append((id(self), key))
            return original(self, key, *args, **kwargs)

        return wrapper

    def items(self: QueryDict) -> Iterator[tuple[str, Any]]:
        read.append((id(self), "*"))
        return super(QueryDict, self).items()

    spies = {name: spy(name) for name in names[:-1]} | {"items": items}
    for name, method in spies.items():
        setattr(QueryDict, name, method)
    try:
        yield read
    finally:
        for name in names:
            if name in own:
                setattr(QueryDict, name, originals[name])
            else:
                delattr(QueryDict, name)


def _resolve(value: Value, h: Hostile) -> Any:
    return value(h) if callable(value) else value


def _named(key: str, h: Hostile) -> str:
    """Field names may name an object: "recommend:{forwarded}" → "recommend:12"."""
    return key.format(**{name: obj.pk for name, obj in h.objects.items() if hasattr(obj, "pk")})


def _failure(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/tiepcan/" in f.filename]
    where = f" at {frames[-1].filename.rsplit('/tiepcan/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}: {str(exc)[:120]}{where}"


def _send(
    client: Client, endpoint: Endpoint, url: str, data: dict[str, Any], query: dict[str, Any]
) -> tuple[Any, str]:
    """One request, rolled back; returns (response or None, problem or "")."""
    headers = {"HX-Request": "true"} if endpoint.htmx else {}
    cache.clear()
    with transaction.atomic():
        try:
            if endpoint.method == "post":
                target = f"{url}?{_urlencode(query)}" if query else url
                response = client.post(target, data, headers=headers)
            else:
                response = client.get(url, query, headers=headers)
        except Exception as exc:  # any exception is the finding
            transaction.set_rollback(True)
            return None, _failure(exc)
        transaction.set_rollback(True)
    if isinstance(
        response, StreamingHttpResponse
    ):  # files: reading to the end closes them (the client's wrapper does)
        b"".join(response.streaming_content)
    if response.status_code >= 500:
        return response, f"HTTP {response.status_code}"
    return response, ""


def _urlencode(query: dict[str, Any]) -> str:
    params = QueryDict(mutable=True)
    for key, value in query.items():
        params.setlist(key, value if isinstance(value, list) else [value])
    return params.urlencode()


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "…"


def probe(hostile: Hostile, name: str, request: pytest.FixtureRequest) -> None:
    """Send the valid input, then every hostile variant of it; fail on any 5xx or exception."""
    endpoint = ENDPOINTS[name]
    # 4xx answers are logged as warnings by Django: thousands of them here, none of interest.
    caplog_level = logging.getLogger("django.request").level
    logging.getLogger("django.request").setLevel(logging.ERROR)
    request.addfinalizer(lambda: logging.getLogger("django.request").setLevel(caplog_level))
    if endpoint.prepare:
        endpoint.prepare(hostile)
    client = Client()
    if endpoint.role != ANON:
        client.force_login(hostile.user(endpoint.role), backend="django.contrib.auth.backends.ModelBackend")
    kwargs = endpoint.kwargs(hostile) if endpoint.kwargs else {}
    url = reverse(name, kwargs=kwargs)
    query = {k: _resolve(v, hostile) for k, v in endpoint.query.items()}
    failures: list[str] = []

    # The valid input first: it must work, and shows which fields the view reads.
    fuzzed: set[tuple[str, Any]] = set()
    nul_sent = False
    for variant in [endpoint.fields, *({**endpoint.fields, **v} for v in endpoint.variants)]:
        data = {_named(k, hostile): _resolve(v, hostile) for k, v in variant.items()}
        data.update({k: make() for k, make in endpoint.files.items()})
        with reading_keys() as read:
            response, problem = _send(client, endpoint, url, data, query)
        if problem:
            failures.append(f"valid input {data}: {problem}")
            continue
        sent = response.wsgi_request
        post_keys = {k for i, k in read if i == id(sent._post)} if hasattr(sent, "_post") else set()
        get_keys = {k for i, k in read if i == id(sent.GET)}
        # A file input also reads "<name>-clear" (the "clear" checkbox of Django's widget); fields
        # repeated per row ("points:1.1", "points:1.2", …) are one field, listed once.
        covered = set(data) | {f"{name}-clear" for name in endpoint.files} | {"*", "csrfmiddlewaretoken"}
        families = {key.split(":", 1)[0] for key in data if ":" in key}
        unlisted = sorted(
            k for k in post_keys - covered if k.split(":", 1)[0] not in families or ":" not in k
        )
        if "*" in post_keys and not data:
            unlisted.append("(the view iterates over every posted field)")
        unlisted += sorted(f"?{k}" for k in get_keys - set(query))
        assert not unlisted, f"{name} reads fields its ENDPOINTS entry does not list: {unlisted}"

        for key in data:
            # A variant repeats the fields it shares with the first input: those are probed once.
            if key not in endpoint.files and (key, repr(data[key])) in fuzzed:
                continue
            fuzzed.add((key, repr(data[key])))
            values: list[Any] = hostile_files() if key in endpoint.files else hostile_values(data[key])
            if key not in endpoint.files and not nul_sent:
                values, nul_sent = [*values, NUL], True
            for value in values:
                response, problem = _send(client, endpoint, url, {**data, key: value}, query)
                if problem:
                    failures.append(f"{key}={_show(value)}: {problem}")
        for key in query:
            for value in [*hostile_values(query[key]), NUL]:
                response, problem = _send(client, endpoint, url, data, {**query, key: value})
                if problem:
                    failures.append(f"?{key}={_show(value)}: {problem}")
    for key in kwargs:
        for value in HOSTILE_IDS:
            response, problem = _send(
                client, endpoint, reverse(name, kwargs={**kwargs, key: value}), {}, query
            )
            if problem:
                failures.append(f"path {key}={_show(value)}: {problem}")
    assert not failures, f"{name} as {endpoint.role}:\n" + "\n".join(dict.fromkeys(failures))
