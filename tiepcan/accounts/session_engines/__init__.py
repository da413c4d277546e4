"""Django's database session engines (``db``, ``cached_db``), reading the session's row by one constant
statement (``accounts/signed_in.py``) instead of building an ORM query on every request. Same table,
same encoding (the signing salt names the class ``SessionStore``, as Django's does): sessions made by
Django's engines stay valid, and the other way round."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from tiepcan.accounts.signed_in import read_session


class ConstantReadMixin:
    session_key: str | None
    _session_key: str | None

    def _get_session_from_db(self) -> Session | None:
        row = read_session(self.session_key) if self.session_key else None
        if row is None:
            self._session_key = None
        return row
