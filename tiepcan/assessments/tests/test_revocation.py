"""Revoking a recognition (QĐ 25/2021/QĐ-TTg): the revoking decision's date and a second revocation."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import DecisionEntry, Transition
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.reports.tests.test_summaries import recognise
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world: World) -> DecisionEntry:
    build_forwarded(world)
    recognise(world, own(world))  # signed 31/01/2027
    return DecisionEntry.objects.get(assessment=own(world))


def _revoke(client, entry: DecisionEntry, **data: str) -> list[str]:
    response = client.post(
        reverse("assessments:decision_revoke", kwargs={"pk": entry.pk}),
        {"number": "9/QĐ-TH", "reason": "Sai phạm", **data},
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def test_it_refuses_a_revocation_dated_before_the_recognition_was_signed(world: World, entry, login) -> None:
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    messages = _revoke(client, entry, revoked_on="01/01/2000")
    assert messages == ["Ngày thu hồi không được trước ngày ký quyết định công nhận (31/01/2027)."]
    entry.refresh_from_db()
    assert entry.revoked_on is None and own(world).status == Status.RECOGNISED


def test_it_says_a_revoked_recognition_is_already_revoked(world: World, entry, login) -> None:
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    assert _revoke(client, entry, revoked_on="01/03/2027") == ["Đã thu hồi công nhận của Xã Đồng Tâm."]
    messages = _revoke(client, entry, revoked_on="02/03/2027", number="10/QĐ-TH")
    assert messages == ["Công nhận này đã bị thu hồi theo Quyết định số 9/QĐ-TH ngày 01/03/2027."]
    entry.refresh_from_db()
    assert (entry.revocation_number, entry.revoked_on) == ("9/QĐ-TH", date(2027, 3, 1))
    assert Transition.objects.filter(assessment=entry.assessment, to_status=Status.REVOKED).count() == 1
