"""The province and national dashboards: what they show, to whom, and in how many queries."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.models import AssessmentPeriod, DecisionEntry
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.demo import history
from tiepcan.frameworks.services import activate, load_shipped
from tiepcan.reports import dashboards, summaries
from tiepcan.reports.models import BoundaryFile, MinistryReport, ResultSummary
from tiepcan.reports.tests.test_summaries import recognise
from tiepcan.testing import World, build_period
from tiepcan.units.models import Unit
from tiepcan.units.signals import units_changed

pytestmark = pytest.mark.django_db


def _history(world: World, years: list[int]) -> None:
    """Closed years of province P1 (communes C1, C2 before the merger), scored by the engine."""
    load_shipped()
    admin, system = world.users[Role.PROVINCE_ADMIN], world.users[Role.SYSTEM_ADMIN]
    for year in years:
        from tiepcan.frameworks.services import latest

        framework = latest(history.framework_code(year))
        assert framework is not None
        activate(framework, world.units["P1"], year)
        history._year(world.units["P1"], year, admin, system)


def _chart_data(html: str, key: str) -> dict:
    return json.loads(
        html.split(f'id="chart-{key}-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_province_dashboard_shows_every_part_with_its_table(world: World, login) -> None:
    _history(world, [2020, 2023])
    build_period(world)
    html = (
        login(world.users[Role.PROVINCE_ADMIN])
        .get(reverse("dashboards:province") + "?nam=2023")
        .content.decode()
    )
    for part in (
        "chua-gui",
        "bieu-do-pheu",
        "bieu-do-dia-ban",
        "bieu-do-loai",
        "bieu-do-tieu-chi-yeu",
        "bieu-do-chi-tieu-yeu",
        "ban-do-ket-qua-data",
        "bieu-do-xu-huong",
        "bieu-do-xu-huong-tieu-chi",
        "bao-cao-bo",
    ):
        assert part in html, part
    # Each chart's data is JSON for the script, and its table is on the page (the table is the truth).
    assert 'type="application/json"' in html and "<script>" not in html.replace(
        '<script type="application/json"', ""
    )
    assert "Huyện Đồi Núi" in html  # the former district of the communes
    assert "2019–2021" in html  # the trend crosses the mergers the unit packages do not carry


# The province dashboard's queries, as a province administrator with an open period, its plan and
# a closed year: cold (the results part built from the summary rows) and warm (it from the cache).
# The reports to the Ministry add one read of the working calendar (their last days carried over a
# day off, BLDS 2015 Điều 148 khoản 5).
PROVINCE_COLD, PROVINCE_WARM = 26, 16


def test_the_province_dashboard_reads_a_constant_number_of_queries(world: World, login) -> None:
    build_period(world)
    _history(world, [2023])
    client = login(world.users[Role.PROVINCE_ADMIN])
    url = reverse("dashboards:province")
    client.get(url)  # criterion and indicator titles are read once per process and framework version
    cache.clear()  # cold: the results part is built from the summary rows
    first = _queries(client, url)
    _history(world, [2019, 2020, 2021, 2022])
    client.get(url)  # the older framework's titles and definition, once per process and version
    cache.clear()
    assert _queries(client, url) == first
    # Warm, the part read from the summary rows comes from the cache under the province's version.
    warm = _queries(client, url)
    assert (first, warm) == (PROVINCE_COLD, PROVINCE_WARM)


def test_the_province_dashboard_is_right_just_after_a_result_changes(world: World, login) -> None:
    build_period(world)
    _history(world, [2023])
    client = login(world.users[Role.PROVINCE_ADMIN])
    url = reverse("dashboards:province") + "?nam=2023"
    shares = _chart_data(client.get(url).content.decode(), "dia-ban")["series"][0]["values"]
    assert any(shares)
    # Every result of the year revoked, as the services write it: the rows, and the province's version.
    rows = ResultSummary.objects.filter(province=world.units["P1"], year=2023)
    rows.update(recognised=False, revoked=True)
    summaries.bump([world.units["P1"].pk])
    after = _chart_data(client.get(url).content.decode(), "dia-ban")["series"][0]["values"]
    assert not any(after), after


def test_a_commune_officer_sees_only_their_commune_on_the_province_dashboard(world: World, login) -> None:
    build_period(world)
    html = login(world.users[Role.COMMUNE_OFFICER]).get(reverse("dashboards:province")).content.decode()
    assert "Xã Đồng Tâm" in html and "Phường Âu Cơ" not in html
    assert "bieu-do-kinh-phi" not in html  # the plan and budget are not the officer's to read


def test_it_shows_a_commune_officer_the_provinces_periods_on_the_dashboard(world: World, login) -> None:
    # The periods belong to the province: a commune role reads them (``view``) although its
    # ``view_assessments`` grant is held at the commune, and sees its own commune's figures in them.
    period = build_period(world)["own"]
    html = login(world.users[Role.COMMUNE_OFFICER]).get(reverse("dashboards:province")).content.decode()
    assert "Tỉnh chưa có kỳ đánh giá nào." not in html
    assert f"Kỳ {period.year}: số xã đã qua từng bước" in html


def test_the_national_dashboard_shows_shares_and_reports_but_no_commune(world: World, login) -> None:
    _history(world, [2022, 2023])
    MinistryReport.objects.create(
        province=world.units["P1"],
        year=2022,
        sent_on=date(2023, 2, 10),
        number="30/BC-UBND",
        recorded_by=world.users[Role.PROVINCE_ADMIN],
    )
    MinistryReport.objects.create(
        province=world.units["P1"],
        year=2023,
        sent_on=date(2024, 2, 25),
        number="31/BC-UBND",
        recorded_by=world.users[Role.PROVINCE_ADMIN],
    )
    client = login(world.users[Role.NATIONAL_VIEWER])
    response = client.get(reverse("dashboards:national"))
    html = response.content.decode()
    assert "Tỉnh Thử Nghiệm" in html and "Tỉnh Láng Giềng" in html
    assert "Xã Ăn Uống" not in html and "Thị trấn Bản Làng" not in html  # aggregates only
    data = _chart_data(html, "bao-cao-bo")
    assert data["labels"] == ["2022", "2023"]
    on_time, late, missing = (s["values"] for s in data["series"])
    assert on_time == [1, 0] and late == [0, 1] and missing == [0, 0]
    # The national viewer reads nothing of any province's own pages.
    assert client.get(reverse("assessments:period_list")).status_code == 403
    assert client.get(reverse("units:unit_list")).status_code == 403


def test_the_national_dashboard_reads_a_constant_number_of_queries(world: World, login) -> None:
    _history(world, [2023])
    client = login(world.users[Role.NATIONAL_VIEWER])
    url = reverse("dashboards:national")
    client.get(url)  # the person's grants are read once and kept across requests
    cache.clear()
    # Cold: the session and the person, the stamp (results versions, reports, working calendar), the
    # shares by province and year, the provinces, the reports to the Ministry, the working calendar
    # their last days are carried over (BLDS 2015 Điều 148 khoản 5). Warm: the stamp and the cache.
    assert _queries(client, url) == 7
    assert _queries(client, url) == 3
    _history(world, [2020, 2021, 2022])
    cache.clear()
    assert _queries(client, url) == 7
    assert _queries(client, url) == 3


def test_the_national_dashboard_is_cached_and_right_just_after_a_decision_and_a_revocation(
    world: World, login, monkeypatch
) -> None:
    build_forwarded(world)
    assessment = own(world)
    monkeypatch.setattr(dashboards, "_current_year", lambda: 2027)  # 2026 is then a complete year
    client = login(world.users[Role.NATIONAL_VIEWER])
    url = reverse("dashboards:national")
    client.get(url)  # the person's grants are read once and kept across requests
    cache.clear()
    assert _queries(client, url) == 7  # cold
    assert _queries(client, url) == 3  # warm: the session, the person, the stamp; the cached body
    recognise(world, assessment)
    assert _chart_data(client.get(url).content.decode(), "toan-quoc")["series"][0]["values"] == [100.0]
    council.revoke(
        entry=DecisionEntry.objects.get(assessment=assessment),
        user=world.users[Role.RECOGNISING_AUTHORITY],
        reason="Sai phạm",
        number="9/QĐ-TH",
        revoked_on=date(2027, 3, 1),
    )
    html = client.get(url).content.decode()
    assert _chart_data(html, "toan-quoc")["series"][0]["values"] == [0.0]
    assert "0/1" in html
    # A province's report to the Ministry changes the body too (it is not a result: no version bump).
    MinistryReport.objects.create(
        province=world.units["P1"],
        year=2026,
        sent_on=date(2027, 2, 10),
        number="30/BC-UBND",
        recorded_by=world.users[Role.PROVINCE_ADMIN],
    )
    on_time = _chart_data(client.get(url).content.decode(), "bao-cao-bo")["series"][0]["values"]
    assert on_time == [1]


def test_the_funnel_counts_the_steps_reached_and_the_late(world: World, login) -> None:
    periods = build_period(world)
    AssessmentPeriod.objects.filter(pk=periods["own"].pk).update(
        dossier_due=date(2026, 1, 5), self_assessment_due=date(2026, 1, 1)
    )
    html = login(world.users[Role.PROVINCE_ADMIN]).get(reverse("dashboards:province")).content.decode()
    data = _chart_data(html, "pheu")
    reached, late = (s["values"] for s in data["series"])
    assert reached[0] == 2  # N1 and N2
    assert late[data["labels"].index("Đã gửi hồ sơ")] == 2  # neither has sent after the deadline


def _geojson(code: str, lon: float = 106.7) -> SimpleUploadedFile:
    ring = [[lon, 21.8], [lon + 0.1, 21.8], [lon + 0.1, 21.9], [lon, 21.9], [lon, 21.8]]
    body = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"ma": code},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    return SimpleUploadedFile("ranh-gioi.geojson", json.dumps(body).encode())


def test_boundaries_are_imported_only_when_every_feature_names_a_commune_in_vietnam(
    world: World, login
) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    url = reverse("dashboards:boundary_import", kwargs={"pk": world.units["P1"].pk})
    foreign = client.post(url, {"file": _geojson("90020")}).content.decode()  # a commune of P2
    assert "không phải một xã, phường đang hiệu lực" in foreign
    metres = client.post(url, {"file": _geojson("90010", lon=650000.0)}).content.decode()
    assert "ngoài Việt Nam" in metres
    assert (
        "không phải GeoJSON"
        in client.post(url, {"file": SimpleUploadedFile("x.geojson", b"\xff\x00")}).content.decode()
    )
    assert not BoundaryFile.objects.exists()
    assert client.post(url, {"file": _geojson("90010")}).status_code == 302
    stored = BoundaryFile.objects.get()
    assert stored.feature_count == 1 and stored.geojson["features"][0]["properties"] == {
        "code": "90010",
        "name": "Xã Đồng Tâm",
    }
    served = client.get(reverse("dashboards:boundary_geojson", kwargs={"pk": world.units["P1"].pk}))
    assert (
        served["Content-Type"] == "application/geo+json"
        and served.json()["features"][0]["geometry"]["type"] == "Polygon"
    )


def test_a_report_to_the_ministry_is_recorded_once_per_year(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    url = reverse("dashboards:ministry_report", kwargs={"pk": world.units["P1"].pk})
    client.post(url, {"year": "2025", "sent_on": "10/02/2026", "number": "25/BC-UBND"})
    client.post(url, {"year": "2025", "sent_on": "21/02/2026", "number": "26/BC-UBND"})
    report = MinistryReport.objects.get()
    assert (report.number, report.sent_on) == ("26/BC-UBND", date(2026, 2, 21))
    bad = client.post(
        url, {"year": "2025", "sent_on": "10/02/2024", "number": "x"}, follow=True
    ).content.decode()
    assert "phải gửi sau khi năm đó bắt đầu" in bad and MinistryReport.objects.count() == 1


def test_a_communes_page_shows_its_predecessors_results_and_an_earlier_merger_can_be_recorded(
    world: World, login
) -> None:
    from tiepcan.units.models import Unit, UnitSuccession

    _history(world, [2023])
    client = login(world.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("units:unit_detail", kwargs={"pk": world.units["N1"].pk})).content.decode()
    assert "Xã Ăn Uống" in html and "Thị trấn Bản Làng" in html and "2023" in html  # merged into N1 in 2025
    url = reverse("units:predecessor_add", kwargs={"pk": world.units["C1"].pk})
    client.post(url, {"name": "Xã Hồng Phong", "code": "90003", "kind": "xa", "merged_on": "01/01/2020"})
    old = Unit.objects.get(code="90003")
    assert old.valid_to == date(2019, 12, 31) and old.parent == world.units["D1"]
    assert UnitSuccession.objects.filter(predecessor=old, successor=world.units["C1"]).exists()
    # After the 2025 map, or with a code in force: refused, nothing recorded.
    client.post(url, {"name": "Xã Mới", "code": "90004", "kind": "xa", "merged_on": "01/08/2025"})
    client.post(url, {"name": "Xã Trùng", "code": "90010", "kind": "xa", "merged_on": "01/01/2020"})
    assert not Unit.objects.filter(code="90004").exists() and Unit.objects.filter(code="90010").count() == 1


def test_a_renamed_province_shows_its_new_name_at_once_on_the_cached_dashboards(world: World, login) -> None:
    _history(world, [2023])
    client = login(world.users[Role.NATIONAL_VIEWER])
    url = reverse("dashboards:national")
    assert "Tỉnh Thử Nghiệm" in client.get(url).content.decode()  # now cached
    province = world.units["P1"]
    province.name = "Tỉnh Thử Nghiệm Mới"
    province.save()  # what the units admin does
    html = client.get(url).content.decode()
    assert "Tỉnh Thử Nghiệm Mới" in html
    # The units importer's bulk update (no post_save) sends the same signal: the version moves too.
    before = summaries.version()
    units_changed.send(sender=Unit, province_ids=[province.pk])
    assert summaries.version() == before + 1
