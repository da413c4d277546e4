"""Periodic report requests and the agencies' submissions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core.crud import ScopedCreateView, ScopedListView
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.lib.text import fold
from tiepcan.plans import periodic
from tiepcan.plans.forms import (
    ReportRequestForm,
    SubmissionForm,
)
from tiepcan.plans.models import (
    ReportRequest,
    ReportSubmission,
)
from tiepcan.plans.views.base import FormPageMixin


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

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "actor": self.request.user}

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
    # The plan's managers may draft any asked agency's report (_draft_for lets them): each row
    # links its drafts, to compile the province's report or help an agency that has not sent.
    drafts_for_every_row = grants.allows(Action.MANAGE_PLAN, report_request.plan.province)
    return render(
        request,
        "plans/report_request_detail.html",
        {
            "report_request": report_request,
            "rows": rows,
            "missing": [a for a, s in rows if s is None],
            "mine": mine,
            "drafts_for_every_row": drafts_for_every_row,
            "form": SubmissionForm() if mine else None,
            "today": timezone.localdate(),
        },
    )


@require_action(Action.REPORT_PROGRESS)
@require_POST
def report_submit(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    report_request = _reachable_request(request, pk)
    # An agency the request asks; reporting for it is the work of the people it has (the choke point).
    agency = get_for_user_or_404(
        report_request.agencies.select_related("unit"), request.user, Action.REPORT_PROGRESS, pk=agency_pk
    )
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


def _draft_for(request: HttpRequest, pk: int, agency_pk: int) -> Any:
    """The periodic report drafted for one agency asked to report: its own people or the plan's managers."""

    report_request = _reachable_request(request, pk)
    agency = report_request.agencies.filter(pk=agency_pk).select_related("unit").first()
    if agency is None:
        raise Http404
    grants = grants_for(request.user)
    if not (
        grants.allows_agency(Action.REPORT_PROGRESS, agency)
        or grants.allows(Action.MANAGE_PLAN, report_request.plan.province)
    ):
        raise PermissionDenied
    report_request = ReportRequest.objects.select_related("plan__province").get(pk=report_request.pk)
    return periodic.collect(report_request, request.user, agency)


def _draft_name(report: Any, extension: str) -> str:
    # fold first: slugify drops đ ("đầu" would become "au"); the title usually says "Báo cáo … <year>".
    slug = slugify(fold(report.request.title))[:60].strip("-")
    if not slug.startswith("bao-cao"):
        slug = f"bao-cao-{slug}".strip("-")
    if str(report.request.year) not in slug:
        slug = f"{slug}-{report.request.year}"
    return f"du-thao-{slug}.{extension}"


@require_action(Action.VIEW)
def report_draft_docx(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    """The periodic report as an editable Word draft (seed plan §III.4), for the officer to complete."""

    report = _draft_for(request, pk, agency_pk)
    response = HttpResponse(
        periodic.report_docx(report),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_draft_name(report, "docx")}"'
    return response


@require_action(Action.VIEW)
def report_draft_xlsx(request: HttpRequest, pk: int, agency_pk: int) -> HttpResponse:
    """The report's tables as a workbook, one sheet per table."""

    report = _draft_for(request, pk, agency_pk)
    response = HttpResponse(
        periodic.report_xlsx(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_draft_name(report, "xlsx")}"'
    return response
