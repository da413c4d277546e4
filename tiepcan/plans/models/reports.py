"""Periodic report requests of the plan and the submissions that answer them."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.core.uploads import safe_file_name
from tiepcan.plans.choices import (
    ReportPeriod,
)
from tiepcan.plans.models.base import PlanOwned


class ReportRequestQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> ReportRequestQuerySet:
        """The province's requests by its plan; for ``report_progress``, the requests that ask one
        of the person's agencies (or an agency of a unit where they hold the role without one)."""
        if action != Action.REPORT_PROGRESS:
            return super().for_user(user, action)
        asked = ReportRequest.objects.filter(grants_for(user).agency_q(action, "agencies"))
        return self.filter(pk__in=asked.values("pk"))


# Named, so that the request can declare its ``objects`` as the class variable PlanOwned's is.
ReportRequestManager = models.Manager.from_queryset(ReportRequestQuerySet)


@audit.register
class ReportRequest(PlanOwned):
    """The province asks districts (or communes after 2025) and agencies for a periodic report."""

    period = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportPeriod.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tiêu đề"), max_length=255)
    deadline = models.DateField(_("hạn gửi"))
    agencies = models.ManyToManyField(
        "units.Agency", verbose_name=_("cơ quan phải báo cáo"), related_name="+"
    )
    instructions = models.TextField(_("yêu cầu nội dung"), blank=True)

    objects: ClassVar[ReportRequestManager[ReportRequest]] = ReportRequestManager()

    class Meta:
        verbose_name = _("yêu cầu báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-deadline", "-id"]

    def __str__(self) -> str:
        return self.title


def submission_upload_to(instance: ReportSubmission, filename: str) -> str:
    return f"plans/reports/{instance.request_id}/{instance.agency_id}/{safe_file_name(filename)}"


class ReportSubmissionQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> ReportSubmissionQuerySet:
        """The province reads every answer to its requests; an agency reads the answers it gave."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        if action != Action.VIEW:
            return self.filter(grants.agency_q(action, "agency"))
        own = grants.agency_q(Action.REPORT_PROGRESS, "agency") & Q(
            request__in=ReportRequest.objects.for_user(user, Action.REPORT_PROGRESS)
        )
        return self.filter(Q(request__in=ReportRequest.objects.for_user(user, action)) | own)


@audit.register
class ReportSubmission(TimeStampedModel):
    """One agency's answer to a report request."""

    scope_unit_field = "agency__unit"

    request = models.ForeignKey(
        ReportRequest, verbose_name=_("yêu cầu báo cáo"), on_delete=models.CASCADE, related_name="submissions"
    )
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("nội dung báo cáo"))
    file = models.FileField(_("tệp báo cáo"), upload_to=submission_upload_to, blank=True, max_length=300)
    content_type = models.CharField(_("kiểu tệp"), max_length=100, blank=True, editable=False)

    objects = ReportSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("báo cáo đã gửi")
        ordering = ["request", "agency__name_sort"]
        constraints = [
            models.UniqueConstraint(fields=["request", "agency"], name="one_submission_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.request}"

    @property
    def is_late(self) -> bool:
        """Sent after the request's deadline (the local day of sending counts)."""
        sent = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        return sent > self.request.deadline
