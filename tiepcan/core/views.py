"""Home page, the audit browser and the health check."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from tiepcan.accounts.choices import Action
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import grants_for
from tiepcan.accounts.session import current_active_unit
from tiepcan.core.models import AuditEntry
from tiepcan.core.views_helpers import paginate, querystring_without_page, require_action
from tiepcan.units.models import Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = RoleAssignment.objects.active().filter(user=request.user).select_related("unit", "agency")
    active = current_active_unit(request)
    counts = {}
    if active is not None:
        subtree = Unit.objects.for_user(request.user, Action.VIEW).filter(
            path__startswith=active.path, valid_to__isnull=True
        )
        counts = {
            "communes": subtree.communes().count(),
            "agencies": active.agencies.count(),
        }
    return render(
        request,
        "core/home.html",
        {"roles": roles, "counts": counts, "grants": grants_for(request.user)},
    )


@require_action(Action.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.for_user(request.user, Action.VIEW_AUDIT).select_related("content_type")
    model = request.GET.get("doi_tuong", "")
    if model:
        app_label, _, model_name = model.partition(".")
        entries = entries.filter(content_type__app_label=app_label, content_type__model=model_name)
    object_id = request.GET.get("ma", "").strip()
    if object_id:
        entries = entries.filter(object_id=object_id)
    actor = request.GET.get("nguoi", "").strip()
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    tz = timezone.get_current_timezone()
    since = parse_date(request.GET.get("tu", "") or "")
    if since:
        entries = entries.filter(timestamp__gte=datetime.combine(since, time.min, tzinfo=tz))
    until = parse_date(request.GET.get("den", "") or "")
    if until:
        entries = entries.filter(timestamp__lte=datetime.combine(until, time.max, tzinfo=tz))
    page = paginate(request, entries.order_by("-timestamp", "-id"))
    models = ContentType.objects.filter(
        pk__in=AuditEntry.objects.for_user(request.user, Action.VIEW_AUDIT).values("content_type")
    ).order_by("app_label", "model")
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "models": models, "querystring": querystring_without_page(request)},
    )


@require_action(Action.VIEW_AUDIT)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = AuditEntry.objects.for_user(request.user, Action.VIEW_AUDIT).filter(pk=pk).first()
    if entry is None:
        raise Http404
    return render(request, "core/audit_detail.html", {"entry": entry})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
