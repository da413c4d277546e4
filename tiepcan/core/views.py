"""The audit browser, notifications, the health check and the pages of a refused request (400, CSRF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import connection
from django.db.models import Case, CharField, Count, F, Max, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.core.audit_display import describe_changes
from tiepcan.core.choices import VIEW_AUDIT, AuditAction
from tiepcan.core.filters import audit_filter
from tiepcan.core.forms import NotificationGroupForm
from tiepcan.core.models import AuditEntry, Notification
from tiepcan.core.shortcuts import paginate, querystring_without_page, require_action


def _person_id(request: HttpRequest) -> int:
    """The signed-in person's id (the views below refuse the anonymous first)."""
    pk = request.user.pk
    if pk is None:
        raise PermissionDenied
    return int(pk)


@require_action(VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    found = audit_filter(request)
    found.warn_invalid(request)
    page = paginate(request, found.qs.order_by("-timestamp", "-id"))
    models = ContentType.objects.filter(
        pk__in=AuditEntry.objects.for_user(request.user, VIEW_AUDIT).values("content_type")
    ).order_by("app_label", "model")
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "models": models,
            "actions": AuditAction.choices,
            "querystring": querystring_without_page(request),
        },
    )


@require_action(VIEW_AUDIT)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = AuditEntry.objects.for_user(request.user, VIEW_AUDIT).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return render(request, "core/audit_detail.html", {"entry": entry, "changes": describe_changes(entry)})


def _group_of() -> Case:
    """A row's group: its ``group_key``, or itself alone (``row-<id>``) when it has none."""
    return Case(
        When(group_key="", then=Concat(Value("row-"), Cast("id", CharField()))),
        default=F("group_key"),
        output_field=CharField(),
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The person's notifications, those of one kind about one target as one group to expand.

    Three queries whatever the number of rows: the groups of the page (with their counts), their
    rows, and the pager's count.
    """
    mine = Notification.objects.filter(user_id=_person_id(request))
    groups = (
        mine.annotate(group=_group_of())
        .values("group")
        .annotate(
            n=Count("id"),
            unread=Count("id", filter=Q(read_at__isnull=True)),
            latest=Max("created_at"),
            label=Max("group_label"),
        )
        .order_by("-latest", "group")
    )
    page = paginate(request, groups)
    keys = [g["group"] for g in page]
    rows: dict[str, list[Notification]] = {key: [] for key in keys}
    ids = [int(key[4:]) for key in keys if key.startswith("row-") and key[4:].isdigit()]
    for row in mine.filter(Q(group_key__in=keys) | Q(pk__in=ids)):
        rows.setdefault(row.group_key or f"row-{row.pk}", []).append(row)
    listed = [{**g, "rows": rows.get(g["group"], [])} for g in page]
    return render(request, "core/notification_list.html", {"page": page, "groups": listed, "querystring": ""})


@login_required
@require_POST
def notification_read_group(request: HttpRequest) -> HttpResponse:
    """Mark every unread notification of one of the person's groups read."""
    form = NotificationGroupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nhóm thông báo không hợp lệ."))
        return redirect("core:notification_list")
    key = form.cleaned_data["group"]
    mine = Notification.objects.filter(user_id=_person_id(request), read_at__isnull=True)
    if key.startswith("row-") and key[4:].isdigit():
        mine = mine.filter(pk=int(key[4:]), group_key="")
    else:
        mine = mine.filter(group_key=key)
    mine.update(read_at=timezone.now())
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's own notifications read and follow its link."""
    notification = Notification.objects.filter(user_id=_person_id(request), pk=pk).first()
    if notification is None:
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    target = (
        notification.url
        if notification.url.startswith("/") and not notification.url.startswith("//")
        else "/"
    )
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user_id=_person_id(request), read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("core:notification_list")


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (settings.CSRF_FAILURE_VIEW), in the site's layout.

    Django's own page has an inline style the Content-Security-Policy blocks, an English title and
    a pointer to DEBUG; people meet this page after their session ran out with a form open, so it
    says what happened and offers the page they came from again.
    """
    referer = request.headers.get("referer", "")
    back_url = (
        referer
        if referer
        and url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
        else ""
    )
    return render(request, "403_csrf.html", {"back_url": back_url}, status=403)


def bad_request_reason(exception: BaseException | None) -> str:
    """What was wrong with a refused request, in words its sender can act on ("" when unknown)."""
    if isinstance(exception, RequestDataTooBig):
        return _(
            "Dữ liệu gửi lên lớn hơn mức máy chủ nhận. Hãy gửi ít nội dung hơn mỗi lần "
            "(tệp đính kèm gửi riêng qua nút tải tệp lên)."
        )
    if isinstance(exception, TooManyFieldsSent):
        return _("Biểu mẫu gửi lên có quá nhiều ô. Hãy lưu từng phần (từng trang) rồi gửi tiếp.")
    if isinstance(exception, TooManyFilesSent):
        return _("Có quá nhiều tệp trong một lần gửi. Hãy gửi ít tệp hơn mỗi lần.")
    return ""


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """Django's 400 handler (``handler400``): a request the server could not read.

    Its causes vary (a form with too many fields, data over the size limit, a malformed upload,
    an unknown host name), so the page names the cause when it is one a person can fix and
    otherwise says only that nothing was saved. Rendered without the request's context, as
    Django's own handler does: reading the request again may be what failed.
    """
    reason = bad_request_reason(exception)
    if request.path_info.startswith("/api/"):  # JSON clients get JSON, as the API documents
        return JsonResponse({"detail": reason or _("Dữ liệu không hợp lệ.")}, status=400)
    return HttpResponse(render_to_string("400.html", {"reason": reason}), status=400)
