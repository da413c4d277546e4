"""Public pages, no sign-in: posted self-assessments with comments, and recognition results.

Only what the law makes public is shown: scores per criterion and indicator and the
comments. Evidence files, drafts and reviewers' notes never appear here.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.assessments import documents, services, tasks
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, RecognitionDecision
from tiepcan.core.shortcuts import flash_errors
from tiepcan.jobs import artifacts
from tiepcan.lib.engine.numbers import optional_int
from tiepcan.portal import queries

PUBLIC = queries.PUBLIC
_SIGNER = signing.TimestampSigner(salt="portal-comment-form")
MIN_SECONDS = 3  # a person takes longer than this to read and write; a bot posting at once does not


def _public(pk: int) -> Assessment:
    assessment = (
        Assessment.objects.filter(pk=pk, status__in=PUBLIC, posted_at__isnull=False)
        .select_related("unit", "period__framework", "period__province")
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def posting(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _public(pk)
    framework = services.compiled(assessment.period)
    results = {i["code"]: i for i in assessment.score.get("indicators", [])}
    criteria = [
        {
            "code": c.code,
            "title": c.title,
            "indicators": [
                {"code": i.code, "title": i.title, "result": results.get(i.code)} for i in c.indicators
            ],
        }
        for c in framework.criteria
    ]
    return render(
        request,
        "portal/posting.html",
        {
            "assessment": assessment,
            "framework": framework,
            "criteria": criteria,
            "score": assessment.score,
            "comments": assessment.comments.filter(hidden=False),
            "open": assessment.status == Status.POSTED,
            "token": _SIGNER.sign(str(assessment.pk)),
        },
    )


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _public(pk)
    if request.POST.get("website"):  # honeypot: hidden from people, filled by bots
        return redirect("portal:posting", pk=pk)
    token = request.POST.get("token", "")
    try:
        signed = _SIGNER.unsign(token, max_age=6 * 3600)
        issued = signing.b62_decode(token.split(":")[-2])
        if signed != str(pk) or time.time() - issued < MIN_SECONDS:
            raise signing.BadSignature
    except (signing.BadSignature, IndexError, ValueError):
        messages.error(
            request, _("Biểu mẫu đã hết hạn hoặc gửi quá nhanh. Vui lòng tải lại trang và gửi lại.")
        )
        return redirect("portal:posting", pk=pk)
    try:
        services.add_comment(
            assessment=assessment,
            name=request.POST.get("name", ""),
            text=request.POST.get("text", ""),
            ip=request.META.get("REMOTE_ADDR", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Cảm ơn bạn. Ý kiến đã được gửi tới %(committee)s.")
            % {"committee": assessment.unit.committee_name},
        )
    return redirect("portal:posting", pk=pk)


def results(request: HttpRequest) -> HttpResponse:
    """Communes whose self-assessment is posted or whose recognition is decided, searchable without accents."""
    query = request.GET.get("q", "").strip()
    year = optional_int(request.GET.get("nam"), low=1, high=9999)
    # The same queries serve the API's open data (tiepcan/api/v1.py).
    assessments = queries.public_assessments(year=year, query=query)
    return render(
        request,
        "portal/results.html",
        {
            "recognised": queries.recognised(year=year, query=query)[:500],
            "posted": assessments.filter(status=Status.POSTED).order_by("unit__name_sort")[:500],
            "decisions": queries.decisions(year=year)[:50],
            "query": query,
        },
    )


def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """An issued recognition decision is a public document: its PDF, rendered once per version and stored."""
    decision = get_object_or_404(RecognitionDecision.objects.select_related("period__framework"), pk=pk)
    # The key hashes the text with the layout version, so a deployment never serves a stale text.
    return artifacts.serve_or_prepare(
        request,
        key=tasks.decision_key(decision, "pdf"),
        task=tasks.render_decision,
        args=[decision.pk, "pdf"],
        filename=documents.file_name(decision, "pdf"),
        attachment=False,
    )
