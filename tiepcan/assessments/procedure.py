"""The commune's steps before sending, and the time limits of the cycle (TT 09/2021/TT-BTP Điều 3, 5, 6).

Posting (Điều 3 khoản 1 điểm c) and the commune meeting (điểm đ) are recorded here; sending is
refused until both are recorded and the posting period has run. The time limits come from the
framework's ``deadlines`` and ``posting`` (data, with their sources), counted on the working-day
calendar where the law counts working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.assessments.choices import AttendeeGroup, ChairRole, PostingMode, Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, CommuneMeeting, Posting, Transition
from tiepcan.core import rules
from tiepcan.core.templatetags.tc import iso_date
from tiepcan.lib.procedure import DeadlineRule, PostingRule, days_inclusive, deadline_rules, posting_rule
from tiepcan.lib.workdays import WorkingCalendar
from tiepcan.workdays.calendar import add_working_days, working_calendar

# TT 09/2021 Điều 3 khoản 1 điểm đ: the officers, the commune police, the Fatherland Front, and the
# heads of villages or of residential groups (a commune has one kind or the other, or both).
REQUIRED_GROUPS = (AttendeeGroup.OFFICERS, AttendeeGroup.POLICE, AttendeeGroup.FATHERLAND_FRONT)
HEADS = (AttendeeGroup.VILLAGE_HEADS, AttendeeGroup.RESIDENTIAL_HEADS)


# Deadline rules by framework version (id, checksum), decoded once per process: a version never
# changes, and a home or queue reads them for every open period it shows, several times each.
_RULES: dict[tuple[int, str], dict[str, DeadlineRule]] = {}


def rules_of(period: AssessmentPeriod) -> dict[str, DeadlineRule]:
    framework = period.framework
    checksum = framework.__dict__.get("checksum")  # not read from the database just for the key
    if framework.pk is None or not checksum:
        return deadline_rules(framework.definition)
    key = (framework.pk, checksum)
    found = _RULES.get(key)
    if found is None:
        found = _RULES[key] = deadline_rules(framework.definition)
    return found


def posting_rule_of(period: AssessmentPeriod) -> PostingRule | None:
    return posting_rule(period.framework.definition)


def _locked(assessment_id: int) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("unit", "period__framework")
        .get(pk=assessment_id)
    )


def record_posting(
    *,
    assessment_id: int,
    user: Any,
    office_from: date,
    mode: str,
    mode_from: date,
    office_until: date | None = None,
    mode_until: date | None = None,
    portal_url: str = "",
    radio_dates: list[date] | None = None,
) -> Posting:
    """Record (or correct) how the draft result is posted; only while it is being posted."""
    today = timezone.localdate()
    with transaction.atomic():
        assessment = _locked(assessment_id)
        rules.check(user, "assessments.post", assessment)
        rule = posting_rule_of(assessment.period)
        if mode not in PostingMode.values or (rule is not None and rule.mode(mode) is None):
            raise ValidationError(_("Hình thức công khai này không có trong bộ tiêu chí."))
        problems = []
        if office_from > today or mode_from > today:
            problems.append(_("Ngày bắt đầu niêm yết, đăng tải, thông báo không được sau hôm nay."))
        if office_until is not None and office_until < office_from:
            problems.append(_("Ngày kết thúc niêm yết tại trụ sở phải sau ngày bắt đầu."))
        if mode_until is not None and mode_until < mode_from:
            problems.append(_("Ngày kết thúc đăng tải, thông báo phải sau ngày bắt đầu."))
        dates = sorted(set(radio_dates or [])) if mode == PostingMode.RADIO else []
        if any(d < mode_from or d > today or (mode_until is not None and d > mode_until) for d in dates):
            problems.append(
                _("Các ngày thông báo trên Đài phải nằm trong thời gian thông báo và không sau hôm nay.")
            )
        if problems:
            raise ValidationError(problems)
        posting, _created = Posting.objects.update_or_create(
            assessment=assessment,
            defaults={
                "office_from": office_from,
                "office_until": office_until,
                "mode": mode,
                "mode_from": mode_from,
                "mode_until": mode_until,
                "portal_url": portal_url.strip() if mode == PostingMode.PORTAL else "",
                "radio_dates": [d.isoformat() for d in dates],
                "recorded_by": user,
            },
        )
    return posting


def posting_problems(assessment: Assessment, today: date) -> list[str]:
    """Why the posting does not yet allow sending, in Vietnamese (empty: it does)."""
    posting = Posting.objects.filter(assessment=assessment).first()
    if posting is None:
        return [_("Chưa ghi việc niêm yết công khai kết quả tự đánh giá (nơi niêm yết, ngày bắt đầu).")]
    rule = posting_rule_of(assessment.period)
    if rule is None:
        return []
    problems = []
    office_ready = posting.office_from + timedelta(days=rule.office_days)
    if (
        posting.office_until is not None
        and days_inclusive(posting.office_from, posting.office_until) < rule.office_days
    ):
        problems.append(
            _(
                "Niêm yết tại trụ sở Ủy ban nhân dân cấp xã phải ít nhất %(n)s ngày (đã ghi từ %(a)s đến %(b)s)."
            )
            % {"n": rule.office_days, "a": iso_date(posting.office_from), "b": iso_date(posting.office_until)}
        )
    elif today < office_ready:
        problems.append(
            _(
                "Chưa hết thời hạn niêm yết tại trụ sở (ít nhất %(n)s ngày từ %(a)s): chỉ gửi được từ ngày %(c)s."
            )
            % {"n": rule.office_days, "a": iso_date(posting.office_from), "c": iso_date(office_ready)}
        )
    mode = rule.mode(posting.mode)
    if mode is None:
        problems.append(_("Hình thức công khai đã ghi không có trong bộ tiêu chí."))
        return problems
    ready = posting.mode_from + timedelta(days=mode.days)
    label = PostingMode(posting.mode).label
    if posting.mode_until is not None and days_inclusive(posting.mode_from, posting.mode_until) < mode.days:
        problems.append(
            _("%(m)s: phải ít nhất %(n)s ngày (đã ghi từ %(a)s đến %(b)s).")
            % {
                "m": label,
                "n": mode.days,
                "a": iso_date(posting.mode_from),
                "b": iso_date(posting.mode_until),
            }
        )
    elif today < ready:
        problems.append(
            _("Chưa hết thời hạn %(m)s (ít nhất %(n)s ngày từ %(a)s): chỉ gửi được từ ngày %(c)s.")
            % {"m": label.lower(), "n": mode.days, "a": iso_date(posting.mode_from), "c": iso_date(ready)}
        )
    if mode.announcements and len(posting.radio_dates) < mode.announcements:
        problems.append(
            _("Phải thông báo trên Đài truyền thanh cấp xã ít nhất %(n)s lần (đã ghi %(k)s lần).")
            % {"n": mode.announcements, "k": len(posting.radio_dates)}
        )
    return problems


def record_commune_meeting(
    *,
    assessment_id: int,
    user: Any,
    held_on: date,
    chair_role: str,
    chair_name: str,
    attendee_groups: list[str],
    attendees: str,
    outcome: str,
) -> CommuneMeeting:
    """Record the meeting that agrees the result (TT 09/2021 Điều 3 khoản 1 điểm đ), before sending."""
    with transaction.atomic():
        assessment = _locked(assessment_id)
        rules.check(user, "assessments.commune_meeting", assessment)
        problems = []
        if chair_role not in ChairRole.values or not chair_name.strip():
            problems.append(
                _("Cuộc họp do đại diện lãnh đạo Ủy ban nhân dân cấp xã chủ trì: hãy ghi người chủ trì.")
            )
        groups = [g for g in AttendeeGroup.values if g in set(attendee_groups)]
        lacking = [str(AttendeeGroup(g).label) for g in REQUIRED_GROUPS if g not in groups]
        if not any(g in groups for g in HEADS):
            lacking.append(_("Trưởng thôn hoặc Tổ trưởng tổ dân phố"))
        if lacking:
            problems.append(_("Thành phần cuộc họp còn thiếu: %(g)s.") % {"g": "; ".join(lacking)})
        if held_on > timezone.localdate():
            problems.append(_("Ngày họp không được sau hôm nay."))
        posting = Posting.objects.filter(assessment=assessment).first()
        if posting is not None and held_on < posting.office_from:
            problems.append(_("Cuộc họp thống nhất kết quả diễn ra sau khi niêm yết, lấy ý kiến."))
        if not attendees.strip() or not outcome.strip():
            problems.append(_("Hãy ghi danh sách người dự họp và kết quả cuộc họp."))
        if problems:
            raise ValidationError(problems)
        meeting, _created = CommuneMeeting.objects.update_or_create(
            assessment=assessment,
            defaults={
                "held_on": held_on,
                "chair_role": chair_role,
                "chair_name": chair_name.strip(),
                "attendee_groups": groups,
                "attendees": attendees.strip(),
                "outcome": outcome.strip(),
                "recorded_by": user,
            },
        )
    return meeting


def sending_problems(assessment: Assessment, today: date) -> list[str]:
    """What still stops the first sending: the posting period and the commune meeting."""
    problems = posting_problems(assessment, today)
    meeting = CommuneMeeting.objects.filter(assessment=assessment).first()
    if meeting is None:
        problems.append(
            _("Chưa ghi cuộc họp xem xét, thống nhất kết quả của cấp xã (ngày họp, thành phần, kết quả).")
        )
    elif meeting.held_on > today:
        problems.append(_("Cuộc họp thống nhất kết quả chưa diễn ra."))
    return problems


# --- Time limits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A time limit that applies now: its last day, what it is, and where the law sets it.

    For a fixed day of the framework, ``day`` is the day the limit ends and ``nominal`` the day
    the framework names, when the two differ (``moved``: the nominal day is a day off).
    """

    day: date
    text: str
    source: str
    nominal: date | None = None

    @property
    def moved(self) -> bool:
        return self.nominal is not None and self.nominal != self.day

    @property
    def note(self) -> str:
        """Why the limit ends later than the framework's day, in Vietnamese (empty when it does not)."""
        return moved_note(self.nominal) if self.moved and self.nominal is not None else ""

    def days_left(self, today: date) -> int:
        return (self.day - today).days


def moved_note(nominal: date) -> str:
    return _(
        "Hạn theo bộ tiêu chí là ngày %(d)s, trùng ngày nghỉ: thời hạn kết thúc vào cuối ngày làm việc "
        "tiếp theo (khoản 5 Điều 148 Bộ luật Dân sự 2015)."
    ) % {"d": iso_date(nominal)}


def supplement_due(assessment: Assessment, returned_on: date | None = None) -> Due | None:
    """When a returned dossier must be back: working days from the request (TT 09/2021 Điều 3.2.a)."""
    if assessment.status != Status.RETURNED:
        return None
    if returned_on is None:
        last = (
            Transition.objects.filter(assessment=assessment, to_status=Status.RETURNED)
            .order_by("-created_at", "-id")
            .values_list("created_at", flat=True)
            .first()
        )
        if last is None:
            return None
        returned_on = timezone.localdate(last)
    return supplement_due_from(assessment.period, returned_on)


def supplement_due_from(
    period: AssessmentPeriod, returned_on: date, calendar: WorkingCalendar | None = None
) -> Due | None:
    """``calendar``: pass one when computing many (a page of the queue), to read the table once."""
    rule = rules_of(period).get("supplement")
    if rule is None or rule.working_days is None:
        return None
    if calendar is not None:
        return Due(calendar.add(returned_on, rule.working_days), rule.text, rule.source)
    return Due(add_working_days(returned_on, rule.working_days), rule.text, rule.source)


def council_papers_due(held_on: date, period: AssessmentPeriod) -> Due | None:
    """The last day the council's papers may reach the members (TT 09/2021 Điều 5 khoản 6 điểm c)."""
    rule = rules_of(period).get("council_papers")
    if rule is None or rule.working_days is None:
        return None
    return Due(add_working_days(held_on, -rule.working_days), rule.text, rule.source)


def publication_due(signed_on: date, period: AssessmentPeriod) -> Due | None:
    """The last day to publish a recognition decision (TT 09/2021 Điều 3 khoản 2 điểm d)."""
    rule = rules_of(period).get("publication")
    if rule is None or rule.working_days is None:
        return None
    return Due(add_working_days(signed_on, rule.working_days), rule.text, rule.source)


class _LazyCalendar:
    """The working calendar of a span of years, read from the table the first time it is needed."""

    def __init__(self, first_year: int, last_year: int) -> None:
        self.span = (date(first_year, 1, 1), date(last_year + 1, 12, 31))
        self.calendar: WorkingCalendar | None = None

    def get(self) -> WorkingCalendar:
        if self.calendar is None:
            # Fixed days fall in the assessment year or the next, and carry over at most into the one after.
            self.calendar = working_calendar(*self.span)
        return self.calendar


def prepare_calendar(periods: Iterable[AssessmentPeriod]) -> None:
    """Share one working calendar among these periods' fixed days: at most one read of the table
    for all of them, none when no fixed day is asked for.

    Without it each period reads the table for itself, the first time one of its fixed days is
    asked for (``yearly_due``).
    """
    periods = list(periods)
    if not periods:
        return
    years = [p.year for p in periods]
    shared = _LazyCalendar(min(years), max(years))
    for period in periods:
        vars(period)["_fixed_calendar"] = shared


def calendar_of(period: AssessmentPeriod) -> WorkingCalendar:
    """The working calendar the period's fixed days are read on (read once per period object)."""
    found = vars(period).get("_fixed_calendar")
    if found is None:
        found = vars(period)["_fixed_calendar"] = _LazyCalendar(period.year, period.year)
    return found.get()


def yearly_due(period: AssessmentPeriod, step: str) -> Due | None:
    """A fixed-day limit of the framework for the period's year (e.g. reports before 15 February).

    ``day`` is the day the limit ends: the framework's day, or the next working day when that one
    is a day off of ``tiepcan.workdays`` (Bộ luật Dân sự 2015 Điều 148 khoản 5; ``DeadlineRule.due``).
    """
    rule = rules_of(period).get(step)
    if rule is None or rule.due_in(period.year) is None:
        return None
    fixed = rule.due(period.year, calendar_of(period))
    if fixed is None:
        return None
    return Due(fixed.effective, rule.text, rule.source, fixed.nominal if fixed.moved else None)
