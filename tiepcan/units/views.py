"""Units and agencies, always fetched through the scoping choke point."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tiepcan.accounts.choices import Action
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.views_helpers import paginate, querystring_without_page, require_action
from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.models import Agency, Unit, UnitSuccession

ERA_CURRENT = "hien-hanh"
ERA_LEGACY = "truoc-2025"


@require_action(Action.VIEW)
def unit_list(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.for_user(request.user, Action.VIEW).select_related("parent")
    era = request.GET.get("thoi_ky", ERA_CURRENT)
    units = (
        units.filter(valid_to__isnull=True) if era == ERA_CURRENT else units.filter(valid_to__isnull=False)
    )
    kind = request.GET.get("loai", "")
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    level = request.GET.get("cap", "")
    if level.isdigit() and int(level) in UnitLevel.values:
        units = units.filter(level=int(level))
    units = units.search(request.GET.get("q", "")).vi_ordered()
    page = paginate(request, units)
    template = "units/partials/unit_rows.html" if request.htmx else "units/unit_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "kinds": UnitKind.choices,
            "levels": UnitLevel.choices,
            "era": era,
            "eras": [(ERA_CURRENT, "Hiện hành (từ 01/7/2025)"), (ERA_LEGACY, "Trước 01/7/2025")],
            "querystring": querystring_without_page(request),
        },
    )


@require_action(Action.VIEW)
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user_or_404(Unit.objects.select_related("parent"), request.user, Action.VIEW, pk=pk)
    children = (
        Unit.objects.for_user(request.user, Action.VIEW)
        .filter(parent=unit)
        .annotate(child_count=Count("children"))
        .vi_ordered()
    )
    predecessors = UnitSuccession.objects.filter(successor=unit).select_related("predecessor__parent")
    successors = UnitSuccession.objects.filter(predecessor=unit).select_related("successor")
    agencies = Agency.objects.for_user(request.user, Action.VIEW).filter(unit=unit).vi_ordered()
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit.ancestors(),
            "children": children,
            "predecessors": predecessors,
            "successors": successors,
            "agencies": agencies,
            "classifications": unit.classifications.all(),
        },
    )


@require_action(Action.VIEW)
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.for_user(request.user, Action.VIEW).select_related("unit")
    query = request.GET.get("q", "")
    if query:
        from tiepcan.lib.text import fold

        agencies = agencies.filter(name_search__contains=fold(query))
    page = paginate(request, agencies.vi_ordered())
    return render(
        request, "units/agency_list.html", {"page": page, "querystring": querystring_without_page(request)}
    )


@require_action(Action.VIEW)
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_for_user_or_404(Agency.objects.select_related("unit"), request.user, Action.VIEW, pk=pk)
    from tiepcan.accounts.models import RoleAssignment

    focal_points = (
        RoleAssignment.objects.for_user(request.user, Action.VIEW)
        .active()
        .filter(agency=agency)
        .select_related("user")
    )
    return render(request, "units/agency_detail.html", {"agency": agency, "focal_points": focal_points})
