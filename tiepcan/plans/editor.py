"""Writing plans in the browser: create (or copy), edit, publish, amend; tasks follow the plan in force.

Every change is checked by the plan file's own validation (``tiepcan.lib.plan_file``) on the
plan as it would be after the change, so the browser and the file import refuse the same
things with the same Vietnamese messages. Writes are atomic and lock the plan row, so two
administrators editing the same plan cannot interleave.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core import audit, rules
from tiepcan.lib import plan_file, plan_schedule
from tiepcan.plans.choices import AgencyRole, OutputKind, PlanStatus, TaskStatus
from tiepcan.plans.models import (
    Activity,
    ActivityAgency,
    ActivityGroup,
    Plan,
    PlanAmendment,
    ProgressReport,
    Responsibility,
    Task,
)
from tiepcan.plans.services import agencies_for, generate_tasks, province_agency_codes
from tiepcan.units.models import Unit

# What users see for each key of an activity in the amendment history.
FIELD_LABELS = {
    "number": "số hoạt động",
    "title": "nội dung",
    "lead": "cơ quan chủ trì",
    "coordinating": "cơ quan phối hợp",
    "schedule": "thời gian thực hiện",
    "schedule_text": "thời gian (nguyên văn)",
    "outputs": "sản phẩm",
    "outputs_text": "kết quả, sản phẩm",
    "notes": "ghi chú",
    "group": "nhóm hoạt động",
}
HEADER_LABELS = {
    "number": "số, ký hiệu",
    "issued_on": "ngày ban hành",
    "issuer": "cơ quan ban hành",
    "signer_name": "người ký",
    "signer_title": "chức vụ người ký",
    "title": "tên kế hoạch",
    "start_year": "từ năm",
    "end_year": "đến năm",
    "legal_bases": "căn cứ",
    "purposes": "mục đích",
    "requirements": "yêu cầu",
    "rules": "thực hiện quy định",
    "notes": "ghi chú",
}


class PlanProblems(ValidationError):
    """The plan after the change would not pass the plan file's checks; ``problems`` says why."""

    def __init__(self, problems: list[plan_file.Problem]) -> None:
        super().__init__([str(p) for p in problems])
        self.problems = problems


@dataclass
class AmendmentInput:
    """The document by which a published plan is changed (Kế hoạch sửa đổi, bổ sung…)."""

    document_number: str
    document_date: date
    summary: str


# --- The plan as plan-file data ----------------------------------------------------------------


def _ref(link: ActivityAgency | Responsibility) -> str:
    return link.agency.code if link.agency is not None else link.group_code


def activity_data(activity: Activity) -> dict[str, Any]:
    """One activity in the plan file's shape (``tiepcan-plan/1``)."""
    links = list(activity.agency_links.all())
    item: dict[str, Any] = {
        "number": activity.number,
        "title": activity.title,
        "lead": [{"agency": _ref(x), "label": x.label} for x in links if x.role == AgencyRole.LEAD],
    }
    coordinating = [{"agency": _ref(x), "label": x.label} for x in links if x.role == AgencyRole.COORDINATING]
    if coordinating:
        item["coordinating"] = coordinating
    item["schedule"] = activity.schedule
    item["schedule_text"] = activity.schedule_text
    item["outputs"] = [o.get("kind") for o in activity.outputs if o.get("kind")]
    if activity.outputs_text:
        item["outputs_text"] = activity.outputs_text
    if activity.notes:
        item["notes"] = activity.notes
    return item


def plan_data(plan: Plan) -> dict[str, Any]:
    """The whole plan in the plan file's shape: what is validated, exported and copied."""
    head: dict[str, Any] = {
        "number": plan.number or None,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "issuer": plan.issuer.code if plan.issuer is not None else "",
        "signer": {"name": plan.signer_name, "title": plan.signer_title},
        "title": plan.title,
        "period": {"start": plan.start_year, "end": plan.end_year},
    }
    if plan.rules:
        head["rules"] = plan.rules
    for key in ("legal_bases", "purposes", "requirements"):
        if getattr(plan, key):
            head[key] = list(getattr(plan, key))
    if plan.notes:
        head["notes"] = plan.notes
    groups = []
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("group")
        .prefetch_related("agency_links__agency")
        .order_by("group__order", "order", "number")
    )
    by_group: dict[int, list[dict[str, Any]]] = {}
    for activity in activities:
        by_group.setdefault(activity.group_id, []).append(activity_data(activity))
    for group in plan.groups.order_by("order"):
        groups.append(
            {"number": group.number, "title": group.title, "activities": by_group.get(group.pk, [])}
        )
    data: dict[str, Any] = {"format": plan_file.FORMAT, "plan": head, "groups": groups}
    responsibilities = [
        {"agency": _ref(r), "label": r.label, "duties": list(r.duties)}
        for r in plan.responsibilities.select_related("agency").order_by("order")
    ]
    if responsibilities:
        data["responsibilities"] = responsibilities
    if plan.recipients:
        data["recipients"] = list(plan.recipients)
    return data


def check(plan: Plan, data: dict[str, Any]) -> list[plan_file.Problem]:
    return plan_file.validate_data(data, set(province_agency_codes(plan.province)))


def _check_or_raise(plan: Plan, data: dict[str, Any], *, allow_empty_groups: bool = True) -> None:
    problems = check(plan, data)
    if allow_empty_groups:
        # A draft may hold a section with no activity yet; publishing refuses it (minItems).
        problems = [p for p in problems if not (p.path.endswith(".activities") and "rỗng" in p.message)]
    if problems:
        raise PlanProblems(problems)


# --- Creating and copying ----------------------------------------------------------------------


def create_plan(*, province: Unit, header: dict[str, Any], actor: Any, copy_from: Plan | None = None) -> Plan:
    """A new draft plan, empty or with a previous plan's sections, activities and responsibilities.

    Copied schedules move to the new period (``plan_schedule.shift``): "Quý III/2017" of a
    2017–2020 plan becomes "Quý III/2026" of a 2026–2030 plan. Each copied activity keeps a
    link to the one it was copied from.
    """
    with transaction.atomic():
        plan = Plan(province=province, status=PlanStatus.DRAFT, based_on=copy_from, **header)
        if copy_from is not None:
            for key in ("purposes", "requirements", "recipients"):
                setattr(plan, key, list(getattr(copy_from, key)))
            if not plan.legal_bases:
                plan.legal_bases = list(copy_from.legal_bases)
        plan.full_clean(exclude=["source", "source_text"])
        plan.save()
        if copy_from is not None:
            _copy_contents(copy_from, plan)
            _check_or_raise(plan, plan_data(plan))
    return plan


def _copy_contents(source: Plan, target: Plan) -> None:
    old, new = (source.start_year, source.end_year), (target.start_year, target.end_year)
    groups = {}
    for group in source.groups.order_by("order"):
        groups[group.pk] = ActivityGroup.objects.create(
            plan=target, number=group.number, title=group.title, order=group.order
        )
    for activity in source.activities.prefetch_related("agency_links").order_by("group__order", "number"):
        copy = Activity.objects.create(
            plan=target,
            group=groups[activity.group_id],
            number=activity.number,
            title=activity.title,
            schedule=plan_schedule.shift(activity.schedule, old, new),
            schedule_text=plan_schedule.shift_text(activity.schedule_text, old, new, activity.schedule),
            outputs=list(activity.outputs),
            outputs_text=activity.outputs_text,
            notes=activity.notes,
            order=activity.order,
            source_activity=activity,
        )
        ActivityAgency.objects.bulk_create(
            ActivityAgency(
                activity=copy,
                role=link.role,
                agency_id=link.agency_id,
                group_code=link.group_code,
                label=link.label,
                order=link.order,
            )
            for link in activity.agency_links.all()
        )
    for item in source.responsibilities.order_by("order"):
        Responsibility.objects.create(
            plan=target,
            agency_id=item.agency_id,
            group_code=item.group_code,
            label=item.label,
            duties=list(item.duties),
            order=item.order,
        )


# --- Editing -----------------------------------------------------------------------------------


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).select_related("province", "issuer").get(pk=plan.pk)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(
            v.get("label", "") if isinstance(v, dict) else str(dict(OutputKind.choices).get(v, v))
            for v in value
        )
    if isinstance(value, dict):
        return plan_schedule.describe(value)
    return "" if value is None else str(value)


def _record(
    plan: Plan, actor: Any, amendment: AmendmentInput | None, changes: list[dict[str, str]]
) -> PlanAmendment | None:
    """A published plan changes only by an amendment document; drafts change freely."""
    if plan.status != PlanStatus.PUBLISHED or not changes:
        return None
    if amendment is None:
        raise ValidationError(
            _("Kế hoạch đã ban hành: hãy ghi văn bản sửa đổi, bổ sung (số, ngày, nội dung).")
        )
    return PlanAmendment.objects.create(
        plan=plan,
        document_number=amendment.document_number,
        document_date=amendment.document_date,
        summary=amendment.summary,
        changes=changes,
        made_by=actor,
    )


def save_activity(
    *,
    plan: Plan,
    activity: Activity | None,
    group: ActivityGroup,
    values: dict[str, Any],
    actor: Any,
    amendment: AmendmentInput | None = None,
) -> Activity:
    """Create or change an activity; ``values`` is the activity in the plan file's shape.

    The plan as it would be afterwards is validated like an imported file; on a published
    plan the change is recorded as an amendment and the tasks follow (reported tasks stay).
    """
    with transaction.atomic():
        plan = _locked(plan)
        data = plan_data(plan)
        before: dict[str, Any] = {}
        if activity is not None:
            activity = Activity.objects.select_related("group").get(pk=activity.pk, plan=plan)
            before = {**activity_data(activity), "group": activity.group.number}
            for g in data["groups"]:
                g["activities"] = [
                    a
                    for a in g["activities"]
                    if a["number"] != activity.number or g["number"] != activity.group.number
                ]
        for g in data["groups"]:
            if g["number"] == group.number:
                g["activities"].append(values)
        _check_or_raise(plan, data)
        changes: list[dict[str, str]] = []
        target = f"II.{group.number}.{values['number']}"
        after = {**values, "group": group.number}
        if activity is None:
            changes.append({"target": target, "field": "hoạt động", "before": "", "after": values["title"]})
        else:
            for key, label in FIELD_LABELS.items():
                old, new = _text(before.get(key)), _text(after.get(key))
                if key in ("lead", "coordinating", "outputs", "schedule"):
                    same = before.get(key, []) == after.get(key, [])
                else:
                    same = old == new
                if not same:
                    changes.append({"target": target, "field": label, "before": old, "after": new})
        if activity is not None and not changes:
            return activity
        _record(plan, actor, amendment, changes)
        agencies = province_agency_codes(plan.province)
        row = activity or Activity(plan=plan)
        row.group = group
        row.number = values["number"]
        row.title = values["title"]
        row.schedule = values["schedule"]
        row.schedule_text = values["schedule_text"]
        row.outputs = [{"kind": kind} for kind in values.get("outputs", [])]
        row.outputs_text = values.get("outputs_text", "")
        row.notes = values.get("notes", "")
        if activity is None:
            row.order = (group.activities.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        row.save()
        row.agency_links.all().delete()
        links = []
        for role, key in ((AgencyRole.LEAD, "lead"), (AgencyRole.COORDINATING, "coordinating")):
            for order, ref in enumerate(values.get(key, []), start=1):
                code = ref["agency"]
                links.append(
                    ActivityAgency(
                        activity=row,
                        role=role,
                        agency=None if code.startswith("@") else agencies[code],
                        group_code=code if code.startswith("@") else "",
                        label=ref["label"],
                        order=order,
                    )
                )
        ActivityAgency.objects.bulk_create(links)
        if plan.status == PlanStatus.PUBLISHED:
            sync_tasks(plan)
    return row


def delete_activity(*, activity: Activity, actor: Any, amendment: AmendmentInput | None = None) -> None:
    """Remove an activity; on a published plan only by amendment and only if nobody reported on it."""
    with transaction.atomic():
        plan = _locked(activity.plan)
        activity = Activity.objects.select_related("group").get(pk=activity.pk, plan=plan)
        if ProgressReport.objects.filter(task__activity=activity).exists():
            raise ValidationError(
                _("Hoạt động đã có báo cáo tiến độ, không thể xoá; hãy sửa nội dung hoặc thời gian.")
            )
        data = plan_data(plan)
        for g in data["groups"]:
            if g["number"] == activity.group.number:
                g["activities"] = [a for a in g["activities"] if a["number"] != activity.number]
        _check_or_raise(plan, data)
        _record(
            plan,
            actor,
            amendment,
            [{"target": activity.reference, "field": "hoạt động", "before": activity.title, "after": ""}],
        )
        for task in Task.objects.filter(activity=activity):
            task.delete()  # one by one: the audit trail records each
        activity.delete()


def save_group(
    *,
    plan: Plan,
    group: ActivityGroup | None,
    number: str,
    title: str,
    actor: Any,
    amendment: AmendmentInput | None = None,
) -> ActivityGroup:
    """Create or rename a section of Part II (nhóm nội dung)."""
    with transaction.atomic():
        plan = _locked(plan)
        data = plan_data(plan)
        old_number = group.number if group is not None else None
        if group is None:
            data["groups"].append({"number": number, "title": title, "activities": []})
        else:
            for g in data["groups"]:
                if g["number"] == old_number:
                    g["number"], g["title"] = number, title
        _check_or_raise(plan, data)
        changes = []
        if group is None:
            changes.append(
                {"target": f"II.{number}", "field": "nhóm hoạt động", "before": "", "after": title}
            )
        else:
            if group.number != number:
                changes.append(
                    {
                        "target": f"II.{old_number}",
                        "field": "số thứ tự",
                        "before": group.number,
                        "after": number,
                    }
                )
            if group.title != title:
                changes.append(
                    {"target": f"II.{number}", "field": "nội dung", "before": group.title, "after": title}
                )
            if not changes:
                return group
        _record(plan, actor, amendment, changes)
        row = group or ActivityGroup(plan=plan, order=plan.groups.count() + 1)
        row.number, row.title = number, title
        row.save()
    return row


def save_header(
    *, plan: Plan, values: dict[str, Any], actor: Any, amendment: AmendmentInput | None = None
) -> Plan:
    """Change the plan's own data (number, date, signer, bases, period…)."""
    with transaction.atomic():
        plan = _locked(plan)
        changes = []
        for key, value in values.items():
            old = getattr(plan, key)
            if old != value:
                label = HEADER_LABELS.get(key, key)
                changes.append(
                    {"target": "Kế hoạch", "field": label, "before": _text(old), "after": _text(value)}
                )
                setattr(plan, key, value)
        if not changes:
            return plan
        if plan.status == PlanStatus.PUBLISHED:
            outside = Task.objects.filter(activity__plan=plan, reports__isnull=False).exclude(
                year__gte=plan.start_year, year__lte=plan.end_year
            )
            if outside.exists():
                raise ValidationError(
                    _("Có nhiệm vụ đã báo cáo nằm ngoài giai đoạn mới; không thể thu hẹp giai đoạn.")
                )
        plan.full_clean(exclude=["source", "source_text"])
        _check_or_raise(plan, plan_data(plan))
        _record(plan, actor, amendment, changes)
        plan.save()
        if plan.status == PlanStatus.PUBLISHED:
            for other in _overlapping(plan, include_self=True):
                sync_tasks(other)
    return plan


def save_part_three(
    *,
    plan: Plan,
    responsibilities: list[dict[str, Any]],
    recipients: list[str],
    actor: Any,
    amendment: AmendmentInput | None = None,
) -> list[dict[str, str]]:
    """Change Part III (each agency's responsibilities) and the recipients; returns what changed.

    ``responsibilities`` is in the plan file's shape (``{"agency", "label", "duties"}``, in order).
    The plan afterwards is validated like an imported file; on a published plan every change is
    recorded in the amendment history, as for the activities."""
    with transaction.atomic():
        plan = _locked(plan)
        data = plan_data(plan)
        before = data.get("responsibilities", [])
        data["responsibilities"] = responsibilities
        data["recipients"] = recipients
        if not responsibilities:
            data.pop("responsibilities")
        if not recipients:
            data.pop("recipients")
        _check_or_raise(plan, data)
        changes: list[dict[str, str]] = []
        old = {(r["agency"], r["label"]): r for r in before}
        new = {(r["agency"], r["label"]): r for r in responsibilities}
        for key, row in old.items():
            if key not in new:
                changes.append(
                    {
                        "target": f"III – {row['label']}",
                        "field": "cơ quan",
                        "before": row["label"],
                        "after": "",
                    }
                )
            elif new[key]["duties"] != row["duties"]:
                changes.append(
                    {
                        "target": f"III – {row['label']}",
                        "field": "nhiệm vụ",
                        "before": "; ".join(row["duties"]),
                        "after": "; ".join(new[key]["duties"]),
                    }
                )
        for key, row in new.items():
            if key not in old:
                changes.append(
                    {
                        "target": f"III – {row['label']}",
                        "field": "cơ quan",
                        "before": "",
                        "after": f"{row['label']}: {'; '.join(row['duties'])}",
                    }
                )
        if not changes and list(old) != list(new):
            changes.append(
                {
                    "target": "III",
                    "field": "thứ tự",
                    "before": "; ".join(r["label"] for r in before),
                    "after": "; ".join(r["label"] for r in responsibilities),
                }
            )
        if list(plan.recipients) != recipients:
            changes.append(
                {
                    "target": "Nơi nhận",
                    "field": "nơi nhận",
                    "before": "; ".join(plan.recipients),
                    "after": "; ".join(recipients),
                }
            )
        if not changes:
            return []
        _record(plan, actor, amendment, changes)
        agencies = province_agency_codes(plan.province)
        for row in plan.responsibilities.all():
            row.delete()  # one by one: the audit trail records each
        for order, item in enumerate(responsibilities, start=1):
            code = item["agency"]
            Responsibility.objects.create(
                plan=plan,
                agency=None if code.startswith("@") else agencies[code],
                group_code=code if code.startswith("@") else "",
                label=item["label"],
                duties=list(item["duties"]),
                order=order,
            )
        plan.recipients = recipients
        plan.save(update_fields=["recipients", "updated_at"])
    return changes


# --- Publishing and tasks ----------------------------------------------------------------------


def _overlapping(plan: Plan, *, include_self: bool = False) -> list[Plan]:
    rows = Plan.objects.published().filter(
        province_id=plan.province_id, start_year__lte=plan.end_year, end_year__gte=plan.start_year
    )
    if not include_self:
        rows = rows.exclude(pk=plan.pk)
    return list(rows.select_related("province"))


def publish(*, plan: Plan, actor: Any) -> int:
    """Make a draft the plan in force for its years and create their tasks.

    An older published plan covering some of the same years yields them: its tasks there
    that nobody has reported on go (the new plan's replace them); reported ones stay.
    Returns the number of tasks created.
    """
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != PlanStatus.DRAFT:
            raise ValidationError(_("Kế hoạch đã được ban hành."))
        _check_or_raise(plan, plan_data(plan), allow_empty_groups=False)
        if not plan.number or not plan.issued_on:
            raise ValidationError(_("Hãy ghi số, ký hiệu và ngày ban hành của kế hoạch trước khi ban hành."))
        plan.status = PlanStatus.PUBLISHED
        plan.published_at = timezone.now()
        plan.save(update_fields=["status", "published_at", "updated_at"])
        for other in _overlapping(plan):
            sync_tasks(other)
        created, _removed = sync_tasks(plan)
    return created


def sync_tasks(plan: Plan) -> tuple[int, int]:
    """Bring a published plan's tasks in line with its activities and the years it is in force.

    Missing tasks are created; tasks no longer implied (a changed schedule or lead agency,
    a year taken over by a newer plan) are removed only if nobody has reported on them and
    they were not started; due dates follow the schedule. Returns (created, removed).
    """
    if plan.parent_plan_id:
        return 0, 0  # a lower unit's plan is carried out through the provincial activities' tasks
    years = plan.years_in_force()
    created = sum(generate_tasks(plan, year) for year in years)
    expected: dict[tuple[int, int, int, str], plan_schedule.Occurrence] = {}
    period = (plan.start_year, plan.end_year)
    for activity in plan.activities.prefetch_related("agency_links__agency"):
        for year in years:
            for occurrence in plan_schedule.expand(activity.schedule, year, period):
                on = occurrence.due_on or date(year, 12, 31)
                for link in activity.agency_links.all():
                    if link.role != AgencyRole.LEAD:
                        continue
                    targets = (
                        [link.agency] if link.agency else agencies_for(link.group_code, plan.province, on)
                    )
                    for agency in targets:
                        expected[(activity.pk, agency.pk, year, occurrence.label)] = occurrence
    removed = 0
    reported = ProgressReport.objects.filter(task=OuterRef("pk"))
    for task in Task.objects.filter(activity__plan=plan).annotate(has_reports=Exists(reported)):
        wanted = expected.get((task.activity_id, task.agency_id, task.year, task.label))
        if wanted is None:
            if not task.has_reports and task.status == TaskStatus.NOT_STARTED:
                task.delete()
                removed += 1
            continue
        if (task.starts_on, task.due_on) != (wanted.starts_on, wanted.due_on):
            task.starts_on, task.due_on = wanted.starts_on, wanted.due_on
            task.save(update_fields=["starts_on", "due_on", "updated_at"])
    return created, removed


# --- Plans of the units below the province ------------------------------------------------------

# The class of agencies a lower unit's People's Committee belongs to, as plans name it.
UNIT_COMMITTEE_CLASSES = {"ubnd-xa": "@ubnd-xa", "ubnd-huyen": "@ubnd-huyen"}


def create_unit_plan(
    *,
    user: Any,
    committee: Any,
    parent: Plan,
    number: str,
    issued_on: date,
    signer_name: str,
    signer_title: str,
) -> Plan:
    """A lower unit's plan carrying out the province's (seed §III.4: "UBND các huyện, thành phố xây
    dựng kế hoạch triển khai thực hiện nhiệm vụ theo kế hoạch này"; since 7/2025 the communes).

    It takes the provincial activities its class of committees leads or helps with, each
    linked to the provincial one; the unit's work on them is followed through its tasks of
    the provincial plan, so nothing is counted twice.
    """
    code = UNIT_COMMITTEE_CLASSES.get(committee.code)
    unit = committee.unit
    if (
        code is None
        or unit is None
        or not unit.path.startswith(parent.province.path)
        or unit.pk == parent.province_id
    ):
        raise ValidationError(_("Chỉ Ủy ban nhân dân cấp dưới của tỉnh lập kế hoạch thực hiện kế hoạch này."))
    if not grants_for(user).allows_agency(Action.REPORT_PROGRESS, committee):
        raise PermissionDenied
    if parent.status != PlanStatus.PUBLISHED or parent.parent_plan_id:
        raise ValidationError(_("Chỉ lập kế hoạch thực hiện kế hoạch của tỉnh đã ban hành."))
    with transaction.atomic():
        if Plan.objects.select_for_update().filter(parent_plan=parent, province=unit).exists():
            raise ValidationError(_("%(unit)s đã có kế hoạch thực hiện kế hoạch này.") % {"unit": unit.name})
        start = max(parent.start_year, unit.valid_from.year if unit.valid_from else parent.start_year)
        plan = Plan.objects.create(
            province=unit,
            parent_plan=parent,
            issuer=committee,
            status=PlanStatus.PUBLISHED,
            published_at=timezone.now(),
            number=number,
            issued_on=issued_on,
            signer_name=signer_name,
            signer_title=signer_title,
            rules=parent.rules,
            start_year=start,
            end_year=parent.end_year,
            title=_("Kế hoạch thực hiện %(plan)s trên địa bàn %(unit)s")
            % {"plan": parent, "unit": unit.name},
            legal_bases=[
                _("Kế hoạch %(plan)s của %(issuer)s")
                % {"plan": parent, "issuer": parent.issuer or parent.province}
            ],
            is_demo=parent.is_demo,
        )
        groups: dict[int, ActivityGroup] = {}
        old, new = (parent.start_year, parent.end_year), (start, parent.end_year)
        for activity in (
            parent.activities.filter(agency_links__group_code=code)
            .distinct()
            .select_related("group")
            .order_by("group__order", "number")
        ):
            group = groups.get(activity.group_id)
            if group is None:
                group = groups[activity.group_id] = ActivityGroup.objects.create(
                    plan=plan,
                    number=activity.group.number,
                    title=activity.group.title,
                    order=activity.group.order,
                )
            copy = Activity.objects.create(
                plan=plan,
                group=group,
                number=activity.number,
                title=activity.title,
                schedule=plan_schedule.shift(activity.schedule, old, new)
                if old != new
                else activity.schedule,
                schedule_text=activity.schedule_text,
                outputs=list(activity.outputs),
                outputs_text=activity.outputs_text,
                order=activity.order,
                source_activity=activity,
            )
            ActivityAgency.objects.create(
                activity=copy, role=AgencyRole.LEAD, agency=committee, label=committee.name, order=1
            )
    return plan


def update_unit_plan(*, user: Any, plan: Plan, values: dict[str, Any]) -> list[dict[str, str]]:
    """Correct a recorded lower unit's plan (its number, date and signer); returns what changed.

    The plan is the unit's own document: the change is audited with the fields before and after
    (the province's amendment history is for the province's plan)."""
    rules.check(user, "plans.edit_unit_plan", plan)
    with transaction.atomic(), audit.reason(_("Sửa kế hoạch của đơn vị")):
        plan = _locked(plan)
        changes = []
        for key in ("number", "issued_on", "signer_name", "signer_title"):
            if getattr(plan, key) != values[key]:
                changes.append(
                    {
                        "target": "Kế hoạch",
                        "field": HEADER_LABELS[key],
                        "before": _text(getattr(plan, key)),
                        "after": _text(values[key]),
                    }
                )
                setattr(plan, key, values[key])
        if changes:
            plan.save()
    return changes


def unit_plans_overview(plan: Plan, year: int) -> list[dict[str, Any]]:
    """For a provincial plan: each lower unit holding tasks of it in ``year``, whether it issued
    its own plan, and how its tasks progress (done / total, overdue)."""
    today = timezone.localdate()
    rows = (
        Task.objects.filter(activity__plan=plan, year=year, agency__code__in=list(UNIT_COMMITTEE_CLASSES))
        .values("agency__unit_id", "agency__unit__name", "agency__unit__name_sort")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=TaskStatus.DONE)),
            overdue=Count(
                "id", filter=Q(due_on__lt=today) & ~Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
            ),
        )
        .order_by("agency__unit__name_sort")
    )
    issued = {p.province_id: p for p in Plan.objects.filter(parent_plan=plan)}
    return [
        {
            "unit_id": row["agency__unit_id"],
            "name": row["agency__unit__name"],
            "plan": issued.get(row["agency__unit_id"]),
            "total": row["total"],
            "done": row["done"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]
