"""The home page: what needs attention in the person's scope. Dashboards of the domain apps join it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.chrome import chrome_for
from tiepcan.accounts.permissions import grants_for
from tiepcan.accounts.session import current_active_unit
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.core import audit
from tiepcan.core.shortcuts import require_action
from tiepcan.reports import todo
from tiepcan.reports.forms import ResultImportForm
from tiepcan.reports.importing import import_results
from tiepcan.reports.importing import template_workbook as results_template
from tiepcan.units.models import Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # The person's roles as the frame read them (once per grants stamp: accounts.chrome).
    roles = chrome_for(request.user).roles()
    active = current_active_unit(request)
    periods = todo.open_periods(request.user)  # read once for the summary and the sections
    memo: dict[Any, Any] = {}  # counts the summary and the sections share
    counts = {}
    if active is not None:
        subtree = Unit.objects.for_user(request.user, Action.VIEW).filter(
            path__startswith=active.path, valid_to__isnull=True
        )
        # The communes only: the page shows no count of the unit's agencies (it read one).
        counts = {"communes": subtree.communes().count()}
    return render(
        request,
        "reports/home.html",
        {
            "roles": roles,
            "counts": counts,
            "grants": grants_for(request.user),
            "work": _work_summary(request, periods, memo),
            "todo": todo.sections_for(request.user, periods=periods, memo=memo),
        },
    )


def _work_summary(
    request: HttpRequest, periods: list[AssessmentPeriod], memo: dict[Any, Any]
) -> dict[str, object]:
    """What needs attention in the person's scope: the newest open period, its late dossiers (counted
    from the dossiers by period and status the administrator's section reads too)."""
    today = timezone.localdate()
    period = periods[0] if periods else None
    summary: dict[str, object] = {"period": period}
    if period is not None:
        counts = todo.status_counts(request.user, Action.VIEW, periods, memo)[period.pk]
        stats = {
            "total": todo.count(counts),
            "not_sent": todo.count(counts, {Status.DRAFT, Status.APPROVED, Status.POSTED, Status.RETURNED}),
            "waiting_review": todo.count(counts, {Status.SUBMITTED}),
            "at_council": todo.count(counts, {Status.FORWARDED}),
            "recognised": todo.count(counts, {Status.RECOGNISED}),
        }
        summary.update(stats)
        summary["late"] = today > period.dossier_due and bool(stats["not_sent"])
    return summary


@require_action(Action.IMPORT_RESULTS)
def result_import(request: HttpRequest) -> HttpResponse:
    """Earlier years' results from the .xlsx template: every row checked, then all or nothing."""
    form = ResultImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with audit.reason(_("Nhập kết quả các năm trước từ bảng tính")):
                result = import_results(form.cleaned_data["file"], request.user)
            if result.ok:
                messages.success(
                    request,
                    _("Đã nhập %(n)s kết quả (%(r)s kết quả cũ được thay).")
                    % {"n": result.created + result.replaced, "r": result.replaced},
                )
            else:
                status = 400
        else:
            status = 400
    return render(request, "reports/result_import.html", {"form": form, "result": result}, status=status)


@require_action(Action.IMPORT_RESULTS)
def result_import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        results_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ket-qua-cac-nam.xlsx"'
    return response
