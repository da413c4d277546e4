"""Following tasks and reporting progress on them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.core import rules
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import paginate, querystring_without_page, require_action
from tiepcan.jobs import exports
from tiepcan.lib.engine.numbers import optional_int
from tiepcan.plans import exports as plan_exports
from tiepcan.plans import improvement
from tiepcan.plans.choices import TaskStatus
from tiepcan.plans.filters import PLAN_FILTERS, STATUS_FILTERS, task_filter
from tiepcan.plans.forms import ProgressReportForm
from tiepcan.plans.models import (
    OutputDocument,
    ProgressReport,
    Task,
)
from tiepcan.units.models import Agency


def _filtered_tasks(request: HttpRequest, action: str) -> tuple[Any, dict[str, str]]:
    """The tasks the filters keep, and the filters as text; warns of an ignored filter on the page only."""
    found = task_filter(request, action)
    if not exports.requested(request):
        found.warn_invalid(request)
    return found.qs, found.raw()


def _summary(tasks: Any) -> dict[str, int]:
    """Totals of the tasks the filters keep (not of every visible task)."""
    return tasks.order_by().aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=TaskStatus.DONE)),
        overdue=Count(
            "id",
            filter=Q(due_on__lt=timezone.localdate())
            & ~Q(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]),
        ),
    )


def _years(visible: Any, filters: dict[str, str]) -> list[int]:
    """Years offered by the filter: those with tasks, this year, and the one asked for (shown selected)."""
    years = set(visible.order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    asked = optional_int(filters["nam"], low=2000, high=2100)
    if asked is not None:
        years.add(asked)
    return sorted(years)


@require_action(Action.VIEW)
def task_list(request: HttpRequest) -> HttpResponseBase:
    """The province's overview of every task it may see, by agency, status and due date."""
    tasks, filters = _filtered_tasks(request, Action.VIEW)
    if exports.requested(request):
        return exports.respond(request, plan_exports.TASKS, tasks)
    page = paginate(request, tasks)
    visible = Task.objects.for_user(request.user, Action.VIEW)
    agencies = Agency.objects.filter(pk__in=visible.values("agency_id")).order_by("name_sort")
    return render(
        request,
        "plans/task_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": STATUS_FILTERS,
            "plan_filters": PLAN_FILTERS,
            "agencies": agencies,
            "years": _years(visible, filters),
            "summary": _summary(tasks),
            "querystring": querystring_without_page(request),
            "title": _("Theo dõi nhiệm vụ"),
        },
    )


@require_action(Action.REPORT_PROGRESS)
def my_tasks(request: HttpRequest) -> HttpResponseBase:
    """Tasks the person reports on: their agency's, or their unit's People's Committee's."""
    tasks, filters = _filtered_tasks(request, Action.REPORT_PROGRESS)
    if not filters["trang_thai"] and not filters["nam"]:
        tasks = tasks.open()
    if exports.requested(request):
        return exports.respond(request, plan_exports.MY_TASKS, tasks)
    page = paginate(request, tasks)
    visible = Task.objects.for_user(request.user, Action.REPORT_PROGRESS)
    return render(
        request,
        "plans/task_list.html",
        {
            "page": page,
            "filters": filters,
            "statuses": STATUS_FILTERS,
            "plan_filters": PLAN_FILTERS,
            "years": _years(visible, filters),
            "summary": _summary(tasks),
            "querystring": querystring_without_page(request),
            "title": _("Nhiệm vụ của tôi"),
            "mine": True,
            "improvements": improvement.open_actions_for(request.user)[:50],
        },
    )


def _submit_report(request: HttpRequest, task: Task, form: ProgressReportForm) -> bool:
    """Validate and record the report; errors land on the form and nothing is written."""
    if not form.is_valid():
        return False
    try:
        form.save(task_id=task.pk, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True


@require_action(Action.VIEW)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_for_user_or_404(
        Task.objects.select_related("activity__group", "activity__plan", "agency__unit"),
        request.user,
        Action.VIEW,
        pk=pk,
    )
    if request.method == "POST":
        rules.check_person(request.user, "plans.report_progress", task)
    form = None
    if request.method == "POST" or rules.allowed(request.user, "plans.report_progress", task):
        initial = {"version": task.version, "status": task.status, "progress": task.progress}
        form = ProgressReportForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and _submit_report(request, task, form):
            messages.success(request, _("Đã ghi báo cáo tiến độ."))
            return redirect("plans:task_detail", pk=task.pk)
    reports = (
        ProgressReport.objects.filter(task=task).select_related("reported_by").prefetch_related("documents")
    )
    coordinators = task.activity.agency_links.filter(role="coordinating")
    status = 400 if form is not None and form.errors else 200
    return render(
        request,
        "plans/task_detail.html",
        {"task": task, "form": form, "reports": reports, "coordinators": coordinators},
        status=status,
    )


@require_action(Action.VIEW)
def output_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an output file only to people who may see its task (files are never public)."""
    document = get_for_user_or_404(
        OutputDocument.objects.select_related("report__task__agency__unit"), request.user, Action.VIEW, pk=pk
    )
    if not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
    )
    response["Content-Type"] = document.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response
