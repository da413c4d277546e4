"""Automatic audit trail: model registry and the signals that write it.

Views never write audit rows by hand. A model opts in with ``@audit.register``;
every save and delete of it then writes an :class:`AuditEntry` with the actor and
request id taken from a ContextVar (:mod:`tiepcan.core.context`) that the middleware (or a
management command, through :func:`audit_context`) sets, and the before/after values of its fields.
A reason for a change is given with ``with audit.reason("…"):``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from axes.helpers import get_client_ip_address
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from tiepcan.core.choices import SECURITY_ACTIONS, AuditAction
from tiepcan.core.context import AuditContext, _context, current
from tiepcan.core.models import AuditEntry
from tiepcan.core.scoping import unit_path_of

_registry: dict[type[models.Model], frozenset[str]] = {}
_ALWAYS_EXCLUDED = frozenset({"updated_at", "name_sort", "name_search", "password", "last_login"})


@contextlib.contextmanager
def audit_context(
    *, actor: Any = None, request_id: str | None = None, reason: str | None = None
) -> Iterator[AuditContext]:
    """Run a block with an actor, request id and reason (commands, jobs, tests)."""
    ctx = current()
    changes: dict[str, Any] = {}
    if actor is not None:
        changes["actor_id"] = actor.pk
        changes["actor_label"] = actor.get_username()
    if request_id is not None:
        changes["request_id"] = request_id
    elif not ctx.request_id:
        changes["request_id"] = f"cmd-{uuid.uuid4().hex[:16]}"
    if reason is not None:
        changes["reason"] = reason
    token = _context.set(replace(ctx, **changes))
    try:
        yield _context.get()
    finally:
        _context.reset(token)


@contextlib.contextmanager
def reason(text: str) -> Iterator[None]:
    """Attach a reason to every change written inside the block."""
    with audit_context(reason=text):
        yield


def register(model: type[models.Model] | None = None, *, exclude: tuple[str, ...] = ()) -> Any:
    """Class decorator: audit every save and delete of this model."""

    def wrap(cls: type[models.Model]) -> type[models.Model]:
        _registry[cls] = frozenset(exclude) | _ALWAYS_EXCLUDED
        return cls

    return wrap(model) if model is not None else wrap


def serialize(instance: models.Model) -> dict[str, Any]:
    """JSON-safe values of the concrete fields (foreign keys as ids)."""
    excluded = _registry.get(type(instance), _ALWAYS_EXCLUDED)
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in excluded or field.attname in excluded:
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name or ""  # the stored path, never the file's content
        data[field.attname] = value
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _unit_path(instance: models.Model) -> str:
    """The unit an entry is filed under: the one the model's scope declaration leads to.

    Two kinds of rows have no foreign-key path to their unit and say it themselves with an
    ``audit_unit_path()`` method: a unit (whose stored path is written after its first save)
    and a person (filed under the unit of their first role).
    """
    getter = getattr(instance, "audit_unit_path", None)
    if callable(getter):
        return getter() or ""
    return unit_path_of(instance)


def write(
    instance: models.Model | None,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_repr: str = "",
    unit_path: str = "",
    content_type: Any = None,
) -> None:
    """Write one entry; used by the signals and by bulk operations such as imports."""
    ctx = current()
    security = action in SECURITY_ACTIONS
    AuditEntry.objects.create(
        actor_id=ctx.actor_id,
        actor_label=ctx.actor_label,
        request_id=ctx.request_id,
        reason=ctx.reason,
        action=action,
        content_type=content_type
        or (ContentType.objects.get_for_model(instance) if instance is not None else None),
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_repr=(object_repr or (str(instance) if instance is not None else ""))[:255],
        unit_path=unit_path or (_unit_path(instance) if instance is not None else ""),
        before=before,
        after=after,
        ip_address=(ctx.ip_address or None) if security else None,
        user_agent=(ctx.user_agent or None) if security else None,
        api_key=ctx.api_key or None,
    )


def request_origin(request: Any) -> dict[str, str]:
    """The client's IP address (as django-axes sees it, so lockouts and entries agree) and browser."""
    address = get_client_ip_address(request) or ""
    try:
        address = str(ipaddress.ip_address(address))
    except ValueError:
        address = ""
    agent = "".join(ch for ch in request.META.get("HTTP_USER_AGENT", "") if ch.isprintable())
    return {"ip_address": address, "user_agent": agent[:255]}


def record_event(
    action: str, *, user: Any = None, username: str = "", request: Any = None, actor: Any = None
) -> None:
    """A sign-in or password event about ``user`` (or about a username that names nobody).

    Written through the same append-only table as every change, with the request's IP address
    and browser, and shown to the administrators of the person's unit. Never a password.
    """
    changes: dict[str, Any] = request_origin(request) if request is not None else {}
    if actor is not None:
        changes.update(actor_id=actor.pk, actor_label=actor.get_username())
    elif action in (AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT):
        # Nobody is signed in: the entry names the username that was tried.
        changes.update(actor_id=None, actor_label=_printable(username)[:150])
    token = _context.set(replace(current(), **changes))
    try:
        write(
            user,
            action,
            object_repr=_printable(user.get_username() if user is not None else username),
            unit_path=_unit_path(user) if user is not None else "",
            content_type=None if user is not None else _content_type(get_user_model()),
        )
    finally:
        _context.reset(token)


def _printable(text: str) -> str:
    return "".join(ch for ch in str(text or "") if ch.isprintable())[:255]


def _content_type(model: type[models.Model]) -> Any:
    return ContentType.objects.get_for_model(model)


def remember(instance: models.Model) -> None:
    """Record ``instance`` as it is now as the "before" of its next save.

    For a row just read under ``SELECT … FOR UPDATE``: nobody can change it until the transaction
    ends, so the save need not read it again. Call it before changing any field.
    """
    instance.__dict__["_audit_known"] = serialize(instance)


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or sender not in _registry:
        return
    before = None
    known = instance.__dict__.pop("_audit_known", None)
    if known is not None:
        before = known
    elif instance.pk is not None and not instance._state.adding:
        old = sender._base_manager.filter(pk=instance.pk).first()
        before = serialize(old) if old is not None else None
    instance.__dict__["_audit_before"] = before


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if raw or sender not in _registry:
        return
    before = getattr(instance, "_audit_before", None)
    after = serialize(instance)
    if created or before != after:
        write(instance, AuditAction.CREATE if created else AuditAction.UPDATE, before=before, after=after)
    # AbstractBaseUser.set_password() keeps the new password in ``_password`` until the save
    # that stores its hash (this one): the event is recorded, the password never is.
    if not created and getattr(instance, "_password", None) is not None:
        own = current().actor_id == instance.pk
        record_event(AuditAction.PASSWORD_CHANGE if own else AuditAction.PASSWORD_RESET, user=instance)


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender not in _registry:
        return
    write(instance, AuditAction.DELETE, before=serialize(instance), after=None)


def _m2m_changed(
    sender: Any, instance: models.Model, action: str, model: Any, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if type(instance) not in _registry or action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    ids = sorted(str(pk) for pk in (pk_set or []))
    verb = {"post_add": "add", "post_remove": "remove", "post_clear": "clear"}[action]
    write(instance, AuditAction.UPDATE, before=None, after={f"{field}.{verb}": ids})


def connect_signals() -> None:
    pre_save.connect(_pre_save, dispatch_uid="audit_pre_save")
    post_save.connect(_post_save, dispatch_uid="audit_post_save")
    post_delete.connect(_post_delete, dispatch_uid="audit_post_delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="audit_m2m")
