"""What the portal publishes, as queries shared by its pages and the API's open data.

Only what the law makes public: communes whose self-assessment is posted (or decided on),
recognition decisions and counts. Never drafts, evidence or reviewers' notes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, RecognitionDecision
from tiepcan.lib.text import fold

PUBLIC = (Status.POSTED, Status.SUBMITTED, Status.RETURNED, Status.FORWARDED, Status.RECOMMENDED,
          Status.NOT_RECOMMENDED, Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED)  # fmt: skip


def public_assessments(
    *, year: int | None = None, query: str = "", province_code: str | None = None
) -> QuerySet[Assessment]:
    """Assessments the public may read: posted, with every later step."""
    assessments = Assessment.objects.filter(status__in=PUBLIC, posted_at__isnull=False).select_related(
        "unit", "period__province"
    )
    if query:
        assessments = assessments.filter(unit__name_search__contains=fold(query))
    if year is not None:
        assessments = assessments.filter(period__year=year)
    if province_code:
        assessments = assessments.filter(period__province__code=province_code)
    return assessments


def recognised(
    *, year: int | None = None, query: str = "", province_code: str | None = None
) -> QuerySet[Assessment]:
    return (
        public_assessments(year=year, query=query, province_code=province_code)
        .filter(status=Status.RECOGNISED)
        .order_by("-period__year", "unit__name_sort", "pk")
    )


def decisions(*, year: int | None = None, province_code: str | None = None) -> QuerySet[RecognitionDecision]:
    """Issued recognition decisions (public documents), with the number of communes in each."""
    qs = RecognitionDecision.objects.select_related("period__province").annotate(communes=Count("entries"))
    if year is not None:
        qs = qs.filter(period__year=year)
    if province_code:
        qs = qs.filter(period__province__code=province_code)
    return qs.order_by("-signed_on", "-pk")


def status_counts(*, year: int | None = None) -> list[dict[str, Any]]:
    """Public assessments counted by year, province and status."""
    return list(
        public_assessments(year=year)
        .order_by()
        .values("period__year", "period__province", "status")
        .annotate(n=Count("id"))
    )
