"""The recurring jobs: what runs when. Systemd timers (deploy/systemd/tiepcan-job-*.timer) call
``manage.py run_scheduled NAME`` at these times; cron or the Windows task scheduler can do the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.tasks import Task
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Scheduled:
    name: str
    task_path: str
    # systemd OnCalendar syntax, local time of the server (Asia/Ho_Chi_Minh on a provincial VM).
    on_calendar: str
    description: str
    # Run in the timer's own process rather than queued for the worker: long jobs that must
    # not hold the worker (and whose exit status systemd should see).
    inline: bool = False

    @property
    def task(self) -> Task:
        return import_string(self.task_path)


SCHEDULE: dict[str, Scheduled] = {
    s.name: s
    for s in (
        Scheduled(
            "reminders",
            "tiepcan.plans.tasks.send_reminders",
            "*-*-* 07:00:00",
            "Reminders of plan tasks due within 7 days and overdue (each person once per task)",
        ),
        Scheduled(
            "check-derived-data",
            "tiepcan.assessments.tasks.check_derived_data",
            "*-*-* 02:30:00",
            "Score every assessment again and report stored scores that differ",
        ),
        Scheduled(
            "check-result-summaries",
            "tiepcan.reports.tasks.check_result_summaries",
            "*-*-* 02:45:00",
            "Recompute the result summary rows; report and fix any that drifted",
        ),
        Scheduled(
            "prune-api-log",
            "tiepcan.api.tasks.prune_access_log",
            "*-*-* 03:15:00",
            "Delete API access-log rows older than API_LOG_KEEP_DAYS (default 180 days)",
        ),
        Scheduled(
            "backup",
            "tiepcan.jobs.tasks.nightly_backup",
            "*-*-* 01:30:00",
            "Nightly backup (manage.py backup, where installed)",
            inline=True,
        ),
    )
}
