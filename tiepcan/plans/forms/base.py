"""What the follow-up forms share: the date widget, the plan-year check and labels."""

from __future__ import annotations

from typing import Any

from django import forms

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
    from datetime import date as _date

    try:
        start, end = _date(year, 1, 1), _date(year, 12, 31)
    except (ValueError, OverflowError):  # a year no calendar has: nothing was in force then
        return False
    for row in (obj, getattr(obj, "unit", None)):
        if row is None or not hasattr(row, "valid_from"):
            continue
        if (row.valid_from and row.valid_from > end) or (row.valid_to and row.valid_to < start):
            return False
    return True


def unit_label(unit: Any) -> str:
    """A unit with its parent area and validity, so units of both eras with one name are told apart."""
    from tiepcan.units.widgets import area_label, era_label

    return f"{unit.name} – {area_label(unit)} ({era_label(unit)})"


def agency_label(agency: Any) -> str:
    if agency.unit_id is None:
        return agency.name
    return f"{agency.name} ({unit_label(agency.unit)})" if agency.unit.valid_to else agency.name
