"""The demo password passes the project's own password rules for every demo account."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password

from tiepcan.accounts.models import User
from tiepcan.demo import users
from tiepcan.demo.users import ACCOUNTS, DEMO_PASSWORD, FORMER_DEMO_PASSWORDS


@pytest.mark.parametrize("account", ACCOUNTS, ids=[a.username for a in ACCOUNTS])
def test_the_demo_password_passes_every_password_rule(account: users.DemoAccount) -> None:
    """Else a demo account's password, once changed, could not be set back through the pages."""
    validate_password(DEMO_PASSWORD, users.describe(User(username=account.username), account))


@pytest.mark.django_db
def test_loading_the_demo_again_moves_an_account_off_a_former_demo_password(monkeypatch) -> None:
    monkeypatch.setattr(users, "ACCOUNTS", [a for a in ACCOUNTS if a.username == "quantri"])
    old = User(username="quantri", full_name="Quản trị Hệ thống")
    old.set_password(FORMER_DEMO_PASSWORDS[0])
    old.save()
    kept = User(username="quantri.rieng", full_name="Người Đổi Mật Khẩu")
    kept.set_password("Mat-khau-rieng-2026")
    kept.save()

    users.load()

    assert User.objects.get(username="quantri").check_password(DEMO_PASSWORD)
    assert User.objects.get(username="quantri.rieng").check_password("Mat-khau-rieng-2026")
