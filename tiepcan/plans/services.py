"""Operations on plans that span several rows: loading a plan file, generating tasks, reporting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.core import rules
from tiepcan.lib import plan_file, plan_schedule
from tiepcan.plans.choices import AgencyRole, TaskStatus
from tiepcan.plans.models import (
    Activity,
    ActivityAgency,
    ActivityGroup,
    OutputDocument,
    Plan,
    ProgressReport,
    Responsibility,
    Task,
)
from tiepcan.units.models import Agency, Unit


class StaleTask(ValidationError):
    """Someone else saved the task after this person opened it."""


@dataclass
class OutputInput:
    kind: str
    title: str
    number: str = ""
    issued_on: Any = None
    issuer: str = ""
    file: Any = None
    content_type: str = ""


def report_progress(
    *,
    task_id: int,
    user: Any,
    expected_version: int,
    progress: int,
    status: str,
    note: str,
    outputs: list[OutputInput],
) -> ProgressReport:
    """Record a progress report and move the task, atomically and under a row lock.

    The version check is optimistic locking: if the task changed since the form was
    opened, nothing is written and the person is told to reload.
    """
    if not 0 <= progress <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100%."))
    if status == TaskStatus.DONE and progress != 100:
        raise ValidationError(_("Nhiệm vụ hoàn thành phải có tiến độ 100%."))
    if status == TaskStatus.NOT_STARTED and progress > 0:
        raise ValidationError(_("Nhiệm vụ chưa thực hiện không thể có tiến độ lớn hơn 0%."))
    if not note.strip():
        raise ValidationError(_("Hãy ghi nội dung báo cáo."))
    with transaction.atomic():
        task = Task.objects.select_for_update(of=("self",)).select_related("agency__unit").get(pk=task_id)
        # Checked under the lock: the grant may have been withdrawn or the task cancelled meanwhile.
        rules.check(user, "plans.report_progress", task)
        if task.version != expected_version:
            raise StaleTask(
                _(
                    "Nhiệm vụ vừa được người khác cập nhật. Hãy tải lại trang để xem thông tin mới nhất rồi báo cáo lại."
                )
            )
        report = ProgressReport.objects.create(
            task=task, reported_by=user, progress=progress, status=status, note=note.strip()
        )
        for item in outputs:
            OutputDocument.objects.create(
                report=report,
                kind=item.kind,
                title=item.title,
                number=item.number,
                issued_on=item.issued_on,
                issuer=item.issuer,
                file=item.file,
                content_type=item.content_type,
            )
        task.progress = progress
        task.status = status
        task.completed_on = timezone.localdate() if status == TaskStatus.DONE else None
        task.version += 1
        task.save(update_fields=["progress", "status", "completed_on", "version", "updated_at"])
    return report


# --- Loading a plan file ------------------------------------------------------------------------


def province_agency_codes(province: Unit) -> dict[str, Agency]:
    """Agencies a plan of ``province`` may name by code: the province's own and central bodies."""
    rows = Agency.objects.filter(Q(unit=province) | Q(unit__isnull=True)).order_by("unit_id")
    return {agency.code: agency for agency in rows}


def agencies_for(code: str, province: Unit, on: date) -> list[Agency]:
    """The concrete agencies a plan code stands for on a day (a class expands to its members in force)."""
    if not code.startswith("@"):
        agency = province_agency_codes(province).get(code)
        return [agency] if agency else []
    member_code = plan_file.AGENCY_GROUPS.get(code, ("", ""))[0]
    if not member_code:
        return []  # "units concerned": coordinators only, nobody to hold a task
    return list(
        Agency.objects.filter(code=member_code, unit__path__startswith=province.path)
        .filter(Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=on))
        .filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=on))
        .select_related("unit")
        .order_by("name_sort")
    )


def load_plan(text: str, province: Unit) -> tuple[Plan | None, list[plan_file.Problem]]:
    """Validate a plan file against the province's agencies and store it (all or nothing)."""
    known = set(province_agency_codes(province))
    data, problems = plan_file.validate_plan(text, known)
    if problems or data is None:
        return None, problems
    agencies = province_agency_codes(province)
    head = data["plan"]
    with transaction.atomic():
        plan = Plan.objects.create(
            province=province,
            number=head.get("number") or "",
            issuer=agencies.get(head.get("issuer", "")),
            issued_on=date.fromisoformat(head["issued_on"]) if head.get("issued_on") else None,
            signer_name=head.get("signer", {}).get("name", ""),
            signer_title=head.get("signer", {}).get("title", ""),
            title=head["title"],
            start_year=head["period"]["start"],
            end_year=head["period"]["end"],
            purposes=head.get("purposes", []),
            requirements=head.get("requirements", []),
            legal_bases=head.get("legal_bases", []),
            recipients=data.get("recipients", []),
            notes=head.get("notes", ""),
            rules=head.get("rules", ""),
            source=data,
            source_text=text,
        )
        for g_order, group in enumerate(data["groups"], start=1):
            group_row = ActivityGroup.objects.create(
                plan=plan, number=group["number"], title=group["title"], order=g_order
            )
            for a_order, item in enumerate(group["activities"], start=1):
                activity = Activity.objects.create(
                    plan=plan,
                    group=group_row,
                    number=item["number"],
                    title=item["title"],
                    schedule=item["schedule"],
                    schedule_text=item["schedule_text"],
                    outputs=[{"kind": kind} for kind in item.get("outputs", [])],
                    outputs_text=item.get("outputs_text", ""),
                    notes=item.get("notes", ""),
                    order=a_order,
                )
                links = []
                for role, key in ((AgencyRole.LEAD, "lead"), (AgencyRole.COORDINATING, "coordinating")):
                    for order, ref in enumerate(item.get(key, []), start=1):
                        code = ref["agency"]
                        links.append(
                            ActivityAgency(
                                activity=activity,
                                role=role,
                                agency=None if code.startswith("@") else agencies[code],
                                group_code=code if code.startswith("@") else "",
                                label=ref["label"],
                                order=order,
                            )
                        )
                ActivityAgency.objects.bulk_create(links)
        for order, item in enumerate(data.get("responsibilities", []), start=1):
            code = item["agency"]
            Responsibility.objects.create(
                plan=plan,
                agency=None if code.startswith("@") else agencies[code],
                group_code=code if code.startswith("@") else "",
                label=item["label"],
                duties=item["duties"],
                order=order,
            )
    return plan, []


def generate_tasks(plan: Plan, year: int) -> int:
    """Create the year's tasks from every activity's schedule; existing ones are kept (idempotent)."""
    period = (plan.start_year, plan.end_year)
    created = 0
    existing = set(
        Task.objects.filter(activity__plan=plan, year=year).values_list("activity_id", "agency_id", "label")
    )
    new: list[Task] = []
    activities = plan.activities.prefetch_related("agency_links__agency").all()
    for activity in activities:
        for occurrence in plan_schedule.expand(activity.schedule, year, period):
            on = occurrence.due_on or date(year, 12, 31)
            for link in activity.agency_links.all():
                if link.role != AgencyRole.LEAD:
                    continue
                targets = [link.agency] if link.agency else agencies_for(link.group_code, plan.province, on)
                for agency in targets:
                    key = (activity.pk, agency.pk, occurrence.label)
                    if key in existing:
                        continue
                    existing.add(key)
                    new.append(
                        Task(
                            activity=activity,
                            agency=agency,
                            year=year,
                            label=occurrence.label,
                            starts_on=occurrence.starts_on,
                            due_on=occurrence.due_on,
                            on_request=occurrence.on_request,
                        )
                    )
    with transaction.atomic():
        for task in new:
            task.save()  # one by one so the audit trail records each task
            created += 1
    return created
