"""Every response carries a strict Content-Security-Policy and a Permissions-Policy."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.testing import World


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["home", "accounts:login", "portal:results"])
def test_it_sends_a_strict_content_security_policy(world: World, login, url_name: str) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN]) if url_name == "home" else Client()
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    header = response.headers["Content-Security-Policy"]
    policy = directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert policy.get(directive, policy["default-src"]) == ["'self'"], directive
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "unsafe-hashes" not in header


@pytest.mark.django_db
def test_it_turns_off_browser_features_the_app_never_uses(client: Client) -> None:
    header = client.get(reverse("accounts:login")).headers["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


@pytest.mark.django_db
def test_it_sends_the_headers_on_error_pages_and_files(world: World, login) -> None:
    client = login(world.users[Role.FINANCE_OFFICER])
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "Content-Security-Policy" in response.headers
    assert "Permissions-Policy" in response.headers


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(world: World, login) -> None:
    html = login(world.users[Role.PROVINCE_ADMIN]).get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles":false' in html.replace(" ", "")
    assert '"allowEval":false' in html.replace(" ", "")
