"""Readiness: can this process serve work now? (``/healthz`` only says it is alive.)"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Max
from django.utils import timezone

logger = logging.getLogger(__name__)


def check_database() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return None


def check_storage() -> str | None:
    """Write, read back and delete a small file where uploads go (disk or S3)."""
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise OSError("storage returned other bytes than were written")
    finally:
        default_storage.delete(name)
    return None


def jobs_model() -> type[models.Model] | None:
    """The background jobs' model named by ``OPS_JOBS_MODEL`` ("app_label.Model"), if any.

    Named, not guessed: ``plans.Task`` is a task of the implementation plan, not a job.
    """
    label = getattr(settings, "OPS_JOBS_MODEL", "")
    return apps.get_model(label) if label else None


def check_queue() -> str | None:
    model = jobs_model()
    if model is not None:
        model._default_manager.exists()
    return None


class NotReady(Exception):
    """A check's answer that is not a failure to reach a service (e.g. the worker is ``stale``)."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


# Words a check may answer that still count as ready ("starting": a fresh install whose worker
# has not beaten yet).
READY_WORDS = frozenset({"ok", "starting"})


def check_worker() -> str | None:
    """Is a background worker alive? Its newest heartbeat (``jobs.WorkerHeartbeat``) must be
    younger than ``WORKER_STALE_AFTER_SECONDS``, else the worker is ``stale``.

    No heartbeat at all is ``starting`` (ready) while the database's last migration is younger
    than the threshold: the documented deploy order migrates, then starts the web and the worker
    together (docs/deployment.md), so a fresh install or an upgrade to the first version with
    heartbeats is not refused in the seconds before the worker's first beat. After that, no
    heartbeat is ``stale`` too (the worker never started).
    """
    threshold = int(getattr(settings, "WORKER_STALE_AFTER_SECONDS", 0))
    if threshold <= 0:
        return None
    # Process rows, owned by no unit: read unscoped, like the jobs table above.
    heartbeat = apps.get_model("jobs", "WorkerHeartbeat")
    newest = heartbeat._default_manager.aggregate(newest=Max("beat_at"))["newest"]
    limit = timezone.now() - timedelta(seconds=threshold)
    if newest is not None:
        if newest < limit:
            raise NotReady("stale")
        return None
    migrated = MigrationRecorder.Migration.objects.aggregate(last=Max("applied"))["last"]
    if migrated is not None and migrated >= limit:
        return "starting"
    raise NotReady("stale")


def _checks() -> dict[str, Callable[[], str | None]]:
    checks: dict[str, Callable[[], str | None]] = {
        "database": check_database,
        "storage": check_storage,
        "queue": check_queue,
    }
    if getattr(settings, "TASKS_BACKEND", "") == "database":  # the immediate backend has no worker
        checks["worker"] = check_worker
    return checks


def run_checks() -> dict[str, str]:
    """Each check's word: "ok", a check's own word ("starting", "stale"), or "fail" (a service
    that did not answer: logged with its cause, never shown to the caller)."""
    results: dict[str, str] = {}
    for name, check in _checks().items():
        try:
            word = check()
        except NotReady as answer:
            logger.warning("readiness check %s: %s", name, answer.word)
            results[name] = answer.word
        except Exception:
            logger.exception("readiness check %s failed", name)
            results[name] = "fail"
        else:
            results[name] = word or "ok"
    return results
