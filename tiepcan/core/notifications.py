"""Sending notifications: a row per person in the application, and an e-mail when possible."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from tiepcan.core.models import Notification

log = logging.getLogger(__name__)


def notify(users: Iterable[Any], title: str, body: str = "", url: str = "", dedupe_key: str = "") -> int:
    """Notify each user once (per ``dedupe_key``); returns how many notifications were created."""
    created = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, title=title, body=body, url=url, dedupe_key=dedupe_key
                )
        except IntegrityError:
            continue  # already told
        created += 1
        if user.email:
            try:
                send_mail(
                    f"[TiếpCận] {title}",
                    f"{body}\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else body,
                    None,
                    [user.email],
                )
            except OSError:  # a mail server outage must not lose the in-app notification
                log.warning("could not e-mail notification %s to %s", notification.pk, user.pk)
                continue
            Notification.objects.filter(pk=notification.pk).update(emailed=True)
    return created
