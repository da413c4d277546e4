"""Improvement actions: weak points of a year, targeted actions, and whether they worked next year."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment
from tiepcan.plans.models import ImprovementAction
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


def _mark(assessment: Assessment, status: str, met: bool) -> None:
    score = dict(assessment.score)
    score["indicators"] = [{**i, "met": met if i["code"] == "3.2" else True} for i in score["indicators"]]
    Assessment.objects.filter(pk=assessment.pk).update(status=status, score=score)


def test_weak_communes_get_actions_and_next_years_result_shows_if_they_worked(world: World, login) -> None:
    build_period(world, 2026)
    period = world.periods["own"]
    weak = period.assessments.get(unit=world.units["N1"])
    _mark(weak, Status.NOT_RECOGNISED, met=False)
    _mark(period.assessments.get(unit=world.units["N2"]), Status.RECOGNISED, met=True)

    client = login(world.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("plans:improvement", kwargs={"pk": period.pk})).content.decode()
    assert "Xã Đồng Tâm" in html and "Không được công nhận" in html
    assert "Phường Âu Cơ" not in html  # recognised with every indicator met: nothing to fix
    client.post(
        reverse("plans:improvement_create", kwargs={"pk": period.pk}),
        {
            "assessment": weak.pk,
            "indicator": "3.2",
            "title": "Tập huấn kỹ năng hòa giải",
            "responsible": world.agencies["ubnd_n1"].pk,
            "due_on": "30/06/2027",
        },
    )
    action = ImprovementAction.objects.get()
    assert (
        action.unit == world.units["N1"]
        and action.due_on is not None
        and action.due_on.isoformat() == "2027-06-30"
    )
    assert action.next_year_outcome() is None

    officer = login(world.users[Role.COMMUNE_OFFICER])
    officer.post(
        reverse("plans:improvement_update", kwargs={"pk": action.pk}),
        {"status": "done", "result": "Đã tập huấn 12 hòa giải viên"},
    )
    action.refresh_from_db()
    assert action.status == "done"

    world.periods = {}
    build_period(world, 2027)
    following = Assessment.objects.get(period__year=2027, unit=world.units["N1"])
    _mark(following, Status.RECOGNISED, met=True)
    outcome = action.next_year_outcome()
    assert outcome is not None and outcome["indicator"]["met"] is True
    html = client.get(reverse("plans:improvement", kwargs={"pk": period.pk})).content.decode()
    assert "chỉ tiêu đã đạt" in html
