"""The plan's step rules: who may take each step, in which state, and the pages offering exactly that."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core import rules
from tiepcan.plans import budget, difficulties
from tiepcan.plans.choices import BudgetStatus, PlanStatus, TaskStatus
from tiepcan.plans.models import BudgetAllocation, Difficulty, DifficultyStatus, Plan, Task
from tiepcan.testing import World, build_period, build_plan

pytestmark = pytest.mark.django_db

ADMIN, FOCAL, FINANCE = Role.PROVINCE_ADMIN, Role.AGENCY_FOCAL_POINT, Role.FINANCE_OFFICER
OFFICER, REVIEWER = Role.COMMUNE_OFFICER, Role.REVIEWER


@pytest.fixture
def planned(world: World) -> World:
    build_plan(world)
    return world


def verdict(user, name: str, obj) -> str:
    """``"ok"``, ``"403"`` (the person may not) or ``"state"`` (the object's state refuses it)."""
    try:
        rules.check(user, name, obj)
    except PermissionDenied:
        return "403"
    except ValidationError:
        return "state"
    return "ok"


def verdicts(world: World, name: str, obj, roles) -> dict[str, str]:
    return {role: verdict(world.users[role], name, obj) for role in roles}


def unit_plan(world: World, **extra) -> Plan:
    """Xã Đồng Tâm's plan carrying out the province's, issued by its People's Committee."""
    return Plan.objects.create(
        province=world.units["N1"],
        parent_plan=world.plan,
        issuer=world.agencies["ubnd_n1"],
        title="Kế hoạch của xã",
        start_year=2026,
        end_year=2026,
        **extra,
    )


# --- The plan ------------------------------------------------------------------------------------


def test_only_the_provinces_plan_managers_edit_its_plan(planned: World) -> None:
    assert verdicts(planned, "plans.edit", planned.plan, (ADMIN, FOCAL, FINANCE, OFFICER, REVIEWER)) == {
        ADMIN: "ok",
        FOCAL: "403",
        FINANCE: "403",
        OFFICER: "403",
        REVIEWER: "403",
    }
    assert verdict(planned.users[ADMIN], "plans.edit", planned.foreign_plan) == "403"


def test_a_unit_plan_is_issued_on_a_published_provincial_plan_by_those_who_report(planned: World) -> None:
    plan = planned.plan
    assert verdicts(planned, "plans.issue_unit_plan", plan, (OFFICER, FOCAL, ADMIN, REVIEWER)) == {
        OFFICER: "ok",
        FOCAL: "ok",
        ADMIN: "403",
        REVIEWER: "403",
    }
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)
    plan.refresh_from_db()
    assert verdict(planned.users[OFFICER], "plans.issue_unit_plan", plan) == "state"
    assert verdict(planned.users[OFFICER], "plans.issue_unit_plan", unit_plan(planned)) == "state"


def test_a_unit_plan_is_corrected_by_who_reports_for_its_committee(planned: World) -> None:
    plan = unit_plan(planned)
    assert verdicts(planned, "plans.edit_unit_plan", plan, (OFFICER, FOCAL, ADMIN)) == {
        OFFICER: "ok",
        FOCAL: "403",
        ADMIN: "403",
    }
    assert verdict(planned.users[OFFICER], "plans.edit_unit_plan", planned.plan) == "state"


def test_the_plan_page_shows_the_editing_buttons_only_to_who_may_use_them(planned: World, login) -> None:
    plan = planned.plan
    url = reverse("plans:plan_detail", kwargs={"pk": plan.pk})
    edit, issue = (
        reverse("plans:plan_edit", kwargs={"pk": plan.pk}),
        reverse("plans:unit_plan_create", kwargs={"pk": plan.pk}),
    )
    admin_page = login(planned.users[ADMIN]).get(url).content.decode()
    assert edit in admin_page and issue not in admin_page
    officer_page = login(planned.users[OFFICER]).get(url).content.decode()
    assert issue in officer_page and edit not in officer_page
    finance_page = login(planned.users[FINANCE]).get(url).content.decode()
    assert edit not in finance_page and issue not in finance_page
    own = unit_plan(planned)
    correct = reverse("plans:unit_plan_edit", kwargs={"pk": own.pk})
    own_url = reverse("plans:plan_detail", kwargs={"pk": own.pk})
    assert correct in login(planned.users[OFFICER]).get(own_url).content.decode()
    assert correct not in login(planned.users[ADMIN]).get(own_url).content.decode()


# --- Tasks ---------------------------------------------------------------------------------------


def test_progress_is_reported_by_the_tasks_agency_until_the_task_is_cancelled(planned: World) -> None:
    task = planned.tasks["stp1"]
    assert verdicts(planned, "plans.report_progress", task, (FOCAL, ADMIN, FINANCE, OFFICER)) == {
        FOCAL: "ok",
        ADMIN: "403",
        FINANCE: "403",
        OFFICER: "403",
    }
    assert verdict(planned.users[OFFICER], "plans.report_progress", planned.tasks["ubnd_n1"]) == "ok"
    assert verdict(planned.users[FOCAL], "plans.report_progress", planned.tasks["ubnd_n1"]) == "403"
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.CANCELLED)
    task.refresh_from_db()
    assert verdict(planned.users[FOCAL], "plans.report_progress", task) == "state"


def test_the_report_form_is_absent_for_who_cannot_report(planned: World, login) -> None:
    task = planned.tasks["stp1"]
    url = reverse("plans:task_detail", kwargs={"pk": task.pk})
    assert "Gửi báo cáo" in login(planned.users[FOCAL]).get(url).content.decode()
    assert "Gửi báo cáo" not in login(planned.users[ADMIN]).get(url).content.decode()
    assert login(planned.users[ADMIN]).post(url, {"note": "x"}).status_code == 403
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.CANCELLED)
    assert "Gửi báo cáo" not in login(planned.users[FOCAL]).get(url).content.decode()
    # A report sent on a task cancelled meanwhile is refused with the reason, nothing written.
    response = login(planned.users[FOCAL]).post(
        url, {"version": task.version, "status": TaskStatus.DONE, "progress": 100, "note": "Xong"}
    )
    assert response.status_code == 400
    assert "Nhiệm vụ đã huỷ" in response.content.decode()
    assert not task.reports.exists()


# --- Improvement actions -------------------------------------------------------------------------


def test_improvement_actions_are_assigned_by_the_provinces_plan_managers(world: World) -> None:
    build_period(world, 2026)
    own, foreign = world.periods["own"], world.periods["foreign"]
    assert verdicts(world, "plans.improvement_assign", own, (ADMIN, FOCAL, REVIEWER, OFFICER)) == {
        ADMIN: "ok",
        FOCAL: "403",
        REVIEWER: "403",
        OFFICER: "403",
    }
    assert verdict(world.users[ADMIN], "plans.improvement_assign", foreign) == "403"


# --- Difficulties --------------------------------------------------------------------------------


def raised(world: World) -> Difficulty:
    return difficulties.raise_difficulty(
        user=world.users[FOCAL],
        agency=world.agencies["stp1"],
        activity=world.plan.activities.get(),
        task=None,
        title="Chưa rõ cách tính",
        description="Đề nghị hướng dẫn.",
    )


def steps_open_to(user, difficulty: Difficulty) -> list[str]:
    return [
        kind for kind in difficulties.STEPS if rules.allowed(user, f"plans.difficulty_{kind}", difficulty)
    ]


def test_each_difficulty_step_is_open_to_its_people_in_its_states(planned: World) -> None:
    difficulty = raised(planned)
    admin, focal, officer = planned.users[ADMIN], planned.users[FOCAL], planned.users[OFFICER]
    assert steps_open_to(admin, difficulty) == ["answer", "forward", "close"]
    assert steps_open_to(focal, difficulty) == ["close"]  # who raised it
    assert verdict(focal, "plans.difficulty_answer", difficulty) == "403"
    assert verdict(officer, "plans.difficulty_close", difficulty) == "403"
    difficulty.forwarded_to = planned.agencies["ubnd_n1"]
    difficulty.status = DifficultyStatus.FORWARDED
    assert steps_open_to(officer, difficulty) == ["answer"]  # the agency it went to
    difficulty.status = DifficultyStatus.ANSWERED
    assert steps_open_to(admin, difficulty) == ["close"]
    assert verdict(admin, "plans.difficulty_answer", difficulty) == "state"
    difficulty.status = DifficultyStatus.CLOSED
    assert steps_open_to(admin, difficulty) == steps_open_to(focal, difficulty) == []
    assert verdict(admin, "plans.difficulty_close", difficulty) == "state"


def test_the_difficulty_page_offers_only_the_open_steps(planned: World, login) -> None:
    difficulty = raised(planned)
    url = reverse("plans:difficulty_detail", kwargs={"pk": difficulty.pk})
    step = reverse("plans:difficulty_step", kwargs={"pk": difficulty.pk})
    admin_page = login(planned.users[ADMIN]).get(url).content.decode()
    assert step in admin_page and 'value="forward"' in admin_page
    focal_page = login(planned.users[FOCAL]).get(url).content.decode()
    assert step in focal_page and 'value="answer"' not in focal_page and 'value="close"' in focal_page
    Difficulty.objects.filter(pk=difficulty.pk).update(status=DifficultyStatus.CLOSED)
    assert step not in login(planned.users[ADMIN]).get(url).content.decode()


# --- Budget --------------------------------------------------------------------------------------


def test_each_budget_step_is_open_to_its_people_in_its_state(planned: World) -> None:
    estimate = planned.followups["own"]["estimate"]
    roles = (FOCAL, ADMIN, FINANCE, OFFICER)
    assert verdicts(planned, "plans.budget_submit", estimate, roles) == {
        FOCAL: "ok",
        ADMIN: "ok",
        FINANCE: "403",
        OFFICER: "403",
    }
    assert verdict(planned.users[FINANCE], "plans.budget_appraise", estimate) == "state"
    estimate.status = BudgetStatus.SUBMITTED
    assert verdict(planned.users[FOCAL], "plans.budget_submit", estimate) == "state"
    assert verdicts(planned, "plans.budget_appraise", estimate, roles) == {
        FOCAL: "403",
        ADMIN: "403",
        FINANCE: "ok",
        OFFICER: "403",
    }
    assert verdict(planned.users[FINANCE], "plans.budget_decide", estimate) == "state"
    estimate.status = BudgetStatus.APPRAISED
    assert verdicts(planned, "plans.budget_decide", estimate, roles) == {
        FOCAL: "403",
        ADMIN: "403",
        FINANCE: "ok",
        OFFICER: "403",
    }
    assert verdict(planned.users[FINANCE], "plans.budget_allocate", estimate) == "state"
    estimate.status = BudgetStatus.ADJUSTED
    assert verdicts(planned, "plans.budget_allocate", estimate, roles) == {
        FOCAL: "403",
        ADMIN: "403",
        FINANCE: "ok",
        OFFICER: "403",
    }
    assert verdict(
        planned.users[FINANCE], "plans.budget_allocate", planned.followups["foreign"]["estimate"]
    ) == ("403")


def test_the_budget_page_shows_each_form_only_to_who_may_take_its_step(planned: World, login) -> None:
    estimate = planned.followups["own"]["estimate"]
    url = reverse("plans:budget_detail", kwargs={"pk": estimate.pk})
    forms = {
        name: reverse(f"plans:budget_{name}", kwargs={"pk": estimate.pk})
        for name in ("submit", "decide", "approve", "allocate")
    }

    def shown(role: str) -> set[str]:
        page = login(planned.users[role]).get(url).content.decode()
        return {name for name, action in forms.items() if f'action="{action}"' in page}

    assert shown(FOCAL) == {"submit"}
    assert shown(FINANCE) == set()
    type(estimate).objects.filter(pk=estimate.pk).update(status=BudgetStatus.SUBMITTED)
    assert (shown(FOCAL), shown(FINANCE)) == (set(), {"decide"})
    type(estimate).objects.filter(pk=estimate.pk).update(status=BudgetStatus.APPRAISED)
    assert (shown(ADMIN), shown(FINANCE)) == (set(), {"approve"})
    type(estimate).objects.filter(pk=estimate.pk).update(status=BudgetStatus.APPROVED, approved=1)
    assert (shown(ADMIN), shown(FINANCE)) == (set(), {"allocate"})


def test_allocating_beyond_the_rule_is_refused_by_the_service_too(planned: World) -> None:
    estimate = planned.followups["own"]["estimate"]
    allocation = BudgetAllocation(amount=1, allocated_on=date(2026, 3, 1), decision_number="1/QĐ")
    with pytest.raises(ValidationError, match="Chỉ cấp phát"):
        budget.allocate(estimate_id=estimate.pk, user=planned.users[FINANCE], allocation=allocation)
    with pytest.raises(PermissionDenied):
        budget.allocate(estimate_id=estimate.pk, user=planned.users[ADMIN], allocation=allocation)
