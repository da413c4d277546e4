"""The user Excel import in the background: validate every row, then import all or nothing."""

from __future__ import annotations

import io
from typing import Any

from django.tasks import task
from django.utils.translation import gettext as _

from tiepcan.accounts.excel_import import import_users
from tiepcan.accounts.models import User
from tiepcan.jobs import artifacts
from tiepcan.jobs.progress import report_progress


@task(queue_name="default")
def import_users_file(upload_key: str, actor_id: int) -> dict[str, Any]:
    """Import the stored upload as ``actor``; the upload is deleted once read (it holds personal data).

    Returns ``{"ok", "problems": [[row, column, message], …], "created": [username, …]}``; the
    temporary passwords are not in it (see ``excel_import.hand_out_passwords``). A second run
    (a retry after the worker died) finds the upload gone and says so instead of importing twice.
    """
    upload = artifacts.find(upload_key)
    if upload is None:
        return {"ok": False, "created": [], "problems": [[0, "", _("Tệp đã được xử lý ở lần chạy trước.")]]}
    actor = User.objects.get(pk=actor_id)
    with upload.file.open("rb") as stream:
        content = io.BytesIO(stream.read())
    result = import_users(content, actor, passwords=False, progress=report_progress)
    upload.file.delete(save=False)
    upload.delete()
    report_progress(1, 1)
    return {
        "ok": result.ok,
        "created": [username for username, _password in result.created],
        "problems": [[p.row, p.column, p.message] for p in result.problems],
    }
