"""The agency picker: agencies searched on the server, only those in force for the year and in the
form's own list, each with its area and validity; the forms refuse anything else (issue 13)."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.tests.markup import squash
from tiepcan.plans.forms import ReportRequestForm
from tiepcan.plans.forms.budget import BudgetEstimateForm
from tiepcan.plans.forms.editor import ActivityForm
from tiepcan.testing import World, build_period, build_plan
from tiepcan.units.choices import AgencyKind
from tiepcan.units.forms import ChosenAgencies, ChosenUnits
from tiepcan.units.models import Agency
from tiepcan.units.widgets import AgencyScope, pack_ids, unpack_ids

pytestmark = pytest.mark.django_db
PICKER = reverse("units:agency_picker")


@pytest.fixture
def planned(world: World) -> World:
    build_plan(world)
    # The district's People's Committee, dissolved with the districts on 1/7/2025 (its unit ended).
    world.agencies["ubnd_d1"] = Agency.objects.create(
        unit=world.units["D1"],
        code="ubnd-huyen",
        name="Ủy ban nhân dân huyện Đồi Núi",
        kind=AgencyKind.PEOPLES_COMMITTEE,
    )
    # A provincial department merged away on 1/3/2025 (its own end date, its unit lives on).
    world.agencies["merged"] = Agency.objects.create(
        unit=world.units["P1"],
        code="so-lao-dong",
        name="Sở Lao động – Thương binh và Xã hội",
        kind=AgencyKind.OTHER,
        valid_to=date(2025, 2, 28),
    )
    return world


def _params(html: str, name: str) -> dict[str, str]:
    """The hx-vals of the picker of field ``name`` in a page."""
    for raw in re.findall(r'hx-vals="([^"]*)"', html):
        params = json.loads(html_lib.unescape(raw))
        if params.get("ten") == name:
            return params
    raise AssertionError(f"no picker for {name}")


def _search(client: Client, params: dict[str, str], text: str, **extra: str | list[str]):
    return client.post(PICKER, {**params, "tim": text, **extra}, headers={"HX-Request": "true"})


def test_the_report_request_form_searches_agencies_in_force_ignoring_accents(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    page = client.get(reverse("plans:report_request_create"), {"year": "2026"}).content.decode()
    assert '<select name="agencies"' not in page and "data-tc-picker" in page
    params = _params(page, "agencies")
    found = squash(_search(client, params, "uy ban nhan dan", year="2026").content)
    # Accents ignored; the commune's committee with its area and validity; the district's is gone.
    assert "Ủy ban nhân dân xã Đồng Tâm" in found
    assert "Xã Đồng Tâm, Tỉnh Thử Nghiệm · hiệu lực từ 01/07/2025" in found
    assert "huyện Đồi Núi" not in found
    assert f'type="checkbox" name="agencies" value="{planned.agencies["ubnd_n1"].pk}"' in found
    # The year chosen on the form decides: in 2025 the district's committee still acted, and says until when.
    old = squash(_search(client, params, "đồi núi", year="2025").content)
    assert "Ủy ban nhân dân huyện Đồi Núi" in old and "hiệu lực đến 30/06/2025" in old
    assert "Huyện Đồi Núi, Tỉnh Thử Nghiệm" in old
    # Never an agency outside the person's scope, whatever is typed.
    foreign = squash(_search(client, params, "lang gieng", year="2025").content)
    assert "Láng Giềng" not in foreign and "Không có cơ quan nào phù hợp" in foreign


def test_an_agency_already_chosen_is_not_offered_again_and_the_count_is_told(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    params = _params(client.get(reverse("plans:report_request_create")).content.decode(), "agencies")
    stp = str(planned.agencies["stp1"].pk)
    html = squash(_search(client, params, "", year="2026", agencies=stp).content)
    assert f'value="{stp}"' not in html and "Ủy ban nhân dân xã Đồng Tâm" in html
    assert "cơ quan phù hợp." in html and 'hx-swap-oob="innerHTML"' in html


def test_the_list_is_the_persons_own_a_forged_or_foreign_one_is_refused(planned: World, login) -> None:
    admin = login(planned.users[Role.PROVINCE_ADMIN])
    params = _params(admin.get(reverse("plans:report_request_create")).content.decode(), "agencies")
    # Another person cannot use the administrator's list, nor a list they wrote themselves.
    other = login(planned.users[Role.REVIEWER])
    assert _search(other, params, "so tu phap").status_code == 400
    forged = {**params, "pham_vi": params["pham_vi"][:-3] + "abc"}
    assert _search(other, forged, "so tu phap").status_code == 400
    own_ids = AgencyScope([planned.agencies["stp2"].pk], planned.users[Role.REVIEWER].pk, None).token()
    assert "Láng Giềng" in _search(other, {**params, "pham_vi": own_ids}, "").content.decode()  # signed: ours
    assert Client().post(PICKER, params).status_code == 302  # signed out
    assert admin.get(PICKER, params).status_code == 405


@pytest.mark.parametrize(
    "bad",
    [
        {"pham_vi": ""},
        {"pham_vi": "x" * 300_000},
        {"pham_vi": "<script>"},
        {"year": "²"},
        {"year": "1e309"},
        {"ten": "<b>"},
        {"ma": 'a"b'},
        {"tim": "a" * 5000},
    ],
)
def test_hostile_input_gets_a_vietnamese_400_never_a_500(planned: World, login, bad: dict[str, str]) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    params = _params(client.get(reverse("plans:report_request_create")).content.decode(), "agencies")
    response = client.post(PICKER, {**params, "tim": "", **bad}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "cơ quan" in response.content.decode()


@pytest.mark.parametrize("chosen", ["abc", "-1", "9" * 40, "x" * 65, "²", "<b>", "' OR 1=1 --", " "])
def test_a_hostile_chosen_value_is_left_aside_and_the_search_still_answers(
    planned: World, login, chosen: str
) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    params = _params(client.get(reverse("plans:report_request_create")).content.decode(), "agencies")
    stp = str(planned.agencies["stp1"].pk)
    response = _search(client, params, "", year="2026", agencies=[chosen, stp])
    html = squash(response.content)
    assert response.status_code == 200
    assert f'value="{stp}"' not in html and "Ủy ban nhân dân xã Đồng Tâm" in html


def test_only_the_first_hundred_chosen_values_are_read(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    params = _params(client.get(reverse("plans:report_request_create")).content.decode(), "agencies")
    stp = str(planned.agencies["stp1"].pk)
    # Past a hundred values (or after a value over 64 characters is dropped) the rest is not read:
    # the agency is offered again, and the form validates what is finally posted anyway.
    late = squash(_search(client, params, "", year="2026", agencies=["0"] * 100 + [stp]).content)
    assert f'value="{stp}"' in late
    kept = squash(
        _search(client, params, "", year="2026", agencies=["x" * 65] * 5 + ["0"] * 95 + [stp]).content
    )
    assert f'value="{stp}"' not in kept


def test_the_chosen_values_are_read_under_the_pickers_own_name_only() -> None:
    data = QueryDict(mutable=True)
    data.setlist("agencies", ["7", "y" * 64, "z" * 65, *[str(n) for n in range(200)]])
    data.setlist("agency", ["other"])
    chosen = ChosenAgencies(data, "agencies").chosen()
    assert chosen[:2] == ["7", "y" * 64] and len(chosen) == 100 and "other" not in chosen
    assert ChosenAgencies(QueryDict(), "agencies").chosen() == []
    units = QueryDict(mutable=True)
    units.setlist("unit", ["12", "abc", "9" * 19, "²", "-3", "007"])
    assert ChosenUnits(units, "unit").chosen() == [12, 7]


def test_ids_pack_into_a_short_token_and_back() -> None:
    ids = [7, 3, 3000, 41, 42]
    assert unpack_ids(pack_ids(ids)) == sorted(set(ids)) and unpack_ids("") == []
    assert len(pack_ids(range(1000, 1300))) < 700


def test_the_forms_refuse_an_agency_not_in_force_in_their_year_or_outside_the_scope(
    planned: World, login
) -> None:
    admin = planned.users[Role.PROVINCE_ADMIN]
    district, foreign = planned.agencies["ubnd_d1"], planned.agencies["stp2"]
    data = {
        "plan": planned.plan.pk,
        "period": "year",
        "year": 2026,
        "title": "Báo cáo năm",
        "deadline": "15/12/2026",
    }
    form = ReportRequestForm({**data, "agencies": [district.pk]}, actor=admin)
    assert not form.is_valid()
    assert form.errors["agencies"] == ["Không còn hoạt động trong năm 2026: Ủy ban nhân dân huyện Đồi Núi."]
    assert ReportRequestForm({**data, "year": 2025, "agencies": [district.pk]}, actor=admin).is_valid()
    estimate = {"plan": planned.plan.pk, "year": 2026, "agency": district.pk, "requested": "1.000.000"}
    budget = BudgetEstimateForm(estimate, actor=admin)
    assert not budget.is_valid() and "Không còn hoạt động trong năm 2026" in budget.errors["agency"][0]
    # Through the page: the agency of another province is refused in Vietnamese, nothing is saved.
    response = login(admin).post(reverse("plans:budget_create"), {**estimate, "agency": foreign.pk})
    assert response.status_code == 400
    assert "Cơ quan đã chọn không thuộc phạm vi của bạn. Hãy tìm và chọn lại." in response.content.decode()


def test_the_plan_editor_offers_the_agencies_of_the_plans_years_by_code(planned: World, login) -> None:
    activity = planned.plan.activities.get()
    client = login(planned.users[Role.PROVINCE_ADMIN])
    page = client.get(reverse("plans:activity_edit", kwargs={"pk": activity.pk})).content.decode()
    assert '<select name="lead"' not in page
    # The lead already named is shown chosen, by its code; the class of agencies too.
    assert 'name="lead" value="so-tu-phap"' in squash(page) and 'value="@ubnd-xa"' in page
    params = _params(page, "coordinating")
    found = squash(_search(client, params, "cap xa").content)
    assert "UBND cấp xã" in found and "nhóm cơ quan" in found
    # The department merged in 2025 acted in the plan's years (2025–2026); in a 2026-only list it is gone.
    assert "Sở Lao động" in _search(client, params, "lao dong").content.decode()
    assert "Sở Lao động" not in _search(client, params, "lao dong", year="2026").content.decode()
    type(planned.plan).objects.filter(pk=planned.plan.pk).update(start_year=2026, end_year=2030)
    planned.plan.refresh_from_db()
    form = ActivityForm({"lead": ["so-lao-dong"]}, plan=planned.plan, activity=activity)
    assert not form.is_valid()
    assert "không hoạt động trong năm 2026–2030" in form.errors["lead"][0]


def test_a_units_plan_offers_only_the_committees_in_force(planned: World, login) -> None:
    client = login(planned.users[Role.SYSTEM_ADMIN])
    type(planned.plan).objects.filter(pk=planned.plan.pk).update(status="published")
    html = client.get(reverse("plans:unit_plan_create", kwargs={"pk": planned.plan.pk})).content.decode()
    assert "data-tc-picker" in html and "Ủy ban nhân dân xã Đồng Tâm" in html
    assert "Ủy ban nhân dân huyện Đồi Núi" not in html  # the plan's year is 2026: the district is gone


def test_the_improvement_page_gives_one_form_a_commune_with_its_committee_chosen(
    world: World, login, django_assert_max_num_queries
) -> None:
    from tiepcan.assessments.choices import Status
    from tiepcan.assessments.models import Assessment
    from tiepcan.plans.models import ImprovementAction

    build_period(world, 2026)
    period = world.periods["own"]
    for assessment in period.assessments.all():
        score = {
            **assessment.score,
            "indicators": [{**i, "met": False} for i in assessment.score["indicators"]],
        }
        Assessment.objects.filter(pk=assessment.pk).update(status=Status.NOT_RECOGNISED, score=score)
    office = Agency.objects.create(
        unit=world.units["D1"],
        code="phong-tu-phap",
        name="Phòng Tư pháp huyện Đồi Núi",
        kind=AgencyKind.JUSTICE_OFFICE,
    )
    client = login(world.users[Role.PROVINCE_ADMIN])
    url = reverse("plans:improvement", kwargs={"pk": period.pk})
    with django_assert_max_num_queries(40):  # not one query a commune
        html = client.get(url).content.decode()
    rows = [r for r in client.get(url).context["rows"] if r.get("form")]
    assert len(rows) >= 2 and html.count("data-tc-picker ") + html.count("data-tc-picker>") == len(rows)
    assert html.count('<form method="post"') >= len(rows)
    assert "Gõ mã hoặc tên chỉ tiêu" in html  # the indicators are searchable too
    committee = world.agencies["ubnd_n1"]
    assert f'name="responsible" value="{committee.pk}"' in squash(html)
    params = _params(html, "responsible")
    found = _search(client, params, "tu phap").content.decode()
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in found and "Phòng Tư pháp huyện" not in found  # gone in 2027
    # The dissolved office cannot be given the action, whatever is posted.
    weak = period.assessments.get(unit=world.units["N1"])
    post = {"assessment": weak.pk, "indicator": "1.1", "responsible": office.pk}
    page = client.post(reverse("plans:improvement_create", kwargs={"pk": period.pk}), post, follow=True)
    assert "không hoạt động trong năm 2027" in page.content.decode()
    assert not ImprovementAction.objects.exists()
    # The title may be left empty: the usual wording for the indicator.
    client.post(
        reverse("plans:improvement_create", kwargs={"pk": period.pk}), {**post, "responsible": committee.pk}
    )
    assert ImprovementAction.objects.get().title == "Hướng dẫn, hỗ trợ thực hiện chỉ tiêu 1.1"


def test_the_user_forms_offer_agencies_acting_this_year(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("accounts:user_create")).content.decode()
    assert '<select name="agency"' not in html
    params = _params(html, "agency")
    found = _search(client, params, "uy ban").content.decode()
    assert "Ủy ban nhân dân xã Đồng Tâm" in found and "huyện Đồi Núi" not in found
