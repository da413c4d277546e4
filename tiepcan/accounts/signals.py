"""Sign-in events into the audit trail: signing in and out, failed attempts and lockouts.

Password changes and resets are recorded by the audit module itself, from the save of the
user row that stores the new hash (``core.audit``), whichever view or command made them.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tiepcan.core import audit
from tiepcan.core.choices import AuditAction


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record_event(AuditAction.LOGIN, user=user, request=request, actor=user)


@receiver(user_logged_out, dispatch_uid="audit_user_logged_out")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record_event(AuditAction.LOGOUT, user=user, request=request, actor=user)


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # ``credentials`` comes with the password already masked by Django; only the username is read.
    username = str(credentials.get("username") or "")
    audit.record_event(AuditAction.LOGIN_FAILED, user=_person(username), username=username, request=request)


@receiver(user_locked_out, dispatch_uid="audit_user_locked_out")
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    username = username or ""
    audit.record_event(AuditAction.LOCKOUT, user=_person(username), username=username, request=request)


def _person(username: str) -> Any:
    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username[:150]).first()
