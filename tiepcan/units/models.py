"""Administrative units (with their history across the 2025 merger) and agencies."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel, VietnameseNamedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.lib.text import fold, in_sentence
from tiepcan.units.choices import KIND_LEVEL, AgencyKind, CommuneClass, UnitKind, UnitLevel


def path_ids(path: str) -> list[int]:
    """The unit ids a path ("/3/41/517/") names, from the province down to the unit itself."""
    return [int(part) for part in path.strip("/").split("/") if part]


class UnitQuerySet(ScopedQuerySet):
    def current(self, on: date | None = None) -> UnitQuerySet:
        """Units in force on a day (today when not given)."""
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def communes(self) -> UnitQuerySet:
        return self.filter(level=UnitLevel.COMMUNE)

    def search(self, text: str) -> UnitQuerySet:
        folded = fold(text)
        if not folded:
            return self
        if folded.isdigit():
            return self.filter(Q(code=text.strip()) | Q(code__endswith=folded))
        return self.filter(name_search__contains=folded)

    def vi_ordered(self) -> UnitQuerySet:
        return self.order_by("level", "name_sort", "id")


@audit.register(exclude=("path",))
class Unit(VietnameseNamedModel, TimeStampedModel):
    """An administrative unit: province, district (until 30/6/2025) or commune.

    Rows are never deleted when the map changes: a commune merged on 1/7/2025
    keeps its row (``valid_to`` set) and links to the unit(s) that absorbed it
    through :class:`UnitSuccession`, so its old results stay attached to it.
    ``path`` is the chain of ancestor ids ("/3/41/517/") used for subtree scoping.
    """

    scope_unit_field = ""

    kind = models.CharField(_("loại"), max_length=16, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=UnitLevel.choices, editable=False)
    code = models.CharField(_("mã"), max_length=8, help_text=_("Mã theo danh mục hành chính Việt Nam."))
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_km2 = models.DecimalField(
        _("diện tích (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
        blank=True,
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "name_sort", "id"]
        constraints = [
            # A code names one unit at a time; a retired unit keeps its code next to its successor's.
            models.UniqueConstraint(
                fields=["level", "code"], condition=Q(valid_to__isnull=True), name="unit_current_code_unique"
            ),
            models.UniqueConstraint(fields=["level", "code", "valid_to"], name="unit_code_period_unique"),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.level = KIND_LEVEL[self.kind]
        super().save(*args, **kwargs)
        expected = self.expected_path()
        if self.path != expected:
            self.path = expected
            type(self).objects.filter(pk=self.pk).update(path=expected)

    def name_for_searching(self) -> str:
        return f"{self.name} {self.code}"

    def peoples_committee_name(self) -> str:
        """The unit's People's Committee as it signs documents: "Ủy ban nhân dân tỉnh Lạng Sơn".

        Its agency row when the province recorded one (the name it chose), else built from the
        unit's own name with the kind word in lower case and the proper name untouched.
        """
        agency = self.agencies.filter(kind=AgencyKind.PEOPLES_COMMITTEE, valid_to__isnull=True).first()
        return agency.name if agency else f"Ủy ban nhân dân {in_sentence(self.name)}"

    def expected_path(self) -> str:
        parent = self.parent if self.parent_id else None
        return f"{parent.path if parent is not None else '/'}{self.pk}/"

    def audit_unit_path(self) -> str:
        # Computed, not read: on creation the audit entry is written before ``path`` is stored.
        return self.expected_path()

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= timezone.localdate()

    @property
    def committee_name(self) -> str:
        """ "UBND phường Kỳ Lừa": the unit's People's Committee, named after the unit's own kind."""
        kind = str(self.get_kind_display())
        name = self.short_name or self.name
        if name.lower().startswith(kind.lower() + " "):
            name = name[len(kind) + 1 :]
        return _("UBND %(kind)s %(name)s") % {"kind": kind.lower(), "name": name}

    @property
    def is_commune(self) -> bool:
        return self.level == UnitLevel.COMMUNE

    def ancestors(self) -> list[Unit]:
        """From the province down to the parent, in one query."""
        ids = self.ancestor_ids()[:-1]
        by_id = {unit.pk: unit for unit in Unit.objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def province(self) -> Unit:
        first = self.ancestor_ids()[0]
        return self if first == self.pk else Unit.objects.get(pk=first)

    def ancestor_ids(self) -> list[int]:
        """The ids of the units above this one and its own, from the province down (its path)."""
        return path_ids(self.path)

    def commune_class_on(self, on: date) -> str | None:
        row = (
            self.classifications.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .order_by("-valid_from")
            .first()
        )
        return row.commune_class if row else None


@audit.register
class UnitSuccession(models.Model):
    """One old unit flowing (wholly or partly) into one new unit on a date."""

    scope_unit_field = "successor"

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="succession_out"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), on_delete=models.PROTECT, related_name="succession_in"
    )
    partial = models.BooleanField(
        _("chỉ một phần"), default=False, help_text=_("Đơn vị cũ được chia cho nhiều đơn vị mới.")
    )
    effective_on = models.DateField(_("ngày hiệu lực"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sắp xếp đơn vị")
        verbose_name_plural = _("sắp xếp đơn vị")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique")]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


@audit.register
class UnitClassification(TimeStampedModel):
    """A commune's class (loại I/II/III) over a period; some recognition rules depend on it."""

    scope_unit_field = "unit"

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="classifications"
    )
    commune_class = models.CharField(_("phân loại"), max_length=3, choices=CommuneClass.choices)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân loại đơn vị hành chính")
        verbose_name_plural = _("phân loại đơn vị hành chính")
        ordering = ["unit", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.unit}: {self.get_commune_class_display()}"


# The work a person does *for* an agency (``Action.REPORT_PROGRESS``): held for an agency, a role
# reaches that agency only; held without one, every agency of the person's units.
AGENCY_WORK_ACTIONS = ("report_progress",)


class AgencyQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> AgencyQuerySet:
        """Agencies in the user's units; central bodies (no unit, e.g. Bộ Tư pháp) are visible to all.

        For an agency's own work (``AGENCY_WORK_ACTIONS``), the agencies the person works for.
        """
        if action in AGENCY_WORK_ACTIONS:
            grants = grants_for(user)
            return self if grants.is_global(action) else self.filter(grants.agency_q(action, ""))
        scoped = super().for_user(user, action)
        if action == "view" and user is not None and user.is_authenticated:
            return scoped | self.filter(unit__isnull=True)
        return scoped

    def represented_by(self, user: Any, action: str) -> AgencyQuerySet:
        """The agencies a person holds ``action`` *for* (a focal point's own agency), none by a
        role held without an agency; every agency for a global role."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        return self.filter(pk__in=sorted(grants.agency_ids_by_action.get(action, ())))

    def vi_ordered(self) -> AgencyQuerySet:
        return self.order_by("name_sort", "id")

    def in_force_in(self, year: int, last_year: int | None = None) -> AgencyQuerySet:
        """Agencies that acted at some time in ``year`` (or in the years ``year``–``last_year``):
        the agency and the unit it serves both existed then (a district's People's Committee is
        gone from 2026 on; it ended 30/6/2025)."""
        try:
            start, end = date(year, 1, 1), date(last_year or year, 12, 31)
        except (ValueError, OverflowError):  # a year no calendar has: nothing acted then
            return self.none()
        return self.filter(
            (Q(valid_from__isnull=True) | Q(valid_from__lte=end)),
            (Q(valid_to__isnull=True) | Q(valid_to__gte=start)),
            (Q(unit__isnull=True) | Q(unit__valid_from__isnull=True) | Q(unit__valid_from__lte=end)),
            (Q(unit__isnull=True) | Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=start)),
        )

    def search(self, text: str) -> AgencyQuerySet:
        """Agencies whose name (diacritics ignored), short name or code holds the text."""
        folded = fold(text)
        if not folded:
            return self
        return self.filter(
            Q(name_search__contains=folded)
            | Q(short_name__icontains=text.strip())
            | Q(code__contains=folded.replace(" ", "-"))
        )


@audit.register
class Agency(VietnameseNamedModel, TimeStampedModel):
    """A body that acts in the programme: a People's Committee, a department, a council…

    ``code`` is the short code a plan file uses (``so-tu-phap``); it is unique
    within the unit the agency serves.
    """

    scope_unit_field = "unit"
    scope_queryset_actions = AGENCY_WORK_ACTIONS

    code = models.SlugField(_("mã"), max_length=64)
    kind = models.CharField(_("loại cơ quan"), max_length=16, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        help_text=_("Để trống đối với cơ quan trung ương."),
    )
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name_sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="agency_code_unique_per_unit"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(unit__isnull=True), name="agency_code_unique_central"
            ),
        ]

    def __str__(self) -> str:
        return self.name
