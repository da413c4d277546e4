"""Who must be reminded of which time limit of the cycle, on a given day (TT 09/2021/TT-BTP Điều 3, 5, 6).

``due_reminders`` only computes: it returns the reminders, each with its recipients, and writes
nothing. ``send`` turns them into notifications, once each (the dedupe key names the limit and
the day it falls on). ``manage.py remind`` runs both; a scheduler calls it daily.

A reminder is due from ``days_ahead`` days before the limit, and every day after it until the
step is done (a dossier sent, a decision published): the dedupe key keeps one per limit.

A framework's fixed day that is a day off is recalled for the day the limit ends, the next
working day (Bộ luật Dân sự 2015 Điều 148 khoản 5; ``procedure.yearly_due``), with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments import procedure, queue, result_reports
from tiepcan.assessments.choices import PeriodStatus, Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, CouncilMembership, RecognitionDecision
from tiepcan.core.notifications import notify
from tiepcan.core.templatetags.tc import iso_date
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.units.choices import UnitLevel

COMMUNE_ROLES = (Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN)
NOT_SENT = (Status.DRAFT, Status.APPROVED, Status.POSTED)


@dataclass
class Reminder:
    """One limit to recall to some people: what, by when, where to act, and the rule behind it."""

    kind: str
    title: str
    due: date
    url: str
    source: str
    key: str
    users: list[Any] = field(default_factory=list)

    def days_left(self, today: date) -> int:
        return (self.due - today).days


def _with_note(source: str, nominal: date | None) -> str:
    """The rule's source, and why the limit ends after the framework's day when it does."""
    return f"{source} {procedure.moved_note(nominal)}".strip() if nominal is not None else source


def _window(due: date, today: date, days_ahead: int) -> bool:
    return (due - today).days <= days_ahead


def _holders(roles: tuple[str, ...] | list[str], unit_ids: list[int]) -> dict[int, list[Any]]:
    """Active holders of ``roles`` by unit, for many units in one query."""
    found: dict[int, list[Any]] = {}
    for row in (
        RoleAssignment.objects.active().filter(role__in=roles, unit_id__in=unit_ids).select_related("user")
    ):
        found.setdefault(row.unit_id, []).append(row.user)
    return found


def _level_units(period: AssessmentPeriod, level: str) -> list[int]:
    """The period's province, or its districts, as the framework's level says."""
    if level == Level.DISTRICT:
        return [d.pk for d in queue.areas(period)]
    return [period.province_id]


def due_reminders(today: date, days_ahead: int = 3) -> list[Reminder]:
    """Every reminder due on ``today`` across the open periods (read-only)."""
    reminders: list[Reminder] = []
    periods = list(
        AssessmentPeriod.objects.filter(status=PeriodStatus.OPEN).select_related("province", "framework")
    )
    procedure.prepare_calendar(periods)
    for period in periods:
        reminders += _period_reminders(period, today, days_ahead)
    return reminders


def _period_reminders(period: AssessmentPeriod, today: date, days_ahead: int) -> list[Reminder]:
    out: list[Reminder] = []
    rules = procedure.rules_of(period)
    authority = authority_of(period.framework.definition)
    detail = reverse("assessments:period_detail", kwargs={"pk": period.pk})

    # Dossiers (or reports) before 10 January: the commune's officer and chairman (QĐ 25/2021 Điều 5.2).
    dossier_rule = rules.get("dossier")
    waiting = list(
        Assessment.objects.filter(period=period, status__in=[*NOT_SENT, Status.RETURNED]).select_related(
            "unit"
        )
    )
    communes = _holders(COMMUNE_ROLES, [a.unit_id for a in waiting])
    if _window(period.dossier_due, today, days_ahead):
        for assessment in (a for a in waiting if a.status in NOT_SENT):
            out.append(
                Reminder(
                    "dossier",
                    _("%(u)s: hạn gửi hồ sơ (hoặc báo cáo) ngày %(d)s")
                    % {"u": assessment.unit.name, "d": iso_date(period.dossier_due)},
                    period.dossier_due,
                    reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}),
                    dossier_rule.source if dossier_rule else "",
                    f"remind-dossier-{assessment.pk}-{period.dossier_due}",
                    communes.get(assessment.unit_id, []),
                )
            )

    # Supplements within 3 working days of the request (TT 09/2021 Điều 3 khoản 2 điểm a).
    returned = [a for a in waiting if a.status == Status.RETURNED]
    dates = queue.returned_on(returned)
    calendar = queue.calendar_for(dates)
    for assessment in returned:
        due = (
            procedure.supplement_due_from(period, dates[assessment.pk], calendar)
            if assessment.pk in dates
            else None
        )
        if due is not None and _window(due.day, today, days_ahead):
            out.append(
                Reminder(
                    "supplement",
                    _("%(u)s: bổ sung, hoàn thiện hồ sơ chậm nhất ngày %(d)s")
                    % {"u": assessment.unit.name, "d": iso_date(due.day)},
                    due.day,
                    reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}),
                    due.source,
                    f"remind-supplement-{assessment.pk}-{due.day}",
                    communes.get(assessment.unit_id, []),
                )
            )

    # Council papers at least 3 working days before the meeting (TT 09/2021 Điều 5 khoản 6 điểm c).
    if period.council_due and Assessment.objects.filter(period=period, status=Status.FORWARDED).exists():
        papers = procedure.council_papers_due(period.council_due, period)
        if papers is not None and _window(papers.day, today, days_ahead) and today <= period.council_due:
            secretaries = [
                m.user
                for m in CouncilMembership.objects.filter(period=period, is_secretary=True).select_related(
                    "user"
                )
            ]
            out.append(
                Reminder(
                    "council_papers",
                    _("Gửi tài liệu họp Hội đồng cho các thành viên chậm nhất ngày %(d)s (họp hạn %(m)s)")
                    % {"d": iso_date(papers.day), "m": iso_date(period.council_due)},
                    papers.day,
                    reverse("assessments:council", kwargs={"pk": period.pk}),
                    papers.source,
                    f"remind-papers-{period.pk}-{papers.day}",
                    secretaries,
                )
            )

    # Recognition before 10 February (QĐ 25/2021 Điều 5 khoản 3): those who recognise.
    recognition = queue.deadline(period, Status.RECOMMENDED, today)
    pending = Assessment.objects.filter(
        period=period, status__in=[Status.RECOMMENDED, Status.NOT_RECOMMENDED]
    )
    if recognition is not None and _window(recognition.due, today, days_ahead) and pending.exists():
        holders = _holders([Role.RECOGNISING_AUTHORITY], _level_units(period, authority.recognition_level))
        out.append(
            Reminder(
                "recognition",
                _("Quyết định công nhận trước hạn ngày %(d)s: còn %(n)s hồ sơ chờ quyết định")
                % {"d": iso_date(recognition.due), "n": pending.count()},
                recognition.due,
                reverse("assessments:decisions", kwargs={"pk": period.pk}),
                _with_note(
                    rules["recognition"].source if "recognition" in rules else "", recognition.nominal
                ),
                f"remind-recognition-{period.pk}-{recognition.due}",
                [u for users in holders.values() for u in users],
            )
        )

    # Publication within 2 working days of signing (TT 09/2021 Điều 3 khoản 2 điểm d).
    for decision in RecognitionDecision.objects.filter(period=period, published_on__isnull=True):
        due = procedure.publication_due(decision.signed_on, period)
        if due is not None and _window(due.day, today, days_ahead):
            holders = _holders(
                [Role.RECOGNISING_AUTHORITY, Role.REVIEWER], _level_units(period, authority.recognition_level)
            )
            out.append(
                Reminder(
                    "publication",
                    _("Công bố Quyết định %(n)s trên Cổng thông tin điện tử chậm nhất ngày %(d)s")
                    % {"n": decision.number, "d": iso_date(due.day)},
                    due.day,
                    reverse("assessments:decisions", kwargs={"pk": period.pk}),
                    due.source,
                    f"remind-publication-{decision.pk}",
                    [u for users in holders.values() for u in users],
                )
            )

    # Yearly reports: district → province before 15 February, province → Ministry before 20 February (Điều 6).
    for step, level, text in (
        (
            "report_to_province",
            UnitLevel.DISTRICT,
            _("Báo cáo kết quả đánh giá, công nhận năm %(y)s gửi Ủy ban nhân dân tỉnh trước hạn ngày %(d)s"),
        ),
        (
            "report_to_ministry",
            UnitLevel.PROVINCE,
            _("Báo cáo kết quả đánh giá, công nhận năm %(y)s gửi Bộ Tư pháp trước hạn ngày %(d)s"),
        ),
    ):
        due_report = procedure.yearly_due(period, step)
        if due_report is None or not _window(due_report.day, today, days_ahead) or today > due_report.day:
            continue
        units = [d.pk for d in queue.areas(period)] if level == UnitLevel.DISTRICT else [period.province_id]
        sent = result_reports.sent_units(period, step)  # a unit that recorded its report is not reminded
        units = [u for u in units if u not in sent]
        if not units:
            continue
        holders = _holders([Role.REVIEWER], units)
        out.append(
            Reminder(
                step,
                text % {"y": period.year, "d": iso_date(due_report.day)},
                due_report.day,
                detail,
                _with_note(due_report.source, due_report.nominal),
                f"remind-{step}-{period.pk}-{due_report.day}",
                [u for users in holders.values() for u in users],
            )
        )
    return out


def send(reminders: list[Reminder]) -> int:
    """Notify each reminder's people once; returns how many notifications were created."""

    return sum(
        notify(
            r.users,
            r.title,
            r.source,
            r.url,
            dedupe_key=r.key,
            # The same limit recalled about several communes is one group in the list.
            group_key=f"reminder:{r.kind}:{r.due.isoformat()}",
            group_label=_("lời nhắc hạn ngày %(d)s") % {"d": r.due.strftime("%d/%m/%Y")},
        )
        for r in reminders
    )
