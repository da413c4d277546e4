"""The session's row and the person's row of every signed-in request, each read by one constant statement.

Django reads both through the ORM (``Session.objects.get``, ``User.objects.get``): building and
compiling those two querysets costs more CPU on every signed-in request than the database spends
answering them (docs/results.md, "The fixed cost of a signed-in page"). Here the statements are
written once, with the columns' converters of the database in use, and the rows become model
instances as the ORM would make them (``Model.from_db``).

Nothing else changes: the session must not have expired, the person must be active, and the
session's password hash is checked as ``django.contrib.auth.get_user`` checks it (a changed password
signs out every other session; a rotated ``SECRET_KEY`` in ``SECRET_KEY_FALLBACKS`` renews the
session's key). A session signed in through any other backend goes through Django's own path.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from tiepcan.accounts.models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class Statement:
    """``SELECT <fields> FROM <model's table> WHERE <where>``, with each column's converters of the
    database (SQLite returns dates as text, for one): kept per database alias."""

    def __init__(self, model: type[Model], fields: list[str], where: str) -> None:
        self.model = model
        concrete = {field.name: field for field in model._meta.concrete_fields}
        self.fields: list[Field[Any, Any]] = [concrete[name] for name in fields]
        self.attnames = [field.attname for field in self.fields]
        self.where = where
        self._compiled: dict[str, tuple[str, list[tuple[int, list[Any], Any]]]] = {}

    def _compile(self, alias: str) -> tuple[str, list[tuple[int, list[Any], Any]]]:
        compiled = self._compiled.get(alias)
        if compiled is None:
            connection = connections[alias]
            quote = connection.ops.quote_name
            table = self.model._meta.db_table
            columns = ", ".join(quote(str(field.column)) for field in self.fields)
            where = self.where.format(
                **{field.name: quote(str(field.column)) for field in self.model._meta.concrete_fields}
            )
            sql = f"SELECT {columns} FROM {quote(table)} WHERE {where}"  # noqa: S608 (names from the model)
            converters = []
            for index, field in enumerate(self.fields):
                column = field.get_col(table)
                found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                if found:
                    converters.append((index, found, column))
            compiled = self._compiled[alias] = (sql, converters)
        return compiled

    def one(self, params: list[Any], alias: str = DEFAULT_DB_ALIAS) -> Any:
        """The first row as a model instance, or None."""
        sql, converters = self._compile(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for index, functions, column in converters:
            for convert in functions:
                values[index] = convert(values[index], column, connection)
        return self.model.from_db(alias, self.attnames, values)


_SESSION = Statement(
    Session, ["session_key", "session_data", "expire_date"], "{session_key} = %s AND {expire_date} > %s"
)
_PERSON = Statement(User, [field.name for field in User._meta.concrete_fields], "{id} = %s")


def read_session(session_key: str) -> Session | None:
    """The session's row if it has not expired (what ``SessionStore._get_session_from_db`` reads)."""
    now = connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value(timezone.now())
    return _SESSION.one([session_key, now])


def read_person(pk: int) -> User | None:
    return _PERSON.one([pk])


def get_user(request: HttpRequest) -> Any:
    """``django.contrib.auth.get_user`` for a session signed in through the model backend, reading the
    person by :func:`read_person`; any other session goes through Django's own."""
    session = request.session
    if (
        session.get(BACKEND_SESSION_KEY) != MODEL_BACKEND
        or MODEL_BACKEND not in settings.AUTHENTICATION_BACKENDS
    ):
        return auth.get_user(request)
    try:
        pk = User._meta.pk.to_python(session[SESSION_KEY])
    except (KeyError, ValidationError):
        return auth.get_user(request)
    user = read_person(pk)
    if user is None or not user.is_active:  # the model backend's user_can_authenticate
        return AnonymousUser()
    session_hash = session.get(HASH_SESSION_KEY)
    current = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, current):
        return user
    if session_hash and any(
        constant_time_compare(session_hash, fallback) for fallback in user.get_session_auth_fallback_hash()
    ):
        session.cycle_key()
        session[HASH_SESSION_KEY] = current
        return user
    session.flush()  # the password changed (or the hash is missing): signed out
    return AnonymousUser()


def _cached_user(request: HttpRequest) -> Any:
    """The person of the request, read once (where Django's middleware keeps it: ``login()`` and
    ``logout()`` leave it alone and set ``request.user`` itself)."""
    attributes = vars(request)
    if "_cached_user" not in attributes:
        attributes["_cached_user"] = get_user(request)
    return attributes["_cached_user"]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with the person read by :func:`get_user` (lazily, on first use, as Django does)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        vars(request)["user"] = SimpleLazyObject(lambda: _cached_user(request))
