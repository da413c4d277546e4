"""Background jobs of ``django.tasks``, stored in the application's own database.

One row is one enqueued task and its whole life: waiting (until ``run_after``), running,
retried with backoff, finished or failed. No broker: the worker (``manage.py worker``)
claims rows with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL and with a
conditional ``UPDATE`` on SQLite, so two workers never run the same attempt.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.jobs.choices import JobStatus


class JobQuerySet(models.QuerySet["Job"]):
    def due(self, queues: list[str], backend: str) -> JobQuerySet:
        """Waiting jobs whose time has come, in the order the worker takes them."""
        return self.filter(
            status=JobStatus.READY, run_after__lte=timezone.now(), queue_name__in=queues, backend_name=backend
        ).order_by("-priority", "run_after", "enqueued_at")


class Job(models.Model):
    """One task run by the worker: its call, state, attempts, progress and errors."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_path = models.CharField(_("tác vụ"), max_length=255)
    args = models.JSONField(_("tham số"), default=list, blank=True)
    kwargs = models.JSONField(_("tham số có tên"), default=dict, blank=True)
    backend_name = models.CharField(_("nơi chạy"), max_length=32, default="default")
    queue_name = models.CharField(_("hàng đợi"), max_length=32, default="default")
    priority = models.SmallIntegerField(_("độ ưu tiên"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.READY
    )
    run_after = models.DateTimeField(_("chạy từ"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("số lần chạy"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("số lần chạy tối đa"), default=5)
    enqueued_at = models.DateTimeField(_("đưa vào hàng đợi lúc"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    worker_ids = models.JSONField(_("tiến trình đã chạy"), default=list, blank=True)
    progress_done = models.PositiveIntegerField(_("đã xong"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số"), default=0)
    return_value = models.JSONField(_("kết quả"), null=True, blank=True)
    # Each failed attempt: {"exception_class_path": …, "traceback": …, "at": …}.
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    # Who and which request enqueued it: the worker runs the job in the same audit context.
    actor_id = models.BigIntegerField(_("người yêu cầu"), null=True, blank=True)
    actor_label = models.CharField(_("tài khoản"), max_length=150, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-enqueued_at"]
        indexes = [
            # The worker's claim: waiting jobs of a queue, most urgent first.
            models.Index(fields=["status", "queue_name", "run_after"], name="job_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(priority__range=(-100, 100)), name="job_priority_range")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def name(self) -> str:
        return self.task_path.rsplit(".", 1)[-1]

    @property
    def last_error(self) -> dict[str, Any] | None:
        return self.errors[-1] if self.errors else None

    @property
    def error_summary(self) -> str:
        """The last line of the last traceback (the exception and its message)."""
        error = self.last_error
        if not error:
            return ""
        lines = [line for line in error.get("traceback", "").strip().splitlines() if line.strip()]
        return lines[-1][:300] if lines else error.get("exception_class_path", "")

    @property
    def progress_percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class Artifact(models.Model):
    """A file a job produced, stored once under its key (the thing and the version it was made from).

    Documents rendered in the background (a decision's PDF and .docx, a dossier's ZIP) are
    served from here: the key names the source and a hash of its content, so rendering the same
    version again finds the row and stores nothing new, and a changed source gets a new key.
    """

    key = models.CharField(_("khoá"), max_length=200, unique=True)
    file = models.FileField(_("tệp"), upload_to="tao-san/%Y/%m/", max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đã tạo")
        verbose_name_plural = _("tệp đã tạo")

    def __str__(self) -> str:
        return self.key


class WorkerHeartbeat(models.Model):
    """The last sign of life of one worker process (``manage.py worker``), for ``/readyz``.

    A worker writes its row when it starts and then at most every ``HEARTBEAT_SECONDS`` between
    jobs and while idle; readiness reports the worker stale when the newest row of every worker
    is older than ``WORKER_STALE_AFTER_SECONDS`` (docs/tasks.md, "Heartbeat").
    """

    worker_id = models.CharField(_("tiến trình"), max_length=200, primary_key=True)
    queues = models.JSONField(_("hàng đợi"), default=list, blank=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), default=timezone.now)
    beat_at = models.DateTimeField(_("lần cuối hoạt động"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("nhịp hoạt động của tiến trình nền")
        verbose_name_plural = _("nhịp hoạt động của tiến trình nền")

    def __str__(self) -> str:
        return self.worker_id
