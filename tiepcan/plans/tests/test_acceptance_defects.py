"""Defects an acceptance crawl of the demo found in the plan follow-up; each test failed before its fix."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.tests.markup import squash
from tiepcan.plans.models import StaffAssignment
from tiepcan.testing import World, build_plan
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


def test_it_offers_the_staff_buttons_only_to_who_may_assign(world: World, login) -> None:
    build_plan(world)
    row = StaffAssignment.objects.create(unit=world.units["N1"], full_name="Hoàng Văn Bảy")
    create, edit = reverse("plans:staff_create"), reverse("plans:staff_edit", args=[row.pk])

    officer = login(world.users[Role.COMMUNE_OFFICER])
    page = squash(officer.get(reverse("plans:staff_list")).content)
    assert "Hoàng Văn Bảy" in page
    assert create not in page and edit not in page  # both answer 403 to a commune officer
    assert officer.get(create).status_code == 403

    admin = login(world.users[Role.PROVINCE_ADMIN])
    page = squash(admin.get(reverse("plans:staff_list")).content)
    assert create in page and edit in page


def test_the_pilot_form_reads_the_communes_areas_in_one_query(world: World, login) -> None:
    """Scoping a form's choices kept its rows but dropped its select_related: one query per commune."""
    build_plan(world)
    for n in range(30):
        Unit.objects.create(
            kind=UnitKind.COMMUNE, code=f"95{n:03}", name=f"Xã Số {n}", parent=world.units["D1"]
        )
    client = login(world.users[Role.PROVINCE_ADMIN])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("plans:pilot_create"))
    assert page.status_code == 200
    assert "Xã Số 29 – Huyện Đồi Núi, Tỉnh Thử Nghiệm" in page.content.decode()
    assert len(queries) < 25


def test_a_staff_assignment_cannot_end_before_it_starts(world: World, login) -> None:
    build_plan(world)
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("plans:staff_create"),
        {
            "unit": world.units["N1"].pk,
            "full_name": "Vi Văn Ngược",
            "valid_from": "01/03/2026",
            "valid_to": "01/01/2020",
        },
    )
    assert response.status_code == 400
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert not StaffAssignment.objects.filter(full_name="Vi Văn Ngược").exists()
