"""Submitted text is stored composed (NFC) whatever the keyboard typed; passwords stay as typed."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.plans.models import StaffAssignment
from tiepcan.testing import World, build_plan, make_user

pytestmark = pytest.mark.django_db

NAME = "Hoàng Thị Tổ Hợp"


def test_a_decomposed_name_is_stored_composed(world: World, login) -> None:
    build_plan(world)
    client = login(world.users[Role.PROVINCE_ADMIN])
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME  # "ổ" as "o" and two combining marks, as Unikey's "Unicode tổ hợp" types it
    response = client.post(
        reverse("plans:staff_create"), {"unit": world.units["N1"].pk, "full_name": decomposed}
    )
    assert response.status_code == 302
    assert StaffAssignment.objects.filter(full_name=NAME).count() == 1
    assert NAME in client.get(reverse("plans:staff_list")).content.decode()


def test_a_password_is_checked_as_it_was_typed(client) -> None:
    password = unicodedata.normalize("NFD", "Mật khẩu tổ hợp 2026")
    user = make_user("nguoi.go")
    user.set_password(password)
    user.save()
    response = client.post(reverse("accounts:login"), {"username": "nguoi.go", "password": password})
    assert response.status_code == 302 and response.url == reverse("home")
