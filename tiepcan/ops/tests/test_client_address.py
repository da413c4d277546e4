"""Behind nginx every request reaches gunicorn from 127.0.0.1: the client is read from the proxy.

Without it, five wrong passwords from anywhere would lock a person out for everyone, the API's
per-address rate limit would be one bucket for the whole province, and every audit entry would
name the proxy.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from tiepcan.core.choices import AuditAction
from tiepcan.core.models import AuditEntry
from tiepcan.ops.middleware import client_address, trusted_networks
from tiepcan.testing import PASSWORD, make_user

LOOPBACK = trusted_networks(["127.0.0.1", "::1"])


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),  # nginx on the same machine
        ("127.0.0.1", "203.0.113.66, 198.51.100.7", "198.51.100.7"),  # a client's own header is ignored
        ("198.51.100.9", "203.0.113.66", "198.51.100.9"),  # no proxy in between: the header is not believed
        ("127.0.0.1", "rác, 198.51.100.7", "198.51.100.7"),
        ("127.0.0.1", "127.0.0.1", "127.0.0.1"),  # a process on the server itself
        ("127.0.0.1", "không-phải-địa-chỉ", "127.0.0.1"),
        ("127.0.0.1", "2001:db8::5", "2001:db8::5"),
        ("::ffff:127.0.0.1", "198.51.100.7", "198.51.100.7"),
    ],
)
def test_the_client_is_the_address_the_trusted_proxy_saw(remote: str, forwarded: str, client: str) -> None:
    assert client_address(remote, forwarded, LOOPBACK) == client


def test_a_chain_of_trusted_proxies_is_walked_to_the_client() -> None:
    # Portal proxy 10.0.0.5 in front of nginx on 127.0.0.1.
    trusted = trusted_networks(["127.0.0.1", "10.0.0.0/8"])
    assert client_address("127.0.0.1", "203.0.113.66, 198.51.100.7, 10.0.0.5", trusted) == "198.51.100.7"
    assert client_address("127.0.0.1", "198.51.100.7, 10.0.0.5", LOOPBACK) == "10.0.0.5"


def test_a_mistyped_proxy_list_stops_start_up_with_a_clear_message() -> None:
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        trusted_networks(["127.0.0.1", "nginx"])


@pytest.mark.django_db
def test_a_lockout_behind_the_proxy_holds_one_client_not_everyone() -> None:
    make_user("cb.vanquan")
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    officer = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    for _ in range(6):
        attacker.post(reverse("accounts:login"), {"username": "cb.vanquan", "password": "sai-mat-khau"})
    response = attacker.post(reverse("accounts:login"), {"username": "cb.vanquan", "password": PASSWORD})
    assert response.status_code == 429
    response = officer.post(reverse("accounts:login"), {"username": "cb.vanquan", "password": PASSWORD})
    assert response.status_code == 302, "the officer's own sign-in must not be locked by someone else"
    addresses = set(
        AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).values_list("ip_address", flat=True)
    )
    assert addresses == {"203.0.113.66"}
    assert AuditEntry.objects.get(action=AuditAction.LOGIN).ip_address == "198.51.100.7"


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_only_the_named_proxy_is_believed() -> None:
    make_user("cb.trangdinh")
    # Straight from a client on the network: its header is its own word, not believed.
    Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.1").post(
        reverse("accounts:login"), {"username": "cb.trangdinh", "password": "sai-mat-khau"}
    )
    Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.8").post(
        reverse("accounts:login"), {"username": "cb.trangdinh", "password": "sai-mat-khau"}
    )
    addresses = list(
        AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED)
        .order_by("id")
        .values_list("ip_address", flat=True)
    )
    assert addresses == ["198.51.100.9", "198.51.100.8"]
