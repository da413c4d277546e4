"""A ``django.tasks`` backend that keeps jobs in the database (``TASKS["default"]["BACKEND"]``).

Options (``TASKS[alias]["OPTIONS"]``):

- ``max_attempts`` (5): a task that raises is tried again until this many attempts;
- ``backoff_seconds`` (30) and ``backoff_max_seconds`` (3600): the wait before attempt
  *n + 1* is ``backoff_seconds × 2^(n-1)``, at most ``backoff_max_seconds``;
- ``stale_after_seconds`` (1800): a job still "running" this long after it started lost its
  worker (killed, machine restarted) and is put back in the queue.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import Task, TaskBackendHandler, TaskResult, TaskResultStatus, task_backends
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskError
from django.tasks.exceptions import InvalidTaskBackend, TaskResultDoesNotExist
from django.tasks.signals import task_enqueued
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

from tiepcan.core import audit
from tiepcan.jobs.models import Job


class DatabaseBackend(BaseTaskBackend):
    supports_defer = True
    supports_priority = True
    supports_get_result = True
    supports_async_task = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.max_attempts = int(self.options.get("max_attempts", 5))
        self.backoff_seconds = float(self.options.get("backoff_seconds", 30))
        self.backoff_max_seconds = float(self.options.get("backoff_max_seconds", 3600))
        self.stale_after = timedelta(seconds=float(self.options.get("stale_after_seconds", 1800)))

    def backoff(self, attempts: int) -> timedelta:
        """The wait after ``attempts`` failed attempts: 30 s, 1 min, 2 min, … up to an hour."""
        seconds = self.backoff_seconds * (2 ** max(0, attempts - 1))
        return timedelta(seconds=min(seconds, self.backoff_max_seconds))

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:

        self.validate_task(task)
        ctx = audit.current()
        # Written in the caller's transaction: a job enqueued by a step that rolls back never
        # runs, and one enqueued by a step that commits cannot be lost between commit and enqueue.
        job = Job.objects.create(
            task_path=task.module_path,
            args=normalize_json(list(args)),
            kwargs=normalize_json(dict(kwargs)),
            backend_name=self.alias,
            queue_name=task.queue_name,
            priority=task.priority,
            run_after=task.run_after or timezone.now(),
            max_attempts=self.max_attempts,
            actor_id=ctx.actor_id,
            actor_label=ctx.actor_label,
            request_id=ctx.request_id[:64],
        )
        result = to_task_result(job, task)
        transaction.on_commit(lambda: task_enqueued.send(type(self), task_result=result))
        return result

    def get_result(self, result_id: str) -> TaskResult:
        try:
            job = Job.objects.get(pk=result_id)
        except (Job.DoesNotExist, ValidationError, ValueError) as error:
            raise TaskResultDoesNotExist(result_id) from error
        return to_task_result(job)


def to_task_result(job: Any, task: Task | None = None) -> TaskResult:
    """The ``django.tasks`` view of a job row."""
    if task is None:
        task = import_string(job.task_path)
    result: TaskResult[Any, Any] = TaskResult(
        task=task,
        id=str(job.pk),
        status=TaskResultStatus(job.status),
        enqueued_at=job.enqueued_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        last_attempted_at=job.started_at,
        args=job.args,
        kwargs=job.kwargs,
        backend=job.backend_name,
        errors=[
            TaskError(exception_class_path=e["exception_class_path"], traceback=e["traceback"])
            for e in job.errors
        ],
        worker_ids=list(job.worker_ids),
    )
    if job.status == TaskResultStatus.SUCCESSFUL:
        object.__setattr__(result, "_return_value", job.return_value)
    return result


def reset_backends_on_change(*, setting: str, **kwargs: Any) -> None:
    """Tests that override ``TASKS`` get backends built from the new setting."""
    if setting != "TASKS":
        return
    # Forget the settings read and the backends built: the handler as it was first constructed
    # (through the class, as mypy finds calling ``__init__`` on an instance unsound).
    task_backends.__dict__.pop("settings", None)
    TaskBackendHandler.__init__(task_backends)


def database_backend(alias: str = "default") -> DatabaseBackend | None:
    try:
        backend = task_backends[alias]
    except InvalidTaskBackend:
        return None
    return backend if isinstance(backend, DatabaseBackend) else None
