"""API keys (stored hashed, shown once) and the log of every API request."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.models import User
from tiepcan.accounts.permissions import grants_for
from tiepcan.api.choices import KeyAccess, KeyKind
from tiepcan.core import audit

TOKEN_PREFIX = "tc"  # noqa: S105 - the public marker of a TiếpCận key, not a secret


def digest(secret: str) -> str:
    """SHA-256 of the secret part: a key is 256 random bits, so a slow hash adds nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def for_user(self, user: Any, action: str = "manage_users") -> ApiKeyQuerySet:
        """Keys of the people the user manages (``manage_users`` over their units), and their own."""

        if user is None or not user.is_authenticated:
            return self.none()
        if grants_for(user).is_global(action):
            return self
        return self.filter(Q(user__in=User.objects.for_user(user, action)) | Q(user=user))

    def usable(self, now: datetime | None = None) -> ApiKeyQuerySet:
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


@audit.register(exclude=("digest", "last_used_at"))
class ApiKey(models.Model):
    """A key another system (or a person's script) signs its API requests with.

    It acts as ``user`` and never beyond: every request goes through the user's grants, and a
    read-only key cannot write even when the user could. Only a digest of the secret is kept;
    the full key is shown once, when it is issued. ``prefix`` is the public part that names
    the key in the access log and in the audit trail.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    kind = models.CharField(_("loại khóa"), max_length=16, choices=KeyKind.choices, default=KeyKind.PERSONAL)
    name = models.CharField(_("tên, mục đích sử dụng"), max_length=120)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị quản lý hệ thống kết nối"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    access = models.CharField(_("quyền"), max_length=8, choices=KeyAccess.choices, default=KeyAccess.READ)
    prefix = models.CharField(_("mã nhận diện"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, editable=False)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cấp"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("cấp lúc"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def audit_unit_path(self) -> str:
        if self.unit is not None:
            return self.unit.path
        return self.user.audit_unit_path()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def can_write(self) -> bool:
        return self.access == KeyAccess.WRITE

    @classmethod
    def new_secret(cls) -> tuple[str, str, str]:
        """A fresh key: (token given to the client, public prefix, digest to store)."""
        prefix = secrets.token_hex(5)
        secret = secrets.token_urlsafe(32)
        return f"{TOKEN_PREFIX}_{prefix}_{secret}", prefix, digest(secret)

    @classmethod
    def authenticate(cls, token: str) -> ApiKey | None:
        """The usable key a token names, or None (unknown, wrong secret, expired, revoked)."""
        parts = (token or "").strip().split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1].isalnum() or len(parts[1]) > 16:
            return None
        key = cls.objects.usable().select_related("user").filter(prefix=parts[1]).first()
        if key is None or not hmac.compare_digest(key.digest, digest(parts[2])):
            return None
        return key


class ApiAccessLogQuerySet(models.QuerySet["ApiAccessLog"]):
    def for_user(self, user: Any, action: str = "manage_users") -> ApiAccessLogQuerySet:
        """Requests of the people the user manages (by key or session), and their own; all for a global grant."""

        if user is None or not user.is_authenticated:
            return self.none()
        if grants_for(user).is_global(action):
            return self
        if not grants_for(user).has_any(action):
            return self.filter(user=user)
        managed = User.objects.for_user(user, action)
        return self.filter(Q(user__in=managed) | Q(key__user__in=managed) | Q(user=user))


class ApiAccessLog(models.Model):
    """One API request: who (key or session), what, the answer and how long it took."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    key = models.ForeignKey(
        ApiKey,
        verbose_name=_("khóa API"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="log",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(_("phương thức"), max_length=8)
    path = models.CharField(_("đường dẫn"), max_length=255)
    status = models.PositiveSmallIntegerField(_("mã trả lời"))
    duration_ms = models.PositiveIntegerField(_("thời gian xử lý (ms)"), default=0)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)

    objects = ApiAccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký truy cập API")
        verbose_name_plural = _("nhật ký truy cập API")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["key", "at"], name="api_log_key_at")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
