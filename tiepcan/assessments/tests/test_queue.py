"""The reviewers' queue: filters by step, area (district, including former districts) and lateness."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import queue
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world: World) -> World:
    build_period(world)
    return world


def _queue(cycle: World, login, **params: str) -> str:
    url = reverse("assessments:period_detail", kwargs={"pk": cycle.periods["own"].pk})
    response = login(cycle.users[Role.REVIEWER]).get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _rows(html: str) -> set[str]:
    return {name for name in ("Xã Đồng Tâm", "Phường Âu Cơ") if f">{name}</a>" in html}


def test_area_is_the_district_or_the_former_district_of_merged_communes(cycle: World, login) -> None:
    district = cycle.units["D1"]
    html = _queue(cycle, login)
    assert _rows(html) == {"Xã Đồng Tâm", "Phường Âu Cơ"}
    assert f'<option value="{district.pk}">Huyện Đồi Núi</option>' in html
    # Xã Đồng Tâm was formed from two communes of Huyện Đồi Núi; Phường Âu Cơ from none of it.
    assert _rows(_queue(cycle, login, khu_vuc=str(district.pk))) == {"Xã Đồng Tâm"}
    assert _rows(_queue(cycle, login, loai="phuong")) == {"Phường Âu Cơ"}
    assert _rows(_queue(cycle, login, khu_vuc=str(district.pk), loai="phuong")) == set()
    # An unknown or foreign area is ignored rather than trusted.
    foreign = cycle.units["P2"]
    assert _rows(_queue(cycle, login, khu_vuc=str(foreign.pk))) == {"Xã Đồng Tâm", "Phường Âu Cơ"}


def test_late_means_past_the_deadline_of_the_step_the_dossier_waits_at(cycle: World, login) -> None:
    period = cycle.periods["own"]
    AssessmentPeriod.objects.filter(pk=period.pk).update(
        self_assessment_due=date(2026, 1, 10), dossier_due=date(2026, 1, 15), review_due=None
    )
    # Phường Âu Cơ has sent its dossier; no review deadline is set, so it cannot be late.
    Assessment.objects.filter(period=period, unit=cycle.units["N2"]).update(status=Status.SUBMITTED)
    html = _queue(cycle, login, tre_han="1")
    assert _rows(html) == {"Xã Đồng Tâm"}
    # The step pills count only what the other filters leave.
    assert "Đã gửi hồ sơ" not in html and "Đang tự đánh giá" in html
    assert "trễ" in html and "table-warning" in html
    assert _rows(_queue(cycle, login, tre_han="1", trang_thai=Status.SUBMITTED)) == set()

    AssessmentPeriod.objects.filter(pk=period.pk).update(review_due=date(2026, 2, 1))
    assert _rows(_queue(cycle, login, tre_han="1")) == {"Xã Đồng Tâm", "Phường Âu Cơ"}


def test_lateness_counts_days_past_the_step_deadline(cycle: World) -> None:
    period = cycle.periods["own"]
    period.dossier_due, period.review_due, period.council_due = date(2026, 3, 1), date(2026, 4, 1), None
    assert queue.lateness(period, Status.DRAFT, date(2026, 3, 1)) is None
    assert queue.lateness(period, Status.RETURNED, date(2026, 3, 11)) == queue.Lateness(date(2026, 3, 1), 10)
    assert queue.lateness(period, Status.SUBMITTED, date(2026, 4, 2)) == queue.Lateness(date(2026, 4, 1), 1)
    assert queue.lateness(period, Status.FORWARDED, date(2027, 1, 1)) is None
    assert queue.lateness(period, Status.RECOGNISED, date(2027, 1, 1)) is None


def test_area_names_for_old_and_new_communes(cycle: World) -> None:
    units = [cycle.units[k] for k in ("C1", "N1", "N2")]
    names = queue.area_names(units, queue.areas(cycle.periods["own"]))
    assert names == {cycle.units["C1"].pk: "Huyện Đồi Núi", cycle.units["N1"].pk: "Huyện Đồi Núi"}


def test_the_filtered_queue_runs_a_bounded_number_of_queries(
    cycle: World, login, django_assert_max_num_queries
) -> None:
    client = login(cycle.users[Role.REVIEWER])
    url = reverse("assessments:period_detail", kwargs={"pk": cycle.periods["own"].pk})
    client.get(url)
    with django_assert_max_num_queries(16):
        client.get(url, {"khu_vuc": str(cycle.units["D1"].pk), "tre_han": "1", "loai": "xa"})


def test_a_merged_province_offers_the_districts_of_its_former_provinces(cycle: World) -> None:
    from tiepcan.units.choices import UnitKind
    from tiepcan.units.models import Unit, UnitSuccession

    end, start = date(2025, 6, 30), date(2025, 7, 1)
    province = cycle.units["P2"]  # formed on 1/7/2025 from a former province of its own
    old = Unit.objects.create(kind=UnitKind.PROVINCE, code="93", name="Tỉnh Cũ", valid_to=end)
    district = Unit.objects.create(
        kind=UnitKind.RURAL_DISTRICT, code="931", name="Huyện Cũ", parent=old, valid_to=end
    )
    commune = Unit.objects.create(
        kind=UnitKind.COMMUNE, code="93101", name="Xã Cũ", parent=district, valid_to=end
    )
    UnitSuccession.objects.create(predecessor=old, successor=province, effective_on=start)
    UnitSuccession.objects.create(predecessor=commune, successor=cycle.units["N3"], effective_on=start)

    period = cycle.periods["foreign"]
    assert queue.areas(period) == [district]
    dossiers = Assessment.objects.filter(period=period)
    assert list(queue.in_area(dossiers, district).values_list("unit__name", flat=True)) == ["Xã Biên Giới"]
    assert queue.area_names([cycle.units["N3"]], [district]) == {cycle.units["N3"].pk: "Huyện Cũ"}


def test_a_dossier_the_council_did_not_recommend_is_late_after_the_recognition_deadline(cycle: World) -> None:
    period = cycle.periods["own"]
    period.recognition_due = date(2027, 1, 31)
    assert queue.lateness(period, Status.NOT_RECOMMENDED, date(2027, 2, 3)) == queue.Lateness(
        date(2027, 1, 31), 3
    )
