"""What the follow-up forms share: the date widget, the plan-year check and labels."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.units.widgets import area_label, era_label

if TYPE_CHECKING:
    from tiepcan.plans.models import Activity, Task
    from tiepcan.units.models import Unit

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})


def check_plan_year(form: forms.BaseForm, plan: Any, year: Any) -> None:
    """One rule for every record kept against a plan by year (pilots, conferences, budget, reports):
    the year must be one for which the plan is in force (``Plan.years_in_force``)."""
    if plan and year:
        problem = plan.year_problem(year)
        if problem:
            form.add_error("year", problem)


def _in_force_in(obj: Any, year: int) -> bool:
    """Whether a unit (or an agency and its unit) existed at some time in ``year``."""
    try:
        start, end = date(year, 1, 1), date(year, 12, 31)
    except (ValueError, OverflowError):  # a year no calendar has: nothing was in force then
        return False
    for row in (obj, getattr(obj, "unit", None)):
        if row is None or not hasattr(row, "valid_from"):
            continue
        if (row.valid_from and row.valid_from > end) or (row.valid_to and row.valid_to < start):
            return False
    return True


def form_year(form: forms.BaseForm, name: str = "year") -> int:
    """The year a form is about, for its agency list: the posted year when it reads as one, else
    the initial year, else this year."""
    for raw in (form.data.get(form.add_prefix(name)) if form.is_bound else None, form.initial.get(name)):
        text = str(raw or "").strip()
        if text.isascii() and text.isdigit() and len(text) == 4:
            return int(text)
    return timezone.localdate().year


def check_agencies_in_force(form: forms.BaseForm, name: str, agencies: Any, year: Any) -> None:
    """Agencies chosen on a form whose year the person chooses must have acted in that year."""
    gone = [a.name for a in agencies if a is not None and year and not _in_force_in(a, year)]
    if gone:
        form.add_error(
            name,
            _("Không còn hoạt động trong năm %(year)s: %(names)s.")
            % {"year": year, "names": ", ".join(gone[:5])},
        )


def plan_year(plan: Any) -> int:
    """This year within the plan's years: the year whose agencies a plan's forms offer."""
    return min(max(timezone.localdate().year, plan.start_year), plan.end_year)


def unit_label(unit: Any) -> str:
    """A unit with its parent area and validity, so units of both eras with one name are told apart."""

    return f"{unit.name} – {area_label(unit)} ({era_label(unit)})"


def agency_label(agency: Any) -> str:
    if agency.unit_id is None:
        return agency.name
    return f"{agency.name} ({unit_label(agency.unit)})" if agency.unit.valid_to else agency.name


class ActivityChoiceField(forms.ModelChoiceField):
    """Activities offered as every other page numbers them ("II.4.2"), not "4.2"."""

    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj.reference} {obj.title[:100]}"


class TaskChoiceField(forms.ModelChoiceField):
    """Tasks offered with their activity and agency, as a task is named across the plan pages."""

    def label_from_instance(self, obj: Task) -> str:
        return f"{obj.activity.reference} – {obj.agency.name} – {obj.label}"


class UnitChoiceField(forms.ModelChoiceField):
    """Units offered with their area and era (``unit_label``): both eras may hold one name."""

    def label_from_instance(self, obj: Unit) -> str:
        return unit_label(obj)
