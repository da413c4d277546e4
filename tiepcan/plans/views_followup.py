"""Inspections, pilot communes, reviews and awards, staff, budget and periodic reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core.crud import ScopedCreateView, ScopedListView, ScopedUpdateView, scope_form_choices
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404, user_can
from tiepcan.core.views_helpers import flash_errors, require_action
from tiepcan.lib.engine.numbers import optional_int
from tiepcan.jobs import exports
from tiepcan.plans import exports as plan_exports
from tiepcan.plans import budget
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.forms_followup import (
    AllocationForm,
    AwardForm,
    BudgetAppraisalForm,
    BudgetDecisionForm,
    BudgetEstimateForm,
    ConferenceForm,
    FollowUpForm,
    InspectionForm,
    PilotForm,
    ReportRequestForm,
    StaffForm,
    SubmissionForm,
)
from tiepcan.plans.models import Plan
from tiepcan.plans.models_followup import (
    Award,
    BudgetAllocation,
    BudgetEstimate,
    Inspection,
    InspectionFollowUp,
    PilotCommune,
    ReportRequest,
    ReportSubmission,
    ReviewConference,
    StaffAssignment,
)
from tiepcan.units.models import Agency


class FormPageMixin:
    page_title: Any = ""
    back_url_name = ""
    back_label: Any = ""
    template_name = "generic_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            page_title=self.page_title,
            back_url=reverse(self.back_url_name) if self.back_url_name else "",
            back_label=self.back_label,
        )
        return context


# --- Inspections -----------------------------------------------------------------------


class InspectionList(ScopedListView):
    model = Inspection
    template_name = "plans/inspection_list.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("inspecting_agency")
            .prefetch_related("units")
            .annotate(
                open_follow_ups=Count("follow_ups", filter=Q(follow_ups__status="open")),
                all_follow_ups=Count("follow_ups"),
            )
            .order_by("-held_on", "-id")
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if exports.requested(request):
            return exports.respond(request, plan_exports.INSPECTIONS, self.get_queryset())
        return super().get(request, *args, **kwargs)


class InspectionCreate(FormPageMixin, ScopedCreateView):
    model = Inspection
    form_class = InspectionForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Ghi đợt kiểm tra, giám sát")
    back_url_name = "plans:inspection_list"
    back_label = gettext_lazy("Kiểm tra, giám sát")
    success_message = gettext_lazy("Đã ghi đợt kiểm tra, giám sát.")

    def get_success_url(self) -> str:
        return reverse("plans:inspection_detail", kwargs={"pk": self.object.pk})


@require_action(Action.VIEW)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_for_user_or_404(
        Inspection.objects.select_related("inspecting_agency", "plan"), request.user, Action.VIEW, pk=pk
    )
    form = None
    if user_can(request.user, Action.MANAGE_PLAN, inspection):
        form = FollowUpForm(initial={"inspection": inspection.pk})
        scope_form_choices(form, request.user, Action.MANAGE_PLAN)
        form.fields["inspection"].widget = form.fields["inspection"].hidden_widget()
    return render(
        request,
        "plans/inspection_detail.html",
        {
            "inspection": inspection,
            "follow_ups": inspection.follow_ups.select_related("responsible"),
            "form": form,
        },
    )


class FollowUpCreate(FormPageMixin, ScopedCreateView):
    model = InspectionFollowUp
    form_class = FollowUpForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Việc phải làm sau kiểm tra")
    back_url_name = "plans:inspection_list"
    back_label = gettext_lazy("Kiểm tra, giám sát")
    success_message = gettext_lazy("Đã ghi việc phải làm sau kiểm tra.")

    def get_success_url(self) -> str:
        return reverse("plans:inspection_detail", kwargs={"pk": self.object.inspection_id})


class FollowUpEdit(FollowUpCreate, ScopedUpdateView):
    success_message = gettext_lazy("Đã cập nhật việc sau kiểm tra.")


# --- Pilot communes -----------------------------------------------------------------------


class PilotList(ScopedListView):
    model = PilotCommune
    template_name = "plans/pilot_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("commune", "plan")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The seed plan asks for at least one pilot commune a year (Hoạt động II.3.2).
        missing = []
        today_year = timezone.localdate().year
        pilots = PilotCommune.objects.for_user(self.request.user, Action.VIEW)
        for plan in Plan.objects.for_user(self.request.user, Action.VIEW).filter(parent_plan__isnull=True):
            years_with = set(pilots.filter(plan=plan).values_list("year", flat=True))
            for year in plan.years_in_force():
                if year <= today_year and year not in years_with:
                    missing.append((plan, year))
        context["missing_years"] = missing
        return context


class PilotCreate(FormPageMixin, ScopedCreateView):
    model = PilotCommune
    form_class = PilotForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Chọn xã điểm chỉ đạo")
    back_url_name = "plans:pilot_list"
    back_label = gettext_lazy("Xã điểm chỉ đạo")
    success_message = gettext_lazy("Đã ghi xã điểm chỉ đạo.")
    success_url = reverse_lazy("plans:pilot_list")


# --- Reviews and awards ----------------------------------------------------------------------


class ConferenceList(ScopedListView):
    model = ReviewConference
    template_name = "plans/conference_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("awards")


class ConferenceCreate(FormPageMixin, ScopedCreateView):
    model = ReviewConference
    form_class = ConferenceForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Ghi hội nghị sơ kết, tổng kết")
    back_url_name = "plans:conference_list"
    back_label = gettext_lazy("Sơ kết, tổng kết")
    success_message = gettext_lazy("Đã ghi hội nghị.")
    success_url = reverse_lazy("plans:conference_list")


class AwardCreate(FormPageMixin, ScopedCreateView):
    model = Award
    form_class = AwardForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Ghi khen thưởng")
    back_url_name = "plans:conference_list"
    back_label = gettext_lazy("Sơ kết, tổng kết")
    success_message = gettext_lazy("Đã ghi khen thưởng.")
    success_url = reverse_lazy("plans:conference_list")


# --- Staff -------------------------------------------------------------------------------------


class StaffList(ScopedListView):
    model = StaffAssignment
    template_name = "plans/staff_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "agency")


class StaffCreate(FormPageMixin, ScopedCreateView):
    model = StaffAssignment
    form_class = StaffForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Phân công công chức theo dõi")
    back_url_name = "plans:staff_list"
    back_label = gettext_lazy("Công chức theo dõi")
    success_message = gettext_lazy("Đã ghi phân công.")
    success_url = reverse_lazy("plans:staff_list")


class StaffEdit(StaffCreate, ScopedUpdateView):
    success_message = gettext_lazy("Đã cập nhật phân công.")


# --- Budget ------------------------------------------------------------------------------------


@require_action(Action.VIEW)
def budget_list(request: HttpRequest) -> HttpResponse:
    estimates = BudgetEstimate.objects.for_user(request.user, Action.VIEW).select_related(
        "agency", "activity__group"
    )
    year = optional_int(request.GET.get("nam"), low=1, high=9999)
    if year is not None:
        estimates = estimates.filter(year=year)
    totals = (
        estimates.values("year", "agency__name")
        .annotate(requested=Sum("requested"), approved=Sum("approved"))
        .order_by("-year", "agency__name")
    )
    grand = estimates.aggregate(requested=Sum("requested"), approved=Sum("approved"))
    # Allocations summed on their own: joined to the estimates they would repeat each estimate's sums.
    allocations = BudgetAllocation.objects.filter(estimate__in=estimates.values("pk"))
    grand["allocated"] = allocations.aggregate(total=Sum("amount"))["total"]
    allocated_by = {
        (row["estimate__year"], row["estimate__agency__name"]): row["total"]
        for row in allocations.values("estimate__year", "estimate__agency__name").annotate(
            total=Sum("amount")
        )
    }
    totals = [{**row, "allocated": allocated_by.get((row["year"], row["agency__name"]))} for row in totals]
    if exports.requested(request):
        return exports.respond(request, plan_exports.BUDGET, estimates.order_by("-year", "agency__name_sort", "pk"))
    grants = grants_for(request.user)
    return render(
        request,
        "plans/budget_list.html",
        {
            "estimates": estimates.annotate(allocated_total=Sum("allocations__amount")).order_by(
                "-year", "agency__name_sort"
            ),
            "totals": totals,
            "grand": grand,
            "can_create": grants.has_any(Action.MANAGE_PLAN) or grants.has_any(Action.REPORT_PROGRESS),
        },
    )


def _budget_writer_action(user: Any) -> str:
    grants = grants_for(user)
    return Action.MANAGE_PLAN if grants.has_any(Action.MANAGE_PLAN) else Action.REPORT_PROGRESS


@require_action(Action.VIEW)
def budget_create(request: HttpRequest) -> HttpResponse:
    action = _budget_writer_action(request.user)
    if not grants_for(request.user).has_any(action):
        raise PermissionDenied
    form = BudgetEstimateForm(request.POST or None)
    scope_form_choices(form, request.user, action)
    if action == Action.REPORT_PROGRESS:
        # A focal point drafts estimates for their own agency only.
        form.fields["agency"].queryset = Agency.objects.filter(
            pk__in=grants_for(request.user).agency_ids_by_action.get(action, ())
        )
        form.fields["plan"].queryset = Plan.objects.for_user(request.user, Action.VIEW)
    if request.method == "POST" and form.is_valid():
        estimate = form.save()
        messages.success(request, _("Đã lập dự toán (dự thảo). Gửi Sở Tài chính khi hoàn tất."))
        return redirect("plans:budget_detail", pk=estimate.pk)
    return render(
        request,
        "generic_form.html",
        {
            "form": form,
            "page_title": _("Lập dự toán kinh phí"),
            "back_url": reverse("plans:budget_list"),
            "back_label": _("Kinh phí"),
        },
        status=400 if form.errors else 200,
    )


@require_action(Action.VIEW)
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    estimate = get_for_user_or_404(
        BudgetEstimate.objects.select_related("agency", "plan__province", "activity__group"),
        request.user,
        Action.VIEW,
        pk=pk,
    )
    steps = budget.available(request.user, estimate)
    can_decide = bool(steps & budget.DECISIONS)
    return render(
        request,
        "plans/budget_detail.html",
        {
            "estimate": estimate,
            "allocations": estimate.allocations.all(),
            "appraisal_form": BudgetAppraisalForm(
                initial={"version": estimate.version, "amount": estimate.requested}
            )
            if BudgetStatus.APPRAISED in steps
            else None,
            "decision_form": BudgetDecisionForm(initial={"version": estimate.version})
            if can_decide
            else None,
            "transitions": estimate.transitions.select_related("actor"),
            "allocation_form": AllocationForm() if budget.may_allocate(request.user, estimate) else None,
            "can_submit": BudgetStatus.SUBMITTED in steps,
        },
    )


@require_action(Action.VIEW)
@require_POST
def budget_submit(request: HttpRequest, pk: int) -> HttpResponse:
    get_for_user_or_404(BudgetEstimate.objects.all(), request.user, Action.VIEW, pk=pk)
    try:
        budget.submit(estimate_id=pk, user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã gửi dự toán tới Sở Tài chính."))
    return redirect("plans:budget_detail", pk=pk)


@require_action(Action.MANAGE_BUDGET)
@require_POST
def budget_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Sở Tài chính appraises a sent estimate and submits it to the People's Committee (§III.2)."""
    get_for_user_or_404(BudgetEstimate.objects.all(), request.user, Action.MANAGE_BUDGET, pk=pk)
    form = BudgetAppraisalForm(request.POST)
    try:
        data = require_valid(form)
        budget.appraise(
            estimate_id=pk, user=request.user, version=data["version"], amount=data["amount"],
            note=data.get("note") or "",
        )  # fmt: skip
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi kết quả thẩm định, trình UBND tỉnh phê duyệt."))
    return redirect("plans:budget_detail", pk=pk)


@require_action(Action.MANAGE_BUDGET)
@require_POST
def budget_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the provincial People's Committee's decision on an appraised estimate, with its document."""
    get_for_user_or_404(BudgetEstimate.objects.all(), request.user, Action.MANAGE_BUDGET, pk=pk)
    form = BudgetDecisionForm(request.POST)
    try:
        data = require_valid(form)
        budget.decide(
            estimate_id=pk, user=request.user, version=data["version"], decision=data["decision"],
            approved=data.get("approved"), reason=data.get("reason") or "",
            document_number=data["document_number"], document_date=data["document_date"],
        )  # fmt: skip
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi quyết định phê duyệt dự toán của UBND tỉnh."))
    return redirect("plans:budget_detail", pk=pk)


@require_action(Action.MANAGE_BUDGET)
@require_POST
def budget_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    get_for_user_or_404(BudgetEstimate.objects.all(), request.user, Action.MANAGE_BUDGET, pk=pk)
    form = AllocationForm(request.POST)
    try:
        require_valid(form)
        budget.allocate(estimate_id=pk, user=request.user, allocation=form.save(commit=False))
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi cấp phát kinh phí."))
    return redirect("plans:budget_detail", pk=pk)


# --- Periodic reports ----------------------------------------------------------------------------


class ReportRequestList(ScopedListView):
    model = ReportRequest
    template_name = "plans/report_request_list.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .annotate(expected=Count("agencies", distinct=True), received=Count("submissions", distinct=True))
            .order_by("-deadline", "-id")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["for_me"] = (
            ReportRequest.objects.for_user(self.request.user, Action.REPORT_PROGRESS).order_by("-deadline")[
                :20
            ]
            if grants_for(self.request.user).has_any(Action.REPORT_PROGRESS)
            else []
        )
        return context


class ReportRequestCreate(FormPageMixin, ScopedCreateView):
    model = ReportRequest
    form_class = ReportRequestForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Yêu cầu báo cáo định kỳ")
    back_url_name = "plans:report_request_list"
    back_label = gettext_lazy("Báo cáo định kỳ")
    success_message = gettext_lazy("Đã gửi yêu cầu báo cáo.")

    def get_success_url(self) -> str:
        return reverse("plans:report_request_detail", kwargs={"pk": self.object.pk})


def _reachable_request(request: HttpRequest, pk: int) -> ReportRequest:
    """The province sees its requests; an agency asked to report sees the request too."""
    visible = ReportRequest.objects.for_user(request.user, Action.VIEW) | ReportRequest.objects.for_user(
        request.user, Action.REPORT_PROGRESS
    )
    return get_object_or_404(visible, pk=pk)


@require_action(Action.VIEW)
def report_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report_request = _reachable_request(request, pk)
    grants = grants_for(request.user)
    expected = list(report_request.agencies.select_related("unit").order_by("name_sort"))
    submissions = {s.agency_id: s for s in report_request.submissions.select_related("submitted_by")}
    province_view = ReportRequest.objects.for_user(request.user, Action.VIEW).filter(pk=pk).exists()
    rows = [
        (agency, submissions.get(agency.pk))
        for agency in expected
        if province_view or grants.allows_agency(Action.REPORT_PROGRESS, agency)
    ]
    mine = [
        a for a in expected if grants.allows_agency(Action.REPORT_PROGRESS, a) and a.pk not in submissions
    ]
    return render(
        request,
        "plans/report_request_detail.html",
        {
            "report_request": report_request,
            "rows": rows,
            "missing": [a for a, s in rows if s is None],
            "mine": mine,
            "form": SubmissionForm() if mine else None,
            "today": timezone.localdate(),
        },
    )


@require_action(Action.REPORT_PROGRESS)
@require_POST
def report_submit(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    report_request = _reachable_request(request, pk)
    agency = report_request.agencies.filter(pk=agency_pk).select_related("unit").first()
    if agency is None:
        raise Http404
    if not grants_for(request.user).allows_agency(Action.REPORT_PROGRESS, agency):
        raise PermissionDenied
    form = SubmissionForm(request.POST, request.FILES)
    if form.is_valid():
        with transaction.atomic():
            if (
                ReportSubmission.objects.select_for_update()
                .filter(request=report_request, agency=agency)
                .exists()
            ):
                messages.error(request, _("Cơ quan này đã gửi báo cáo cho yêu cầu này."))
            else:
                submission = form.save(commit=False)
                submission.request, submission.agency, submission.submitted_by = (
                    report_request,
                    agency,
                    request.user,
                )
                kind = getattr(form, "detected_kind", None)
                submission.content_type = kind.mime if kind else ""
                submission.save()
                messages.success(request, _("Đã gửi báo cáo."))
    else:
        flash_errors(request, form)
    return redirect("plans:report_request_detail", pk=pk)


@require_action(Action.VIEW)
def submission_download(request: HttpRequest, pk: int) -> FileResponse:
    submission = get_for_user_or_404(
        ReportSubmission.objects.select_related("request", "agency__unit"), request.user, Action.VIEW, pk=pk
    )
    if not submission.file:
        raise Http404
    response = FileResponse(
        submission.file.open("rb"), as_attachment=True, filename=submission.file.name.rsplit("/", 1)[-1]
    )
    response["Content-Type"] = submission.content_type or "application/octet-stream"
    return response
