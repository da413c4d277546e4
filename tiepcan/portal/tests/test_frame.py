"""The public pages' frame, kept per process and language (portal/frame.py): the same answer as the
template's, headers included, and the template's own rendering when there are messages to show."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.autoreload import file_changed
from django.utils.safestring import mark_safe

from tiepcan.accounts.models import User
from tiepcan.portal import frame

pytestmark = pytest.mark.django_db


def _request(storage: list[FallbackStorage] | None = None) -> HttpRequest:
    request = RequestFactory().get("/cong-khai/")
    request.session = SessionStore()
    messages = FallbackStorage(request)
    setattr(request, "_messages", messages)  # noqa: B010 - what MessageMiddleware sets
    if storage is not None:
        storage.append(messages)
    request.user = User()  # not signed in: the frame prints nothing of the person either way
    return request


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("template", "name"),
    [("portal/results.html", ""), ("portal/commune.html", 'Xã <Ả> & "Ê"')],
)
def test_it_answers_what_the_template_renders(template: str, name: str, language: str) -> None:
    body = '<p class="x">nội dung</p>'
    with translation.override(language):
        for _ in range(2):  # the first builds the frame, the second reuses it
            kept = frame.render_public(_request(), template, name=name, body=body)
            rendered = render(_request(), template, {"name": name, "body": mark_safe(body)})  # noqa: S308
            assert kept.content == rendered.content
            assert kept["Content-Type"] == rendered["Content-Type"]
    assert "<script>" not in kept.content.decode()


def test_it_renders_the_messages_by_the_template_and_marks_them_read() -> None:
    storage: list[FallbackStorage] = []
    request = _request(storage)
    storage[0].add(20, "Đã đăng xuất <b>.")
    response = frame.render_public(request, "portal/commune.html", name="Xã A", body="<p>b</p>")
    assert "Đã đăng xuất &lt;b&gt;." in response.content.decode()
    assert storage[0].used


def test_the_portal_pages_answer_as_before_with_and_without_messages(client: Client) -> None:
    """Through the middleware: no cookie for an anonymous visitor, the answer varies on the cookie."""
    response = client.get(reverse("portal:results"))
    assert response.status_code == 200 and not response.cookies
    assert "Cookie" in response["Vary"]
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(25, "Chào bạn")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    assert "Chào bạn" in client.get(reverse("portal:results")).content.decode()
    assert "Chào bạn" not in client.get(reverse("portal:results")).content.decode()  # read once


def test_a_changed_template_is_rendered_afresh_by_the_development_server(tmp_path: Path) -> None:
    frame.render_public(_request(), "portal/results.html", body="x")
    assert frame._shells
    file_changed.send(sender=None, file_path=tmp_path / "base.html")
    assert not frame._shells
