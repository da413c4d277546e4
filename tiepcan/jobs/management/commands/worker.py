"""``manage.py worker``: run background jobs (``django.tasks``) from the database, until stopped."""

from __future__ import annotations

import logging
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiepcan.jobs.backend import database_backend
from tiepcan.jobs.worker import Worker

log = logging.getLogger("tiepcan.jobs")


class Command(BaseCommand):
    help = "Run the background jobs queued in the database; SIGTERM finishes the current job, then stops."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backend", default="default", help="TASKS alias (default: default)")
        parser.add_argument(
            "--queue", action="append", dest="queues", help="a queue to serve (repeatable; default: all)"
        )
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
        parser.add_argument("--burst", action="store_true", help="stop when no job is due")
        parser.add_argument("--max-jobs", type=int, default=None, help="stop after this many jobs")
        parser.add_argument("--worker-id", default="", help="name in the jobs' history (default host:pid)")

    def handle(
        self,
        *args: Any,
        backend: str,
        queues: list[str] | None,
        interval: float,
        burst: bool,
        max_jobs: int | None,
        worker_id: str,
        **options: Any,
    ) -> None:
        db_backend = database_backend(backend)
        if db_backend is None:
            raise CommandError(
                f"TASKS[{backend!r}] is not tiepcan.jobs.backend.DatabaseBackend: nothing for a worker to run."
            )
        if interval <= 0:
            raise CommandError("--interval must be positive.")
        worker = Worker(db_backend, queues=queues, interval=interval, worker_id=worker_id)
        previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
        worker.install_signal_handlers()
        log.info("worker %s serving queues %s", worker.worker_id, ", ".join(worker.queues))
        try:
            ran = worker.run(burst=burst, max_jobs=max_jobs)
        finally:  # called in-process (tests, call_command): give the caller its handlers back
            signal.signal(signal.SIGTERM, previous[0])
            signal.signal(signal.SIGINT, previous[1])
        log.info("worker %s stopped after %s job(s)", worker.worker_id, ran)
        if burst or max_jobs is not None:
            self.stdout.write(f"ran {ran} job(s)")
