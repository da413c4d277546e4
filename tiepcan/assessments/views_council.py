"""The council's page (scores, meeting, recommendations) and recognition decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import User
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import council, documents, procedure, queue, services, tasks
from tiepcan.assessments import exports as assessment_exports
from tiepcan.assessments.choices import CouncilRole, MeetingKind, Status
from tiepcan.assessments.forms import (
    CouncilMeetingForm,
    CouncilMemberForm,
    CouncilScoreForm,
    DecisionForm,
    PublicationForm,
    RevocationForm,
)
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    DecisionEntry,
    RecognitionDecision,
)
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.views_helpers import flash_errors, paginate, querystring_without_page, require_action
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.jobs import artifacts, exports
from tiepcan.jobs.models import Artifact


def _period(request: HttpRequest, pk: int, action: str = Action.VIEW) -> AssessmentPeriod:
    return get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province", "framework"), request.user, action, pk=pk
    )


@require_action(Action.VIEW_ASSESSMENTS)
def council_page(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    grants = grants_for(request.user)
    seats = CouncilMembership.objects.for_user(request.user).filter(period=period)
    membership = seats.filter(user=request.user).select_related("area").first()
    districts = queue.areas(period)
    # A member seated for an area starts on that area's dossiers; anyone may pick another or all.
    chosen = request.GET.get("khu_vuc")
    if chosen is None and membership is not None and membership.area_id:
        chosen = str(membership.area_id)
    area = queue.pick(districts, chosen)
    dossiers = Assessment.objects.for_user(request.user, Action.VIEW).filter(
        period=period, status=Status.FORWARDED
    )
    if area is not None:
        dossiers = queue.in_area(dossiers, area)
    # One page of score cards (each holds a form per indicator); the framework is compiled once.
    page = paginate(request, council.page_queryset(period, dossiers), per_page=council.PAGE_SIZE)
    rows = council.page_rows(period, list(page), request.user)
    # The minutes record a conclusion on every dossier at the council, not only this page's.
    everyone = list(dossiers.order_by("unit__name_sort").values_list("pk", "unit__name"))
    members = seats.select_related("user", "area")
    candidates = (
        User.objects.for_user(request.user, Action.MANAGE_PERIODS)
        .filter(roles__role__in=[Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY], roles__is_active=True)
        .distinct()
        if grants.allows(Action.MANAGE_PERIODS, period.province)
        else []
    )
    return render(
        request,
        "assessments/council.html",
        {"period": period, "rows": rows, "page": page, "everyone": everyone, "members": members,
         "membership": membership, "querystring": querystring_without_page(request),
         "districts": districts, "area": area,
         "framework": services.compiled(period), "candidates": candidates,
         "can_score": membership is not None and grants.allows(Action.COUNCIL_SCORE, period.province),
         "can_record": membership is not None and membership.is_secretary and grants.allows(Action.COUNCIL_SECRETARY, period.province),
         "meetings": CouncilMeeting.objects.for_user(request.user).filter(period=period).select_related("chaired_by")
         .prefetch_related("recommendations__assessment__unit", "attendees"),
         "meeting_kinds": MeetingKind.choices, "quorum": council.quorum(len(members)),
         "council_roles": CouncilRole.choices, "max_members": council.MAX_MEMBERS},
    )  # fmt: skip


@require_action(Action.MANAGE_PERIODS)
@require_POST
def council_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, Action.MANAGE_PERIODS)
    form = CouncilMemberForm(request.POST, actor=request.user, areas=queue.areas(period))
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("assessments:council", pk=period.pk)
    data = form.cleaned_data
    try:
        council.seat_member(period=period, user=request.user, member=data["user"], role=data["role"],
                            area=data["area"], position=data["position"])  # fmt: skip
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã cập nhật thành viên Hội đồng."))
    return redirect("assessments:council", pk=period.pk)


@require_action(Action.COUNCIL_SCORE)
@require_POST
def council_score(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_for_user_or_404(
        Assessment.objects.select_related("period__framework"), request.user, Action.COUNCIL_SCORE, pk=pk
    )
    form = CouncilScoreForm(request.POST, indicators=list(services.compiled(assessment.period).indicators()))
    try:
        require_valid(form)
        saved = council.propose_all(
            assessment_id=assessment.pk, user=request.user, proposals=form.proposals()
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi %(n)s điểm đề xuất.") % {"n": saved})
    return redirect("assessments:council", pk=assessment.period_id)


@require_action(Action.COUNCIL_SECRETARY)
@require_POST
def council_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, Action.COUNCIL_SECRETARY)
    seats = CouncilMembership.objects.for_user(request.user).filter(period=period)
    members = User.objects.filter(pk__in=seats.values("user_id"))
    forwarded = Assessment.objects.for_user(request.user, Action.VIEW).filter(
        period=period, status=Status.FORWARDED
    )
    form = CouncilMeetingForm(request.POST, members=members, dossiers=list(forwarded.select_related("unit")))
    try:
        data = require_valid(form)
        council.record_meeting(period=period, user=request.user, held_on=data["held_on"], minutes=data["minutes"],
                               attendees=list(data["attendees"]), decisions=form.decisions(), place=data["place"],
                               chaired_by=data["chaired_by"], kind=data["kind"] or "meeting",
                               papers_sent_on=data["papers_sent_on"])  # fmt: skip
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi biên bản và kiến nghị của Hội đồng."))
    return redirect("assessments:council", pk=period.pk)


@require_action(Action.VIEW_ASSESSMENTS)
def decisions_page(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    if exports.requested(request):
        # The annex of every decision the page lists: one row per recognised commune.
        entries = DecisionEntry.objects.filter(
            decision__in=RecognitionDecision.objects.for_user(request.user).filter(period=period)
        ).order_by("-decision__signed_on", "-decision_id", "assessment__unit__name_sort")
        return exports.respond(request, assessment_exports.DECISIONS, entries, {"period": period.pk})
    # A district chairman recognises the district's communes where the framework says so (QĐ 25/2021).
    can_recognise = grants_for(request.user).allows(Action.RECOGNISE, period.province) or (
        authority_of(services.compiled(period).data).recognition_level == Level.DISTRICT
        and Assessment.objects.for_user(request.user, Action.RECOGNISE).filter(period=period).exists()
    )
    recommended = (
        Assessment.objects.for_user(request.user, Action.VIEW).filter(period=period, status=Status.RECOMMENDED).select_related("unit", "recommendation")
        if can_recognise else []
    )  # fmt: skip
    decisions = list(
        RecognitionDecision.objects.for_user(request.user)
        .filter(period=period)
        .select_related("period__framework", "period__province")
        .prefetch_related("entries__assessment__unit")
    )
    for decision in decisions:
        decision.publication_due = procedure.publication_due(decision.signed_on, period)
    _attach_files(decisions)
    return render(
        request,
        "assessments/decisions.html",
        {
            "period": period,
            "decisions": decisions,
            "recommended": recommended,
            "can_recognise": can_recognise,
        },
    )


def _attach_files(decisions: list[RecognitionDecision]) -> None:
    """Mark each decision's files ready or being made; queue the render of any file not yet made."""
    keys = {(d.pk, fmt): tasks.decision_key(d, fmt) for d in decisions for fmt in tasks.FORMATS}
    stored = set(Artifact.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    for decision in decisions:
        decision.files_ready = {fmt: keys[decision.pk, fmt] in stored for fmt in tasks.FORMATS}  # type: ignore[attr-defined]
        for fmt, ready in decision.files_ready.items():  # type: ignore[attr-defined]
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
            period=period, user=request.user, number=data["number"], signed_on=data["signed_on"],
            signer_name=data["signer_name"], signer_title=data["signer_title"] or "Chủ tịch",
            issuer_name=data["issuer_name"], place=data["place"], assessments=list(data["assessments"]),
        )  # fmt: skip
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


def _stored(request: HttpRequest, decision: RecognitionDecision, fmt: str) -> HttpResponse:
    """The decision's file, rendered once per version by the worker and served from storage."""
    return artifacts.serve_or_prepare(
        request,
        key=tasks.decision_key(decision, fmt),
        task=tasks.render_decision,
        args=[decision.pk, fmt],
        filename=documents.file_name(decision, fmt),
    )


@require_action(Action.VIEW_ASSESSMENTS)
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _stored(request, _decision(request, pk), "docx")


@require_action(Action.VIEW_ASSESSMENTS)
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
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
        council.revoke(entry=entry, user=request.user, reason=data["reason"], number=data["number"],
                       revoked_on=data["revoked_on"] or timezone.localdate())  # fmt: skip
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã thu hồi công nhận của %(u)s.") % {"u": entry.assessment.unit.name})
    return redirect("assessments:decisions", pk=entry.decision.period_id)


@require_action(Action.VIEW_ASSESSMENTS)
@require_POST
def council_minutes_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """The person chairing or the secretary signs the minutes (TT 09/2021/TT-BTP Điều 5 khoản 5)."""
    meeting = get_for_user_or_404(CouncilMeeting.objects.all(), request.user, Action.VIEW, pk=pk)
    try:
        council.sign_minutes(meeting=meeting, user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ký xác nhận biên bản."))
    return redirect("assessments:council", pk=meeting.period_id)


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
