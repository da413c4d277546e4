"""Recognition decisions: issue, download, revoke and publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.assessments import council, documents, procedure, queue, tasks
from tiepcan.assessments import exports as assessment_exports
from tiepcan.assessments.choices import Status
from tiepcan.assessments.forms import (
    DecisionForm,
    PublicationForm,
    RevocationForm,
)
from tiepcan.assessments.models import (
    Assessment,
    DecisionEntry,
    RecognitionDecision,
)
from tiepcan.assessments.views.council import _period
from tiepcan.core import rules
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.jobs import artifacts, exports
from tiepcan.jobs.models import Artifact


@require_action(Action.VIEW_ASSESSMENTS)
def decisions_page(request: HttpRequest, pk: int) -> HttpResponseBase:
    period = _period(request, pk)
    if exports.requested(request):
        # The annex of every decision the page lists: one row per recognised commune in the
        # person's scope (what the export's worker fetches again: the count it shows is the file's).
        entries = (
            DecisionEntry.objects.for_user(request.user, Action.VIEW)
            .filter(decision__in=RecognitionDecision.objects.for_user(request.user).filter(period=period))
            .order_by("-decision__signed_on", "-decision_id", "assessment__unit__name_sort")
        )
        return exports.respond(request, assessment_exports.DECISIONS, entries, {"period": period.pk})
    # A district chairman recognises the district's communes where the framework says so (QĐ 25/2021).
    can_recognise = rules.allowed(request.user, "assessments.recognise", period)
    recommended = (
        Assessment.objects.for_user(request.user, Action.VIEW)
        .filter(period=period, status=Status.RECOMMENDED)
        .select_related("unit", "recommendation")
        if can_recognise
        else []
    )
    decisions = list(
        RecognitionDecision.objects.for_user(request.user)
        .filter(period=period)
        .select_related("period__framework", "period__province")
        .prefetch_related("entries__assessment__unit")
    )
    # The recognition limit: the period's date as typed, else the framework's day carried over a
    # day off (BLDS 2015 Điều 148 khoản 5); a decision signed after it is marked late.
    recognition_due = queue.step_due(period, "recognition_due")
    for decision in decisions:
        decision.publication_due = procedure.publication_due(decision.signed_on, period)
        decision.signed_late = recognition_due is not None and decision.signed_on > recognition_due.day
    _attach_files(decisions)
    return render(
        request,
        "assessments/decisions.html",
        {
            "period": period,
            "decisions": decisions,
            "recommended": recommended,
            "recognition_due": recognition_due,
        },
    )


def _attach_files(decisions: list[RecognitionDecision]) -> None:
    """Mark each decision's files ready or being made; queue the render of any file not yet made.

    A file's key is the hash of the whole decision text (every commune of the area), so working it
    out reads as much as rendering does. The page first asks the cache of current versions, under
    the decision's cheap alias (its own fields, the province's results counter and active layout:
    ``tasks.decision_alias``), and works the keys out only for decisions not remembered there;
    each computation is remembered for ``artifacts.CURRENT_SECONDS``.
    """
    stamps: dict[int, str] = {}
    aliases: dict[tuple[int, str], str] = {}
    for decision in decisions:
        province_id = decision.period.province_id
        if province_id not in stamps:
            stamps[province_id] = tasks.decision_stamp(province_id)
        for fmt in tasks.FORMATS:
            aliases[decision.pk, fmt] = tasks.decision_alias(decision, fmt, stamps[province_id])
    known = artifacts.remembered(aliases.values())
    keys: dict[tuple[int, str], str] = {}
    for decision in decisions:
        if all(aliases[decision.pk, fmt] in known for fmt in tasks.FORMATS):
            for fmt in tasks.FORMATS:
                keys[decision.pk, fmt] = known[aliases[decision.pk, fmt]]
            continue
        for fmt, key in tasks.decision_keys(decision).items():
            keys[decision.pk, fmt] = key
            artifacts.remember_current(aliases[decision.pk, fmt], key)
    stored = set(Artifact.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    for decision in decisions:
        decision.files_ready = {fmt: keys[decision.pk, fmt] in stored for fmt in tasks.FORMATS}
        for fmt, ready in decision.files_ready.items():
            if not ready:
                artifacts.ensure(tasks.render_decision, [decision.pk, fmt])


@require_action(Action.RECOGNISE)
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    # Viewing the period is enough here: issue_decision checks the grant at the recognising unit
    # (the province, or the district where the framework gives recognition to the district chairman).
    period = _period(request, pk)
    candidates = Assessment.objects.for_user(request.user, Action.RECOGNISE).filter(period=period)
    form = DecisionForm(request.POST, candidates=candidates.select_related("unit"))
    try:
        data = require_valid(form)
        decision = council.issue_decision(
            period=period,
            user=request.user,
            number=data["number"],
            signed_on=data["signed_on"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"] or "Chủ tịch",
            issuer_name=data["issuer_name"],
            place=data["place"],
            assessments=list(data["assessments"]),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ban hành Quyết định %(n)s.") % {"n": decision.number})
    return redirect("assessments:decisions", pk=period.pk)


def _decision(request: HttpRequest, pk: int) -> RecognitionDecision:
    return get_for_user_or_404(
        RecognitionDecision.objects.select_related("period__framework", "period__province"),
        request.user,
        Action.VIEW,
        pk=pk,
    )


def _stored(request: HttpRequest, decision: RecognitionDecision, fmt: str) -> HttpResponseBase:
    """The decision's file, rendered once per version by the worker and served from storage
    (its current version remembered: ``artifacts.serve_current``)."""
    return artifacts.serve_current(
        request,
        alias=tasks.decision_alias(decision, fmt),
        exact_key=lambda: tasks.decision_key(decision, fmt),
        task=tasks.render_decision,
        args=[decision.pk, fmt],
        filename=documents.file_name(decision, fmt),
    )


@require_action(Action.VIEW_ASSESSMENTS)
def decision_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _stored(request, _decision(request, pk), "docx")


@require_action(Action.VIEW_ASSESSMENTS)
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    return _stored(request, _decision(request, pk), "pdf")


@require_action(Action.RECOGNISE)
@require_POST
def decision_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_for_user_or_404(
        DecisionEntry.objects.select_related("assessment__unit", "decision"),
        request.user,
        Action.RECOGNISE,
        pk=pk,
    )
    form = RevocationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(sorted({e for errors in form.errors.values() for e in errors}))
        data = form.cleaned_data
        council.revoke(
            entry=entry,
            user=request.user,
            reason=data["reason"],
            number=data["number"],
            revoked_on=data["revoked_on"] or timezone.localdate(),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã thu hồi công nhận của %(u)s.") % {"u": entry.assessment.unit.name})
    return redirect("assessments:decisions", pk=entry.decision.period_id)


@require_action(Action.RECOGNISE)
@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the day the decision went on the portal (TT 09/2021/TT-BTP Điều 3 khoản 2 điểm d)."""
    decision = _decision(request, pk)
    form = PublicationForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        council.record_publication(
            decision=decision, user=request.user, published_on=form.cleaned_data["published_on"]
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi ngày công bố Quyết định %(n)s.") % {"n": decision.number})
    return redirect("assessments:decisions", pk=decision.period_id)
