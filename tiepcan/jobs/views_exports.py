"""A background export's page (progress, then the download) and its download: the requester's only."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.jobs import artifacts
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.exports import build_export
from tiepcan.jobs.models import Job

POLL_SECONDS = 2


def _own_export(request: AuthenticatedHttpRequest, pk: str) -> Job:
    """The export job named in the URL if the person asked for it; anything else is a 404."""
    try:
        job_id = uuid.UUID(pk)
    except ValueError:
        raise Http404 from None
    job = (
        Job.objects.filter(pk=job_id, task_path=build_export.module_path, actor_id=request.user.pk)
        .only("pk", "status", "progress_done", "progress_total", "return_value", "args", "enqueued_at")
        .first()
    )
    if job is None:
        raise Http404
    return job


@login_required
def export_status(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    job = _own_export(request, pk)
    context = {
        "job": job,
        "Status": JobStatus,
        "filename": job.args[4] if len(job.args) > 4 else "",
        "rows": len(job.args[2]) if len(job.args) > 2 else 0,
        "poll": POLL_SECONDS,
    }
    template = (
        "jobs/_export_progress.html" if request.headers.get("HX-Request") else "jobs/export_status.html"
    )
    response = render(request, template, context)
    add_never_cache_headers(response)
    return response


@login_required
def export_download(request: AuthenticatedHttpRequest, pk: str) -> HttpResponseBase:
    job = _own_export(request, pk)
    value = job.return_value if job.status == JobStatus.SUCCESSFUL else None
    if not isinstance(value, dict) or "key" not in value:
        raise Http404
    artifact = artifacts.find(value["key"])
    if artifact is None:
        raise Http404
    response = artifacts.serve(artifact, value["filename"])
    response["Cache-Control"] = "private, no-store"
    return response
