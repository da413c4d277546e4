"""Issuing and revoking API keys."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import User
from tiepcan.accounts.permissions import grants_for
from tiepcan.api.choices import KeyKind
from tiepcan.api.models import ApiAccessLog, ApiKey

# Roles whose holders may issue personal keys for themselves: the people who exchange data with
# other systems (the provincial platform, the Ministry's consolidation, e-office, dashboards).
# Council members and the commune chairman sign and vote; they work in the pages.
SELF_SERVICE_ROLES = frozenset(
    {
        Role.COMMUNE_OFFICER,
        Role.REVIEWER,
        Role.AGENCY_FOCAL_POINT,
        Role.FINANCE_OFFICER,
        Role.PROVINCE_ADMIN,
        Role.SYSTEM_ADMIN,
    }
)


def may_issue_own(user: Any) -> bool:
    return bool(grants_for(user).roles & SELF_SERVICE_ROLES)


def may_manage(user: Any) -> bool:
    return grants_for(user).has_any(Action.MANAGE_USERS)


def issue(
    *, actor: Any, user: Any, name: str, kind: str, access: str, expires_at: datetime, unit: Any = None
) -> tuple[ApiKey, str]:
    """A new key bound to ``user``; returns it with the token, which is never stored or shown again."""

    own = user.pk == actor.pk and kind == KeyKind.PERSONAL
    managed = User.objects.for_user(actor, Action.MANAGE_USERS).filter(pk=user.pk).exists() and may_manage(
        actor
    )
    if not (managed or (own and may_issue_own(actor))):
        raise PermissionDenied
    if user.is_superuser and not grants_for(actor).is_global(Action.MANAGE_USERS):
        raise PermissionDenied
    if expires_at <= timezone.now():
        raise ValidationError(_("Ngày hết hạn phải sau hôm nay."))
    if kind == KeyKind.CLIENT and unit is None:
        raise ValidationError(_("Khóa hệ thống kết nối phải ghi đơn vị quản lý hệ thống."))
    token, prefix, digest = ApiKey.new_secret()
    with transaction.atomic():
        key = ApiKey.objects.create(
            user=user,
            kind=kind,
            name=name,
            unit=unit if kind == KeyKind.CLIENT else None,
            access=access,
            prefix=prefix,
            digest=digest,
            expires_at=expires_at,
            created_by=actor,
        )
    return key, token


def revoke(*, key_id: int, actor: Any) -> ApiKey:
    """Revoke a key at once (its owner, or whoever manages its user); revoking twice changes nothing."""
    with transaction.atomic():
        key = (
            ApiKey.objects.for_user(actor, Action.MANAGE_USERS).select_for_update(of=("self",)).get(pk=key_id)
        )
        if key.user_id != actor.pk and not may_manage(actor):
            raise PermissionDenied
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.revoked_by = actor
            key.save(update_fields=["revoked_at", "revoked_by"])
    return key


def prune_access_log(keep_days: int | None = None, now: datetime | None = None) -> int:
    """Delete the access-log rows older than ``keep_days`` (default ``API_LOG_KEEP_DAYS``); the count deleted."""

    days = settings.API_LOG_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _per_model = ApiAccessLog.objects.filter(at__lt=cutoff).delete()
    return deleted
