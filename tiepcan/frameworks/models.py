"""Criteria frameworks as immutable, versioned data, and their activation per province and year."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.lib import engine
from tiepcan.lib.engine.definition import CompiledFramework


class FrameworkVersionQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> FrameworkVersionQuerySet:
        """National frameworks are public law: every signed-in person may read them.

        Provincial variants (``province`` set) are visible inside that province only.
        """
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        if not grants.has_any(action):
            return self.none()
        return self.filter(Q(province__isnull=True) | grants.unit_q(action, "province"))

    def newest(self) -> FrameworkVersionQuerySet:
        """Only the newest version of each framework code (the ones a province may still choose)."""
        newer = FrameworkVersion.objects.filter(code=OuterRef("code"), version__gt=OuterRef("version"))
        return self.exclude(Exists(newer))


_COMPILED: dict[tuple[int, str], CompiledFramework] = {}


@audit.register(exclude=("source_text", "definition"))
class FrameworkVersion(TimeStampedModel):
    """One version of a criteria framework, imported from a validated definition file.

    Immutable once stored: a correction is a new version that ``supersedes`` the old
    one. The definition is kept both as the parsed JSON the engine reads and as the
    original text, so an export gives back exactly what was imported.
    """

    # National frameworks have no province; the queryset lets everyone signed in read them.
    scope_unit_field = "province"

    code = models.SlugField(_("mã bộ tiêu chí"), max_length=64)
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tên"), max_length=255)
    province = models.ForeignKey(
        "units.Unit",
        verbose_name=_("tỉnh (bản địa phương)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống đối với bộ tiêu chí quốc gia."),
    )
    year_from = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    year_to = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True)
    unit_kinds = models.JSONField(_("loại đơn vị áp dụng"), default=list)
    definition = models.JSONField(_("nội dung"))
    source_text = models.TextField(_("tệp gốc"))
    checksum = models.CharField(_("mã kiểm tra nội dung"), max_length=64, editable=False)
    unverified_count = models.PositiveIntegerField(_("số nội dung chưa đối chiếu"), default=0)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("thay thế phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("ghi chú phiên bản"), blank=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["-year_from", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version_unique"),
            models.CheckConstraint(
                condition=Q(year_to__isnull=True) | Q(year_to__gte=models.F("year_from")),
                name="framework_years_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = (
                type(self).objects.filter(pk=self.pk).values("definition", "source_text", "checksum").first()
            )
            if stored and (
                stored["definition"] != self.definition or stored["source_text"] != self.source_text
            ):
                raise ValidationError(_("Bộ tiêu chí đã ban hành không được sửa; hãy nhập phiên bản mới."))
        self.checksum = hashlib.sha256(self.source_text.encode("utf-8")).hexdigest()
        super().save(*args, **kwargs)

    def compiled(self) -> CompiledFramework:
        """The definition compiled for the engine, once per process and version (versions never change)."""
        key = (self.pk, self.checksum)
        cached = _COMPILED.get(key)
        if cached is None:
            cached = _COMPILED[key] = engine.compile_framework(self.definition)
        return cached

    def applies_in(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)


def latest_version(code: str) -> FrameworkVersion | None:
    """The newest stored version of a framework code."""
    return FrameworkVersion.objects.filter(code=code).order_by("-version").first()


@audit.register
class FrameworkActivation(TimeStampedModel):
    """The framework a province uses in a year. One per province and year."""

    scope_unit_field = "province"

    framework = models.ForeignKey(
        FrameworkVersion, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="activations"
    )
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người áp dụng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("áp dụng bộ tiêu chí")
        verbose_name_plural = _("áp dụng bộ tiêu chí")
        ordering = ["-year", "province"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_framework_per_province_year")
        ]

    def __str__(self) -> str:
        return f"{self.province} – {self.year}: {self.framework}"

    def clean(self) -> None:
        if self.framework_id and self.year and not self.framework.applies_in(self.year):
            raise ValidationError(
                {"year": _("Bộ tiêu chí này không áp dụng cho năm %(y)s.") % {"y": self.year}}
            )
        if self.province_id and self.province.level != 1:
            raise ValidationError({"province": _("Chỉ áp dụng bộ tiêu chí cho cấp tỉnh.")})


class FrameworkDraftQuerySet(ScopedQuerySet):
    def editable(self) -> FrameworkDraftQuerySet:
        return self.filter(published__isnull=True)


@audit.register(exclude=("definition",))
class FrameworkDraft(TimeStampedModel):
    """A new version of a framework being written in the browser, before it is published.

    A copy of ``base``'s definition that province administrators edit piece by piece. Every
    save bumps ``lock_version`` (optimistic locking: an edit made on a stale page is refused)
    and records what it changed in ``last_change``, so the audit trail (which leaves the large
    definition out) shows each edit with its before and after. Once published the draft is
    frozen: ``save()`` refuses any change to its content, whatever the caller.
    """

    scope_unit_field = "province"

    base = models.ForeignKey(
        FrameworkVersion, verbose_name=_("phiên bản gốc"), on_delete=models.PROTECT, related_name="drafts"
    )
    province = models.ForeignKey(
        "units.Unit", verbose_name=_("tỉnh soạn thảo"), on_delete=models.PROTECT, related_name="+"
    )
    definition = models.JSONField(_("nội dung"))
    lock_version = models.PositiveIntegerField(_("lần sửa"), default=1)
    last_change = models.JSONField(_("thay đổi gần nhất"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa gần nhất"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published = models.OneToOneField(
        FrameworkVersion,
        verbose_name=_("phiên bản đã ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draft",
    )

    objects = FrameworkDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản nháp bộ tiêu chí")
        verbose_name_plural = _("bản nháp bộ tiêu chí")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.definition.get('title', '')} (bản nháp từ v{self.base.version})"

    @property
    def is_published(self) -> bool:
        return self.published_id is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values("definition", "published_id").first()
            if (
                stored
                and stored["published_id"] is not None
                and (stored["definition"] != self.definition or stored["published_id"] != self.published_id)
            ):
                raise ValidationError(
                    _("Bản nháp đã ban hành thành phiên bản chính thức: không được sửa nữa.")
                )
        super().save(*args, **kwargs)
