"""URLs of the national bench's floor (``bench/national.py``): the project's own URLs, and two views
that do nothing but answer, through the whole middleware stack, as an anonymous visitor.

* ``bench/floor/``: a constant response, what any request costs before its view does anything;
* ``bench/frame/``: the public pages' frame (``portal/base_public.html``) with an empty body, what
  every portal page pays for its header, menu and scripts.

Used only by the bench's child process (``override_settings(ROOT_URLCONF=...)``); never routed by
the application.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from tiepcan.urls import urlpatterns as project

FLOOR_URL = "/bench/floor/"
FRAME_URL = "/bench/frame/"


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


def frame(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/base_public.html", {})


urlpatterns = [path(FLOOR_URL.strip("/") + "/", bare), path(FRAME_URL.strip("/") + "/", frame), *project]
