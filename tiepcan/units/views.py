"""Units and agencies, always fetched through the scoping choke point."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import grants_for
from tiepcan.core import audit
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, paginate, querystring_without_page, require_action
from tiepcan.reports.models import ResultSummary
from tiepcan.units import lineage
from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.filters import ERAS, agency_filter, unit_filter
from tiepcan.units.forms import (
    MAP_OF_2025,
    AgencyForm,
    AgencyPickerQuery,
    ChosenAgencies,
    ChosenUnits,
    ClassificationForm,
    EarlierMergerForm,
    UnitPickerQuery,
)
from tiepcan.units.models import Agency, Unit, UnitSuccession
from tiepcan.units.widgets import (
    AgencyScope,
    agency_results_message,
    picker_queryset,
    results_message,
    search_results,
)


@require_action(Action.VIEW)
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = unit_filter(request)
    found.warn_invalid(request)
    page = paginate(request, found.qs.vi_ordered())
    template = "units/partials/unit_rows.html" if request.htmx else "units/unit_list.html"
    return render(
        request,
        template,
        {
            "page": page,
            "kinds": UnitKind.choices,
            "levels": UnitLevel.choices,
            "era": found.era,
            "eras": ERAS,
            "querystring": querystring_without_page(request),
        },
    )


@require_action(Action.VIEW)
def unit_picker(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search results for the unit picker (units/widgets.py): radio buttons or check boxes.

    Scoped like the form field the picker fills (``picker_queryset``), for the action the
    form needs: a person never sees units they could not choose, and the form refuses any
    other unit anyway.
    """
    query = UnitPickerQuery(request.GET)
    if not query.is_valid():
        return HttpResponse(
            _("Yêu cầu tìm đơn vị không hợp lệ."), status=400, content_type="text/plain; charset=utf-8"
        )
    data = query.cleaned_data
    if not grants_for(request.user).has_any(data["quyen"]):
        raise PermissionDenied
    chosen = ChosenUnits(request.GET, data["ten"]).chosen()
    units = picker_queryset(request.user, data["quyen"], data["cap"], data["thoi_ky"])
    results, more = search_results(units, data["tim"], exclude=chosen)
    return render(
        request,
        "units/partials/unit_picker_results.html",
        {
            "name": data["ten"],
            "base_id": data["ma"],
            "input_type": "checkbox" if data["nhieu"] else "radio",
            "results": results,
            "message": results_message(len(results), more, data["tim"]),
            "swap_status": True,
        },
    )


@login_required
@require_POST
def agency_picker(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search results for the agency picker (units/widgets.py), inside the list the form offers.

    The list comes signed with the page, for this person: a forged, foreign or stale one is
    refused. The form validates the posted agency against its own queryset anyway. A POST
    although it changes nothing: the list can be longer than a request line may be.
    """
    query = AgencyPickerQuery(request.POST)
    if not query.is_valid():
        return HttpResponse(
            _("Yêu cầu tìm cơ quan không hợp lệ."), status=400, content_type="text/plain; charset=utf-8"
        )
    data = query.cleaned_data
    try:
        scope = AgencyScope.read(data["pham_vi"], request.user)
    except signing.BadSignature:
        return HttpResponse(
            _("Danh sách cơ quan của trang này đã cũ hoặc không hợp lệ. Hãy tải lại trang."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    year = data["year"]
    chosen = ChosenAgencies(request.POST, data["ten"]).chosen()
    results, more = scope.search(data["tim"], exclude=chosen, years=(year, year) if year else None)
    return render(
        request,
        "units/partials/unit_picker_results.html",
        {
            "name": data["ten"],
            "base_id": data["ma"],
            "input_type": "checkbox" if data["nhieu"] else "radio",
            "results": results,
            "message": agency_results_message(len(results), more, data["tim"]),
            "swap_status": True,
        },
    )


@require_action(Action.VIEW)
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user_or_404(Unit.objects.select_related("parent"), request.user, Action.VIEW, pk=pk)
    children = (
        Unit.objects.for_user(request.user, Action.VIEW)
        .filter(parent=unit)
        .annotate(child_count=Count("children"))
        .vi_ordered()
    )
    earlier_ids = lineage.predecessor_ids(unit.pk)
    successors = UnitSuccession.objects.filter(predecessor=unit).select_related("successor")
    agencies = Agency.objects.for_user(request.user, Action.VIEW).filter(unit=unit).vi_ordered()
    ancestors = unit.ancestors()
    # A district reviewer sees the district, not its province: no breadcrumb link to a 404.
    readable = set(
        Unit.objects.for_user(request.user, Action.VIEW)
        .filter(pk__in=[a.pk for a in ancestors])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "ancestors": [(a, a.pk in readable) for a in ancestors],
            "children": children,
            "predecessors": _formed_from(unit, earlier_ids),
            "successors": successors,
            "agencies": agencies,
            "classifications": unit.classifications.all(),
            "classification_form": ClassificationForm(unit=unit) if unit.is_commune else None,
            # Earlier mergers (2019–2021) joined communes of the map before 1/7/2025.
            "merger_form": EarlierMergerForm(unit=unit)
            if unit.is_commune and (unit.valid_from is None or unit.valid_from < MAP_OF_2025)
            else None,
            "results": _results(request, unit, earlier_ids) if unit.is_commune else [],
        },
    )


@dataclass
class Merger:
    """One merger into a unit, with the mergers into the unit it brought (``earlier``)."""

    succession: UnitSuccession
    earlier: list[Merger]


def _formed_from(unit: Unit, earlier_ids: list[int]) -> list[Merger]:
    """The unit's whole lineage as a tree: each merger into it, dated, with the mergers into each
    predecessor in turn, any number back. One query (the lineage walk gave the ids), whatever the depth."""
    if not earlier_ids:
        return []
    into: dict[int, list[UnitSuccession]] = {}
    for edge in (
        UnitSuccession.objects.filter(
            predecessor_id__in=earlier_ids, successor_id__in=[unit.pk, *earlier_ids]
        )
        .select_related("predecessor__parent")
        .order_by("partial", "id")
    ):
        into.setdefault(edge.successor_id, []).append(edge)

    def grow(unit_id: int, seen: frozenset[int]) -> list[Merger]:
        # ``seen``: the chain so far, so a cycle recorded by mistake ends the branch.
        return [
            Merger(edge, grow(edge.predecessor_id, seen | {edge.predecessor_id}))
            for edge in into.get(unit_id, [])
            if edge.predecessor_id not in seen
        ]

    return grow(unit.pk, frozenset({unit.pk}))


def _results(request: HttpRequest, unit: Unit, earlier_ids: list[int]) -> list[Any]:
    """The commune's results, and those of the communes merged into it through every recorded
    merger (``earlier_ids``, from the lineage walk), newest first: one query whatever the number
    of mergers, scoped like the assessments they come from."""

    return list(
        ResultSummary.objects.for_user(request.user, Action.VIEW_ASSESSMENTS)
        .filter(unit_id__in=[unit.pk, *earlier_ids])
        .select_related("unit")
        .only(
            "id",
            "year",
            "status",
            "total",
            "max_total",
            "recognised",
            "revoked",
            "decision_number",
            "unit__id",
            "unit__name",
            "unit__name_sort",
        )
        .order_by("-year", "unit__name_sort")[:200]
    )


@require_action(Action.MANAGE_UNITS)
@require_POST
def predecessor_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a commune merged into this one before 1/7/2025 (the packages lack those mergers)."""
    unit = get_for_user_or_404(
        Unit.objects.select_related("parent"), request.user, Action.MANAGE_UNITS, pk=pk
    )
    form = EarlierMergerForm(request.POST, unit=unit)
    if form.is_valid():
        d = form.cleaned_data
        with transaction.atomic(), audit.reason(_("Ghi sắp xếp đơn vị trước ngày 01/7/2025")):
            old = Unit.objects.create(
                kind=d["kind"],
                code=d["code"],
                name=d["name"].strip(),
                parent=unit.parent,
                valid_to=d["merged_on"] - timedelta(days=1),
            )
            UnitSuccession.objects.create(
                predecessor=old, successor=unit, partial=d["partial"], effective_on=d["merged_on"]
            )
        messages.success(
            request, _("Đã ghi %(old)s sáp nhập vào %(new)s.") % {"old": old.name, "new": unit.name}
        )
    else:
        flash_errors(request, form)
    return redirect("units:unit_detail", pk=unit.pk)


@require_action(Action.MANAGE_UNITS)
@require_POST
def classification_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_for_user_or_404(Unit.objects.all(), request.user, Action.MANAGE_UNITS, pk=pk)
    form = ClassificationForm(request.POST, unit=unit)
    if form.is_valid():
        classification = form.save(commit=False)
        classification.unit = unit
        classification.save()
        messages.success(request, _("Đã ghi phân loại đơn vị."))
    else:
        for error in [*form.non_field_errors(), *[e for f in form.errors.values() for e in f]]:
            messages.error(request, error)
    return redirect("units:unit_detail", pk=unit.pk)


@require_action(Action.VIEW)
def agency_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, agency_filter(request).qs.vi_ordered())
    return render(
        request, "units/agency_list.html", {"page": page, "querystring": querystring_without_page(request)}
    )


@require_action(Action.VIEW)
def agency_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_for_user_or_404(Agency.objects.select_related("unit"), request.user, Action.VIEW, pk=pk)
    focal_points = (
        RoleAssignment.objects.for_user(request.user, Action.VIEW)
        .active()
        .filter(agency=agency)
        .select_related("user")
    )
    return render(
        request,
        "units/agency_detail.html",
        {"agency": agency, "focal_points": focal_points},
    )


@require_action(Action.MANAGE_UNITS)
def agency_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        agency = form.save()
        messages.success(request, _("Đã thêm cơ quan, đơn vị."))
        return redirect("units:agency_detail", pk=agency.pk)
    return render(request, "units/agency_form.html", {"form": form}, status=400 if form.errors else 200)


@require_action(Action.MANAGE_UNITS)
def agency_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agency = get_for_user_or_404(
        Agency.objects.filter(unit__isnull=False), request.user, Action.MANAGE_UNITS, pk=pk
    )
    form = AgencyForm(request.POST or None, instance=agency, actor=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu cơ quan, đơn vị."))
        return redirect("units:agency_detail", pk=agency.pk)
    return render(
        request,
        "units/agency_form.html",
        {"form": form, "agency": agency},
        status=400 if form.errors else 200,
    )
