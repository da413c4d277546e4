"""The agencies' scoped queryset decides who works for an agency, as the grants always did."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import forget_grants, grants_for
from tiepcan.core.scoping import get_for_user_or_404, user_can
from tiepcan.testing import World
from tiepcan.units.models import AGENCY_WORK_ACTIONS, Agency

pytestmark = pytest.mark.django_db


def test_the_agency_work_actions_are_the_actions_of_that_name() -> None:
    assert set(AGENCY_WORK_ACTIONS) == {Action.REPORT_PROGRESS}


def test_reporting_for_an_agency_is_decided_by_its_queryset_as_by_the_grants(world: World) -> None:
    # A finance officer held *for* the focal point's agency reports for it (AGENCY_BOUND_ACTIONS).
    RoleAssignment.objects.create(
        user=world.users[Role.FINANCE_OFFICER],
        role=Role.FINANCE_OFFICER,
        unit=world.units["P1"],
        agency=world.agencies["stp1"],
    )
    forget_grants(world.users[Role.FINANCE_OFFICER])
    agencies = list(Agency.objects.all())
    assert len(agencies) > 2
    reporters = 0
    for role, user in world.users.items():
        grants = grants_for(user)
        expected = {a.pk for a in agencies if grants.allows_agency(Action.REPORT_PROGRESS, a)}
        scoped = set(Agency.objects.for_user(user, Action.REPORT_PROGRESS).values_list("pk", flat=True))
        assert scoped == expected, role
        assert {a.pk for a in agencies if user_can(user, Action.REPORT_PROGRESS, a)} == expected, role
        reporters += bool(expected)
        own = set(Agency.objects.represented_by(user, Action.REPORT_PROGRESS).values_list("pk", flat=True))
        assert own == (
            expected
            if grants.is_global(Action.REPORT_PROGRESS)
            else grants.agency_ids_by_action.get(Action.REPORT_PROGRESS, set())
        ), role
    assert reporters >= 3  # the focal point, the finance officer for the agency, the commune's people


def test_the_focal_point_reports_for_their_agency_only(world: World) -> None:
    focal = world.users[Role.AGENCY_FOCAL_POINT]
    own, other = world.agencies["stp1"], world.agencies["ubnd_n1"]  # a commune of the same province
    assert Agency.objects.for_user(focal).filter(pk=other.pk).exists()  # which the focal point may read
    assert get_for_user_or_404(Agency.objects.all(), focal, Action.REPORT_PROGRESS, pk=own.pk) == own
    with pytest.raises(PermissionDenied):
        get_for_user_or_404(Agency.objects.all(), focal, Action.REPORT_PROGRESS, pk=other.pk)


def test_a_new_agency_is_seen_by_the_next_request_though_the_grants_are_shared(world: World) -> None:
    from tiepcan.accounts.models import User
    from tiepcan.units.choices import AgencyKind

    officer = world.users[Role.COMMUNE_OFFICER]  # reports for the agencies of N1 (a role without agency)
    first = User.objects.get(pk=officer.pk)
    assert user_can(first, Action.REPORT_PROGRESS, world.agencies["ubnd_n1"])
    added = Agency.objects.create(
        unit=world.units["N1"], code="hoi-dong-xa", name="Hội đồng xã", kind=AgencyKind.PEOPLES_COMMITTEE
    )
    assert user_can(User.objects.get(pk=officer.pk), Action.REPORT_PROGRESS, added)  # a new request's user
