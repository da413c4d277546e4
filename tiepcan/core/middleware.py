"""Request id and audit context for every request."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from tiepcan.core import audit
from tiepcan.core.context import AuditContext

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Takes a sane ``X-Request-ID`` from the proxy or makes one; echoes it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        origin = audit.request_origin(request)
        context = AuditContext(
            request_id=request_id, ip_address=origin["ip_address"], user_agent=origin["user_agent"]
        )
        token = audit._context.set(context)
        try:
            response = self.get_response(request)
        finally:
            audit._context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class AuditContextMiddleware:
    """Adds the signed-in user to the audit context (after authentication ran)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            with audit.audit_context(actor=user, request_id=getattr(request, "request_id", None)):
                return self.get_response(request)
        return self.get_response(request)


class LanguageMiddleware:
    """Vietnamese unless the person chose another language (cookie set by the language switch).

    Django's LocaleMiddleware also follows the browser's Accept-Language header; many
    office computers run an English browser, and officials expect the Vietnamese UI.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        # Scoped to the request: the thread goes back to its language afterwards, so one English
        # request leaves no English behind for the work the thread does next.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class RefuseNulBytesMiddleware:
    """Refuses a request whose parameters or file names hold a NUL character (400, in Vietnamese).

    No text people type contains one, PostgreSQL cannot store one in text or JSON, and Django's
    form fields already refuse it; this answers the same for every parameter a view reads by
    hand, before anything is written.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path_info.startswith("/api/"):  # JSON clients get JSON, as the API documents
                return JsonResponse({"detail": _("Dữ liệu không hợp lệ.")}, status=400)
            reason = _(
                "Nội dung gửi lên có ký tự không được phép (ký tự NUL, thường lẫn vào khi dán từ "
                "một tệp khác). Hãy xoá ký tự đó rồi gửi lại."
            )
            return render(request, "400.html", {"reason": reason}, status=400)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for data in sources:
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    if request.method == "POST":
        return any(
            isinstance(upload, UploadedFile) and "\x00" in (upload.name or "")
            for upload in request.FILES.values()
        )
    return False


class ComposeTextMiddleware:
    """Composes every submitted text to Unicode NFC before a view reads it (passwords excepted).

    Vietnamese keyboards can type decomposed text (Unikey's "Unicode tổ hợp", some Mac input
    methods): "ệ" as "e" and two combining marks. Stored so, a name prints badly in the
    documents, misses searches and sorts apart from the same name typed composed. Passwords are
    left as typed: they must keep matching the hash made from what was typed before.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _compose(request.GET)
        if request.method == "POST":
            _compose(request.POST)
        return self.get_response(request)


def _compose(data: QueryDict) -> None:
    """Puts ``data``'s values in NFC; nothing is touched when they are already (the usual case)."""
    changed = {
        key: [unicodedata.normalize("NFC", value) for value in values]
        for key, values in data.lists()
        if "password" not in key and not all(unicodedata.is_normalized("NFC", value) for value in values)
    }
    if changed:
        mutable, data._mutable = data._mutable, True  # the request's own dict, as Django builds it
        for key, values in changed.items():
            data.setlist(key, values)
        data._mutable = mutable


class PermissionsPolicyMiddleware:
    """Sends ``settings.PERMISSIONS_POLICY`` as the Permissions-Policy header.

    The app never uses the camera, the microphone, the location or payments: turning them
    off for the page and any frame means injected markup cannot ask the user for them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


# Files whose bytes are compressed already: a second compression only spends CPU on every
# download (for a stored decision PDF, more than serving it).
ALREADY_COMPRESSED = frozenset(
    {
        "application/pdf",
        "application/zip",
        "application/gzip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
    }
)


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's compression of pages and JSON, leaving alone files that are compressed already
    (PDF, Office documents, ZIP archives, images)."""

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        kind = response.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if kind in ALREADY_COMPRESSED or kind.startswith(("image/", "video/", "audio/")):
            return response
        return super().process_response(request, response)
