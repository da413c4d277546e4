"""URLs of the fixed-cost bench (``bench/fixed.py``): the project's own URLs, and two views a signed-in
person requests through the whole middleware stack.

* ``bench/signed-floor/``: the hand-written floor of a signed-in page: the session's row and the
  person's row read with one statement each (no ORM), and a minimal HTML page naming the person.
  The bench sends the session's key in its own cookie (``FLOOR_COOKIE``), so the middleware sees
  an anonymous request and reads nothing itself: the reads are the view's, by hand;
* ``bench/signed-frame/``: the signed-in frame (``base.html`` with an empty body: menu, unit switcher,
  bell, scripts), what every signed-in page pays before its own content.

Used only by the bench (``override_settings(ROOT_URLCONF=...)``); never routed by the application.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.html import escape

from tiepcan.urls import urlpatterns as project

FLOOR_URL = "/bench/signed-floor/"
FRAME_URL = "/bench/signed-frame/"
FLOOR_COOKIE = "tc_bench_session"


def floor(request: HttpRequest) -> HttpResponse:
    key = request.COOKIES.get(FLOOR_COOKIE, "")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s",
            [key, timezone.now()],
        )
        row = cursor.fetchone()
        if row is None:
            return HttpResponse(status=403)
        user_id = int(SessionStore().decode(row[0])[SESSION_KEY])
        cursor.execute("SELECT full_name, username FROM accounts_user WHERE id = %s AND is_active", [user_id])
        person = cursor.fetchone()
    if person is None:
        return HttpResponse(status=403)
    name = escape(person[0] or person[1])
    return HttpResponse(
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>TiếpCận</title></head>'
        f"<body><p>{name}</p></body></html>"
    )


@login_required
def frame(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


urlpatterns = [path(FLOOR_URL.strip("/") + "/", floor), path(FRAME_URL.strip("/") + "/", frame), *project]
