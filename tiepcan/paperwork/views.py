"""Forms of Phụ lục II: the list of layouts a province uses, replacing them, and the downloads.

Every download fetches its object through ``for_user`` and is served from the stored Artifact
(rendered by the worker, once per version).
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.assessments import queue
from tiepcan.assessments.models import Assessment, AssessmentPeriod, CouncilMeeting, CouncilMembership
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.jobs import artifacts
from tiepcan.paperwork import builder, services, tasks
from tiepcan.paperwork.catalog import AREA, FORMS, MEETING, MEMBER, ROUND, UNVERIFIED_LAYOUT, for_scope
from tiepcan.paperwork.forms import ActivateForm, DefaultTemplateForm, TemplateUploadForm
from tiepcan.paperwork.models import FormTemplate
from tiepcan.units.models import Unit


@require_action(Action.MANAGE_FRAMEWORKS)
def form_list(request: HttpRequest) -> HttpResponse:
    provinces = services.provinces_managed(request.user)
    versions = list(
        FormTemplate.objects.for_user(request.user, Action.MANAGE_FRAMEWORKS)
        .select_related("province", "uploaded_by")
        .order_by("province__name", "code", "-version")
    )
    rows = [
        {
            "spec": spec,
            "versions": [v for v in versions if v.code == spec.code],
            "active": [v for v in versions if v.code == spec.code and v.is_active],
        }
        for spec in FORMS.values()
    ]
    return render(
        request,
        "paperwork/form_list.html",
        {
            "rows": rows,
            "provinces": provinces,
            "unverified": UNVERIFIED_LAYOUT,
            "form": TemplateUploadForm(provinces=provinces),
            "rule": services.TEMPLATE_RULE,
        },
    )


@require_action(Action.MANAGE_FRAMEWORKS)
@require_POST
def template_upload(request: HttpRequest) -> HttpResponse:
    form = TemplateUploadForm(request.POST, request.FILES, provinces=services.provinces_managed(request.user))
    try:
        data = require_valid(form)
        template = services.upload(
            user=request.user,
            province=data["province"],
            code=data["code"],
            upload=data["file"],
            note=data["note"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Đã nhận %(form)s phiên bản %(v)s của %(p)s và dùng từ nay.")
            % {"form": FORMS[template.code].number, "v": template.version, "p": template.province.name},
        )
    return redirect("paperwork:form_list")


@require_action(Action.MANAGE_FRAMEWORKS)
@require_POST
def template_activate(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_for_user_or_404(
        FormTemplate.objects.select_related("province"), request.user, Action.MANAGE_FRAMEWORKS, pk=pk
    )
    form = ActivateForm(request.POST)
    try:
        data = require_valid(form)
        services.activate(user=request.user, template=template, active=data["active"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã cập nhật mẫu đang dùng."))
    return redirect("paperwork:form_list")


def _docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=services.DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_action(Action.MANAGE_FRAMEWORKS)
def template_download(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_for_user_or_404(FormTemplate.objects.all(), request.user, Action.MANAGE_FRAMEWORKS, pk=pk)
    response = FileResponse(template.file.open("rb"), content_type=services.DOCX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"mau-{template.code}-v{template.version}.docx"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)  # a FileResponse streams; the decorator types plain responses


@require_action(Action.MANAGE_FRAMEWORKS)
def default_download(request: HttpRequest) -> HttpResponse:
    """The built-in layout with its placeholders: the starting point of a province's own (``?mau=01``)."""
    form = DefaultTemplateForm(request.GET)
    if not form.is_valid():
        raise Http404
    code = form.cleaned_data["mau"]
    return _docx_response(builder.default_template(code), f"mau-{code}-{FORMS[code].slug}-mac-dinh.docx")


# --- downloads of filled-in forms ------------------------------------------------------------------


def _serve(request: HttpRequest, code: str, kind: str, ids: list[int], fmt: str) -> HttpResponseBase:
    if code not in FORMS or FORMS[code].scope != kind or fmt not in services.FORMATS:
        raise Http404
    key, found = tasks.key_of(code, kind, ids, fmt)
    response = artifacts.serve_or_prepare(
        request, key=key, task=tasks.render_form, args=[code, kind, ids, fmt], filename=found.filename(fmt)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_action(Action.VIEW_ASSESSMENTS)
def round_form(request: HttpRequest, pk: int, round_number: int, code: str, fmt: str) -> HttpResponseBase:
    """Mẫu 01–04 of one sent round, from the data frozen when it was sent."""
    assessment = get_for_user_or_404(Assessment.objects.all(), request.user, Action.VIEW, pk=pk)
    snapshot = assessment.snapshots.filter(round=round_number).first()
    if snapshot is None:
        raise Http404
    return _serve(request, code, ROUND, [snapshot.pk], fmt)


def _meeting(request: HttpRequest, pk: int) -> CouncilMeeting:
    return get_for_user_or_404(CouncilMeeting.objects.all(), request.user, Action.VIEW, pk=pk)


@require_action(Action.VIEW_ASSESSMENTS)
def meeting_form(request: HttpRequest, pk: int, code: str, fmt: str) -> HttpResponseBase:
    """Mẫu 05, 06 (summary) and 07 of one council meeting or written consultation."""
    meeting = _meeting(request, pk)
    return _serve(request, code, MEETING, [meeting.pk], fmt)


@require_action(Action.VIEW_ASSESSMENTS)
def member_form(request: HttpRequest, pk: int, seat: int, fmt: str) -> HttpResponseBase:
    """Mẫu 06: one member's opinion form in one consultation."""
    meeting = _meeting(request, pk)
    membership = (
        CouncilMembership.objects.for_user(request.user).filter(period=meeting.period_id, pk=seat).first()
    )
    if membership is None:
        raise Http404
    return _serve(request, "06", MEMBER, [meeting.pk, membership.pk], fmt)


def _areas(request: HttpRequest, period: AssessmentPeriod) -> list[Unit]:
    """The province and its districts (where the period has any) that the person may read."""
    visible = Unit.objects.for_user(request.user, Action.VIEW_ASSESSMENTS)
    candidates = [period.province, *queue.areas(period)]
    ids = set(visible.filter(pk__in=[u.pk for u in candidates]).values_list("pk", flat=True))
    return [u for u in candidates if u.pk in ids]


@require_action(Action.VIEW_ASSESSMENTS)
def area_forms(request: HttpRequest, pk: int) -> HttpResponse:
    """Mẫu 09 and 10 of a period, per area the person may read."""
    period = get_for_user_or_404(AssessmentPeriod.objects.select_related("province"), request.user, pk=pk)
    return render(
        request,
        "paperwork/area_forms.html",
        {
            "period": period,
            "areas": _areas(request, period),
            "specs": for_scope(AREA),
            "unverified": UNVERIFIED_LAYOUT,
        },
    )


@require_action(Action.VIEW_ASSESSMENTS)
def area_form(request: HttpRequest, pk: int, unit: int, code: str, fmt: str) -> HttpResponseBase:
    period = get_for_user_or_404(AssessmentPeriod.objects.select_related("province"), request.user, pk=pk)
    area = next((u for u in _areas(request, period) if u.pk == unit), None)
    if area is None:
        raise Http404
    return _serve(request, code, AREA, [period.pk, area.pk], fmt)
