"""The council's page: members, scores, the meeting and its signed minutes."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.accounts.models import User
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import council, queue, services
from tiepcan.assessments.choices import CouncilRole, MeetingKind, Status
from tiepcan.assessments.filters import council_filter
from tiepcan.assessments.forms import (
    BaseConclusionFormSet,
    ConclusionFormSet,
    CouncilMeetingForm,
    CouncilMemberForm,
    CouncilScoreForm,
)
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
)
from tiepcan.core import rules
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, paginate, querystring_without_page, require_action


def _period(request: HttpRequest, pk: int, action: str = Action.VIEW) -> AssessmentPeriod:
    # The framework's definition is read only when this process has not compiled that version yet.
    return get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province", "framework").defer(
            "framework__definition", "framework__source_text"
        ),
        request.user,
        action,
        pk=pk,
    )


@require_action(Action.VIEW_ASSESSMENTS)
def council_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render(request, _period(request, pk))


def _render(
    request: AuthenticatedHttpRequest,
    period: AssessmentPeriod,
    meeting_form: CouncilMeetingForm | None = None,
    conclusions: BaseConclusionFormSet | None = None,
) -> HttpResponse:
    """The council page; after a refused meeting, with the minutes form as it was typed."""
    grants = grants_for(request.user)
    seats = CouncilMembership.objects.for_user(request.user).filter(period=period)
    # The council's members in one query; the viewer's own seat is among them.
    members = list(seats.select_related("user", "area"))
    membership = next((m for m in members if m.user_id == request.user.pk), None)
    # A member seated for an area starts on that area's dossiers; anyone may pick another or all.
    found = council_filter(
        request, period, default_area=membership.area_id if membership is not None else None
    )
    found.warn_invalid(request)
    districts, area, dossiers = found.districts, found.area, found.qs
    # One page of score cards (each holds a form per indicator); the framework is compiled once.
    page = paginate(request, council.page_queryset(period, dossiers), per_page=council.PAGE_SIZE)
    rows = council.page_rows(period, list(page), request.user)
    if rows:
        # The scoring form's rows: escaped once per page, only the member's own points per card
        # (25 cards × every indicator through the template engine was most of the page's time).
        parts = _score_row_parts(rows[0]["inputs"])
        localized: dict[Decimal | str, str] = {"": ""}
        for row in rows:
            row["form_rows"] = _score_rows(parts, row["inputs"], localized)
    candidates = (
        User.objects.for_user(request.user, Action.MANAGE_PERIODS)
        .filter(roles__role__in=[Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY], roles__is_active=True)
        .distinct()
        if grants.allows(Action.MANAGE_PERIODS, period.province)
        else []
    )
    if conclusions is None and rules.allowed(request.user, "assessments.council_record", period):
        # The minutes record a conclusion on every dossier at the council, not only this page's.
        # Each row shows only its commune: not the dossiers' values, scores and facts (JSON decoded
        # for every dossier at the council was a tenth of the page's time).
        everyone = list(
            dossiers.select_related("unit").only("id", "unit", "unit__name").order_by("unit__name_sort")
        )
        meeting_form = CouncilMeetingForm(
            members=User.objects.none(), initial={"attendees": [m.user_id for m in members]}
        )
        conclusions = ConclusionFormSet(dossiers=everyone)
    return render(
        request,
        "assessments/council.html",
        {
            "period": period,
            "rows": rows,
            "page": page,
            "members": members,
            "membership": membership,
            "querystring": querystring_without_page(request),
            "districts": districts,
            "area": area,
            "framework": services.compiled(period),
            "candidates": candidates,
            "meeting_form": meeting_form,
            "conclusions": conclusions,
            "meetings": CouncilMeeting.objects.for_user(request.user)
            .filter(period=period)
            .select_related("chaired_by")
            .prefetch_related("recommendations__assessment__unit", "attendees"),
            "meeting_kinds": MeetingKind.choices,
            "quorum": council.quorum(len(members)),
            "council_roles": CouncilRole.choices,
            "max_members": council.MAX_MEMBERS,
        },
        status=400 if conclusions is not None and conclusions.is_bound else 200,
    )


def _score_row_parts(inputs: list[tuple[dict[str, object], object]]) -> list[tuple[SafeString, SafeString]]:
    """Each indicator's row of the scoring form, escaped once per page, split where the member's own
    points go: 25 cards × every indicator through the template engine was most of the page's time."""
    points, reason = _("Điểm"), _("Lý do")
    pending = format_html(
        '<span class="badge tc-badge-pending">{}</span> {}', _("chờ bổ sung"), _("chưa tính vào kết quả")
    )
    parts = []
    for spec, _mine in inputs:
        head = format_html("<tr><td>{}</td><td>{}</td>", spec["code"], spec["title"])
        if spec["placeholder"]:
            parts.append((format_html('{}<td colspan="2">{}</td></tr>', head, pending), SafeString()))
            continue
        parts.append(
            (
                format_html(
                    '{}<td class="tc-w-6"><input class="form-control form-control-sm" name="points:{}" '
                    'aria-label="{} {}" placeholder="0–{}" value="',
                    head,
                    spec["code"],
                    points,
                    spec["code"],
                    spec["max"],
                ),
                format_html(
                    '"></td><td><input class="form-control form-control-sm" name="reason:{}" aria-label="{}" '
                    'placeholder="{}"></td></tr>',
                    spec["code"],
                    reason,
                    reason,
                ),
            )
        )
    return parts


def _score_rows(
    parts: list[tuple[SafeString, SafeString]],
    inputs: list[tuple[dict[str, object], Decimal | str]],
    localized: dict[Decimal | str, str],
) -> SafeString:
    """One card's form rows: the parts written once per page around the member's own points
    (``localized``: each value as the template would print it, formatted once per page)."""
    html: list[str] = []
    for (head, tail), (spec, mine) in zip(parts, inputs, strict=True):
        html.append(head)
        if not spec["placeholder"]:
            if mine not in localized:
                localized[mine] = conditional_escape(localize(mine))
            html += (localized[mine], tail)
    return mark_safe("".join(html))  # noqa: S308 - every part escaped above


@require_action(Action.MANAGE_PERIODS)
@require_POST
def council_member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, Action.MANAGE_PERIODS)
    form = CouncilMemberForm(request.POST, actor=request.user, areas=queue.areas(period))
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("assessments:council", pk=period.pk)
    data = form.cleaned_data
    try:
        council.seat_member(
            period=period,
            user=request.user,
            member=data["user"],
            role=data["role"],
            area=data["area"],
            position=data["position"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã cập nhật thành viên Hội đồng."))
    return redirect("assessments:council", pk=period.pk)


@require_action(Action.COUNCIL_SCORE)
@require_POST
def council_score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def council_meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk, Action.COUNCIL_SECRETARY)
    seats = CouncilMembership.objects.for_user(request.user).filter(period=period)
    members = User.objects.filter(pk__in=seats.values("user_id"))
    forwarded = Assessment.objects.for_user(request.user, Action.VIEW).filter(
        period=period, status=Status.FORWARDED
    )
    form = CouncilMeetingForm(request.POST, members=members)
    conclusions = ConclusionFormSet(
        request.POST, dossiers=list(forwarded.select_related("unit").order_by("unit__name_sort"))
    )
    try:
        valid = form.is_valid() & conclusions.is_valid()
        if not valid:
            raise ValidationError(
                [*(m for errors in form.errors.values() for m in errors), *conclusions.error_texts()]
            )
        data = form.cleaned_data
        council.record_meeting(
            period=period,
            user=request.user,
            held_on=data["held_on"],
            minutes=data["minutes"],
            attendees=list(data["attendees"]),
            decisions=conclusions.decisions(),
            place=data["place"],
            chaired_by=data["chaired_by"],
            kind=data["kind"] or "meeting",
            papers_sent_on=data["papers_sent_on"],
        )
    except ValidationError as error:
        # Shown again as typed, with the reasons above it: nothing the secretary wrote is lost.
        flash_errors(request, error)
        return _render(request, period, form, conclusions)
    messages.success(request, _("Đã ghi biên bản và kiến nghị của Hội đồng."))
    return redirect("assessments:council", pk=period.pk)


@require_action(Action.VIEW_ASSESSMENTS)
@require_POST
def council_minutes_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The person chairing or the secretary signs the minutes (TT 09/2021/TT-BTP Điều 5 khoản 5)."""
    meeting = get_for_user_or_404(CouncilMeeting.objects.all(), request.user, Action.VIEW, pk=pk)
    try:
        council.sign_minutes(meeting=meeting, user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ký xác nhận biên bản."))
    return redirect("assessments:council", pk=meeting.period_id)
