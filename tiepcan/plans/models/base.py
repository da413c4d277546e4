"""The abstract base of rows that belong to a plan and are scoped like its province."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet


class PlanOwned(TimeStampedModel):
    """A row of a plan, scoped like its plan's province."""

    scope_unit_field = "plan__province"

    plan = models.ForeignKey(
        "plans.Plan", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
