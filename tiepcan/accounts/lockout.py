"""Sign-in lockouts (django-axes): who is locked out, until when, and lifting the lock.

Axes locks a username at an IP address after ``AXES_FAILURE_LIMIT`` failed sign-ins, for
``AXES_COOLOFF_TIME``. The lockout page tells the person to contact an administrator, so an
administrator who manages the person must see the lock and be able to lift it; a password
reset lifts it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tiepcan.core import audit
from tiepcan.core.choices import AuditAction


@dataclass(frozen=True)
class Lock:
    ip_address: str
    until: datetime | None
    failures: int


def locks(person: Any) -> list[Lock]:
    """The addresses from which ``person``'s username is locked out now."""
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(
        username=person.get_username(), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return [
        Lock(
            ip_address=attempt.ip_address or "",
            until=attempt.attempt_time + cool_off if cool_off is not None else None,
            failures=attempt.failures_since_start,
        )
        for attempt in attempts.order_by("-attempt_time")
    ]


def unlock(person: Any, request: HttpRequest | None = None) -> bool:
    """Forget the failed sign-ins of ``person``'s username; True (and an audit entry saying who
    lifted it) when a lock was in force."""
    with transaction.atomic():
        locked = bool(locks(person))
        reset(username=person.get_username())
        if locked:
            audit.record_event(AuditAction.UNLOCK, user=person, request=request)
    return locked
