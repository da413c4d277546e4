"""Background tasks of the system itself."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management import call_command, get_commands
from django.tasks import task

log = logging.getLogger("tiepcan.jobs")


@task
def nightly_backup() -> str:
    """Nightly: ``manage.py backup --keep BACKUP_KEEP`` (tiepcan.ops, docs/deployment.md "Backups")."""
    if "backup" not in get_commands():
        log.warning("nightly backup skipped: this installation has no `manage.py backup` command")
        return "skipped: no backup command"
    call_command("backup", keep=settings.BACKUP_KEEP)
    return "done"
