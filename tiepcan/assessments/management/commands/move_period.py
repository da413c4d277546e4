"""``manage.py move_period``: move an open period onto a corrected version of its framework.

    manage.py move_period --period 12 --by qt.sotuphap --reason "Bộ tiêu chí đã sửa theo văn bản gốc" [--to 3] [--dry-run] [--json]

Values are carried over by indicator code and field name; every carried and dropped value is
listed for the administrator, scores are recomputed and the move is audited, all in one
transaction (``assessments.services.move_period``). ``--dry-run`` shows the same lists and
changes nothing. Without ``--to`` the period moves to the newest version of its framework.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiepcan.accounts.models import User
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.assessments.services import MoveReport, move_period
from tiepcan.core.audit import audit_context
from tiepcan.frameworks.models import FrameworkVersion

KINDS = {
    "value": "số liệu",
    "not_arisen": "không phát sinh",
    "fact": "điều kiện",
    "council_score": "điểm Hội đồng",
    "evidence": "minh chứng",
}


class Command(BaseCommand):
    help = "Move an open assessment period onto a corrected version of its framework, listing what is carried and dropped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", type=int, required=True, help="id of the assessment period")
        parser.add_argument(
            "--to", type=int, help="version number of the same framework (default: the newest)"
        )
        parser.add_argument(
            "--by", required=True, help="username of the province administrator making the move"
        )
        parser.add_argument("--reason", required=True, help="why the period moves (kept in the audit trail)")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be carried and dropped, change nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(
        self,
        *args: Any,
        period: int,
        to: int | None,
        by: str,
        reason: str,
        dry_run: bool,
        json: bool,
        **options: Any,
    ) -> None:
        found = AssessmentPeriod.objects.select_related("framework").filter(pk=period).first()
        if found is None:
            raise CommandError(f"Không có kỳ đánh giá số {period}.")
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{by}”.")
        versions = FrameworkVersion.objects.filter(code=found.framework.code)
        target = versions.filter(version=to).first() if to else versions.order_by("-version").first()
        if target is None:
            raise CommandError(f"Không có phiên bản {to} của bộ tiêu chí “{found.framework.code}”.")
        try:
            with audit_context(actor=user, reason=reason):
                report = move_period(
                    period_id=found.pk, target=target, user=user, reason=reason, dry_run=dry_run
                )
        except PermissionDenied as exc:
            raise CommandError(f"“{by}” không có quyền quản lý kỳ đánh giá của tỉnh này.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if json:
            self.stdout.write(_dumps(report))
        else:
            self.print_report(report)

    def print_report(self, report: MoveReport) -> None:
        title = "THỬ (không thay đổi gì)" if report.dry_run else "Đã chuyển"
        self.stdout.write(
            f"{title}: kỳ đánh giá {report.period_id}, {report.from_version} → {report.to_version}"
        )
        carried = dropped = returns = 0
        for move in report.assessments:
            carried += len(move.carried)
            dropped += len(move.dropped)
            returns += int(move.needs_return)
            self.stdout.write("")
            self.stdout.write(
                f"{move.unit} ({move.status}): tổng {move.total_before} → {move.total_after}; "
                f"đủ điều kiện {'có' if move.recognisable_before else 'không'} → {'có' if move.recognisable_after else 'không'}"
            )
            for item in move.carried:
                self.stdout.write(
                    f"  giữ   [{KINDS[item.kind]}] {item.indicator} {item.field} = {item.value!r}"
                )
            for item in move.dropped:
                self.stdout.write(
                    f"  BỎ    [{KINDS[item.kind]}] {item.indicator} {item.field} = {item.value!r}: {item.reason}"
                )
            if move.needs_return:
                self.stdout.write("  ! Hồ sơ đã gửi mất số liệu: cần trả lại để xã bổ sung.")
        self.stdout.write("")
        self.stdout.write(
            f"{len(report.assessments)} hồ sơ; {carried} mục giữ lại, {dropped} mục bỏ; {returns} hồ sơ đã gửi cần trả lại."
        )


def _dumps(report: MoveReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
