"""Files made by background jobs, stored once under a key and served from storage."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.tasks import Task
from django.utils.http import content_disposition_header

from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Artifact, Job

log = logging.getLogger("tiepcan.jobs")


def find(key: str) -> Artifact | None:
    return Artifact.objects.filter(key=key).first()


def store(key: str, content: bytes, content_type: str, filename: str) -> Artifact:
    """Keep ``content`` under ``key``; a second call with the same key stores nothing new."""
    existing = find(key)
    if existing is not None:
        return existing
    artifact = Artifact(
        key=key, content_type=content_type, size=len(content), sha256=hashlib.sha256(content).hexdigest()
    )
    artifact.file.save(filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            artifact.save()
    except IntegrityError:  # another worker stored the same version meanwhile: keep theirs
        artifact.file.delete(save=False)
        winner = find(key)
        assert winner is not None
        return winner
    return artifact


def is_pending(task: Task, args: list[Any]) -> bool:
    """Whether a job of ``task`` with these arguments already waits or runs (database backend)."""
    return Job.objects.filter(
        task_path=task.module_path, args=args, status__in=[JobStatus.READY, JobStatus.RUNNING]
    ).exists()


def ensure(task: Task, args: list[Any]) -> None:
    """Enqueue ``task(*args)`` unless the same job is already queued (the task itself is idempotent)."""
    if not is_pending(task, args):
        task.enqueue(*args)


def serve(artifact: Artifact, filename: str, *, attachment: bool = True) -> FileResponse:
    """The stored file, streamed from storage (no rendering in the request)."""
    response = FileResponse(artifact.file.open("rb"), content_type=artifact.content_type)
    disposition = content_disposition_header(attachment, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Content-Length"] = str(artifact.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# How long a download trusts the remembered version of a document without working it out
# again from the data (see ``serve_current``).
CURRENT_SECONDS = 600


def _current_key(alias: str) -> str:
    return f"artifact-current:{alias}"


def remember_current(alias: str, key: str) -> None:
    """Note ``key`` as the version of the document ``alias`` names, for ``serve_current``.

    Kept in the default cache, which every process shares (Redis or the database table).
    """
    cache.set(_current_key(alias), key, CURRENT_SECONDS)


def remembered(aliases: Iterable[str]) -> dict[str, str]:
    """The keys remembered for ``aliases`` (``remember_current``), by alias; the others are absent."""
    wanted = {_current_key(alias): alias for alias in aliases}
    found = cache.get_many(list(wanted))
    return {wanted[k]: key for k, key in found.items() if isinstance(key, str)}


def serve_current(
    request: HttpRequest,
    *,
    alias: str,
    exact_key: Callable[[], str],
    task: Task,
    args: list[Any],
    filename: str,
    attachment: bool = True,
) -> HttpResponseBase:
    """The stored file of the document's current version, with no work on the data behind it.

    Working the version out (``exact_key``: the document's data and layout, hashed) reads as
    much as rendering's input: for a decision of 165 communes, every dossier of the area. Each
    computation is remembered under ``alias`` for ``CURRENT_SECONDS`` (by the page that lists
    the documents, the render job and downloads): a download within that time reads one cache
    entry and one row and streams the file. The caller's ``alias`` carries a cheap stamp of what
    can change the document (for a decision: its own fields, the province's results counter and
    active layout, see ``assessments.tasks.decision_alias``), so a change of the data names a new
    entry and the next download works the version out again.
    """
    key = cache.get(_current_key(alias))
    artifact = find(key) if isinstance(key, str) else None
    if artifact is not None:
        return serve(artifact, filename, attachment=attachment)
    key = exact_key()
    remember_current(alias, key)
    return serve_or_prepare(request, key=key, task=task, args=args, filename=filename, attachment=attachment)


def serve_or_prepare(
    request: HttpRequest, *, key: str, task: Task, args: list[Any], filename: str, attachment: bool = True
) -> HttpResponseBase:
    """The stored file if it is made; else queue its job and answer "đang tạo tệp" (the page reloads).

    No request renders a document: with the database backend the worker makes it in the
    background (with the immediate backend, in tests, it is made by the enqueue and served at once).
    """
    artifact = find(key)
    if artifact is None:
        ensure(task, args)
        artifact = find(key)
    if artifact is not None:
        return serve(artifact, filename, attachment=attachment)
    response = render(request, "jobs/preparing.html", {"filename": filename}, status=202)
    response["Refresh"] = "5"
    response["Cache-Control"] = "no-store"
    return response
