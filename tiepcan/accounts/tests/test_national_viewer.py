"""The national viewer (Bộ Tư pháp): held without a unit, granted only by the system administrator,
and reading the national dashboard's aggregates only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.forms import grantable_role_choices
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import ROLE_ACTIONS, grants_for
from tiepcan.accounts.rules import role_target_problems
from tiepcan.testing import World, make_user

pytestmark = pytest.mark.django_db


def test_the_role_holds_the_national_aggregates_and_nothing_else(world: World) -> None:
    assert ROLE_ACTIONS[Role.NATIONAL_VIEWER] == {Action.VIEW_NATIONAL}
    grants = grants_for(world.users[Role.NATIONAL_VIEWER])
    assert grants.is_global(Action.VIEW_NATIONAL)
    assert not any(grants.has_any(a) for a in Action.values if a != Action.VIEW_NATIONAL)


def test_only_the_system_administrator_grants_it_and_never_at_a_unit(world: World, login) -> None:
    assert Role.NATIONAL_VIEWER not in dict(grantable_role_choices(world.users[Role.PROVINCE_ADMIN]))
    assert Role.NATIONAL_VIEWER in dict(grantable_role_choices(world.users[Role.SYSTEM_ADMIN]))
    assert role_target_problems(Role.NATIONAL_VIEWER, world.units["P1"], None)
    assert role_target_problems(Role.NATIONAL_VIEWER, None, world.agencies["stp1"])  # not a central agency
    assert not role_target_problems(Role.NATIONAL_VIEWER, None, world.agencies["ministry"])
    person = make_user("u_new_national", "Chuyên viên Bộ")
    url = reverse("accounts:role_add", kwargs={"pk": person.pk})
    # A province administrator cannot (the choice is not offered); a unit-bound role still needs a unit.
    login(world.users[Role.PROVINCE_ADMIN]).post(
        url, {"role": Role.NATIONAL_VIEWER, "unit": "", "agency": ""}
    )
    assert not RoleAssignment.objects.filter(user=person).exists()
    client = login(world.users[Role.SYSTEM_ADMIN])
    client.post(url, {"role": Role.REVIEWER, "unit": "", "agency": ""})
    assert not RoleAssignment.objects.filter(user=person).exists()
    client.post(url, {"role": Role.NATIONAL_VIEWER, "unit": "", "agency": world.agencies["ministry"].pk})
    assert RoleAssignment.objects.get(user=person).role == Role.NATIONAL_VIEWER
    assert login(person).get(reverse("dashboards:national")).status_code == 200
