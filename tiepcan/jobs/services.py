"""What administrators do to jobs: retry a failed one (audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from tiepcan.core import audit
from tiepcan.core.choices import AuditAction
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Job


def retry(job: Job, user: Any) -> bool:
    """Put a failed job back in the queue for a new round of attempts; False if it is not failed."""
    with transaction.atomic(), audit.audit_context(actor=user, reason="Chạy lại tác vụ nền bị lỗi"):
        updated = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
            status=JobStatus.READY, attempts=0, run_after=timezone.now(), started_at=None, finished_at=None
        )
        if updated:
            audit.write(
                job,
                AuditAction.UPDATE,
                before={"status": JobStatus.FAILED.value, "attempts": job.attempts},
                after={"status": JobStatus.READY.value, "attempts": 0},
                object_repr=f"{job.name} {job.pk}",
            )
    return bool(updated)
