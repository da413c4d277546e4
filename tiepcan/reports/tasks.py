"""Background tasks of the reports app."""

from __future__ import annotations

import logging
from typing import Any

from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.core.notifications import notify
from tiepcan.jobs.progress import report_progress
from tiepcan.reports import summaries

log = logging.getLogger("tiepcan.jobs")


@task
def check_result_summaries() -> dict[str, Any]:
    """Nightly: recompute every result summary row from its assessment; report and fix the drift.

    The rows are kept current by the services in the same transaction as each change; a row that
    differs here was changed behind the services' back (a bulk update, a hand edit in the
    database). It is rewritten, and the system administrators are told which ones.
    """
    report = summaries.check(fix=True, progress=report_progress)
    drift = report["missing"] + report["different"] + report["extra"]
    if drift:
        log.error(
            "result summary check: %s row(s) rewritten (missing %s, different %s, extra %s)",
            len(drift),
            report["missing"][:20],
            report["different"][:20],
            report["extra"][:20],
        )
        admins = [
            a.user
            for a in RoleAssignment.objects.active().filter(role=Role.SYSTEM_ADMIN).select_related("user")
        ]
        notify(
            admins,
            _("Kiểm tra kết quả tổng hợp: %(n)s dòng lệch đã được tính lại") % {"n": len(drift)},
            _("Thiếu: %(m)s; khác: %(d)s; thừa: %(e)s (mã hồ sơ).")
            % {
                "m": ", ".join(map(str, report["missing"][:50])) or "0",
                "d": ", ".join(map(str, report["different"][:50])) or "0",
                "e": ", ".join(map(str, report["extra"][:50])) or "0",
            },
            reverse("jobs:job_list"),
            dedupe_key=f"result-summary-check-{timezone.localdate():%Y%m%d}",
        )
    return {key: value[:200] if isinstance(value, list) else value for key, value in report.items()}
