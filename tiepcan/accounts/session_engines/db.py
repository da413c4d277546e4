"""``django.contrib.sessions.backends.db`` with the row read by one constant statement."""

from __future__ import annotations

from django.contrib.sessions.backends import db

from tiepcan.accounts.session_engines import ConstantReadMixin


class SessionStore(ConstantReadMixin, db.SessionStore):
    pass
