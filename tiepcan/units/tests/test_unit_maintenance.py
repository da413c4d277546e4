"""Province administrators record commune classes and maintain agencies in their province."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.testing import World
from tiepcan.units.models import Agency, UnitClassification

pytestmark = pytest.mark.django_db


def test_a_commune_class_is_dated_and_cannot_overlap(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    url = reverse("units:classification_add", kwargs={"pk": world.units["N1"].pk})
    client.post(url, {"commune_class": "II", "valid_from": "01/07/2025", "source": "QĐ 12/QĐ-UBND"})
    response = client.post(url, {"commune_class": "I", "valid_from": "01/01/2026"}, follow=True)
    assert "Khoảng thời gian trùng với phân loại đã có" in response.content.decode()
    assert UnitClassification.objects.filter(unit=world.units["N1"]).count() == 1
    assert world.units["N1"].commune_class_on(date(2026, 3, 1)) == "II"
    assert world.units["N1"].commune_class_on(date(2025, 1, 1)) is None


def test_a_province_has_no_commune_class(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("units:classification_add", kwargs={"pk": world.units["P1"].pk}),
        {"commune_class": "I"},
        follow=True,
    )
    assert "Chỉ đơn vị hành chính cấp xã" in response.content.decode()
    assert not UnitClassification.objects.exists()


def test_an_agency_code_is_unique_within_its_unit(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    data = {
        "name": "Sở Tư pháp thứ hai",
        "code": "so-tu-phap",
        "kind": "so_tu_phap",
        "unit": world.units["P1"].pk,
    }
    response = client.post(reverse("units:agency_create"), data)
    assert response.status_code == 400
    assert "Đơn vị này đã có cơ quan mang mã" in response.content.decode()
    data["code"] = "so-noi-vu"
    data["name"] = "Sở Nội vụ tỉnh Thử Nghiệm"
    assert client.post(reverse("units:agency_create"), data).status_code == 302
    assert Agency.objects.filter(code="so-noi-vu", unit=world.units["P1"]).exists()


def test_an_agency_cannot_be_placed_in_another_province(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    data = {"name": "Cơ quan lạ", "code": "co-quan-la", "kind": "khac", "unit": world.units["P2"].pk}
    assert client.post(reverse("units:agency_create"), data).status_code == 400
    assert not Agency.objects.filter(code="co-quan-la").exists()
