"""The unit picker: admin forms no longer list every unit; search is scoped and diacritic-blind."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.forms import RoleAssignmentForm
from tiepcan.accounts.models import RoleAssignment
from tiepcan.core.forms import field_of
from tiepcan.core.tests.markup import squash
from tiepcan.testing import World
from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.models import Agency, Unit
from tiepcan.units.widgets import RESULT_LIMIT, UnitMultiPicker, use_unit_picker

PICKER = reverse("units:unit_picker")


def _search(client: Client, text: str, **params: str):
    query = {"tim": text, "ten": "unit", "ma": "id_unit", "quyen": Action.MANAGE_USERS, **params}
    return client.get(PICKER, query, headers={"HX-Request": "true"})


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:user_create", "units:agency_create", "accounts:user_detail"])
def test_admin_forms_no_longer_list_every_unit_in_a_dropdown(world: World, login, url_name: str) -> None:
    # A system administrator's scope is the whole country: the old <select> listed every unit.
    client = login(world.users[Role.SYSTEM_ADMIN])
    kwargs = {"pk": world.users["target"].pk} if url_name == "accounts:user_detail" else {}
    html = client.get(reverse(url_name, kwargs=kwargs)).content.decode()
    assert 'name="unit"' in html
    assert '<select name="unit"' not in html
    assert "data-tc-picker" in html
    assert '<label class="form-label" for="id_unit_tim">' in html


@pytest.mark.django_db
def test_it_finds_a_unit_without_diacritics_and_shows_its_area_and_validity(world: World, login) -> None:
    response = _search(login(world.users[Role.PROVINCE_ADMIN]), "dong tam")
    assert response.status_code == 200
    html = squash(response.content)
    assert "Xã Đồng Tâm" in html
    assert "Tỉnh Thử Nghiệm" in html  # the parent area
    assert "hiệu lực từ 01/07/2025" in html  # the era
    assert f'type="radio" name="unit" value="{world.units["N1"].pk}"' in html
    assert "1 đơn vị phù hợp." in html


@pytest.mark.django_db
def test_it_finds_a_unit_by_its_code_and_shows_a_legacy_units_district(world: World, login) -> None:
    html = _search(login(world.users[Role.PROVINCE_ADMIN]), "90001", thoi_ky="tat-ca").content.decode()
    assert "Xã Ăn Uống" in html
    assert "Huyện Đồi Núi, Tỉnh Thử Nghiệm" in html
    assert "hiệu lực đến 30/06/2025" in html


@pytest.mark.django_db
def test_it_never_offers_a_unit_outside_the_persons_scope(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    assert "Xã Biên Giới" not in _search(client, "bien gioi").content.decode()
    assert (
        "Không có đơn vị nào phù hợp trong phạm vi của bạn." in _search(client, "bien gioi").content.decode()
    )
    # Retired units are left out unless the picker asks for every era.
    assert "Xã Ăn Uống" not in _search(client, "an uong").content.decode()


@pytest.mark.django_db
def test_it_refuses_an_action_the_person_does_not_hold(world: World, login) -> None:
    assert _search(login(world.users[Role.REVIEWER]), "dong").status_code == 403


@pytest.mark.django_db
def test_it_leaves_out_the_unit_already_chosen(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    html = _search(client, "", unit=str(world.units["N1"].pk)).content.decode()
    assert "Xã Đồng Tâm" not in html
    assert "Phường Âu Cơ" in html


@pytest.mark.django_db
def test_it_shows_a_limited_number_of_results_and_says_so(world: World, login) -> None:
    province = world.units["P1"]
    for n in range(RESULT_LIMIT + 5):
        Unit.objects.create(kind=UnitKind.COMMUNE, code=f"97{n:03d}", name=f"Xã Thử {n}", parent=province)
    html = _search(login(world.users[Role.PROVINCE_ADMIN]), "xa thu").content.decode()
    assert html.count('type="radio"') == RESULT_LIMIT
    assert f"Hiển thị {RESULT_LIMIT} đơn vị đầu tiên; gõ thêm để thu hẹp." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"ten": '"><script>alert(1)</script>'},
        {"ma": "x onmouseover=alert(1)"},
        {"quyen": "nonsense"},
        {"cap": "abc"},
        {"cap": "99"},
        {"thoi_ky": "NaN"},
        {"tim": "x" * 500},
    ],
)
def test_it_answers_hostile_parameters_with_400(world: World, login, params: dict[str, str]) -> None:
    response = _search(login(world.users[Role.PROVINCE_ADMIN]), "dong", **params)
    assert response.status_code == 400
    assert "Yêu cầu tìm đơn vị không hợp lệ." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", ["abc", "-1", "9" * 40, "1e5", " ", "²", "١٢"])
def test_it_ignores_a_hostile_chosen_value(world: World, login, chosen: str) -> None:
    response = _search(login(world.users[Role.PROVINCE_ADMIN]), "dong", unit=chosen)
    assert response.status_code == 200
    assert "Xã Đồng Tâm" in response.content.decode()


@pytest.mark.django_db
def test_the_server_still_refuses_a_unit_outside_scope(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    target = world.users["target"]
    before = RoleAssignment.objects.count()
    response = client.post(
        reverse("accounts:role_add", kwargs={"pk": target.pk}),
        {"role": Role.REVIEWER, "unit": world.units["N3"].pk},
    )
    assert response.status_code == 400
    assert RoleAssignment.objects.count() == before
    html = response.content.decode()
    assert "Đơn vị đã chọn không thuộc phạm vi bạn được quản lý." in html
    assert "Xã Biên Giới" not in html  # the foreign unit is not echoed back


@pytest.mark.django_db
@pytest.mark.parametrize("unit", ["abc", "²", "9" * 40, "-1", ""])
def test_a_hostile_unit_value_is_refused_with_a_message_not_an_error(world: World, login, unit: str) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    before = RoleAssignment.objects.count()
    response = client.post(
        reverse("accounts:role_add", kwargs={"pk": world.users["target"].pk}),
        {"role": Role.REVIEWER, "unit": unit},
    )
    assert response.status_code == 400
    assert RoleAssignment.objects.count() == before


@pytest.mark.django_db
def test_the_agency_form_refuses_a_unit_outside_scope(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("units:agency_create"),
        {"name": "Phòng Tư pháp", "code": "phong-tu-phap", "kind": "other", "unit": world.units["N3"].pk},
    )
    assert response.status_code == 400
    assert not Agency.objects.filter(code="phong-tu-phap").exists()


@pytest.mark.django_db
def test_the_chosen_unit_stays_chosen_when_the_form_comes_back_with_errors(world: World) -> None:
    form = RoleAssignmentForm(
        {"role": Role.REVIEWER, "unit": world.units["N2"].pk, "valid_from": "bad"},
        actor=world.users[Role.PROVINCE_ADMIN],
    )
    assert not form.is_valid()
    html = squash(str(form["unit"]))
    assert f'value="{world.units["N2"].pk}" id="id_unit_{world.units["N2"].pk}" checked' in html
    assert "Phường Âu Cơ" in html


@pytest.mark.django_db
def test_a_picker_for_several_communes_uses_check_boxes(world: World) -> None:
    from django import forms

    class Pilots(forms.Form):
        communes = forms.ModelMultipleChoiceField(queryset=Unit.objects.none())

    data = {"communes": [str(world.units["N1"].pk), str(world.units["N2"].pk)]}
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    query.setlist("communes", data["communes"])
    form = Pilots(query)
    use_unit_picker(
        field_of(form, "communes", forms.ModelMultipleChoiceField),
        world.users[Role.PROVINCE_ADMIN],
        Action.MANAGE_PLAN,
        level=UnitLevel.COMMUNE,
    )
    assert isinstance(form.fields["communes"].widget, UnitMultiPicker)
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["communes"]) == {world.units["N1"], world.units["N2"]}
    html = str(form["communes"])
    assert html.count('type="checkbox"') == 2
    assert "Tỉnh Thử Nghiệm</" not in html  # the province is not a commune: not offered
