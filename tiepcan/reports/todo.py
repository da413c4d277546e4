"""The to-do home: each role's own work, counted, linked to the place to act, with days left.

A person with several roles sees one section per role. Every section reads a fixed number of
queries whatever the amount of data (counts are aggregates; lists are bounded), so the home
page costs the same for a commune with one dossier and a province with a hundred
(``reports/tests/test_todo.py`` asserts it per role).

Deadlines are the period's (the province sets them when it opens the period), else the
framework's fixed days (TT 09/2021: dossiers before 10 January, recognition before 10 February;
a fixed day that is a day off carries over to the next working day, Bộ luật Dân sự 2015 Điều
148 khoản 5), and for a returned dossier the supplement limit counted in working days on the calendar of
``tiepcan.workdays`` (``assessments.queue.deadline``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape
from typing import Any

from django.db.models import Count, Max, Min, Q, Sum
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.permissions import Grants, grants_for
from tiepcan.assessments import procedure, queue
from tiepcan.assessments.choices import CouncilRole, PeriodStatus, Status
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    CouncilScore,
    Transition,
)
from tiepcan.assessments.procedure import rules_of
from tiepcan.assessments.services import missing_by_assessment
from tiepcan.core.scoping import reading_action
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.lib.money import group_vnd
from tiepcan.plans.choices import OVERDUE, BudgetStatus
from tiepcan.plans.filters import PLAN_ENDED, PLAN_IN_FORCE
from tiepcan.plans.models import BudgetEstimate, Task
from tiepcan.reports import dashboard_data as data
from tiepcan.workdays.calendar import working_calendar

# Tasks due within this many days are "due soon" on a focal point's home.
SOON_DAYS = 14

# With more open periods than this (a system administrator: one per province, 34), a section's
# lines of the same kind are folded into one, counted over every period and linked to the list of
# periods, where each period's queue, filtered by step, is one click away: a to-do home counts the
# work and points to it rather than listing five lines per province (~380 lines at national scale).
PERIODS_LISTED = 3


@dataclass
class Item:
    """One line of a section: how many things wait, where to act, and by when."""

    label: str
    count: int
    url: str = ""
    due: date | None = None
    days_left: int | None = None
    detail: str = ""
    urgent: bool = False
    # A secondary line, shown quietly (no badge, not an alert) and only when something is there.
    quiet: bool = False
    # The open period the line counts in (lines of many periods are folded into one: see ``_fold``).
    period_id: int | None = None

    @property
    def late(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_late(self) -> int:
        return -(self.days_left or 0)

    def html(self) -> str:
        """The item's line of its section (HTML), written here rather than by the template's tags:
        a system administrator's home lists five lines for each of the country's open periods."""
        count = escape(str(localize(self.count)))
        if self.quiet:
            return (
                f'<li class="small py-1 border-bottom"><a class="link-secondary" href="{escape(self.url)}">'
                f"{count} {escape(str(self.label))}</a></li>"
            )
        badge = "text-bg-light"
        if self.count:
            badge = "text-bg-danger" if self.urgent else "text-bg-primary"
        label = escape(str(self.label))
        parts = [
            f'<span class="badge rounded-pill {badge}">{count}</span>',
            f'<a href="{escape(self.url)}">{label}</a>' if self.url else label,
        ]
        if self.due:
            days = self.days_left or 0
            if self.late:
                colour = " text-danger"
                left = ngettext("quá hạn %(n)s ngày", "quá hạn %(n)s ngày", -days) % {"n": -days}
            else:
                colour = " text-warning-emphasis" if days <= 3 else " text-muted"
                left = (
                    _("hết hạn hôm nay")
                    if days == 0
                    else ngettext("còn %(n)s ngày", "còn %(n)s ngày", days) % {"n": days}
                )
            parts.append(
                f'<span class="small text-nowrap{colour}">{escape(_("hạn"))} '
                f"{escape(date_format(self.due, 'SHORT_DATE_FORMAT'))} · {escape(left)}</span>"
            )
        if self.detail:
            parts.append(f'<span class="small text-muted w-100 ps-4">{escape(str(self.detail))}</span>')
        return f'<li class="d-flex flex-wrap align-items-baseline gap-2 py-1 border-bottom">{" ".join(parts)}</li>'


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    template: str = "reports/todo/section.html"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(item.count for item in self.items if not item.quiet)

    def items_html(self) -> SafeString:
        return mark_safe("".join(item.html() for item in self.items))  # noqa: S308 - every text escaped


def _days(due: date | None, today: date) -> int | None:
    return None if due is None else (due - today).days


def _first_deadline(period: AssessmentPeriod, status: str, today: date) -> date | None:
    found = queue.deadline(period, status, today)
    return found.due if found is not None else None


_PERIOD_URLS: dict[tuple[int, str], str] = {}


def _queue_url(period: AssessmentPeriod, **params: str) -> str:
    # Reversed once per page and period (a system administrator's home links 34 periods many times).
    key = (period.pk, get_script_prefix())
    base = _PERIOD_URLS.get(key)
    if base is None:
        base = _PERIOD_URLS[key] = reverse("assessments:period_detail", args=[period.pk])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base}?{query}" if query else base


# Framework definitions by (version id, checksum), read once per process: a version never changes,
# and a system administrator's home reads the deadlines of every open period of the country.
_DEFINITIONS: dict[tuple[int, str], Any] = {}


def open_periods(user: Any) -> list[AssessmentPeriod]:
    """The open periods the person may read (with their framework: deadlines are data there).

    The frameworks' definitions (10–18 KB of JSON each) are not read with every period: each
    version's is read once per process and set on the period's framework."""
    if not grants_for(user).has_any(Action.VIEW_ASSESSMENTS):
        return []
    periods = list(
        AssessmentPeriod.objects.for_user(user, Action.VIEW)
        .filter(status=PeriodStatus.OPEN)
        .select_related("framework", "province")
        .defer("framework__definition", "framework__source_text")
        .order_by("-year", "pk")
    )
    missing = {p.framework_id for p in periods if (p.framework_id, p.framework.checksum) not in _DEFINITIONS}
    if missing:
        for pk, checksum, definition in FrameworkVersion.objects.filter(pk__in=missing).values_list(
            "pk", "checksum", "definition"
        ):
            _DEFINITIONS[(pk, checksum)] = definition
    for period in periods:
        found = _DEFINITIONS.get((period.framework_id, period.framework.checksum))
        if found is not None:  # changed meanwhile: the framework reads its own
            period.framework.definition = found
    procedure.prepare_calendar(periods)  # the framework's fixed days: one read of the calendar at most
    return periods


def sections_for(
    user: Any,
    today: date | None = None,
    periods: list[AssessmentPeriod] | None = None,
    memo: dict[Any, Any] | None = None,
) -> list[Section]:
    """Every section of the person's roles, in the order of the cycle (``periods``: the person's
    open periods, when the caller has read them; ``memo``: counts the caller has read, see
    :func:`status_counts`)."""
    today = today or timezone.localdate()
    grants = grants_for(user)
    periods = open_periods(user) if periods is None else periods
    memo = {} if memo is None else memo
    by_pk = {p.pk: p for p in periods}
    sections: list[Section | None] = []
    # A system administrator self-assesses everywhere and so has no commune of their own: their
    # "own dossiers" would be every dossier of the country, each checked for what it lacks.
    if grants.has_any(Action.SELF_ASSESS) and not grants.is_global(Action.SELF_ASSESS):
        sections.append(commune_officer(user, periods, today))
    if grants.has_any(Action.APPROVE_SELF_ASSESSMENT):
        sections.append(chairman(user, by_pk, today, memo))
    if grants.has_any(Action.REVIEW):
        sections.append(reviewer(user, periods, today, memo))
    if grants.has_any(Action.COUNCIL_SCORE) or periods:
        sections.extend(council(user, by_pk, today, grants))
    if grants.has_any(Action.RECOGNISE):
        sections.append(recognising_authority(user, by_pk, today, memo))
    if grants.has_any(Action.REPORT_PROGRESS):
        sections.append(focal_point(user, today, memo))
    if grants.has_any(Action.MANAGE_BUDGET):
        sections.append(finance_officer(user))
    if grants.has_any(Action.MANAGE_PERIODS):
        sections.append(administrator(user, periods, today, memo))
    if (
        Role.NATIONAL_VIEWER in grants.roles
    ):  # the Ministry's follow-up work (a system administrator has the page)
        sections.append(national(today))
    found = [s for s in sections if s is not None]
    if len(periods) == 1:
        _drop_the_only_period(found, periods[0].title)
    elif len(periods) > PERIODS_LISTED:
        for section in found:
            section.items = _fold(section.items, len(periods))
    return found


def _fold(items: list[Item], periods: int) -> list[Item]:
    """One line for each kind of work counted over the periods (its lines of each period summed), in
    the order the kinds first come; the lines of no period (tasks) stay as they are.

    The nearest deadline among the periods with something to do is shown, with its days left."""
    by_label: dict[str, list[Item]] = {}
    order: list[str | Item] = []
    for item in items:
        if item.period_id is None:
            order.append(item)
            continue
        if item.label not in by_label:
            by_label[item.label] = []
            order.append(item.label)
        by_label[item.label].append(item)
    url = reverse("assessments:period_list")
    folded: list[Item] = []
    for entry in order:
        if isinstance(entry, Item):
            folded.append(entry)
            continue
        lines = by_label[entry]
        busy = [i for i in lines if i.count]
        dated = [i for i in busy if i.due is not None]
        nearest = min(dated, key=lambda i: i.due or date.max) if dated else None
        first = lines[0]
        folded.append(
            Item(
                first.label,
                sum(i.count for i in lines),
                url,
                nearest.due if nearest else None,
                nearest.days_left if nearest else None,
                ngettext(
                    "ở %(k)s trong %(n)s kỳ đánh giá đang mở",
                    "ở %(k)s trong %(n)s kỳ đánh giá đang mở",
                    periods,
                )
                % {"k": len(busy), "n": periods}
                if busy
                else "",
                first.urgent,
                first.quiet,
            )
        )
    return folded


def _drop_the_only_period(sections: list[Section], title: str) -> None:
    """With one open period (the usual case), its name on every line says nothing: keep the rest."""
    for section in sections:
        for item in section.items:
            if item.detail == title:
                item.detail = ""
            elif item.detail.endswith(f" · {title}"):
                item.detail = item.detail.removesuffix(f" · {title}")


# --- Commune -------------------------------------------------------------------------------------


def commune_officer(user: Any, periods: list[AssessmentPeriod], today: date) -> Section | None:
    """Each own dossier of the open periods: what is still empty or missing, each a link to its field."""
    if not periods:
        return None
    mine = list(
        Assessment.objects.for_user(user, Action.SELF_ASSESS)
        .filter(period__in=periods)
        .select_related("unit")
        .order_by("unit__name_sort")
    )
    by_pk = {p.pk: p for p in periods}
    for assessment in mine:
        assessment.period = by_pk[assessment.period_id]  # the periods read once, with their framework
    lacking = missing_by_assessment(mine)
    returned = queue.returned_on(mine)
    calendar = queue.calendar_for(returned)
    rows: list[dict[str, Any]] = []
    for assessment in mine:
        items = lacking.get(assessment.pk, [])
        found = queue.deadline(
            assessment.period, assessment.status, today, returned.get(assessment.pk), calendar
        )
        rows.append(
            {
                "assessment": assessment,
                "url": reverse("assessments:assessment_detail", args=[assessment.pk]),
                "missing": items,
                "empty": sum(1 for m in items if m.anchor.startswith("f-")),
                "evidence": sum(1 for m in items if m.anchor.startswith("ev-")),
                "notes": sum(1 for m in items if m.anchor.startswith("note-")),
                "deadline": found if assessment.status in queue.NOT_SENT else None,
            }
        )
    section = Section("commune_officer", _("Tự đánh giá của xã"), template="reports/todo/commune.html")
    section.extra["rows"] = rows
    section.items = [
        Item(_("Mục còn thiếu"), sum(len(r["missing"]) for r in rows), urgent=True),
    ]
    return section


def chairman(
    user: Any, periods: dict[int, AssessmentPeriod], today: date, memo: dict[Any, Any] | None = None
) -> Section | None:
    """Dossiers waiting for the chairman: approve, post, send (and send again after a return)."""
    if not periods:
        return None
    steps = [
        (Status.DRAFT, _("Chờ duyệt kết quả tự đánh giá")),
        (Status.APPROVED, _("Đã duyệt, chờ niêm yết")),
        (Status.POSTED, _("Đang niêm yết, chờ ký gửi hồ sơ")),
        (Status.RETURNED, _("Bị trả lại, chờ gửi lại")),
    ]
    # The counts by period and status the summary reads (the same query when the chairman's units
    # are the ones the person views, as for a commune chairman or a system administrator).
    per_period = status_counts(user, Action.APPROVE_SELF_ASSESSMENT, list(periods.values()), memo)
    returned: dict[int, date] = {}
    if any(Status.RETURNED in counts for counts in per_period.values()):
        returned = _returned_on(
            Assessment.objects.for_user(user, Action.APPROVE_SELF_ASSESSMENT).filter(
                period_id__in=list(periods), status=Status.RETURNED
            )
        )
    calendar = queue.calendar_for(returned)
    items = []
    for status, label in steps:
        for period_id, counts in per_period.items():
            if status not in counts:
                continue
            n, _resent, one = counts[status]
            period = periods[period_id]
            url = (
                reverse("assessments:assessment_detail", args=[one])
                if n == 1
                else _queue_url(period, trang_thai=status)
            )
            found = queue.deadline(
                period,
                status,
                today,
                min(returned.values()) if status == Status.RETURNED and returned else None,
                calendar,
            )
            items.append(
                Item(
                    label,
                    n,
                    url,
                    found.due if found else None,
                    found.days_left if found else None,
                    period.title,
                    period_id=period.pk,
                )
            )
    return Section("commune_chairman", _("Chủ tịch UBND xã: duyệt, niêm yết, gửi hồ sơ"), items)


def _returned_on(returned: Any) -> dict[int, date]:
    """The day each of (at most 50 of) the returned dossiers was last returned: one statement, the
    dossiers a subquery (``queue.returned_on`` reads them first)."""
    ids = returned.order_by().values("pk")[:50]
    rows = (
        # Unscoped on purpose: the dossiers are the person's, read through ``for_user`` by the caller.
        Transition.objects.filter(assessment_id__in=ids, to_status=Status.RETURNED)
        .values("assessment_id")
        .annotate(last=Max("created_at"))
        .values_list("assessment_id", "last")
    )
    return {pk: timezone.localdate(last) for pk, last in rows}


# --- Province: review, council, decision -----------------------------------------------------------


def reviewer(
    user: Any, periods: list[AssessmentPeriod], today: date, memo: dict[Any, Any] | None = None
) -> Section | None:
    """To review, among them the late ones and those returned and sent again; returned, waiting."""
    if not periods:
        return None
    items = []
    per_period = status_counts(user, Action.REVIEW, periods, memo)
    for period in periods:
        counts = per_period[period.pk]
        submitted = {Status.SUBMITTED}
        stats = {
            "to_review": _count(counts, submitted),
            "resent": _count(counts, submitted, resent=True),
            "returned": _count(counts, {Status.RETURNED}),
            "late": _count(counts, submitted & queue.late_statuses(period, today)),
        }
        due = _first_deadline(period, Status.SUBMITTED, today)
        items += [
            Item(
                _("Hồ sơ chờ thẩm định"),
                stats["to_review"],
                _queue_url(period, trang_thai=Status.SUBMITTED),
                due,
                _days(due, today),
                period.title,
                period_id=period.pk,
            ),
            Item(
                _("Quá hạn thẩm định"),
                stats["late"],
                _queue_url(period, tre_han="1"),
                urgent=True,
                detail=period.title,
                period_id=period.pk,
            ),
            Item(
                _("Đã bổ sung, gửi lại"),
                stats["resent"],
                _queue_url(period, trang_thai=Status.SUBMITTED),
                detail=period.title,
                period_id=period.pk,
            ),
            Item(
                _("Đã trả lại, chờ xã bổ sung"),
                stats["returned"],
                _queue_url(period, trang_thai=Status.RETURNED),
                detail=period.title,
                period_id=period.pk,
            ),
        ]
    return Section("reviewer", _("Thẩm định hồ sơ"), items)


def council(
    user: Any, periods: dict[int, AssessmentPeriod], today: date, grants: Grants
) -> list[Section | None]:
    """Member: dossiers to score (x of y done). Chair: minutes to sign. Secretary: meeting, papers."""
    seats = list(
        CouncilMembership.objects.filter(user=user, period_id__in=list(periods)).select_related("area")
    )
    if not seats:
        return []
    period_ids = [s.period_id for s in seats]
    forwarded = dict(
        Assessment.objects.filter(period_id__in=period_ids, status=Status.FORWARDED)
        .values("period_id")
        .annotate(n=Count("id"))
        .values_list("period_id", "n")
    )
    in_area = {
        seat.pk: Assessment.objects.filter(
            period_id=seat.period_id, status=Status.FORWARDED, unit__path__startswith=seat.area.path
        ).count()
        for seat in seats
        if seat.area
    }
    scored = dict(
        CouncilScore.objects.filter(
            member=user, assessment__period_id__in=period_ids, assessment__status=Status.FORWARDED
        )
        .values("assessment__period_id")
        .annotate(n=Count("assessment_id", distinct=True))
        .values_list("assessment__period_id", "n")
    )
    meetings = list(CouncilMeeting.objects.filter(period_id__in=period_ids).order_by("period_id", "-held_on"))
    memo: dict[str, Any] = {}
    member = Section("council_member", _("Chấm điểm Hội đồng"))
    chair = Section("council_chair", _("Chủ tịch Hội đồng: ký biên bản"))
    secretary = Section("council_secretary", _("Thư ký Hội đồng: họp, gửi tài liệu, biên bản"))
    for seat in seats:
        period = periods[seat.period_id]
        url = reverse("assessments:council", args=[period.pk])
        total = in_area.get(seat.pk, forwarded.get(period.pk, 0))
        done = min(scored.get(period.pk, 0), total)
        due = _first_deadline(period, Status.FORWARDED, today)
        if total:
            member.items.append(
                Item(
                    _("Hồ sơ cần chấm điểm"),
                    total - done,
                    url,
                    due,
                    _days(due, today),
                    _("%(done)s/%(total)s hồ sơ đã chấm · %(period)s")
                    % {"done": done, "total": total, "period": period.title},
                )
            )
        own = [m for m in meetings if m.period_id == period.pk]
        # Minutes are signed once every dossier before the council has its row (written page by page).
        complete = not forwarded.get(period.pk)
        if seat.role in (CouncilRole.CHAIR, CouncilRole.DEPUTY_CHAIR):
            unsigned = [m for m in own if m.chair_signed_at is None and m.chaired_by_id in (None, user.pk)]
            chair.items.append(
                Item(
                    _("Biên bản chờ ký"),
                    len(unsigned) if complete else 0,
                    reverse("assessments:council", args=[period.pk]),
                    detail=period.title,
                    urgent=True,
                )
            )
        if seat.role == CouncilRole.SECRETARY:
            # New minutes on their own page; minutes already begun are continued on the meeting's page.
            meeting_url = reverse("assessments:council_minutes", args=[period.pk])
            begun = [m for m in own if m.chair_signed_at is None and m.secretary_signed_at is None]
            if forwarded.get(period.pk):
                secretary.items.append(
                    Item(
                        _("Phiên họp cần ghi biên bản")
                        if not begun
                        else _("Hồ sơ chưa có dòng kết luận trong biên bản"),
                        1 if not begun else forwarded[period.pk],
                        meeting_url
                        if not begun
                        else reverse("assessments:council_conclusions", args=[begun[0].pk]),
                        due,
                        _days(due, today),
                        period.title,
                    )
                )
            unsent = [m for m in own if m.papers_sent_on is None and m.held_on >= today]
            for meeting in unsent:
                papers_day = _papers_due(period, meeting.held_on, meetings, memo)
                secretary.items.append(
                    Item(
                        _("Tài liệu cần gửi thành viên"),
                        1,
                        reverse("assessments:council", args=[period.pk]),
                        papers_day,
                        _days(papers_day, today),
                        _("Phiên họp ngày %(d)s") % {"d": meeting.held_on.strftime("%d/%m/%Y")},
                    )
                )
            unsigned = [m for m in own if m.secretary_signed_at is None]
            if unsigned and complete:
                secretary.items.append(
                    Item(
                        _("Biên bản chờ thư ký ký"),
                        len(unsigned),
                        reverse("assessments:council", args=[period.pk]),
                        detail=period.title,
                    )
                )
    return [s for s in (member, chair, secretary) if s.items]


def _papers_due(period: AssessmentPeriod, held_on: date, meetings: list[CouncilMeeting], memo: dict) -> date:
    """The last day the papers reach the members (working days before the meeting).

    ``memo`` keeps the calendar for the rest of the call: one read of the table for every meeting.
    """
    rule = rules_of(period).get("council_papers")
    if rule is None or rule.working_days is None:
        return held_on
    if "calendar" not in memo:
        days = [m.held_on for m in meetings]
        memo["calendar"] = working_calendar(min(days), max(days))
    return rule.due_from(held_on, memo["calendar"]) or held_on


def recognising_authority(
    user: Any, periods: dict[int, AssessmentPeriod], today: date, memo: dict[Any, Any] | None = None
) -> Section | None:
    if not periods:
        return None
    per_period = status_counts(user, Action.RECOGNISE, list(periods.values()), memo)
    items = []
    for period_id, counts in per_period.items():
        n = _count(counts, {Status.RECOMMENDED, Status.NOT_RECOMMENDED})
        if not n:
            continue
        recommended = _count(counts, {Status.RECOMMENDED})
        period = periods[period_id]
        due = _first_deadline(period, Status.RECOMMENDED, today)
        items.append(
            Item(
                _("Đề nghị chờ quyết định công nhận"),
                n,
                reverse("assessments:decisions", args=[period.pk]),
                due,
                _days(due, today),
                _("%(r)s đề nghị công nhận, %(n)s không đề nghị · %(p)s")
                % {"r": recommended, "n": n - recommended, "p": period.title},
                period_id=period.pk,
            )
        )
    return Section("recognising_authority", _("Quyết định công nhận"), items)


# --- Plan: tasks, budget ---------------------------------------------------------------------------


def focal_point(user: Any, today: date, memo: dict[Any, Any] | None = None) -> Section:
    stats = _task_stats(user, Action.REPORT_PROGRESS, today, memo)
    url = reverse("plans:my_tasks")
    next_due = stats["next_due"]
    return Section(
        "focal_point",
        _("Nhiệm vụ kế hoạch"),
        [
            Item(
                _("Nhiệm vụ quá hạn"),
                stats["overdue"],
                f"{url}?trang_thai={OVERDUE}&ke_hoach={PLAN_IN_FORCE}",
                urgent=True,
            ),
            Item(_("Đến hạn trong %(n)s ngày tới") % {"n": SOON_DAYS}, stats["soon"], url),
            # The nearest deadline among the open tasks, however far.
            Item(_("Nhiệm vụ đang thực hiện"), stats["open"], url, next_due, _days(next_due, today)),
            *_ended_plans_line(stats["ended"], url),
        ],
    )


def _task_stats(user: Any, action: str, today: date, memo: dict[Any, Any] | None = None) -> dict[str, Any]:
    """The open tasks the person reaches with ``action``, counted once for every action reaching the
    same units (``memo``): a focal point's section and an administrator's overdue line."""
    grants = grants_for(user)
    reading = reading_action(Task, action)
    scope = ("*",) if grants.is_global(reading) else tuple(grants.prefixes(reading))
    key = ("task_stats", scope, today)
    if memo is not None and key in memo:
        return memo[key]
    in_force, ended = _plan_period(today)
    found = (
        Task.objects.for_user(user, action)
        .open()
        .aggregate(
            overdue=Count("id", filter=Q(due_on__lt=today) & in_force),
            ended=Count("id", filter=Q(due_on__lt=today) & ended),
            soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=today + timedelta(days=SOON_DAYS))),
            next_due=Min("due_on", filter=Q(due_on__gte=today)),
            open=Count("id"),
        )
    )
    if memo is not None:
        memo[key] = found
    return found


def _plan_period(today: date) -> tuple[Q, Q]:
    """Tasks of plans still in effect (the plan's period ends this year or later), and of ended ones.

    Product decision (issue 14): the home counts as overdue only the tasks of plans in effect; the
    open tasks an ended plan left behind are one quieter line, not an alert."""
    return Q(activity__plan__end_year__gte=today.year), Q(activity__plan__end_year__lt=today.year)


def _ended_plans_line(count: int, url: str) -> list[Item]:
    """The ended plans' tasks past their due date and neither done nor cancelled, linked to the list of them."""
    if not count:
        return []
    return [
        Item(
            _("nhiệm vụ của kế hoạch đã kết thúc chưa báo cáo"),
            count,
            f"{url}?trang_thai={OVERDUE}&ke_hoach={PLAN_ENDED}",
            quiet=True,
        )
    ]


def finance_officer(user: Any) -> Section:
    """Estimates waiting for the finance department: to appraise, then the committee's decision."""
    stats = BudgetEstimate.objects.for_user(user, Action.MANAGE_BUDGET).aggregate(
        submitted=Count("id", filter=Q(status=BudgetStatus.SUBMITTED)),
        submitted_sum=Sum("requested", filter=Q(status=BudgetStatus.SUBMITTED)),
        appraised=Count("id", filter=Q(status=BudgetStatus.APPRAISED)),
        appraised_sum=Sum("requested", filter=Q(status=BudgetStatus.APPRAISED)),
    )
    url = reverse("plans:budget_list")
    return Section(
        "finance_officer",
        _("Kinh phí"),
        [
            Item(
                _("Dự toán chờ thẩm định"),
                stats["submitted"],
                f"{url}?trang_thai={BudgetStatus.SUBMITTED}",
                detail=_money(stats["submitted_sum"]),
            ),
            Item(
                _("Dự toán đã thẩm định, chờ ghi quyết định phê duyệt"),
                stats["appraised"],
                f"{url}?trang_thai={BudgetStatus.APPRAISED}",
                detail=_money(stats["appraised_sum"]),
            ),
        ],
    )


def _money(amount: int | None) -> str:
    return f"{group_vnd(int(amount or 0))} đ"


# --- Administrators --------------------------------------------------------------------------------


def administrator(
    user: Any, periods: list[AssessmentPeriod], today: date, memo: dict[Any, Any] | None = None
) -> Section:
    """The period's health: how many communes are where, how many are late, overdue tasks."""
    section = Section("administrator", _("Tình hình kỳ đánh giá"))
    per_period = status_counts(user, Action.VIEW, periods, memo)
    for period in periods:
        counts = per_period[period.pk]
        stats = {
            "total": _count(counts),
            "not_sent": _count(counts, queue.NOT_SENT),
            "late": _count(counts, queue.late_statuses(period, today)),
            "at_council": _count(counts, {Status.FORWARDED}),
            "waiting_decision": _count(counts, {Status.RECOMMENDED, Status.NOT_RECOMMENDED}),
            "recognised": _count(counts, {Status.RECOGNISED}),
        }
        due = _first_deadline(period, Status.DRAFT, today)
        section.items += [
            Item(
                _("Xã chưa gửi hồ sơ"),
                stats["not_sent"],
                _queue_url(period, trang_thai="chua-gui"),
                due,
                _days(due, today),
                _("%(n)s/%(t)s xã · %(p)s")
                % {"n": stats["not_sent"], "t": stats["total"], "p": period.title},
                period_id=period.pk,
            ),
            Item(
                _("Hồ sơ quá hạn ở một bước"),
                stats["late"],
                _queue_url(period, tre_han="1"),
                urgent=True,
                detail=period.title,
                period_id=period.pk,
            ),
            Item(
                _("Đang ở Hội đồng"),
                stats["at_council"],
                reverse("assessments:council", args=[period.pk]),
                detail=period.title,
                period_id=period.pk,
            ),
            Item(
                _("Chờ quyết định công nhận"),
                stats["waiting_decision"],
                reverse("assessments:decisions", args=[period.pk]),
                detail=period.title,
                period_id=period.pk,
            ),
            Item(
                _("Đã công nhận"),
                stats["recognised"],
                _queue_url(period, trang_thai=Status.RECOGNISED),
                detail=period.title,
                period_id=period.pk,
            ),
        ]
    overdue = _task_stats(user, Action.VIEW, today, memo)
    url = reverse("plans:task_list")
    section.items.append(
        Item(
            _("Nhiệm vụ kế hoạch quá hạn"),
            overdue["overdue"],
            f"{url}?trang_thai={OVERDUE}&ke_hoach={PLAN_IN_FORCE}",
            urgent=True,
        )
    )
    section.items += _ended_plans_line(overdue["ended"], url)
    return section


def status_counts(
    user: Any, action: str, periods: list[AssessmentPeriod], memo: dict[Any, Any] | None = None
) -> dict[int, dict[str, tuple[int, int, int]]]:
    """``_by_status`` of the dossiers the person reaches with ``action``, read once per page for every
    action that reaches the same units (``memo``): a province's or the system's administrator reviews
    and views the same dossiers, and the summary above the sections counts them too."""
    grants = grants_for(user)
    reading = reading_action(Assessment, action)
    scope = ("*",) if grants.is_global(reading) else tuple(grants.prefixes(reading))
    key = ("status_counts", scope, tuple(p.pk for p in periods))
    if memo is not None and key in memo:
        return memo[key]
    found = _by_status(Assessment.objects.for_user(user, action), periods)
    if memo is not None:
        memo[key] = found
    return found


def count(counts: dict[str, tuple[int, int, int]], statuses: Any = None) -> int:
    """Dossiers of one period's ``status_counts`` with one of ``statuses`` (all when None)."""
    return _count(counts, statuses)


def _by_status(
    assessments: Any, periods: list[AssessmentPeriod]
) -> dict[int, dict[str, tuple[int, int, int]]]:
    """Per period and status: (assessments, those in a later round, the first one's id: a step with
    one dossier links to it). One small grouped query for
    every period, where a query per period grew with the provinces a person oversees (a system
    administrator: all 34); every count of the home sections is a sum of these."""
    found: dict[int, dict[str, tuple[int, int, int]]] = {p.pk: {} for p in periods}
    if periods:
        for period_id, status, n, resent, one in (
            assessments.filter(period_id__in=[p.pk for p in periods])
            .order_by()
            .values("period_id", "status")
            .annotate(n=Count("id"), resent=Count("id", filter=Q(round__gt=1)), one=Min("id"))
            .values_list("period_id", "status", "n", "resent", "one")
        ):
            found[period_id][status] = (n, resent, one)
    return found


def _count(counts: dict[str, tuple[int, int, int]], statuses: Any = None, *, resent: bool = False) -> int:
    """Assessments (or those in a later round) with one of ``statuses`` (all when None)."""
    return sum(
        pair[1 if resent else 0] for status, pair in counts.items() if statuses is None or status in statuses
    )


def national(today: date) -> Section:
    """The national viewer's work: the provinces' reports of last year's results, due before
    20 February (TT 09/2021/TT-BTP Điều 6 khoản 2), against the provinces that have results."""
    year = today.year - 1
    due = data.ministry_deadline(year)
    reports = data.ministry_reports_of(year)
    url = reverse("dashboards:national")
    # The deadline is shown while it runs, and after it only against reports still missing.
    shown_due = due if today <= due or reports["missing"] else None
    return Section(
        "national",
        _("Báo cáo kết quả năm %(y)s của các tỉnh gửi Bộ Tư pháp") % {"y": year},
        [
            Item(
                _("Tỉnh chưa gửi báo cáo"),
                reports["missing"],
                url,
                shown_due,
                _days(shown_due, today),
                urgent=True,
            ),
            Item(_("Tỉnh đã gửi đúng hạn"), reports["on_time"], url),
            Item(_("Tỉnh gửi trễ hạn"), reports["late"], url),
        ],
    )
