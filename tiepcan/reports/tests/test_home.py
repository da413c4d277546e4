"""The home page greets a person by their name as they write it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.models import User
from tiepcan.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("full_name", "greeting"),
    [
        ("Nông Văn Hùng", "Xin chào, Nông Văn Hùng"),
        ("Quản trị Hệ thống", "Xin chào, Quản trị Hệ thống"),
    ],
)
def test_it_greets_with_the_persons_full_name(full_name: str, greeting: str, login) -> None:
    html = login(make_user("u_home", full_name)).get(reverse("home")).content.decode()
    assert greeting in html


@pytest.mark.parametrize(
    ("full_name", "short"),
    [("Nông Văn Hùng", "Hùng"), ("Quản trị Hệ thống", "Quản trị Hệ thống"), ("", "u_short")],
)
def test_a_short_name_is_a_given_name_never_a_lone_common_word(full_name: str, short: str) -> None:
    assert User(username="u_short", full_name=full_name).get_short_name() == short
