"""Grants shared across requests: a change made anywhere is seen by the next request everywhere.

The process keeps grants under (person, grants stamp, day). The stamp lives on the person's row,
which every request reads, and database triggers change it in the same transaction as any
change grants are built from. The tests change grants behind Python's back (queryset updates,
bulk inserts, raw SQL) as another process would, and keep this process's cached entry where it
is: only the stamp may tell the next request that its grants changed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts import permissions
from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.assessments.models import Assessment
from tiepcan.testing import World, build_period
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit, UnitSuccession


def _stamp(user: User) -> int:
    return User.objects.values_list("grants_stamp", flat=True).get(pk=user.pk)


def _fresh(user: User) -> User:
    """The person as the next request reads them (AuthenticationMiddleware loads the row)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture(autouse=True)
def _empty_shared_grants() -> None:
    permissions.clear_shared_grants()


def test_a_second_request_builds_no_grants(world: World) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    assert permissions.grants_for(_fresh(officer)).allows(Action.SELF_ASSESS, world.N1)
    again = _fresh(officer)
    with CaptureQueriesContext(connection) as queries:
        assert permissions.grants_for(again).allows(Action.SELF_ASSESS, world.N1)
    assert len(queries) == 0


def test_a_revoked_role_takes_effect_on_the_next_request_although_this_process_kept_its_entry(
    world: World,
) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    before = _fresh(officer)
    assert permissions.grants_for(before).allows(Action.SELF_ASSESS, world.N1)
    kept = dict(permissions._shared)
    # Another process revokes the role with a queryset update: no Python code of this process runs.
    RoleAssignment.objects.filter(user=officer).update(is_active=False)
    assert dict(permissions._shared) == kept  # nothing told this process
    after = _fresh(officer)
    assert after.grants_stamp != before.grants_stamp
    assert not permissions.grants_for(after).allows(Action.SELF_ASSESS, world.N1)
    assert not permissions.grants_for(after).has_any(Action.VIEW)


def test_a_revoked_role_refuses_the_next_page_of_a_signed_in_person(world: World, login) -> None:
    period = build_period(world)["own"]
    assessment = Assessment.objects.get(period=period, unit=world.N1)
    client = login(world.users[Role.COMMUNE_OFFICER])
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    assert client.get(url).status_code == 200
    with connection.cursor() as cursor:  # by hand, as a script on the server would
        cursor.execute(
            "DELETE FROM accounts_roleassignment WHERE user_id = %s", [world.users[Role.COMMUNE_OFFICER].pk]
        )
    assert client.get(url).status_code in (403, 404)


@pytest.mark.parametrize(
    "change",
    [
        "create",
        "bulk_create",
        "deactivate",
        "end_yesterday",
        "move_unit",
        "delete",
        "queryset_delete",
    ],
)
def test_every_kind_of_assignment_change_gives_a_new_stamp(world: World, change: str) -> None:
    person = world.users["target"]
    assignment = RoleAssignment.objects.get(user=person)
    stamp = _stamp(person)
    if change == "create":
        RoleAssignment.objects.create(user=person, role=Role.COMMUNE_CHAIRMAN, unit=world.N2)
    elif change == "bulk_create":
        RoleAssignment.objects.bulk_create([RoleAssignment(user=person, role=Role.REVIEWER, unit=world.P1)])
    elif change == "deactivate":
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
    elif change == "end_yesterday":
        RoleAssignment.objects.filter(pk=assignment.pk).update(
            valid_to=timezone.localdate() - timedelta(days=1)
        )
    elif change == "move_unit":
        RoleAssignment.objects.filter(pk=assignment.pk).update(unit=world.N1)
    elif change == "delete":
        assignment.delete()
    else:
        RoleAssignment.objects.filter(user=person).delete()
    assert _stamp(person) != stamp


def test_moving_the_assignment_to_another_person_changes_both_stamps(world: World) -> None:
    person, other = world.users["target"], world.users["outsider"]
    stamps = _stamp(person), _stamp(other)
    RoleAssignment.objects.filter(user=person).update(user=other)
    assert (_stamp(person), _stamp(other)) != stamps
    assert _stamp(person) != stamps[0] and _stamp(other) != stamps[1]


def test_a_unit_moved_or_a_succession_recorded_gives_everybody_a_new_stamp(world: World) -> None:
    people = [world.users[Role.COMMUNE_OFFICER], world.users[Role.REVIEWER]]
    stamps = [_stamp(p) for p in people]
    Unit.objects.filter(pk=world.N2.pk).update(path=f"{world.N1.path}{world.N2.pk}/")
    moved = [_stamp(p) for p in people]
    assert all(a != b for a, b in zip(stamps, moved, strict=True))
    UnitSuccession.objects.create(predecessor=world.N3, successor=world.N1, effective_on=date(2025, 7, 1))
    assert all(a != b for a, b in zip(moved, [_stamp(p) for p in people], strict=True))


def test_a_new_unit_changes_no_stamp(world: World) -> None:
    stamp = _stamp(world.users[Role.COMMUNE_OFFICER])
    Unit.objects.create(kind=UnitKind.COMMUNE, code="90099", name="Xã Mới", parent=world.P1)
    assert _stamp(world.users[Role.COMMUNE_OFFICER]) == stamp


def test_a_succession_reaches_the_next_request(world: World) -> None:
    """N3 (the foreign province) recorded as a predecessor of N1: N1's officer now reads its history."""
    officer = world.users[Role.COMMUNE_OFFICER]
    assert not permissions.grants_for(_fresh(officer)).allows(Action.VIEW, world.N3)
    UnitSuccession.objects.create(predecessor=world.N3, successor=world.N1, effective_on=date(2025, 7, 1))
    assert permissions.grants_for(_fresh(officer)).allows(Action.VIEW, world.N3)


def test_saving_a_person_read_before_a_role_change_keeps_the_new_stamp(world: World) -> None:
    """A person's row saved whole (a password reset, the admin) must not write back the stamp it
    was read with: the grants cached under that stamp would be served again."""
    person = _fresh(world.users["target"])
    old = person.grants_stamp
    RoleAssignment.objects.filter(user=person).update(is_active=False)
    new = _stamp(person)
    person.full_name = "Người Được Đổi Tên"
    person.save()
    assert _stamp(person) == new != old
    assert User.objects.get(pk=person.pk).full_name == "Người Được Đổi Tên"


def test_forget_grants_reads_the_new_stamp(world: World) -> None:
    person = _fresh(world.users["target"])
    assert permissions.grants_for(person).allows(Action.SELF_ASSESS, world.N2)
    RoleAssignment.objects.filter(user=person).update(is_active=False)
    permissions.forget_grants(person)
    assert not permissions.grants_for(person).allows(Action.SELF_ASSESS, world.N2)


def test_grants_follow_the_day(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """An assignment that ends today is gone tomorrow although nothing was written."""
    person = world.users["target"]
    RoleAssignment.objects.filter(user=person).update(valid_to=timezone.localdate())
    assert permissions.grants_for(_fresh(person)).allows(Action.SELF_ASSESS, world.N2)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(permissions.timezone, "localdate", lambda *args, **kwargs: tomorrow)
    monkeypatch.setattr("tiepcan.accounts.models.timezone.localdate", lambda *args, **kwargs: tomorrow)
    assert not permissions.grants_for(_fresh(person)).allows(Action.SELF_ASSESS, world.N2)


def test_a_blocked_or_superuser_account_shares_nothing(world: World) -> None:
    person = _fresh(world.users["target"])
    permissions.grants_for(person)
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert not permissions.grants_for(_fresh(person)).has_any(Action.VIEW)
    admin = _fresh(world.users[Role.SYSTEM_ADMIN])
    assert permissions.grants_for(admin).is_global(Action.MANAGE_USERS)
    assert all(key[0] != admin.pk for key in permissions._shared)
