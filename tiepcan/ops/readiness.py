"""Readiness: can this process serve work now? (``/healthz`` only says it is alive.)"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_storage() -> None:
    """Write, read back and delete a small file where uploads go (disk or S3)."""
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise OSError("storage returned other bytes than were written")
    finally:
        default_storage.delete(name)


def jobs_model() -> type[models.Model] | None:
    """The background jobs' model named by ``OPS_JOBS_MODEL`` ("app_label.Model"), if any.

    Named, not guessed: ``plans.Task`` is a task of the implementation plan, not a job.
    """
    label = getattr(settings, "OPS_JOBS_MODEL", "")
    return apps.get_model(label) if label else None


def check_queue() -> None:
    model = jobs_model()
    if model is not None:
        model._default_manager.exists()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "storage": check_storage,
    "queue": check_queue,
}


def run_checks() -> dict[str, bool]:
    """Each check's result; a failure is logged with its cause, never shown to the caller."""
    results: dict[str, bool] = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("readiness check %s failed", name)
            results[name] = False
        else:
            results[name] = True
    return results
