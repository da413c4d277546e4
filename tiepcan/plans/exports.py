"""Plan lists as .xlsx: tasks, inspections and budget estimates (scope and filters of the page)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.jobs.exports import DATE, INT, TEXT, VND, Column, Export
from tiepcan.plans.models import BudgetEstimate, Inspection, Task


def _task_columns(context: dict[str, Any]) -> list[Column]:
    return [
        Column(_("Mục"), TEXT, 10),
        Column(_("Hoạt động"), TEXT, 60),
        Column(_("Cơ quan chủ trì"), TEXT, 32),
        Column(_("Năm"), INT, 8),
        Column(_("Kỳ thực hiện"), TEXT, 18),
        Column(_("Bắt đầu"), DATE, 12),
        Column(_("Hạn hoàn thành"), DATE, 14),
        Column(_("Trạng thái"), TEXT, 16),
        Column(_("Tiến độ (%)"), INT, 10),
        Column(_("Ngày hoàn thành"), DATE, 14),
    ]


def _task_rows(tasks: list[Task], context: dict[str, Any]) -> Any:
    for task in tasks:
        yield [
            task.activity.reference,
            task.activity.title,
            task.agency.name,
            task.year,
            task.label,
            task.starts_on,
            task.due_on,
            str(task.display_status_label),
            task.progress,
            task.completed_on,
        ]


TASKS = Export(
    name="tiepcan.plans.exports.TASKS",
    title=_("Nhiệm vụ kế hoạch"),
    model=Task,
    action=Action.VIEW,
    columns=_task_columns,
    rows=_task_rows,
    related=lambda qs: qs.select_related("activity__group", "agency"),
)
# "My tasks" lists what the person reports on: fetched again in that narrower scope.
MY_TASKS = Export(
    name="tiepcan.plans.exports.MY_TASKS",
    title=_("Nhiệm vụ của tôi"),
    model=Task,
    action=Action.REPORT_PROGRESS,
    columns=_task_columns,
    rows=_task_rows,
    related=lambda qs: qs.select_related("activity__group", "agency"),
)


def _inspection_columns(context: dict[str, Any]) -> list[Column]:
    return [
        Column(_("Ngày kiểm tra"), DATE, 12),
        Column(_("Loại"), TEXT, 14),
        Column(_("Hình thức"), TEXT, 14),
        Column(_("Cơ quan kiểm tra"), TEXT, 32),
        Column(_("Đơn vị được kiểm tra"), TEXT, 40),
        Column(_("Kết quả, phát hiện"), TEXT, 50),
        Column(_("Kiến nghị"), TEXT, 50),
        Column(_("Việc sau kiểm tra còn mở"), INT, 12),
        Column(_("Tổng số việc sau kiểm tra"), INT, 12),
    ]


def _inspection_rows(inspections: list[Inspection], context: dict[str, Any]) -> Any:
    for item in inspections:
        yield [
            item.held_on,
            item.get_form_display(),
            item.get_kind_display(),
            item.inspecting_agency.name,
            "; ".join(unit.name for unit in item.units.all()),
            item.findings,
            item.recommendations,
            item.open_follow_ups,
            item.all_follow_ups,
        ]


INSPECTIONS = Export(
    name="tiepcan.plans.exports.INSPECTIONS",
    title=_("Kiểm tra, giám sát"),
    model=Inspection,
    action=Action.VIEW,
    columns=_inspection_columns,
    rows=_inspection_rows,
    related=lambda qs: (
        qs.select_related("inspecting_agency")
        .prefetch_related("units")
        .annotate(
            open_follow_ups=Count("follow_ups", filter=Q(follow_ups__status="open")),
            all_follow_ups=Count("follow_ups"),
        )
    ),
)


def _budget_columns(context: dict[str, Any]) -> list[Column]:
    return [
        Column(_("Năm"), INT, 8),
        Column(_("Cơ quan lập dự toán"), TEXT, 32),
        Column(_("Hoạt động"), TEXT, 12),
        Column(_("Số đề nghị (đồng)"), VND, 18),
        Column(_("Số được duyệt (đồng)"), VND, 18),
        Column(_("Đã cấp (đồng)"), VND, 18),
        Column(_("Trạng thái"), TEXT, 16),
        Column(_("Số quyết định phê duyệt"), TEXT, 18),
        Column(_("Ngày quyết định phê duyệt"), DATE, 14),
        Column(_("Thuyết minh"), TEXT, 40),
    ]


def _budget_rows(estimates: list[BudgetEstimate], context: dict[str, Any]) -> Any:
    for e in estimates:
        yield [
            e.year,
            e.agency.name,
            e.activity.reference if e.activity else "",
            e.requested,
            e.approved,
            e.allocated_total,
            e.get_status_display(),
            e.approval_number,
            e.approval_date,
            e.description,
        ]


BUDGET = Export(
    name="tiepcan.plans.exports.BUDGET",
    title=_("Dự toán kinh phí"),
    model=BudgetEstimate,
    action=Action.VIEW,
    columns=_budget_columns,
    rows=_budget_rows,
    related=lambda qs: qs.select_related("agency", "activity__group").annotate(
        allocated_total=Sum("allocations__amount")
    ),
)
