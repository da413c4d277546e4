"""One access-log row per API request (key or session, path, answer, time taken)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse

from tiepcan.api.models import ApiAccessLog
from tiepcan.core import audit

API_PREFIX = "/api/"
# The interactive docs and the schema are static pages; they are not data access.
NOT_LOGGED = ("/api/v1/docs", "/api/v1/openapi.json")

_FIELDS = [f for f in ApiAccessLog._meta.concrete_fields if not f.primary_key]


def _asynchronous_insert() -> str:
    """One statement writing a row, committed without waiting for the WAL to reach the disk.

    ``set_config(…, true)`` holds for the statement's own transaction (autocommit), whose commit reads
    it: PostgreSQL's asynchronous commit, for this row only (the docs' "synchronous_commit … can be
    set per transaction"). Waiting for the flush took 1–6 ms of each API request's 0.2 ms insert on the
    shared machine; what a crash of the database server can lose is the last moment's log rows (about
    three ``wal_writer_delay``, 0.6 s by default), never a row half written nor any other data.
    """
    q = connection.ops.quote_name
    columns = ", ".join(q(str(f.column)) for f in _FIELDS)
    values = ", ".join(["%s"] * len(_FIELDS))
    return (
        f"INSERT INTO {q(ApiAccessLog._meta.db_table)} ({columns}) SELECT {values} "  # noqa: S608 - names quoted
        "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous"
    )


def write(row: ApiAccessLog) -> None:
    """Save the access-log ``row``: asynchronously committed on PostgreSQL outside a transaction (above);
    inside one (a test, a caller's ``atomic``) or on SQLite, saved as any row, with the transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        row.save(force_insert=True)
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _asynchronous_insert(), [f.get_db_prep_save(getattr(row, f.attname), connection) for f in _FIELDS]
        )


class ApiAccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX) or request.path_info.startswith(NOT_LOGGED):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)

        user = getattr(request, "user", None)
        write(
            ApiAccessLog(
                key=getattr(request, "api_key", None),
                user=user if user is not None and user.is_authenticated else None,
                method=request.method or "",
                path=request.get_full_path()[:255],
                status=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000),
                ip_address=audit.current().ip_address or None,
                request_id=getattr(request, "request_id", "")[:64],
            )
        )
        return response
