"""``manage.py remind``: remind people of the cycle's time limits (TT 09/2021/TT-BTP Điều 3, 5, 6).

``--dry-run`` lists who would be reminded of what, and sends nothing. Run it daily.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tiepcan.assessments.reminders import due_reminders, send
from tiepcan.core.audit import audit_context
from tiepcan.core.templatetags.tc import iso_date


class Command(BaseCommand):
    help = "Nhắc hạn các bước đánh giá, công nhận (gửi hồ sơ, bổ sung, tài liệu Hội đồng, công nhận, công bố, báo cáo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không gửi")
        parser.add_argument("--days", type=int, default=3, help="nhắc trước hạn bao nhiêu ngày")
        parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD")

    def handle(self, *args: Any, dry_run: bool, days: int, today: date | None, **options: Any) -> None:
        today = today or timezone.localdate()
        reminders = due_reminders(today, days)
        for reminder in reminders:
            people = ", ".join(sorted(u.username for u in reminder.users)) or "(không có người nhận)"
            self.stdout.write(f"{iso_date(reminder.due)}\t{reminder.kind}\t{reminder.title}\t→ {people}")
        if dry_run:
            self.stdout.write(f"THỬ: {len(reminders)} lời nhắc, không gửi.")
            return
        with audit_context(reason="remind"):
            sent = send(reminders)
        self.stdout.write(f"{len(reminders)} lời nhắc, {sent} thông báo mới.")
