"""Every unit-owned model sits behind the choke point, and the audit files rows by the same path."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.template import Context, Template
from django.test import RequestFactory

from tiepcan.accounts.choices import Role
from tiepcan.core.scoping import ScopedQuerySet, unit_path_of
from tiepcan.testing import World, build_period

# Models with unit-related data that do not reach a unit by foreign keys, and why that is right.
EXEMPT = {
    "core.AuditEntry": "files entries by the unit path string it stores; read through its own for_user",
    "core.Notification": "a message to one person; only that person reads it",
    "accounts.User": "reached through role assignments; UserQuerySet.for_user scopes people",
    "api.ApiKey": "a credential of one person (its unit only names a client system's owner); "
    "ApiKeyQuerySet.for_user scopes keys through the people the actor manages, as for accounts.User",
    "api.ApiAccessLog": "a request log of one person (by key or session); ApiAccessLogQuerySet.for_user "
    "scopes it through the people the administrator manages, as for accounts.User",
}


def _unit_model() -> type[models.Model]:
    return apps.get_model("units", "Unit")


def _reaches_unit(model: type[models.Model], seen: frozenset[type[models.Model]] = frozenset()) -> bool:
    unit = _unit_model()
    if model is unit:
        return True
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.one_to_one)) or field.related_model is None:
            continue
        related = field.related_model
        if related is unit or (related not in seen and _reaches_unit(related, seen | {model})):
            return True
    return False


def _follow(model: type[models.Model], path: str) -> type[models.Model]:
    for part in [p for p in path.split("__") if p]:
        related = model._meta.get_field(part).related_model
        assert isinstance(related, type), f"{model.__name__}.{part} is not a relation"
        model = related
    return model


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_model_with_a_path_to_a_unit_has_a_scoped_queryset_and_declares_the_path() -> None:
    owned = [m for m in apps.get_models() if _reaches_unit(m) and _label(m) not in EXEMPT]
    assert len(owned) > 30
    for model in owned:
        assert isinstance(model._default_manager.all(), ScopedQuerySet), _label(model)
        path = getattr(model, "scope_unit_field", None)
        assert path is not None, f"{_label(model)} declares no scope_unit_field"
        assert _follow(model, path) is _unit_model(), f"{_label(model)}.scope_unit_field leads elsewhere"
        owner = getattr(model, "scope_owner", None)
        if owner:
            assert path.startswith(f"{owner}__"), f"{_label(model)}: the unit path goes through its owner"
            assert isinstance(_follow(model, owner)._default_manager.all(), ScopedQuerySet)


def test_the_exempt_list_names_real_models() -> None:
    for label in EXEMPT:
        assert apps.get_model(label) is not None


@pytest.mark.django_db
def test_the_audit_files_a_row_under_the_unit_its_scope_declaration_leads_to(world: World) -> None:
    from tiepcan.assessments.models import Assessment, Transition
    from tiepcan.core.models import AuditEntry

    build_period(world)
    assessment = Assessment.objects.get(period=world.periods["own"], unit=world.N1)
    transition = Transition.objects.create(
        assessment=assessment, from_status="draft", to_status="draft", actor=world.users[Role.COMMUNE_OFFICER]
    )
    assert unit_path_of(transition) == assessment.unit.path
    entry = AuditEntry.objects.filter(object_id=str(transition.pk), content_type__model="transition").get()
    assert entry.unit_path == assessment.unit.path


@pytest.mark.django_db
def test_the_can_tag_answers_with_the_grants_of_the_person_of_the_request(world: World) -> None:
    template = Template(
        '{% can "manage_units" unit as may %}{{ may }}|{% can "manage_units" as any %}{{ any }}'
    )
    request = RequestFactory().get("/")
    request.user = world.users[Role.PROVINCE_ADMIN]
    assert template.render(Context({"request": request, "unit": world.N1})) == "True|True"
    assert template.render(Context({"request": request, "unit": world.P2})) == "False|True"
    request.user = world.users[Role.COMMUNE_OFFICER]
    assert template.render(Context({"request": request, "unit": world.N1})) == "False|False"
