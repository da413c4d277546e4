"""Background tasks of the API."""

from __future__ import annotations

from django.tasks import task

from tiepcan.api import services


@task
def prune_access_log() -> str:
    """Nightly: delete the API access log older than ``API_LOG_KEEP_DAYS`` (default 180 days)."""
    return f"deleted {services.prune_access_log()} rows"
