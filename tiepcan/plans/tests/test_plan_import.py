"""Loading the seed plan into a province: agencies resolved, tasks generated, bad files refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.demo import agencies
from tiepcan.plans import services
from tiepcan.plans.models import Activity, Plan, Task
from tiepcan.testing import World

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[1] / "data" / "ke-hoach-lang-son-2017.yaml"


@pytest.fixture
def province(world: World) -> World:
    agencies.load(world.units["P1"])
    return world


def test_the_seed_loads_with_every_activity_and_agency(province: World) -> None:
    plan, problems = services.load_plan(SEED.read_text(encoding="utf-8"), province.units["P1"])
    assert problems == [] and plan is not None
    assert plan.activities.count() == 14
    assert plan.issuer is not None and plan.issuer.code == "ubnd-tinh"
    budget = Activity.objects.get(plan=plan, group__number="4", number=2)
    lead = budget.agency_links.get(role="lead")
    assert lead.agency is not None and lead.agency.code == "so-tai-chinh"
    assert plan.responsibilities.count() == 4


def test_group_codes_expand_to_the_agencies_in_force_that_year(province: World) -> None:
    plan, _ = services.load_plan(SEED.read_text(encoding="utf-8"), province.units["P1"])
    assert plan is not None
    created = services.generate_tasks(plan, 2017)
    # In 2017 the district (D1) and its two communes existed; the 2025 communes did not.
    tasks_2017 = Task.objects.filter(activity__plan=plan, year=2017)
    assert created == tasks_2017.count()
    commune_agencies = set(
        tasks_2017.filter(agency__code="ubnd-xa").values_list("agency__unit__code", flat=True)
    )
    assert commune_agencies == {"90001", "90002"}
    assert (
        tasks_2017.filter(agency__code="ubnd-huyen", activity__group__number="2", activity__number=2).count()
        == 1
    )
    quarter = tasks_2017.get(activity__group__number="2", activity__number=2)
    assert (
        quarter.label == "Quý III/2017"
        and quarter.due_on is not None
        and quarter.due_on.isoformat() == "2017-09-30"
    )
    assert services.generate_tasks(plan, 2017) == 0  # idempotent


def test_the_import_page_lists_problems_and_loads_nothing(province: World, login) -> None:
    client = login(province.users[Role.PROVINCE_ADMIN])
    broken = SEED.read_text(encoding="utf-8").replace(
        "agency: so-tai-chinh, label", "agency: so-khong-co, label", 1
    )
    response = client.post(
        reverse("plans:plan_import"),
        {"province": province.units["P1"].pk, "file": SimpleUploadedFile("kh.yaml", broken.encode())},
    )
    assert response.status_code == 400
    assert "cơ quan “so-khong-co” không có trong danh mục" in response.content.decode()
    assert not Plan.objects.exists()


def test_the_import_page_loads_a_valid_plan_with_its_tasks(province: World, login) -> None:
    client = login(province.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("plans:plan_import"),
        {"province": province.units["P1"].pk, "file": SimpleUploadedFile("kh.yaml", SEED.read_bytes())},
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert Task.objects.filter(activity__plan=plan).values("year").distinct().count() == 4


def test_a_province_admin_cannot_load_a_plan_into_another_province(province: World, login) -> None:
    client = login(province.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("plans:plan_import"),
        {"province": province.units["P2"].pk, "file": SimpleUploadedFile("kh.yaml", SEED.read_bytes())},
    )
    assert response.status_code == 400
    assert not Plan.objects.exists()
