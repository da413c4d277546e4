"""Base models and the immutable audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiepcan.core.choices import AuditAction
from tiepcan.core.scoping import grants_for
from tiepcan.lib.text import fold, nfc, sort_key_str


class TimeStampedModel(models.Model):
    """Creation and modification times for every business row."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


class VietnameseNamedModel(models.Model):
    """A ``name`` kept in NFC with a collation key and a folded search text.

    ``name_sort`` lets the database order rows in Vietnamese alphabetical order
    (it is all digits, so any collation agrees); ``name_search`` holds the name
    without diacritics so "lang son" and an NFD "Lạng Sơn" both find "Lạng Sơn".
    """

    name = models.CharField(_("tên"), max_length=255)
    name_sort = models.CharField(max_length=255, editable=False, db_index=True, default="")
    name_search = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort", "name_search"}
        super().save(*args, **kwargs)

    def refresh_name_keys(self) -> None:
        self.name = nfc(self.name)
        self.name_sort = sort_key_str(self.name_for_sorting())
        self.name_search = fold(self.name_for_searching())

    def name_for_sorting(self) -> str:
        return self.name

    def name_for_searching(self) -> str:
        return self.name


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")

    def for_user(self, user: Any, action: str = "view_audit") -> AuditEntryQuerySet:
        """Entries about units inside the user's scope; system administrators see all."""
        grants = grants_for(user)
        if grants.is_global(action):
            return self
        prefixes = grants.prefixes(action)
        if not prefixes:
            return self.none()
        query = models.Q()
        for prefix in prefixes:
            query |= models.Q(unit_path__startswith=prefix)
        return self.filter(query)


class AuditEntry(models.Model):
    """One change to one object: who, when, in which request, before and after, why.

    Rows are append-only: ``save()`` refuses updates, the queryset refuses bulk
    changes and a database trigger (migration 0002) refuses UPDATE on every backend.
    """

    timestamp = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    # No database constraint: an entry must outlive the user it names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("tài khoản"), max_length=150, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True, db_index=True)
    action = models.CharField(_("hành động"), max_length=16, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại dữ liệu"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        null=True,
    )
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    unit_path = models.CharField(_("phạm vi đơn vị"), max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    # Kept for sign-in and password events only (never for citizens' comments). Nullable so
    # adding them is a plain ALTER TABLE … ADD COLUMN that keeps the append-only triggers.
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    user_agent = models.CharField(_("trình duyệt"), max_length=255, null=True, blank=True)
    # The API key (its public prefix) a change was made with; empty for changes made in the pages.
    api_key = models.CharField(_("khóa API"), max_length=16, null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field whose value differs."""
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(key, before.get(key), after.get(key)) for key in keys if before.get(key) != after.get(key)]


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one person, shown in the application and, when they have an address, e-mailed.

    ``dedupe_key`` makes sending idempotent: a reminder job that runs twice, or two
    jobs at once, cannot notify the same person twice about the same thing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed = models.BooleanField(_("đã gửi thư điện tử"), default=False)
    dedupe_key = models.CharField(_("khoá chống gửi trùng"), max_length=200, blank=True)
    # Notifications of one kind about one target (e.g. "submitted" in one period) are shown as one
    # group ("12 xã – Đã gửi hồ sơ"): ``group_key`` joins them, ``group_label`` names the group.
    # Empty: the row stands alone. Each row keeps its own title, body and link.
    group_key = models.CharField(_("nhóm"), max_length=200, blank=True, db_index=True)
    group_label = models.CharField(_("tên nhóm"), max_length=255, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"], condition=~models.Q(dedupe_key=""), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.title
