"""Which failures mean "a service is down" rather than "a bug", and in which service."""

from __future__ import annotations

import botocore.exceptions
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils.translation import gettext_lazy as _


def unavailable_service(exc: BaseException) -> str | None:
    """``database``, ``storage``, ``cache`` or None when the exception is not an outage."""
    import redis.exceptions  # lazy: redis costs ~0.4 s of CPU to load; only the cache uses it

    if isinstance(exc, OperationalError | InterfaceError):
        return "database"
    if isinstance(exc, DatabaseError) and "read-only" in str(exc):
        return "database"
    if isinstance(exc, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return "cache"
    if isinstance(exc, botocore.exceptions.BotoCoreError | botocore.exceptions.ClientError | OSError):
        return "storage"
    return None


MESSAGES = {
    "database": _(
        "Cơ sở dữ liệu tạm thời không truy cập được. Thao tác vừa rồi chưa được ghi; "
        "những gì đã lưu trước đó không bị mất. Vui lòng thử lại sau ít phút."
    ),
    "storage": _(
        "Kho lưu trữ tệp tạm thời không truy cập được. Tệp vừa gửi chưa được lưu; "
        "những gì đã lưu trước đó không bị mất. Vui lòng gửi lại sau ít phút."
    ),
    "cache": _(
        "Bộ nhớ đệm dùng chung tạm thời không truy cập được. Thao tác vừa rồi chưa được ghi; "
        "vui lòng thử lại sau ít phút."
    ),
}
