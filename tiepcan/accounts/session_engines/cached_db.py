"""``django.contrib.sessions.backends.cached_db`` with the row read by one constant statement (when the
cache does not have it)."""

from __future__ import annotations

from django.contrib.sessions.backends import cached_db

from tiepcan.accounts.session_engines import ConstantReadMixin


class SessionStore(ConstantReadMixin, cached_db.SessionStore):
    pass
