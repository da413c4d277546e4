"""The council's page: members, scores, the meeting and its signed minutes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.accounts.models import User
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import council, council_reads, queue, services
from tiepcan.assessments.choices import CouncilRole, MeetingKind, Status
from tiepcan.assessments.filters import council_area
from tiepcan.assessments.forms import (
    BaseConclusionFormSet,
    ConclusionFormSet,
    CouncilMeetingForm,
    CouncilMemberForm,
    CouncilPlaceForm,
    CouncilScoreForm,
)
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
)
from tiepcan.assessments.rules import remember_seat
from tiepcan.core import rules
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, paginate, querystring_without_page, require_action
from tiepcan.core.templatetags.tc import format_score, vn_short


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
    """The council's dossiers, a page of rows at a time (commune, its own result, the council's
    progress, the member's own), each leading to its scoring page (``council_dossier``); the
    council's counts, its members and its meetings. The minutes are on a page of their own
    (``council_minutes``)."""
    # The reads are constant statements scoped as the querysets are (council_reads).
    period = council_reads.period(request.user, pk)
    grants = grants_for(request.user)
    # The council's members in one query; the viewer's own seat is among them.
    members = council_reads.members(period)
    membership = next((m for m in members if m.user_id == request.user.pk), None)
    if membership is not None:  # the rules of the template's checks use it (no second read)
        remember_seat(request.user, membership)
    # A member seated for an area starts on that area's dossiers; anyone may pick another or all.
    districts = council_reads.areas(period)
    area = council_area(request, districts, membership.area_id if membership is not None else None)
    dossiers = council_reads.dossiers(request.user, period, area)
    # One page of rows, one query with the pager's count: no form, no consolidation on the list.
    page = paginate(request, council_reads.Page(dossiers, request.user.pk), per_page=council.PAGE_SIZE)
    framework = services.compiled(period)
    # The scoring pages keep the list's area (their previous/next links walk the same dossiers).
    can_score = rules.allowed(request.user, "assessments.council_score", period)
    rows = _list_rows(
        list(page),
        framework,
        len(members),
        f"?khu_vuc={area.pk if area else ''}",
        member=membership is not None,
        can_score=can_score,
    )
    candidates = (
        User.objects.for_user(request.user, Action.MANAGE_PERIODS)
        .filter(roles__role__in=[Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY], roles__is_active=True)
        .distinct()
        if grants.allows(Action.MANAGE_PERIODS, period.province)
        else []
    )
    # The council's counts in one query: dossiers still awaiting a conclusion (all areas), those
    # concluded, and a member's own "scored x of the y shown".
    counts = council_reads.counts(request.user, period, dossiers, member=membership is not None)
    querystring = querystring_without_page(request)
    return render(
        request,
        "assessments/council.html",
        {
            "period": period,
            "rows": rows,
            "can_score": can_score,
            "page": page,
            "members": members,
            "membership": membership,
            "querystring": querystring,
            "districts": districts,
            "area": area,
            "candidates": candidates,
            "counts": counts,
            "meetings": council_reads.meetings(period),
            "council_roles": CouncilRole.choices,
            "max_members": council.MAX_MEMBERS,
        },
    )


_SENTINEL = 987654321


def _list_rows(
    dossiers: list[Any], framework: Any, seated: int, place: str, *, member: bool, can_score: bool
) -> SafeString:
    """The list's rows, written in Python: through the template engine (a dozen variables, five
    translations and four conditions a row, 25 rows) they were a third of the page's CPU. The texts
    are translated and escaped once per page, the scoring page's URL reversed once, each result
    formatted once; only the commune's name is escaped per row."""
    url = reverse("assessments:council_dossier", args=[_SENTINEL])
    results: dict[Decimal | None, str] = {}
    ready = {
        True: escape(_("đủ điều kiện")),
        False: escape(_("chưa đủ điều kiện")),
        "mine": format_html('<td><span class="text-success">{}</span></td>', _("bạn đã chấm")),
        "not_mine": format_html('<td><span class="text-danger">{}</span></td>', _("chưa chấm")),
        "open": format_html(
            '<td class="text-end"><a class="btn btn-sm {}" href="',
            "btn-primary" if can_score else "btn-outline-primary",
        ),
        "label": format_html('">{}</a></td></tr>', _("Chấm điểm") if can_score else _("Xem")),
        "scored": escape(_("đã chấm")),
    }
    html: list[str] = []
    for a in dossiers:
        if a.total not in results:
            results[a.total] = escape(format_score(a.total, framework.max_total, framework.pass_fail))
        link = url.replace(str(_SENTINEL), str(a.pk)) + escape(place)
        html += (
            f'<tr id="ho-so-{a.pk}"><th scope="row" class="fw-normal"><a href="{link}">',
            escape(a.unit_name),
            f'</a></th><td class="d-none d-md-table-cell">{results[a.total]}</td>'
            f'<td class="d-none d-md-table-cell">{ready[a.recognisable]}',
            escape(_(" (gửi lần %(n)s)") % {"n": a.round}) if a.round > 1 else "",
            f"</td><td>{ready['scored']} {a.n_scored}/{seated}</td>",
            (ready["mine"] if a.scored_by_me else ready["not_mine"]) if member else "",
            ready["open"],
            link,
            ready["label"],
        )
    return mark_safe("".join(html))  # noqa: S308 - every part escaped above


@require_action(Action.COUNCIL_SECRETARY)
def council_minutes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The secretary's page for new minutes: the meeting, and one page of the dossiers awaiting a
    conclusion (a row each). The other pages' rows are added on the meeting's page afterwards."""
    return _minutes(request, council_reads.period(request.user, pk, Action.COUNCIL_SECRETARY))


def _minutes(
    request: AuthenticatedHttpRequest,
    period: AssessmentPeriod,
    meeting: CouncilMeeting | None = None,
    meeting_form: CouncilMeetingForm | None = None,
    conclusions: BaseConclusionFormSet | None = None,
) -> HttpResponse:
    """The minutes' page: new minutes (``meeting`` None) or the rows of recorded ones, one page of
    dossiers at a time; after a refused page, the rows (and the meeting) as they were typed."""
    # The reads are constant statements scoped as the querysets are (council_reads).
    members = council_reads.members(period)
    # Awaiting dossiers, and on a meeting's page the ones it concluded on (read only): the pages
    # keep their order while the rows are recorded.
    districts = council_reads.areas(period)
    area = council_area(request, districts)
    page = paginate(
        request,
        council_reads.MinutesPage(council_reads.dossiers(request.user, period, area), meeting),
        per_page=council.MINUTES_PAGE_SIZE,
    )
    can_record = rules.allowed(request.user, "assessments.council_record", period) and not (
        meeting is not None and (meeting.chair_signed_at or meeting.secretary_signed_at)
    )
    bound = conclusions is not None and conclusions.is_bound
    if can_record and conclusions is None:
        conclusions = ConclusionFormSet(dossiers=[a for a in page if a.status == Status.FORWARDED])
        if meeting is None:
            meeting_form = CouncilMeetingForm(
                members=User.objects.none(), initial={"attendees": [m.user_id for m in members]}
            )
    forms = {form.dossier.pk: form for form in conclusions or [] if form.dossier is not None}
    if bound:  # the rows as sent, in their order
        rows = [(form.dossier, form) for form in conclusions or []]
    else:
        rows = [(a, forms.get(a.pk)) for a in page]
    return render(
        request,
        "assessments/council_minutes.html",
        {
            "period": period,
            "meeting": meeting,
            "members": members,
            "page": page,
            "rows": rows,
            "bound": bound,
            "querystring": querystring_without_page(request),
            "districts": districts,
            "area": area,
            "can_record": can_record,
            "meeting_form": meeting_form,
            "conclusions": conclusions,
            "meeting_kinds": MeetingKind.choices,
            "quorum": council.quorum(len(members)),
            "awaiting": council_reads.awaiting(period),
            "open_meetings": council_reads.meetings(period, open_only=True) if meeting is None else [],
        },
        status=400 if bound else 200,
    )


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


@require_action(Action.VIEW_ASSESSMENTS)
@require_http_methods(["GET", "POST"])
def council_dossier(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One dossier before the council: its indicators with the commune's points and evidence, the
    council's consolidated points, and the member's scoring form; the previous and next dossiers
    of the list (same area filter) a link away. A refused post comes back as typed (400)."""
    # The reads are constant statements scoped as the querysets are (council_reads).
    assessment = council_reads.dossier(request.user, pk)
    period = council_reads.period(request.user, assessment.period_id)
    assessment.period = period
    members = council_reads.members(period)
    membership = next((m for m in members if m.user_id == request.user.pk), None)
    if membership is not None:  # the rule's check below uses it (no second read)
        remember_seat(request.user, membership)
    area = council_area(  # an area ignored is said on the list, not here
        request,
        council_reads.areas(period),
        membership.area_id if membership is not None else None,
        warn=False,
    )
    previous, following, before = council_reads.neighbours(
        council_reads.dossiers(request.user, period, area), assessment
    )
    form = None
    refused: list[str] = []
    if request.method == "POST":
        # Not a member (no grant, no seat): 403 before the form is read; a dossier no longer
        # before the council or outside the member's area: the rule's reason, as typed (400).
        rules.check_person(request.user, "assessments.council_propose", assessment)
        form = CouncilScoreForm(request.POST, indicators=list(services.compiled(period).indicators()))
        try:
            require_valid(form)
            saved = council.propose_all(
                assessment_id=assessment.pk, user=request.user, proposals=form.proposals()
            )
        except ValidationError as error:
            refused = list(error.messages)  # flashed by the page, less what its notice already says
        else:
            messages.success(request, _("Đã ghi %(n)s điểm đề xuất.") % {"n": saved})
            target = following if form.cleaned_data.get("then_next") and following else assessment.pk
            return redirect(reverse("assessments:council_dossier", args=[target]) + _area(request))
    return _dossier_page(request, period, assessment, members, form, (previous, following, before), refused)


def _area(request: AuthenticatedHttpRequest) -> str:
    """The list's area filter as a query string ("?khu_vuc=3"; "?khu_vuc=" for all areas), or ""."""
    place = CouncilPlaceForm(request.GET)
    if "khu_vuc" not in request.GET or not place.is_valid():
        return ""
    return f"?khu_vuc={place.cleaned_data['khu_vuc'] or ''}"


def _dossier_page(
    request: AuthenticatedHttpRequest,
    period: AssessmentPeriod,
    assessment: Assessment,
    members: list[CouncilMembership],
    form: CouncilScoreForm | None,
    around: tuple[int | None, int | None, int],
    refused: list[str] | None = None,
) -> HttpResponse:
    previous, following, before = around
    shown = council.dossier_view(period, assessment, request.user)
    refusal = None
    try:
        rules.check(request.user, "assessments.council_propose", assessment)
    except PermissionDenied:
        can_score = False
    except ValidationError as error:
        can_score, refusal = False, " ".join(error.messages)
    else:
        can_score = True
    # A refused post's reasons as messages, except those the page's own notice (``refusal``, the
    # same rule asked again) already shows: one reason is said once.
    for text in refused or []:
        if refusal is None or text not in refusal:
            messages.error(request, text)
    bound = form is not None and form.is_bound
    if bound and form is not None:  # the form as it was typed, field by field
        for row in shown["indicators"]:
            code = row["spec"]["code"]
            if not row["spec"]["placeholder"]:
                row["points"] = form[f"points:{code}"].value()
                row["reason"] = form[f"reason:{code}"].value()
                row["errors"] = [
                    *form.errors.get(f"points:{code}", []),
                    *form.errors.get(f"reason:{code}", []),
                ]
    area = _area(request)
    url = reverse("assessments:council_dossier", args=[_SENTINEL])
    back = f"khu_vuc={area.removeprefix('?khu_vuc=')}&" if area else ""
    return render(
        request,
        "assessments/council_dossier.html",
        {
            "period": period,
            "assessment": assessment,
            "framework": services.compiled(period),
            "shown": shown,
            "indicator_rows": _indicator_rows(shown["indicators"], can_score=can_score),
            "points_line": "; ".join(
                f"{code} {vn_short(points)}" for code, points in shown["criteria"].items()
            ),
            "seated": len(members),
            "can_score": can_score,
            "refusal": refusal,
            "bound": bound,
            "area": area,
            "previous_url": url.replace(str(_SENTINEL), str(previous)) + area if previous else "",
            "next_url": url.replace(str(_SENTINEL), str(following)) + area if following else "",
            "list_url": reverse("assessments:council", args=[period.pk])
            + f"?{back}trang={before // council.PAGE_SIZE + 1}#ho-so-{assessment.pk}",
        },
        status=400 if bound else 200,
    )


def _indicator_rows(indicators: list[dict[str, Any]], *, can_score: bool) -> SafeString:
    """The scoring form's rows (one per indicator, about thirty), written in Python as the list's
    are (``_list_rows``): through the template engine they were three quarters of the page's CPU.
    The markup is the template's; the texts are translated and escaped once per page, the
    evidence's download URL reversed once; values are localised as the template shows them."""
    url = reverse("assessments:evidence_download", args=[_SENTINEL])
    disabled = "" if can_score else " disabled"
    pending = format_html(
        '<td colspan="4"><span class="badge tc-badge-pending">{}</span> {}</td>',
        _("chờ bổ sung"),
        _("chưa tính vào kết quả"),
    )
    own_label, evidence_label = escape(_("Xã tự chấm")), escape(_("Minh chứng"))
    mine_label, reason_label = escape(_("Điểm của tôi")), escape(_("Lý do"))
    none_yet = format_html('<span class="text-muted">{}</span>', _("chưa có"))
    html: list[str] = []
    for row in indicators:
        spec = row["spec"]
        code = escape(spec["code"])
        html.append(
            f'<tr id="ct-{code}"><th scope="row" class="fw-normal">{code}</th><td>{escape(row["title"])}</td>'
        )
        if spec["placeholder"]:
            html.append(f"{pending}</tr>")
            continue
        own = row["own"]
        shown_own = f"{escape(vn_short(own))}/{escape(spec['max'])}" if own is not None else ""
        links = "".join(
            f'<a class="d-block" href="{url.replace(str(_SENTINEL), str(e.pk))}">{escape(e.title)}</a>'
            if e.file
            else f'<a class="d-block" href="{escape(e.link)}" rel="noopener" target="_blank">{escape(e.title)}</a>'
            for e in row["evidence"]
        )
        errors = row.get("errors")
        points = "" if row["points"] is None else escape(localize(row["points"]))
        reason = "" if row["reason"] is None else escape(localize(row["reason"]))
        html.append(
            f'<td data-label="{own_label}">{shown_own}</td>'
            f'<td data-label="{evidence_label}">{links or none_yet}</td>'
            f'<td class="tc-w-6" data-label="{mine_label}"><input class="form-control form-control-sm'
            f'{" is-invalid" if errors else ""}" name="points:{code}" inputmode="decimal" '
            f'aria-label="{_("Điểm %(c)s") % {"c": code}}" placeholder="0–{escape(spec["max"])}" '
            f'value="{points}"{disabled}>'
            + "".join(f'<div class="invalid-feedback">{escape(error)}</div>' for error in errors or ())
            + f'</td><td data-label="{reason_label}"><input class="form-control form-control-sm" '
            f'name="reason:{code}" aria-label="{reason_label} {code}" placeholder="{reason_label}" '
            f'value="{reason}"{disabled}></td></tr>'
        )
    return mark_safe("".join(html))  # noqa: S308 - every part escaped above


def _posted_conclusions(request: AuthenticatedHttpRequest, period: AssessmentPeriod) -> BaseConclusionFormSet:
    """The page of rows as sent, checked against the dossiers still awaiting the council (read
    with their communes only: the decided ones are read again in full, one query)."""
    forwarded = Assessment.objects.for_user(request.user, Action.VIEW).filter(
        period=period, status=Status.FORWARDED
    )
    return ConclusionFormSet(
        request.POST, dossiers=list(forwarded.select_related("unit").only("id", "unit", "unit__name"))
    )


def _decisions(conclusions: BaseConclusionFormSet) -> list[dict[str, Any]]:
    """The rows taken, each with its dossier read in full (points, facts) for the consolidation."""
    decisions = conclusions.decisions()
    full = Assessment.objects.select_related("unit").in_bulk([d["assessment"].pk for d in decisions])
    return [{**d, "assessment": full[d["assessment"].pk]} for d in decisions]


def _after_rows(
    request: AuthenticatedHttpRequest, period: AssessmentPeriod, meeting: CouncilMeeting, saved: int
) -> HttpResponse:
    """Where a saved page of rows leads: the meeting's next rows while dossiers await, else the
    council page, where the minutes are signed."""
    left = council.awaiting(period.pk)
    if left:
        messages.success(
            request,
            _("Đã ghi kết luận cho %(n)s hồ sơ; còn %(left)s hồ sơ chờ kết luận trước khi ký biên bản.")
            % {"n": saved, "left": left},
        )
        return redirect(reverse("assessments:council_conclusions", args=[meeting.pk]) + _place(request))
    messages.success(request, _("Đã ghi biên bản và kiến nghị của Hội đồng."))
    return redirect("assessments:council", pk=period.pk)


def _place(request: AuthenticatedHttpRequest) -> str:
    """The page and area filter the form was sent from, as a query string to go back to."""
    found = CouncilPlaceForm(request.GET).querystring()
    return f"?{found}" if found else ""


@require_action(Action.COUNCIL_SECRETARY)
@require_POST
def council_meeting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """New minutes: the meeting and the first page of its rows, all saved or none."""
    period = _period(request, pk, Action.COUNCIL_SECRETARY)
    seats = CouncilMembership.objects.for_user(request.user).filter(period=period)
    members = User.objects.filter(pk__in=seats.values("user_id"))
    form = CouncilMeetingForm(request.POST, members=members)
    conclusions = _posted_conclusions(request, period)
    try:
        valid = form.is_valid() & conclusions.is_valid()
        if not valid:
            raise ValidationError(
                [*(m for errors in form.errors.values() for m in errors), *conclusions.error_texts()]
            )
        data = form.cleaned_data
        decisions = _decisions(conclusions)
        meeting = council.record_meeting(
            period=period,
            user=request.user,
            held_on=data["held_on"],
            minutes=data["minutes"],
            attendees=list(data["attendees"]),
            decisions=decisions,
            place=data["place"],
            chaired_by=data["chaired_by"],
            kind=data["kind"] or "meeting",
            papers_sent_on=data["papers_sent_on"],
        )
    except ValidationError as error:
        # Shown again as typed, with the reasons above it: nothing the secretary wrote is lost.
        flash_errors(request, error)
        return _minutes(request, period, meeting_form=form, conclusions=conclusions)
    return _after_rows(request, period, meeting, len(decisions))


@require_action(Action.COUNCIL_SECRETARY)
@require_http_methods(["GET", "POST"])
def council_conclusions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Recorded minutes, page by page: the rows taken (read only) and the dossiers still awaiting
    a conclusion, whose rows the secretary adds a page at a time (each page all saved or none)."""
    meeting = get_for_user_or_404(
        CouncilMeeting.objects.select_related("chaired_by"), request.user, Action.VIEW, pk=pk
    )
    period = _period(request, meeting.period_id, Action.COUNCIL_SECRETARY)
    meeting.period = period
    if request.method != "POST":
        return _minutes(request, period, meeting)
    conclusions = _posted_conclusions(request, period)
    try:
        if not conclusions.is_valid():
            raise ValidationError(conclusions.error_texts())
        decisions = _decisions(conclusions)
        saved = council.conclude(meeting=meeting, user=request.user, decisions=decisions)
    except ValidationError as error:
        flash_errors(request, error)
        return _minutes(request, period, meeting, conclusions=conclusions)
    return _after_rows(request, period, meeting, saved)


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
