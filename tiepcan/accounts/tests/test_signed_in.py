"""The session and the person read by constant statements (``accounts/signed_in.py``) keep Django's rules.

A changed password signs out every other session, a deactivated person and an expired session are
anonymous, a session of Django's own engine stays valid, and the top bar kept per person shows this
request's CSRF token and path.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts import chrome, permissions
from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.accounts.session_engines import cached_db
from tiepcan.accounts.session_engines.db import SessionStore
from tiepcan.accounts.signed_in import read_person
from tiepcan.testing import World

PROFILE = "/tai-khoan/"
LOGIN = reverse("accounts:login")


@pytest.fixture(autouse=True)
def _empty_process_caches() -> None:
    permissions.clear_shared_grants()
    chrome.clear()


def _signed_in(client: Client) -> bool:
    return client.get(PROFILE).status_code == 200


def test_the_person_read_by_hand_is_the_orm_s(world: World) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    officer.last_login = timezone.now()
    officer.save(update_fields=["last_login"])
    read = read_person(officer.pk)
    expected = User.objects.get(pk=officer.pk)
    assert read is not None and read._state.adding is False and read._state.db == "default"
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read_person(-1) is None


def test_a_password_changed_elsewhere_signs_the_session_out(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    client = login(officer)
    assert _signed_in(client)
    officer.set_password("một mật khẩu mới 2026")
    officer.save()
    response = client.get(PROFILE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


def test_a_deactivated_person_is_anonymous(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    client = login(officer)
    assert _signed_in(client)
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get(PROFILE).status_code == 302


def test_an_expired_session_is_anonymous(world: World, login) -> None:
    client = login(world.users[Role.COMMUNE_OFFICER])
    assert _signed_in(client)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get(PROFILE).status_code == 302


def test_a_session_without_its_hash_is_signed_out(world: World, login) -> None:
    client = login(world.users[Role.COMMUNE_OFFICER])
    key = client.cookies["sessionid"].value
    store = SessionStore(key)
    del store["_auth_user_hash"]
    store.save()
    assert client.get(PROFILE).status_code == 302


def test_a_rotated_secret_key_renews_the_session(world: World, login, settings) -> None:
    client = login(world.users[Role.COMMUNE_OFFICER])
    old_key = client.cookies["sessionid"].value
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-" + "x" * 30
    assert _signed_in(client)
    assert client.cookies["sessionid"].value != old_key


def test_sessions_of_django_s_engine_stay_valid_and_the_other_way_round(world: World) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    theirs = DjangoSessionStore()
    theirs["tc"] = "một"
    theirs.create()
    theirs.save()
    assert SessionStore(theirs.session_key)["tc"] == "một"
    ours = SessionStore()
    ours["tc"] = "hai"
    ours.save()
    assert DjangoSessionStore(ours.session_key)["tc"] == "hai"
    assert SessionStore("no-such-session-key-at-all-0123456789").load() == {}
    assert officer.is_active


def test_the_kept_top_bar_shows_this_request_s_token_and_path(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    RoleAssignment.objects.create(user=officer, role=Role.REVIEWER, unit=world.units["N2"])  # the switcher
    officer.full_name = "Nguyễn <b>Văn</b> A"
    officer.save(update_fields=["full_name"])
    client = login(officer)
    first = client.get(PROFILE + "?x=<i>1</i>").content.decode()
    second = client.get(PROFILE).content.decode()
    assert "<tc:" not in first and "<tc:" not in second
    assert 'name="next" value="/tai-khoan/?x=%3Ci%3E1%3C/i%3E"' in first or (
        'name="next" value="/tai-khoan/?x=&lt;i&gt;1&lt;/i&gt;"' in first
    )
    assert 'name="next" value="/tai-khoan/"' in second
    assert "Nguyễn &lt;b&gt;Văn&lt;/b&gt; A" in second
    # Every form of the page carries the page's one token, and the server takes it.
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', second))
    meta = re.search(r'name="csrf-token" content="([A-Za-z0-9]+)"', second)
    assert meta is not None and tokens == {meta.group(1)}
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    switch = reverse("accounts:switch_unit")
    unit = world.units["N2"].pk
    response = strict.post(switch, {"unit": unit, "next": PROFILE, "csrfmiddlewaretoken": meta.group(1)})
    assert response.status_code == 302
    assert f'<option value="{unit}" selected>' in client.get(PROFILE).content.decode()


def test_the_kept_top_bar_is_the_person_s_own(world: World, login) -> None:
    officer, admin = world.users[Role.COMMUNE_OFFICER], world.users[Role.PROVINCE_ADMIN]
    assert officer.full_name in login(officer).get(PROFILE).content.decode()
    other = Client()
    other.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    html = other.get(PROFILE).content.decode()
    assert admin.full_name in html and officer.full_name not in html


def test_the_cached_engine_reads_the_row_when_the_cache_lost_it(db: None) -> None:
    store = cached_db.SessionStore()
    store["tc"] = "ba"
    store.save()
    caches["default"].clear()  # Redis restarted: the row is read from the database
    again = cached_db.SessionStore(store.session_key)
    assert again["tc"] == "ba"
    assert caches["default"].get(again.cache_key) == {"tc": "ba"}
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    caches["default"].clear()
    assert cached_db.SessionStore(store.session_key).load() == {}
