"""Sending notifications: a row per person in the application, and an e-mail when possible.

The row is written at once; the e-mail is a background job (``tiepcan.core.tasks``), retried
with backoff while the mail server is down, so a slow or absent server never holds a request.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from tiepcan.core.models import Notification
from tiepcan.core.tasks import email_notification


def notify(
    users: Iterable[Any],
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    group_key: str = "",
    group_label: str = "",
) -> int:
    """Notify each user once (per ``dedupe_key``); returns how many notifications were created.

    ``group_key``/``group_label``: rows of one kind about one target (the same step in the same
    period) shown together in the list, e.g. "12 – Đã gửi hồ sơ · Đánh giá năm 2026".
    """
    created = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user,
                    title=title,
                    body=body,
                    url=url,
                    dedupe_key=dedupe_key,
                    group_key=group_key[:200],
                    group_label=group_label[:255],
                )
        except IntegrityError:
            continue  # already told
        created += 1
        if user.email:
            email_notification.enqueue(notification.pk)
    return created
