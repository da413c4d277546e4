"""The plan forms name the rows they offer as the plan's pages name them."""

from __future__ import annotations

import pytest
from django import forms

from tiepcan.accounts.choices import Role
from tiepcan.core.forms import field_of, offered_rows
from tiepcan.plans.forms import BudgetEstimateForm, PilotForm, unit_label
from tiepcan.plans.forms.difficulty import DifficultyForm
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


def _labels(form: forms.BaseForm, name: str) -> dict[str, str]:
    """The label of every row the field offers, as its options show them."""
    field = field_of(form, name, forms.ModelChoiceField)
    return {str(row.pk): field.label_from_instance(row) for row in offered_rows(field)}


def test_the_budget_form_numbers_activities_as_the_plan_does(world: World) -> None:
    build_plan(world)
    guide = world.tasks["stp1"].activity
    labels = _labels(BudgetEstimateForm(actor=world.users[Role.PROVINCE_ADMIN]), "activity")
    assert labels[str(guide.pk)] == "II.1.1 Ban hành văn bản hướng dẫn"


def test_the_difficulty_form_names_activities_and_tasks_with_their_agency(world: World) -> None:
    build_plan(world)
    form = DifficultyForm(user=world.users[Role.AGENCY_FOCAL_POINT])
    task = world.tasks["stp1"]
    assert _labels(form, "activity")[str(task.activity_id)] == "II.1.1 Ban hành văn bản hướng dẫn"
    assert _labels(form, "task")[str(task.pk)] == f"II.1.1 – {task.agency.name} – Năm 2026"


def test_the_pilot_form_tells_communes_of_both_eras_apart(world: World) -> None:
    labels = _labels(PilotForm(), "commune")
    commune = world.units["N1"]
    assert labels[str(commune.pk)] == unit_label(commune)
    assert labels[str(commune.pk)].startswith(f"{commune.name} – ") and "(" in labels[str(commune.pk)]
