"""Progress of a long job, shown on the jobs page (``report_progress(done, total)``)."""

from __future__ import annotations

from contextvars import ContextVar

from tiepcan.jobs.models import Job

_current_job: ContextVar[str | None] = ContextVar("current_job", default=None)


def report_progress(done: int, total: int) -> None:
    """Record how far the running job is; a no-op outside the worker (immediate backend, tests)."""
    job_id = _current_job.get()
    if job_id is None:
        return

    Job.objects.filter(pk=job_id).update(progress_done=max(0, done), progress_total=max(0, total))
