"""Signing in by username, argon2 hashes, lockout and the forced password change."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.urls import reverse

from tiepcan.accounts.models import User
from tiepcan.testing import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_the_login_page_speaks_vietnamese(client) -> None:
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html
    assert 'lang="vi"' in html


def test_it_signs_in_with_the_username(client) -> None:
    make_user("cb.kylua", "Nông Văn Hùng", email="hung@example.vn")
    response = client.post(reverse("accounts:login"), {"username": "cb.kylua", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "hung@example.vn", "password": PASSWORD})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"],
)
def test_passwords_are_stored_as_argon2_hashes() -> None:
    user = make_user("nguoidung")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert PASSWORD not in user.password


def test_it_locks_out_after_repeated_failures(client) -> None:
    make_user("cb.binhgia")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "cb.binhgia", "password": "sai-mat-khau"})
    response = client.post(reverse("accounts:login"), {"username": "cb.binhgia", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm thời bị khoá" in response.content.decode()


def test_a_temporary_password_must_be_changed_first(client) -> None:
    user = make_user("moi", must_change_password=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("units:unit_list")).url == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-mat-khau-moi-2026",
            "new_password2": "Mot-mat-khau-moi-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password("Mot-mat-khau-moi-2026")


def test_a_weak_new_password_is_refused_in_vietnamese(client) -> None:
    user = make_user("yeu")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Mật khẩu" in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
