"""Assessment periods: list, open, read, and the communes' registrations in them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import exports as assessment_exports
from tiepcan.assessments import queue, services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.filters import LATE, queue_filter
from tiepcan.assessments.forms import (
    PeriodForm,
    RegistrationDecisionForm,
    RegistrationForm,
)
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    Registration,
)
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, paginate, querystring_without_page, require_action
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.frameworks.display import unit_kinds_words
from tiepcan.jobs import exports
from tiepcan.units.choices import COMMUNE_KINDS, UnitKind, UnitLevel
from tiepcan.units.models import Unit


@require_action(Action.VIEW_ASSESSMENTS)
def period_list(request: HttpRequest) -> HttpResponse:
    # Framework names only: the definitions (10–18 KB of JSON each) are not decoded per row.
    periods = (
        AssessmentPeriod.objects.for_user(request.user, Action.VIEW)
        .select_related("province", "framework")
        .defer("framework__definition", "framework__source_text")
    )
    # "Your unit's dossiers": a system administrator self-assesses everywhere and so has no unit of
    # their own; listing (and sorting) every assessment of the country for them shows nothing useful.
    mine = (
        []
        if grants_for(request.user).is_global(Action.SELF_ASSESS)
        else Assessment.objects.for_user(request.user, Action.SELF_ASSESS)
        .select_related("period__framework", "unit")
        .defer("values", "facts", "period__framework__definition", "period__framework__source_text")
        .order_by("-period__year", "unit__name_sort")[:20]
    )
    return render(request, "assessments/period_list.html", {"periods": periods, "mine": mine})


@require_action(Action.MANAGE_PERIODS)
def period_create(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST or None, actor=request.user)
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST":
        # Non-blocking: a typed date on a day off is kept, the person is told (forms.PeriodForm).
        for warning in form.day_off_warnings():
            messages.warning(request, warning)
    if valid:
        data = dict(form.cleaned_data)
        try:
            period = services.open_period(user=request.user, **data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Đã mở kỳ đánh giá và tạo hồ sơ cho %(n)s xã, phường, đặc khu.")
                % {"n": period.assessments.count()},
            )
            return redirect("assessments:period_detail", pk=period.pk)
    return render(
        request,
        "generic_form.html",
        {
            "form": form,
            "page_title": _("Mở kỳ đánh giá"),
            "back_url": reverse("assessments:period_list"),
            "back_label": _("Đánh giá, công nhận"),
        },
        status=400 if form.errors else 200,
    )


@require_action(Action.VIEW_ASSESSMENTS)
def period_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    period = get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province", "framework"), request.user, Action.VIEW, pk=pk
    )
    today = timezone.localdate()
    framework = services.compiled(period)
    found = queue_filter(request, period)
    found.warn_invalid(request)
    districts, area = found.districts, found.area
    kind, late_only, status = found.value("loai"), found.value("tre_han") == LATE, found.value("trang_thai")
    # The step pills count what the other filters leave, so a pill's number is what its link shows.
    counts = dict(
        found.filter_queryset_without("trang_thai").order_by().values_list("status").annotate(n=Count("id"))
    )
    assessments = found.qs
    # The export takes the page's own scoped, filtered queryset (the FilterSet's): the file lists what the page lists.
    for export_kind, export in (
        ("xlsx", assessment_exports.REVIEW_QUEUE),
        ("ket-qua", assessment_exports.RESULTS),
    ):
        if exports.requested(request, export_kind):
            return exports.respond(
                request, export, assessments.order_by("unit__name_sort"), {"period": period.pk}
            )
    page = paginate(request, assessments.order_by("unit__name_sort"))
    # The officer responsible for each commune on this page, with a phone to call (peers asked for it).
    officers: dict[int, Any] = {}
    units = [a.unit for a in page]
    for assignment in (
        RoleAssignment.objects.active()
        .filter(role=Role.COMMUNE_OFFICER, unit__in=units)
        .select_related("user")
    ):
        officers.setdefault(assignment.unit_id, assignment.user)
    area_of = queue.area_names(units, districts)
    returned = queue.returned_on(list(page))
    calendar = queue.calendar_for(returned)
    rows = [
        (
            a,
            officers.get(a.unit_id),
            area_of.get(a.unit_id, ""),
            queue.deadline(period, a.status, today, returned.get(a.pk), calendar),
        )
        for a in page
    ]
    registrations = (
        Registration.objects.for_user(request.user, Action.VIEW).filter(period=period).select_related("unit")
    )
    registrable = []
    if period.registration_required:
        registered = set(registrations.values_list("unit_id", flat=True))
        kinds = period.framework.unit_kinds
        registrable = [
            u
            for u in Unit.objects.for_user(request.user, Action.SELF_ASSESS)
            .filter(path__startswith=period.province.path, level=UnitLevel.COMMUNE)
            .current()
            if u.pk not in registered and (not kinds or u.kind in kinds)
        ]
    return render(
        request,
        "assessments/period_detail.html",
        {
            "period": period,
            "page": page,
            "rows": rows,
            "counts": counts,
            "statuses": Status.choices,
            "status": status,
            "today": today,
            "querystring": querystring_without_page(request),
            "late": today > period.dossier_due,
            "districts": districts,
            "area": area,
            "kind": kind,
            "kinds": [(k, UnitKind(k).label) for k in COMMUNE_KINDS],
            "late_only": late_only,
            "pass_fail": framework.pass_fail,
            "registrations": registrations,
            "registrable": registrable,
            # Who reviews, which council and who recognises: as the framework says, not assumed.
            "authority": authority_of(framework.data),
            "kinds_words": unit_kinds_words(framework.data["applies_to"]),
            "district_level": authority_of(framework.data).council_level == Level.DISTRICT,
        },
    )


@require_action(Action.VIEW_ASSESSMENTS)
@require_POST
def registration_create(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province", "framework"), request.user, Action.VIEW, pk=pk
    )
    form = RegistrationForm(request.POST, units=Unit.objects.for_user(request.user, Action.SELF_ASSESS))
    if not form.is_valid():
        raise Http404
    try:
        services.register(period=period, unit=form.cleaned_data["unit"], user=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã đăng ký đánh giá; chờ Sở Tư pháp xét."))
    return redirect("assessments:period_detail", pk=period.pk)


@require_action(Action.MANAGE_PERIODS)
@require_POST
def registration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_for_user_or_404(Registration, request.user, Action.VIEW, pk=pk)
    form = RegistrationDecisionForm(request.POST)
    try:
        require_valid(form)
        services.decide_registration(
            registration_id=registration.pk,
            user=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã xét đăng ký."))
    return redirect("assessments:period_detail", pk=registration.period_id)
