"""People and the roles they hold at units."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Role
from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet, grants_for
from tiepcan.lib.text import fold, nfc, sort_key_str


class UserQuerySet(models.QuerySet["User"]):
    def for_user(self, user: Any, action: str = "manage_users") -> UserQuerySet:
        """People holding a role inside the user's scope for ``action`` (and the user)."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        scoped = RoleAssignment.objects.filter(grants.unit_q(action, "unit")).values("user_id")
        return self.filter(Q(pk__in=scoped) | Q(pk=user.pk))

    def search(self, text: str) -> UserQuerySet:
        folded = fold(text)
        if not folded:
            return self
        return self.filter(Q(search_text__contains=folded) | Q(username__icontains=text.strip()))


class TiepCanUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


# Columns only the database's triggers write (accounts/triggers.py).
TRIGGER_FIELDS = frozenset({"grants_stamp", "unread_notifications"})


def new_grants_stamp() -> int:
    """A fresh random stamp: never a counter, so a rolled-back or restored change cannot repeat one."""
    return secrets.randbits(62)


# first_name and last_name are unused (one full_name); search_text is derived; the grants
# stamp and the unread count are the database's to change (triggers, migrations 0004 and 0005),
# never a person's edit.
@audit.register(
    exclude=(
        "password",
        "last_login",
        "search_text",
        "first_name",
        "last_name",
        "grants_stamp",
        "unread_notifications",
    )
)
class User(AbstractUser):
    """A person who signs in with a username (not an e-mail address)."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    name_sort = models.CharField(max_length=255, editable=False, db_index=True, default="")
    search_text = models.CharField(_("chuỗi tìm kiếm"), max_length=255, editable=False, default="")
    # Changes, in the same transaction, whenever what the person's grants are built from changes:
    # their role assignments, a unit's path, a succession between units (database triggers of
    # migration 0004, so bulk updates and raw SQL are covered too). Grants are cached under it
    # (accounts.permissions): every request reads the user row, so a revoked role takes effect on
    # the next request in every process.
    grants_stamp = models.BigIntegerField(default=new_grants_stamp, editable=False)
    # The person's unread notifications, counted again by database triggers (migration 0005) in
    # the transaction of every change to their notifications: the bell of every page reads it
    # with the person's row, with no query of its own.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[TiepCanUserManager] = TiepCanUserManager()
    # Not stored: the person's active roles, prefetched for the users export (accounts.exports).
    active_roles: list[RoleAssignment]

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["name_sort", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_name = nfc(self.full_name)
        # Vietnamese names sort by the given name (the last word), then the whole name.
        parts = self.full_name.split()
        self.name_sort = sort_key_str(f"{parts[-1]} {self.full_name}" if parts else self.username)
        self.search_text = fold(f"{self.full_name} {self.username} {self.phone} {self.email}")
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # Never write the grants stamp or the unread count back: the triggers may have changed
            # them since this instance was read (an old stamp written back would revive stale
            # cached grants; an old count would hide new notifications).
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in TRIGGER_FIELDS and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def audit_unit_path(self) -> str:
        """Changes to a person show in the audit of the unit where they hold their first role."""
        role = (
            self.roles.filter(unit__isnull=False).select_related("unit").order_by("id").first()
            if self.pk
            else None
        )
        return role.unit.path if role and role.unit else ""

    def get_short_name(self) -> str:
        """The given name (a Vietnamese name's last word, "Hùng" in "Nông Văn Hùng"), as written.

        A name whose last word is not capitalised is no person's name ("Quản trị Hệ thống"): the
        whole name is used rather than a lone common word.
        """
        parts = self.full_name.split()
        if not parts:
            return self.username
        return parts[-1] if parts[-1][:1].isupper() else self.full_name


class RoleAssignmentQuerySet(ScopedQuerySet):
    def active(self, on: date | None = None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(is_active=True).filter(
            (Q(valid_from__isnull=True) | Q(valid_from__lte=on))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        )


@audit.register
class RoleAssignment(TimeStampedModel):
    """A role held by a person at a unit (and, for focal points, for an agency).

    The unit's whole subtree is covered. A system administrator's role has no unit.
    """

    scope_unit_field = "unit"

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "units.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("đang hiệu lực"), default=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        ordering = ["user", "role"]
        constraints = [
            # Three partial indexes because NULLs never collide in a plain unique index.
            models.UniqueConstraint(
                fields=["user", "role", "unit", "agency"],
                condition=Q(agency__isnull=False),
                name="role_unique_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(agency__isnull=True, unit__isnull=False),
                name="role_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role"], condition=Q(unit__isnull=True), name="role_unique_global"
            ),
            models.CheckConstraint(
                condition=Q(role__in=[Role.SYSTEM_ADMIN, Role.NATIONAL_VIEWER]) | Q(unit__isnull=False),
                name="role_needs_unit_unless_global",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency or self.unit
        return f"{self.user}: {self.get_role_display()}" + (f" – {where}" if where else "")
