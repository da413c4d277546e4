"""Values that used to crash the cycle's views: each gets a Vietnamese message and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import (
    Assessment,
    CouncilMembership,
    CouncilScore,
    DecisionEntry,
    DossierSnapshot,
    RecognitionDecision,
    Transition,
)
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.core.models import AuditEntry
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db

NINES_40 = "9" * 40
NUMBERS = ["NaN", "sNaN", "Infinity", "-Infinity", "1e309", "1e30", NINES_40]


@pytest.fixture
def forwarded(world: World) -> World:
    return build_forwarded(world)


def database() -> dict[str, Any]:
    """Everything the cycle's views could write, to compare before and after a refused request."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Assessment,
            CouncilMembership,
            CouncilScore,
            RecognitionDecision,
            DecisionEntry,
            Transition,
            AuditEntry,
        )
    }


def errors(response: Any) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]


@pytest.mark.parametrize("value", [*NUMBERS, "²", "0x10", "1,5,5"])
def test_it_refuses_a_hostile_number_in_autosave_with_a_message(world: World, login, value: str) -> None:
    build_period(world)
    assessment = own(world)
    client = login(world.users[Role.COMMUNE_OFFICER])
    before = database()
    response = client.post(
        reverse("assessments:autosave", kwargs={"pk": assessment.pk}),
        {
            "kind": "value",
            "version": assessment.version,
            "indicator": "1.2",
            "field": "drafts",
            "value": value,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "phải là số" in text or "quá lớn" in text
    assert database() == before


@pytest.mark.parametrize("value", NUMBERS)
def test_it_refuses_hostile_council_points_and_keeps_the_others_unsaved(
    forwarded: World, login, value: str
) -> None:
    assessment = own(forwarded)
    client = login(forwarded.users[Role.COUNCIL_MEMBER])
    before = database()
    response = client.post(
        reverse("assessments:council_dossier", kwargs={"pk": assessment.pk}),
        {"points:1.1": "1", "reason:1.1": "Đủ", "points:1.2": value},
    )
    assert response.status_code == 400  # the page again, as typed
    assert errors(response) == ["Điểm chỉ tiêu 1.2 phải là số từ 0 đến 1,00 (ví dụ 0,5)."]
    assert 'name="reason:1.1"' in response.content.decode() and 'value="Đủ"' in response.content.decode()
    assert database() == before  # 1.1 was valid, but nothing of a refused form is kept


def test_it_saves_council_points_typed_with_a_decimal_comma(forwarded: World, login) -> None:
    assessment = own(forwarded)
    login(forwarded.users[Role.COUNCIL_MEMBER]).post(
        reverse("assessments:council_dossier", kwargs={"pk": assessment.pk}), {"points:1.1": "0,5"}
    )
    assert str(CouncilScore.objects.get(indicator="1.1").points) == "0.50"


@pytest.mark.parametrize("value", ["abc", " ", "NaN", "0x10", "1,5,5", NINES_40, "²"])
def test_it_refuses_a_council_member_that_is_not_a_person_in_scope(
    forwarded: World, login, value: str
) -> None:
    client = login(forwarded.users[Role.PROVINCE_ADMIN])
    before = database()
    response = client.post(
        reverse("assessments:council_member_add", kwargs={"pk": forwarded.periods["own"].pk}),
        {"user": value, "position": "Ủy viên"},
    )
    assert response.status_code == 302
    assert errors(response) == ["Không tìm thấy người này trong phạm vi của bạn."]
    assert database() == before


def test_it_seats_a_council_member_through_the_form(forwarded: World, login) -> None:
    reviewer = forwarded.users[Role.REVIEWER]
    client = login(forwarded.users[Role.PROVINCE_ADMIN])
    url = reverse("assessments:council_member_add", kwargs={"pk": forwarded.periods["own"].pk})
    # The council has its secretary already (TT 09/2021 Điều 5 khoản 2 điểm d: one): a second is refused.
    client.post(url, {"user": str(reviewer.pk), "position": "Ủy viên", "is_secretary": "on"})
    assert not CouncilMembership.objects.filter(user=reviewer).exists()
    client.post(url, {"user": str(reviewer.pk), "position": "Ủy viên", "role": "deputy_chair"})
    seat = CouncilMembership.objects.get(user=reviewer)
    assert (seat.position, seat.role, seat.is_secretary, seat.area) == (
        "Ủy viên",
        "deputy_chair",
        False,
        None,
    )


@pytest.mark.parametrize("query", [{"tu": NINES_40}, {"den": NINES_40}, {"tu": "²"}, {"tu": "7"}])
def test_it_compares_the_rounds_it_has_when_asked_for_one_that_does_not_exist(
    forwarded: World,
    login,
    query: dict[str, str],
) -> None:
    assessment = own(forwarded)
    client = login(forwarded.users[Role.REVIEWER])
    before = database()
    response = client.get(reverse("assessments:round_diff", kwargs={"pk": assessment.pk}), query)
    assert response.status_code == 200
    assert "Hồ sơ không có lần gửi" in response.content.decode()
    assert DossierSnapshot.objects.filter(assessment=assessment).count() == 1
    assert database() == before


@pytest.mark.parametrize("ids", [["9" * 25], ["abc"], ["1", NINES_40], []])
def test_it_refuses_a_decision_naming_no_recommended_commune(forwarded: World, login, ids: list[str]) -> None:
    assessment = own(forwarded)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.RECOMMENDED)
    client = login(forwarded.users[Role.RECOGNISING_AUTHORITY])
    before = database()
    response = client.post(
        reverse("assessments:decision_issue", kwargs={"pk": forwarded.periods["own"].pk}),
        {
            "number": "12/QĐ-UBND",
            "signed_on": "31/01/2027",
            "signer_name": "Nguyễn Văn An",
            "assessments": ids,
        },
    )
    assert response.status_code == 302
    assert errors(response) in (
        ["Có đơn vị được chọn không nằm trong danh sách Hội đồng đề nghị công nhận."],
        ["Hãy chọn ít nhất một xã, phường, đặc khu."],
    )
    assert database() == before


def test_it_names_the_issuer_of_a_decision_as_the_province_writes_it(forwarded: World, login) -> None:
    assessment = own(forwarded)
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.RECOMMENDED)
    login(forwarded.users[Role.RECOGNISING_AUTHORITY]).post(
        reverse("assessments:decision_issue", kwargs={"pk": forwarded.periods["own"].pk}),
        {
            "number": "12/QĐ-UBND",
            "signed_on": "31/01/2027",
            "signer_name": "Nguyễn Văn An",
            "assessments": [assessment.pk],
        },
    )
    decision = RecognitionDecision.objects.get()
    # The unit is "Tỉnh Thử Nghiệm": the kind word reads in lower case, the proper name keeps its capitals.
    assert decision.issuer_name == "Ủy ban nhân dân tỉnh Thử Nghiệm"
    assert decision.signer_title == "Chủ tịch"


def test_it_names_the_issuer_after_the_provinces_peoples_committee_when_recorded(forwarded: World) -> None:
    from tiepcan.units.choices import AgencyKind
    from tiepcan.units.models import Agency

    province = forwarded.units["P1"]
    Agency.objects.create(
        unit=province,
        code="ubnd-tinh",
        name="Ủy ban nhân dân tỉnh Thử Nghiệm (mới)",
        kind=AgencyKind.PEOPLES_COMMITTEE,
    )
    assert province.peoples_committee_name() == "Ủy ban nhân dân tỉnh Thử Nghiệm (mới)"
