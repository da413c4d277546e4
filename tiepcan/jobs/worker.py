"""The worker loop behind ``manage.py worker``: claim a due job, run it, record the outcome.

Claiming is atomic. On PostgreSQL the due row is locked with ``FOR UPDATE SKIP LOCKED`` so
several workers take different jobs without waiting on each other; on SQLite (one writer at a
time, the demo) the claim is a conditional ``UPDATE … WHERE status = 'READY'`` inside an
immediate transaction, so two workers can never both win the same row.

A job that raises goes back to the queue with an exponential backoff until its last
attempt, then stays failed (an administrator may retry it from the jobs page). SIGTERM and
SIGINT let the running job finish, then the loop stops: systemd's stop and a deployment's
restart never cut a job in half.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from dataclasses import replace
from datetime import timedelta
from traceback import format_exception
from typing import Any

from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.tasks import Task, TaskContext
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

from tiepcan.core import audit
from tiepcan.jobs.backend import DatabaseBackend, to_task_result
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Job, WorkerHeartbeat
from tiepcan.jobs.progress import _current_job

log = logging.getLogger("tiepcan.jobs")

HEARTBEAT_SECONDS = 30  # a worker writes its heartbeat at most this often (readiness reads it)
HEARTBEAT_KEEP = 24 * 3600  # rows of workers gone for longer than this are deleted


class Worker:
    def __init__(
        self,
        backend: DatabaseBackend,
        queues: list[str] | None = None,
        interval: float = 1.0,
        worker_id: str = "",
    ) -> None:
        self.backend = backend
        self.queues = sorted(queues or backend.queues or {"default"})
        self.interval = interval
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"
        self.stopping = False
        self._beaten_at = 0.0  # time.monotonic() of the last heartbeat written

    # --- lifecycle --------------------------------------------------------------------
    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)

    def _stop(self, signum: int, frame: Any) -> None:
        log.info("worker %s: signal %s, stopping after the current job", self.worker_id, signum)
        self.stopping = True

    def run(self, *, burst: bool = False, max_jobs: int | None = None) -> int:
        """Run jobs until stopped (``burst``: until none is due); returns how many ran."""
        ran = 0
        self.beat(force=True)
        self.requeue_stale()
        idle_loops = 0
        while not self.stopping and (max_jobs is None or ran < max_jobs):
            if not connection.in_atomic_block:  # (a test runs the loop inside its transaction)
                close_old_connections()  # a long-lived worker drops stale connections between jobs
            self.beat()
            job = self.claim()
            if job is None:
                if burst:
                    break
                idle_loops += 1
                if idle_loops % 60 == 0:
                    self.requeue_stale()
                self._sleep(self.interval)
                continue
            idle_loops = 0
            self.execute(job)
            ran += 1
        return ran

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(0.2, seconds))

    # --- heartbeat ----------------------------------------------------------------------
    def beat(self, *, force: bool = False) -> None:
        """Record that this worker is alive (at most every ``HEARTBEAT_SECONDS``), for ``/readyz``.

        Written between jobs and while idle: a job longer than the readiness threshold
        (``WORKER_STALE_AFTER_SECONDS``) shows the worker as stale until it ends.
        """
        now_mono = time.monotonic()
        if not force and now_mono - self._beaten_at < HEARTBEAT_SECONDS:
            return
        self._beaten_at = now_mono
        now = timezone.now()
        try:  # the worker's own process row, owned by no unit (unscoped, as the jobs it claims)
            updated = WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
                beat_at=now, queues=self.queues
            )
            if not updated:
                WorkerHeartbeat.objects.create(
                    worker_id=self.worker_id, queues=self.queues, started_at=now, beat_at=now
                )
                # Each start is a new process id: forget the workers gone for a day.
                WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(seconds=HEARTBEAT_KEEP)).delete()
        except DatabaseError:  # the database is down: the loop's next claim says so; beat again later
            log.exception("worker %s: heartbeat not written", self.worker_id)

    # --- claiming -----------------------------------------------------------------------
    def claim(self) -> Job | None:
        """Take the most urgent due job, or None; the row is RUNNING once this returns."""
        due = Job.objects.due(self.queues, self.backend.alias)
        for _try in range(5):
            with transaction.atomic():
                if connection.features.has_select_for_update_skip_locked:
                    locked = due.select_for_update(skip_locked=True).first()
                    pk = None if locked is None else locked.pk
                else:
                    pk = due.values_list("pk", flat=True).first()
                if pk is None:
                    return None
                now = timezone.now()
                won = Job.objects.filter(pk=pk, status=JobStatus.READY).update(
                    status=JobStatus.RUNNING,
                    attempts=F("attempts") + 1,
                    started_at=now,
                    finished_at=None,
                )
                if won:
                    job = Job.objects.get(pk=pk)
                    job.worker_ids = [*job.worker_ids, self.worker_id][-20:]
                    job.save(update_fields=["worker_ids"])
                    return job
        return None

    def requeue_stale(self) -> int:
        """Jobs left "running" by a worker that died go back to the queue (or fail on their last try)."""
        limit = timezone.now() - self.backend.stale_after
        stale = Job.objects.filter(
            status=JobStatus.RUNNING, started_at__lt=limit, backend_name=self.backend.alias
        )
        count = 0
        for job in stale:
            count += self._fail(job, "WorkerLost", "the worker stopped before the job finished\n")
        if count:
            log.warning("worker %s: %s stale job(s) put back", self.worker_id, count)
        return count

    # --- running ------------------------------------------------------------------------
    def execute(self, job: Job) -> None:
        try:
            task = import_string(job.task_path)
            if not isinstance(task, Task):
                raise TypeError(f"{job.task_path} is not a task")
        except Exception as error:  # a job naming code that is gone: fail it for good
            job.attempts = job.max_attempts
            self._fail(
                job, f"{type(error).__module__}.{type(error).__qualname__}", "".join(format_exception(error))
            )
            return
        result = to_task_result(job, task)
        task_started.send(type(self.backend), task_result=result)
        token = _current_job.set(str(job.pk))
        ctx = replace(
            audit.current(),
            actor_id=job.actor_id,
            actor_label=job.actor_label,
            request_id=job.request_id or f"job-{job.pk.hex[:16]}",
            reason=f"tác vụ nền {job.name}",
        )
        ctx_token = audit._context.set(ctx)
        started = time.monotonic()
        try:
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *job.args, **job.kwargs)
            else:
                value = task.call(*job.args, **job.kwargs)
        except Exception as error:
            name = f"{type(error).__module__}.{type(error).__qualname__}"
            self._fail(job, name, "".join(format_exception(error)))
        else:
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.SUCCESSFUL,
                finished_at=timezone.now(),
                return_value=_json_or_none(value),
            )
            log.info("job %s %s done in %.2f s", job.pk, job.name, time.monotonic() - started)
        finally:
            audit._context.reset(ctx_token)
            _current_job.reset(token)
        job.refresh_from_db()
        task_finished.send(type(self.backend), task_result=to_task_result(job, task))

    def _fail(self, job: Job, exception_class_path: str, traceback: str) -> int:
        """Record a failed attempt: back to the queue after the backoff, or failed for good."""
        errors = [
            *job.errors,
            {
                "exception_class_path": exception_class_path,
                "traceback": traceback[-20000:],
                "at": timezone.now().isoformat(),
            },
        ][-10:]
        last = job.attempts >= job.max_attempts
        fields: dict[str, Any] = {"errors": errors}
        if last:
            fields.update(status=JobStatus.FAILED, finished_at=timezone.now())
            log.error("job %s %s failed for good after %s attempt(s)", job.pk, job.name, job.attempts)
        else:
            fields.update(
                status=JobStatus.READY, run_after=timezone.now() + self.backend.backoff(job.attempts)
            )
            log.warning(
                "job %s %s failed (attempt %s of %s), retried at %s",
                job.pk,
                job.name,
                job.attempts,
                job.max_attempts,
                fields["run_after"],
            )
        return Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(**fields)


def _json_or_none(value: Any) -> Any:
    try:
        return normalize_json(value)
    except TypeError:
        return None
