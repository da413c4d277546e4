"""The jobs page: what waits, runs, failed and finished in the background; retry a failed job."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.core.shortcuts import paginate, querystring_without_page, require_action
from tiepcan.jobs import services
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.forms import JobFilterForm
from tiepcan.jobs.models import Job

QUEUES = ["default", "documents", "mail"]


@require_action(Action.MANAGE_JOBS)
def job_list(request: HttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET or None, queues=QUEUES)
    jobs = Job.objects.defer("args", "kwargs", "return_value")
    if form.is_valid():
        data = form.cleaned_data
        if data["trang_thai"]:
            jobs = jobs.filter(status=data["trang_thai"])
        if data["tac_vu"]:
            jobs = jobs.filter(task_path__icontains=data["tac_vu"].replace("\x00", ""))
        if data["hang_doi"]:
            jobs = jobs.filter(queue_name=data["hang_doi"])
    counts = dict(Job.objects.values_list("status").annotate(n=Count("pk")).order_by())
    summary = [(status, label, counts.get(status, 0)) for status, label in JobStatus.choices]
    return render(
        request,
        "jobs/job_list.html",
        {
            "form": form,
            "page": paginate(request, jobs.order_by("-enqueued_at")),
            "summary": summary,
            "querystring": querystring_without_page(request),
            "Status": JobStatus,
        },
    )


def _job(pk: str) -> Job:
    """The job named in the URL; anything that is not a job's id is a 404."""
    try:
        job_id = uuid.UUID(pk)
    except ValueError:
        raise Http404 from None
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@require_action(Action.MANAGE_JOBS)
def job_detail(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job(pk)
    return render(request, "jobs/job_detail.html", {"job": job, "Status": JobStatus})


@require_action(Action.MANAGE_JOBS)
@require_POST
def job_retry(request: HttpRequest, pk: str) -> HttpResponse:
    job = _job(pk)
    if services.retry(job, request.user):
        messages.success(request, _("Đã đưa tác vụ %(name)s vào hàng đợi để chạy lại.") % {"name": job.name})
    else:
        messages.error(request, _("Chỉ chạy lại được tác vụ đang ở trạng thái lỗi."))
    return redirect("jobs:job_detail", pk=job.pk)
