"""The context of a change: who acts, in which request, for what reason (a ContextVar).

The audit (``tiepcan.core.audit``) writes it on every entry; the middleware, the worker and
``audit.audit_context`` set it. It loads no model: the logging configuration builds its request id
filter from this module while Django configures itself, before any app is loaded.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    actor_id: int | None = None
    actor_label: str = ""
    request_id: str = ""
    reason: str = ""
    # Where the request came from; written on sign-in and password events only.
    ip_address: str = ""
    user_agent: str = ""
    # The public prefix of the API key a request was made with (tiepcan.api), else "".
    api_key: str = ""


_context: ContextVar[AuditContext] = ContextVar("audit_context", default=AuditContext())  # noqa: B039


def current() -> AuditContext:
    return _context.get()


class RequestIdLogFilter(logging.Filter):
    """Puts the current request id on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx answer after the middleware (and its context) has finished; the
        # request it passes along still carries its id.
        request = getattr(record, "request", None)
        record.request_id = current().request_id or getattr(request, "request_id", "") or "-"
        return True
