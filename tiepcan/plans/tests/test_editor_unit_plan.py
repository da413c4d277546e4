"""A lower unit's plan, once recorded, can be corrected by those who report for its committee."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.plans import editor
from tiepcan.plans.models import Plan
from tiepcan.plans.tests import test_editor
from tiepcan.plans.tests.test_editor import _published
from tiepcan.testing import World

pytestmark = pytest.mark.django_db
seeded = test_editor.seeded  # the fixture: the seed plan of P1


def unit_plan(world: World) -> Plan:
    parent = _published(world)
    return editor.create_unit_plan(
        user=world.users[Role.COMMUNE_CHAIRMAN],
        committee=world.agencies["ubnd_n1"],
        parent=parent,
        number="5/KH-UBND",
        issued_on=date(2026, 2, 10),
        signer_name="Lê Văn Chủ",
        signer_title="Chủ tịch",
    )


def test_the_commune_corrects_its_recorded_plan(seeded: World, login: Any) -> None:
    plan = unit_plan(seeded)
    chairman = login(seeded.users[Role.COMMUNE_CHAIRMAN])
    url = reverse("plans:unit_plan_edit", args=[plan.pk])
    assert url in chairman.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert 'value="5/KH-UBND"' in chairman.get(url).content.decode()
    response = chairman.post(
        url,
        {
            "number": "5a/KH-UBND",
            "issued_on": "12/02/2026",
            "signer_name": "Lê Văn Chủ",
            "signer_title": "Phó Chủ tịch",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.number, plan.issued_on, plan.signer_title) == (
        "5a/KH-UBND",
        date(2026, 2, 12),
        "Phó Chủ tịch",
    )
    entry = AuditEntry.objects.filter(
        object_id=str(plan.pk), content_type__model="plan", reason="Sửa kế hoạch của đơn vị"
    )
    assert entry.exists()
    # Bad input: a Vietnamese message, nothing changed.
    bad = chairman.post(url, {"number": "", "issued_on": "31/02/2026"})
    assert bad.status_code == 400 and "Trường này là bắt buộc" in bad.content.decode()
    plan.refresh_from_db()
    assert plan.number == "5a/KH-UBND"


def test_others_cannot_correct_it_and_a_provincial_plan_is_not_a_unit_plan(seeded: World, login: Any) -> None:
    plan = unit_plan(seeded)
    url = reverse("plans:unit_plan_edit", args=[plan.pk])
    assert login(seeded.users[Role.AGENCY_FOCAL_POINT]).post(
        url, {"number": "x", "issued_on": "12/02/2026"}
    ).status_code in (403, 404)
    assert login(seeded.users["foreign_officer"]).get(url).status_code in (403, 404)
    assert login(seeded.users[Role.PROVINCE_ADMIN]).get(
        reverse("plans:unit_plan_edit", args=[plan.parent_plan_id])
    ).status_code in (403, 404)
    plan.refresh_from_db()
    assert plan.number == "5/KH-UBND"
