"""Pages for API keys: the list, issuing (the key is shown once) and revoking."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.api import services
from tiepcan.api.filters import METHODS, STATUS_CLASSES, access_log_filter
from tiepcan.api.forms import IssueKeyForm
from tiepcan.api.models import ApiKey
from tiepcan.core.shortcuts import paginate, querystring_without_page, require_action


def _allowed(request: HttpRequest) -> None:
    if not (services.may_manage(request.user) or services.may_issue_own(request.user)):
        raise PermissionDenied


@login_required
def key_list(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    keys = ApiKey.objects.for_user(request.user, Action.MANAGE_USERS).select_related(
        "user", "unit", "created_by"
    )
    return render(
        request,
        "api/key_list.html",
        {"page": paginate(request, keys), "manages": services.may_manage(request.user)},
    )


@login_required
def key_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _allowed(request)
    form = IssueKeyForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            key, token = services.issue(
                actor=request.user,
                user=data["user"],
                name=data["name"],
                kind=data["kind"],
                access=data["access"],
                expires_at=data["expires_at"],
                unit=data.get("unit"),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            # The token is on this response only: never in a message, the session, the audit or a cache.
            response = render(request, "api/key_issued.html", {"key": key, "token": token})
            add_never_cache_headers(response)
            return response
    return render(
        request,
        "generic_form.html",
        {
            "form": form,
            "page_title": _("Cấp khóa API"),
            "back_url": reverse("api:key_list"),
            "back_label": _("Khóa API"),
            "help_text": _(
                "Khóa dùng để hệ thống khác (nền tảng LGSP, phần mềm văn phòng, bảng điều khiển) đọc hoặc ghi "
                "dữ liệu qua API /api/v1/. Khóa chỉ hiển thị một lần khi cấp."
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    if not ApiKey.objects.for_user(request.user, Action.MANAGE_USERS).filter(pk=pk).exists():
        raise Http404
    key = services.revoke(key_id=pk, actor=request.user)
    messages.success(request, _("Đã thu hồi khóa %(prefix)s.") % {"prefix": key.prefix})
    return redirect("api:key_list")


@require_action(Action.MANAGE_USERS)
def access_log(request: HttpRequest) -> HttpResponse:
    """Every API request of the people the administrator manages (the system administrator: all)."""
    found = access_log_filter(request)
    found.warn_invalid(request)
    return render(
        request,
        "api/access_log.html",
        {
            "page": paginate(request, found.qs),
            "filters": found,
            "methods": METHODS,
            "status_classes": STATUS_CLASSES,
            "querystring": querystring_without_page(request),
            "keep_days": settings.API_LOG_KEEP_DAYS,
        },
    )
