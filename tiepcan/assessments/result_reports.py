"""The yearly reports on a period's results, as sent (TT 09/2021/TT-BTP Điều 6 khoản 2, 3).

Who reports, to whom and by when is the framework's: a ``report_to_province`` deadline makes each
district of the period's province a sender (to the provincial People's Committee, before 15
February), a ``report_to_ministry`` deadline makes the province one (to the Ministry of Justice,
before 20 February). A framework without those steps asks for no report here. The justice office
or department (``review`` at the sending unit) records the day each report was sent; lateness is
measured in calendar days against the day the limit ends: the framework's fixed last day, or the
next working day when that one is a day off (Bộ luật Dân sự 2015 Điều 148 khoản 5;
``procedure.yearly_due``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import procedure, queue
from tiepcan.assessments.choices import ReportStep
from tiepcan.assessments.models import AssessmentPeriod, ResultReport
from tiepcan.core import audit
from tiepcan.units.models import Unit


@dataclass
class ReportRow:
    step: str
    unit: Unit
    recipient: str
    due: procedure.Due | None
    report: ResultReport | None
    may_record: bool
    state_now: str = ""  # set for the page: state(today) and status(today)
    status_now: str = ""

    @property
    def step_label(self) -> str:
        return str(ReportStep(self.step).label)

    def days_late(self, today: date) -> int:
        """Days past the limit: of the sending day if sent, else of today (0 when in time)."""
        if self.due is None:
            return 0
        day = self.report.sent_on if self.report else today
        return max((day - self.due.day).days, 0)

    def state(self, today: date) -> str:
        """on_time | late (sent after the limit) | pending | overdue (not sent, limit passed)."""
        if self.report is not None:
            return "late" if self.days_late(today) else "on_time"
        return "overdue" if self.days_late(today) else "pending"

    def status(self, today: date) -> str:
        due = f"{self.due.day:%d/%m/%Y}" if self.due else ""
        late = self.days_late(today)
        if self.report is not None:
            sent = f"{self.report.sent_on:%d/%m/%Y}"
            if late:
                return _("Gửi muộn %(n)s ngày: gửi ngày %(s)s, hạn %(d)s") % {"n": late, "s": sent, "d": due}
            return _("Đã gửi ngày %(s)s, đúng hạn (hạn %(d)s)") % {"s": sent, "d": due}
        if late:
            return _("Chưa gửi, quá hạn %(n)s ngày (hạn %(d)s)") % {"n": late, "d": due}
        left = self.due.days_left(today) if self.due else 0
        return _("Chưa gửi, còn %(n)s ngày (hạn %(d)s)") % {"n": left, "d": due}


def senders(period: AssessmentPeriod) -> list[tuple[str, Unit]]:
    """(step, sending unit) for every report the period's framework asks for."""
    rules = procedure.rules_of(period)
    out: list[tuple[str, Unit]] = []
    if ReportStep.TO_PROVINCE in rules:
        out += [(ReportStep.TO_PROVINCE, district) for district in queue.areas(period)]
    if ReportStep.TO_MINISTRY in rules:
        out.append((ReportStep.TO_MINISTRY, period.province))
    return out


def recipient(period: AssessmentPeriod, step: str) -> str:
    if step == ReportStep.TO_PROVINCE:
        return _("Ủy ban nhân dân %(p)s") % {"p": period.province.name}
    return _("Bộ Tư pháp")


def rows(period: AssessmentPeriod, user: Any) -> list[ReportRow]:
    grants = grants_for(user)
    sent = {
        (r.step, r.unit_id): r
        for r in ResultReport.objects.filter(period=period).select_related("recorded_by")
    }
    return [
        ReportRow(
            step=step,
            unit=unit,
            recipient=recipient(period, step),
            due=procedure.yearly_due(period, step),
            report=sent.get((step, unit.pk)),
            may_record=grants.allows(Action.REVIEW, unit),
        )
        for step, unit in senders(period)
    ]


def sent_units(period: AssessmentPeriod, step: str) -> set[int]:
    return set(ResultReport.objects.filter(period=period, step=step).values_list("unit_id", flat=True))


def record(
    *,
    period: AssessmentPeriod,
    unit_id: int,
    step: str,
    sent_on: date,
    number: str,
    note: str,
    user: Any,
    today: date,
) -> tuple[ResultReport, bool]:
    """Record (or correct) the day a report was sent; True when new. Audited."""
    unit = next((u for s, u in senders(period) if s == step and u.pk == unit_id), None)
    if unit is None:
        raise ValidationError(_("Đơn vị này không phải gửi báo cáo này theo bộ tiêu chí của kỳ đánh giá."))
    if not grants_for(user).allows(Action.REVIEW, unit):
        raise PermissionDenied
    if sent_on > today:
        raise ValidationError(_("Ngày gửi không được sau hôm nay."))
    if sent_on.year < period.year:
        raise ValidationError(
            _("Ngày gửi phải từ năm %(y)s trở đi: báo cáo về kết quả đánh giá năm %(y)s.")
            % {"y": period.year}
        )
    with transaction.atomic(), audit.reason(_("Ghi nhận gửi báo cáo kết quả")):
        report = ResultReport.objects.select_for_update().filter(period=period, unit=unit, step=step).first()
        created = report is None
        if report is None:
            report = ResultReport(period=period, unit=unit, step=step)
        report.sent_on, report.number, report.note, report.recorded_by = sent_on, number, note, user
        report.save()
    return report, created
