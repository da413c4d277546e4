"""A NUL character in any parameter is refused before a view reads it (PostgreSQL cannot store one)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import Transition
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.core.models import AuditEntry
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


def test_it_refuses_a_nul_character_in_a_hand_read_field_and_changes_nothing(world: World, login) -> None:
    build_period(world)
    assessment = own(world)
    client = login(world.users[Role.COMMUNE_CHAIRMAN])
    entries = AuditEntry.objects.count()
    response = client.post(reverse("assessments:comment_answer", kwargs={"pk": 1}), {"answer": "Cảm ơn\x00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Yêu cầu không hợp lệ, chưa có gì được lưu" in html and "ký tự NUL" in html
    response = client.post(
        reverse("assessments:transition", kwargs={"pk": assessment.pk}), {"to": "draft", "reason": "x\x00y"}
    )
    assert response.status_code == 400
    assert not Transition.objects.exists() and AuditEntry.objects.count() == entries


def test_it_refuses_a_nul_character_in_a_query(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    assert client.get(reverse("accounts:user_list"), {"q": "a\x00"}).status_code == 400
    assert client.get(reverse("accounts:user_list"), {"q": "Đồng"}).status_code == 200
