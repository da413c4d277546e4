"""The council pages' constant statements keep the scoped querysets' rows, person by person."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments import council_reads, queue
from tiepcan.assessments.choices import Status
from tiepcan.assessments.filters import council_filter, minutes_filter
from tiepcan.assessments.models import Assessment, AssessmentPeriod, CouncilMembership
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.testing import World, make_user

pytestmark = pytest.mark.django_db

PEOPLE = [
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
    Role.PROVINCE_ADMIN,
    Role.REVIEWER,
    Role.COMMUNE_OFFICER,
    Role.SYSTEM_ADMIN,
    Role.FINANCE_OFFICER,
    "outsider",
    "foreign_officer",
]


def _request(user, **query: str):
    request = RequestFactory().get("/", query)
    request.user = user
    return request


def _foreign_member(world: World):
    """A council member of province P2, seated on P2's council."""
    member = make_user("u_foreign_member", "Thành viên Hội đồng tỉnh bạn")
    RoleAssignment.objects.create(user=member, role=Role.COUNCIL_MEMBER, unit=world.units["P2"])
    CouncilMembership.objects.create(period=world.periods["foreign"], user=member)
    return member


@pytest.mark.parametrize("who", PEOPLE)
def test_it_reads_the_same_dossiers_as_the_scoped_querysets(world: World, who: str) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    Assessment.objects.filter(period__in=[period, world.periods["foreign"]]).update(status=Status.FORWARDED)
    user = world.users[who]
    for area in [None, *queue.areas(period)]:
        query = {"khu_vuc": str(area.pk) if area else ""}
        expected = list(
            council_filter(_request(user, **query), period)
            .qs.order_by("unit__name_sort", "pk")
            .values_list("pk", flat=True)
        )
        shown = council_reads.dossiers(user, period, area)
        assert [row.pk for row in council_reads.Page(shown, user.pk)[0:1000]] == expected, (who, area)
        assert council_reads.Page(shown, user.pk).count() == len(expected)
        if area is None:
            everything = expected
        minutes = list(
            minutes_filter(_request(user, **query), period)
            .qs.order_by("unit__name_sort", "pk")
            .values_list("pk", flat=True)
        )
        assert [a.pk for a in council_reads.MinutesPage(shown, None)[0:1000]] == minutes, (who, area)
        counts = council_reads.counts(user, period, shown, member=True)
        visible = Assessment.objects.for_user(user, Action.VIEW).filter(period=period)
        assert counts["awaiting"] == visible.filter(status=Status.FORWARDED).count()
        assert counts["concluded"] == visible.filter(recommendation__isnull=False).count()
    # Every dossier of the period, page after page, when the person reads them all.
    if who in (Role.COUNCIL_MEMBER, Role.PROVINCE_ADMIN, Role.SYSTEM_ADMIN):
        assert len(everything) >= 2 and Assessment.objects.filter(period=period).count() == len(everything)
    if who in ("outsider", "foreign_officer", Role.FINANCE_OFFICER):
        assert everything == []


@pytest.mark.parametrize("who", PEOPLE)
def test_it_reads_the_period_as_get_for_user_or_404(world: World, who: str) -> None:
    build_forwarded(world)
    user = world.users[who]
    for period in (world.periods["own"], world.periods["foreign"]):
        for action in (Action.VIEW, Action.COUNCIL_SECRETARY):
            try:
                expected = get_for_user_or_404(AssessmentPeriod.objects.all(), user, action, pk=period.pk)
            except (Http404, PermissionDenied) as refusal:
                with pytest.raises(type(refusal)):
                    council_reads.period(user, period.pk, action)
            else:
                found = council_reads.period(user, period.pk, action)
                assert found == expected and found.province == expected.province
                assert found.framework.pk == expected.framework_id
    with pytest.raises(Http404):
        council_reads.period(world.users[Role.SYSTEM_ADMIN], 987654)


def test_a_council_member_of_another_province_sees_nothing_of_this_council(world: World, login) -> None:
    build_forwarded(world)
    period = world.periods["own"]
    dossier = Assessment.objects.get(period=period, status=Status.FORWARDED)
    member = _foreign_member(world)
    client = login(member)
    assert client.get(f"/danh-gia/ky/{period.pk}/hoi-dong/").status_code == 404
    assert client.get(f"/danh-gia/ky/{period.pk}/hoi-dong/?khu_vuc=").status_code == 404
    assert client.get(f"/danh-gia/hoi-dong/ho-so/{dossier.pk}/").status_code == 404
    assert client.get(f"/danh-gia/ky/{period.pk}/hoi-dong/ghi-bien-ban/").status_code in (403, 404)
    with pytest.raises(Http404):
        council_reads.dossier(member, dossier.pk)
    # Even handed this province's period, the statements keep none of its dossiers.
    shown = council_reads.dossiers(member, period, None)
    assert council_reads.Page(shown, member.pk).count() == 0
    assert council_reads.Page(shown, member.pk)[0:100] == []
    assert council_reads.counts(member, period, shown, member=True) == {
        "awaiting": 0,
        "concluded": 0,
        "scored": 0,
        "total": 0,
    }
    # Their own province's council page is theirs.
    foreign = world.periods["foreign"]
    Assessment.objects.filter(period=foreign).update(status=Status.FORWARDED)
    response = client.get(f"/danh-gia/ky/{foreign.pk}/hoi-dong/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<tr id="ho-so-') == Assessment.objects.filter(period=foreign).count() >= 1
    assert dossier.unit.name not in html


def test_a_dossier_outside_the_persons_units_is_404_on_the_scoring_page(world: World, login) -> None:
    build_forwarded(world)
    foreign = Assessment.objects.filter(period=world.periods["foreign"]).first()
    assert foreign is not None
    for who in (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.REVIEWER):
        assert login(world.users[who]).get(f"/danh-gia/hoi-dong/ho-so/{foreign.pk}/").status_code == 404
