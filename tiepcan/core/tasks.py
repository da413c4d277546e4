"""Background tasks of the core: e-mailing a notification.

Every task here is idempotent: running it twice (a retry after a crash between the work and
the record of it, or an administrator's retry) does no harm.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

from tiepcan.core.models import Notification


@task(queue_name="mail")
def email_notification(notification_id: int) -> bool:
    """E-mail one in-app notification; a mail server outage raises, so the job is retried with backoff.

    The ``emailed`` flag is set in the same step as the sending, so a retry after success sends
    nothing. (A crash between the SMTP acceptance and the flag may send one duplicate: mail
    servers cannot take part in the database transaction.)
    """
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or notification.emailed or not notification.user.email:
        return False
    body, url = notification.body, notification.url
    send_mail(
        f"[TiếpCận] {notification.title}",
        f"{body}\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else body,
        None,
        [notification.user.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed=True)
    return True
