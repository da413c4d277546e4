"""The commune's procedural records before sending: posting and the meeting (TT 09/2021 Điều 3.1.c, đ)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import procedure
from tiepcan.assessments.choices import PostingMode
from tiepcan.assessments.forms import CommuneMeetingForm, PostingForm
from tiepcan.assessments.models import Assessment
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    """The commune's assessment: 404 outside the person's units, 403 for those who do not act for it."""
    assessment = get_for_user_or_404(
        Assessment.objects.select_related("period__framework", "unit"), request.user, Action.VIEW, pk=pk
    )
    grants = grants_for(request.user)
    if not (
        grants.allows(Action.SELF_ASSESS, assessment.unit)
        or grants.allows(Action.APPROVE_SELF_ASSESSMENT, assessment.unit)
    ):
        raise PermissionDenied
    return assessment


def posting_modes(assessment: Assessment) -> list[tuple[str, StrOrPromise]]:
    """The modes the framework allows besides the office, labelled as the framework words them."""
    rule = procedure.posting_rule_of(assessment.period)
    if rule is None:
        return list(PostingMode.choices)
    return [(m.code, m.label) for m in rule.modes if m.code in PostingMode.values]


@require_action(Action.VIEW_ASSESSMENTS)
@require_POST
def posting_record(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = PostingForm(request.POST, modes=posting_modes(assessment))
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        procedure.record_posting(assessment_id=assessment.pk, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi việc niêm yết công khai."))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@require_action(Action.VIEW_ASSESSMENTS)
@require_POST
def commune_meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = CommuneMeetingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        procedure.record_commune_meeting(assessment_id=assessment.pk, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi cuộc họp thống nhất kết quả."))
    return redirect("assessments:assessment_detail", pk=assessment.pk)
