"""Assessment lists as .xlsx: a period's review queue, its results, and its decisions with the annex.

The queue and the results take the queryset of the period's page (the person's scope, then
the area, kind, lateness and step filters), so the file holds what the page lists.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments import queue
from tiepcan.assessments.models import Assessment, AssessmentPeriod, DecisionEntry
from tiepcan.jobs.exports import BOOL, DATE, DATETIME, DECIMAL, INT, TEXT, Column, Export
from tiepcan.lib.engine.numbers import to_decimal


def _period(context: dict[str, Any]) -> AssessmentPeriod:
    return AssessmentPeriod.objects.select_related("province", "framework").get(pk=context["period"])


def _unit_kind(assessment: Assessment) -> str:
    return str(assessment.unit.get_kind_display())


def _queue_columns(context: dict[str, Any]) -> list[Column]:
    return [
        Column(_("Mã đơn vị"), TEXT, 10),
        Column(_("Xã, phường, đặc khu"), TEXT, 28),
        Column(_("Loại"), TEXT, 12),
        Column(_("Khu vực"), TEXT, 24),
        Column(_("Bước hiện tại"), TEXT, 24),
        Column(_("Lần gửi"), INT, 8),
        Column(_("Gửi hồ sơ lúc"), DATETIME, 17),
        Column(_("Hạn của bước"), DATE, 12),
        Column(_("Số ngày còn lại (âm: trễ)"), INT, 12),
        Column(_("Công chức phụ trách"), TEXT, 24),
        Column(_("Điện thoại"), TEXT, 14),
    ]


def _queue_rows(assessments: list[Assessment], context: dict[str, Any]) -> Any:

    period = _period(context)
    today = timezone.localdate()
    units = [a.unit for a in assessments]
    officers: dict[int, Any] = {}
    for assignment in (
        RoleAssignment.objects.active()
        .filter(role=Role.COMMUNE_OFFICER, unit__in=units)
        .select_related("user")
    ):
        officers.setdefault(assignment.unit_id, assignment.user)
    area_of = queue.area_names(units, queue.areas(period))
    returned = queue.returned_on(assessments)
    calendar = queue.calendar_for(returned)
    for a in assessments:
        officer = officers.get(a.unit_id)
        due = queue.deadline(period, a.status, today, returned.get(a.pk), calendar)
        yield [
            a.unit.code,
            a.unit.name,
            _unit_kind(a),
            area_of.get(a.unit_id, ""),
            a.get_status_display(),
            a.round,
            a.submitted_at,
            due.due if due else None,
            due.days_left if due else None,
            officer.full_name if officer else "",
            officer.phone if officer else "",
        ]


REVIEW_QUEUE = Export(
    name="tiepcan.assessments.exports.REVIEW_QUEUE",
    title=_("Hồ sơ đánh giá"),
    model=Assessment,
    action=Action.VIEW,
    columns=_queue_columns,
    rows=_queue_rows,
    related=lambda qs: qs.select_related("unit").defer("values", "score", "facts", "not_arisen"),
)


def _criteria(context: dict[str, Any]) -> list[tuple[str, str]]:
    """The framework's criteria (code, title), read from the compiled framework (decoded once per version)."""
    framework = _period(context).framework.compiled()
    return [(c.code, c.title) for c in framework.criteria]


def _results_columns(context: dict[str, Any]) -> list[Column]:
    columns = [
        Column(_("Mã đơn vị"), TEXT, 10),
        Column(_("Xã, phường, đặc khu"), TEXT, 28),
        Column(_("Loại"), TEXT, 12),
        Column(_("Bước hiện tại"), TEXT, 22),
    ]
    columns += [Column(f"{_('Tiêu chí')} {code}", DECIMAL, 10) for code, _title in _criteria(context)]
    columns += [
        Column(_("Tổng điểm"), DECIMAL, 10),
        Column(_("Đủ điều kiện công nhận"), BOOL, 12),
    ]
    return columns


def _results_rows(assessments: list[Assessment], context: dict[str, Any]) -> Any:
    codes = [code for code, _title in _criteria(context)]
    for a in assessments:
        points = {c.get("code"): c.get("points") for c in (a.score or {}).get("criteria", [])}
        yield [
            a.unit.code,
            a.unit.name,
            _unit_kind(a),
            a.get_status_display(),
            *(to_decimal(points[code]) if points.get(code) is not None else None for code in codes),
            a.total,
            a.recognisable,
        ]


RESULTS = Export(
    name="tiepcan.assessments.exports.RESULTS",
    title=_("Kết quả đánh giá"),
    model=Assessment,
    action=Action.VIEW,
    columns=_results_columns,
    rows=_results_rows,
    related=lambda qs: qs.select_related("unit").defer("values", "facts", "not_arisen"),
)


def _decision_columns(context: dict[str, Any]) -> list[Column]:
    columns = [
        Column(_("Số quyết định"), TEXT, 16),
        Column(_("Ngày ký"), DATE, 12),
        Column(_("Cơ quan ban hành"), TEXT, 28),
        Column(_("Người ký"), TEXT, 22),
        Column(_("Ngày công bố"), DATE, 12),
        Column(_("Mã đơn vị"), TEXT, 10),
        Column(_("Xã, phường, đặc khu được công nhận"), TEXT, 28),
    ]
    columns += [Column(f"{_('Tiêu chí')} {code}", DECIMAL, 10) for code, _title in _criteria(context)]
    columns += [
        Column(_("Tổng điểm"), DECIMAL, 10),
        Column(_("Ngày thu hồi"), DATE, 12),
        Column(_("Số quyết định thu hồi"), TEXT, 16),
    ]
    return columns


def _decision_rows(entries: list[DecisionEntry], context: dict[str, Any]) -> Any:
    codes = [code for code, _title in _criteria(context)]
    for e in entries:
        d = e.decision
        points = e.criterion_points or {}
        yield [
            d.number,
            d.signed_on,
            d.issuer_name,
            d.signer_name,
            d.published_on,
            e.assessment.unit.code,
            e.assessment.unit.name,
            *(to_decimal(points[code]) if points.get(code) is not None else None for code in codes),
            e.total,
            e.revoked_on,
            e.revocation_number,
        ]


# One row per commune of each decision's annex (the list of communes recognised, with points).
DECISIONS = Export(
    name="tiepcan.assessments.exports.DECISIONS",
    title=_("Quyết định công nhận"),
    model=DecisionEntry,
    action=Action.VIEW,
    columns=_decision_columns,
    rows=_decision_rows,
    related=lambda qs: qs.select_related("decision", "assessment__unit").defer(
        "assessment__values", "assessment__score", "assessment__facts", "assessment__not_arisen"
    ),
)
