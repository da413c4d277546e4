"""The public results: totals, filters, paging with no cap, history across mergers, the map, open data.

Everything is read from result summary rows and cached under the results version: the tests check
the answer right after a decision and a revocation, and count the queries as rows are added.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import DecisionEntry
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.portal import queries
from tiepcan.reports import aggregates, summaries
from tiepcan.reports.models import ResultDistrict, ResultSummary, Source
from tiepcan.reports.tests.test_summaries import recognise
from tiepcan.testing import World
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit, UnitSuccession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def imported(
    unit: Unit, year: int, recognised: bool, *, province: Unit | None = None, number: str = ""
) -> ResultSummary:
    line = summaries.lineage([Unit.objects.select_related("parent").get(pk=unit.pk)])[unit.pk]
    row = ResultSummary.objects.create(
        source=Source.IMPORTED,
        unit=unit,
        year=year,
        province=province or Unit.objects.get(pk=unit.ancestor_ids()[0]),
        district_id=line.district_id,
        current_unit_id=line.current_unit_id,
        kind=unit.kind,
        total=Decimal("85.5"),
        max_total=Decimal(100),
        met=recognised,
        recognised=recognised,
        criteria={"TC1": "20.00"},
        decision_number=number,
        decision_date=date(year, 12, 20) if number else None,
    )
    ResultDistrict.objects.bulk_create(summaries.districts(row.pk, line))  # as the import writes them
    summaries.bump([row.province_id])
    return row


def many_communes(world: World, n: int, year: int = 2024) -> None:
    for i in range(n):
        unit = Unit.objects.create(
            kind=UnitKind.COMMUNE,
            code=f"8{i:04d}",
            name=f"Xã Số {i:03d}",
            parent=world.D1,
            valid_to=date(2025, 6, 30),
            latitude=Decimal("21.5") + Decimal(i) / 100,
            longitude=Decimal("106.5"),
        )
        imported(unit, year, i % 3 != 0, province=world.P1, number=f"{i}/QĐ-UBND" if i % 3 else "")


def page(client: Client, **params: Any) -> str:
    response = client.get(reverse("portal:results"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_says_how_many_communes_meet_the_standard_and_filters_by_year_area_and_kind(
    world: World, client: Client
) -> None:
    imported(world.C1, 2023, True, number="5/QĐ-UBND")
    imported(world.C2, 2023, False)
    imported(world.N3, 2025, True, number="9/QĐ-UBND")
    assert queries.year_summary() == [(2025, True), (2023, True)]
    html = page(client)  # the latest year with decided results by default, nationwide
    assert "1/1 xã, phường, đặc khu đạt chuẩn năm 2025" in html and "Xã Biên Giới" in html
    html = page(client, nam=2023)
    assert "1/2 xã, phường, đặc khu đạt chuẩn năm 2023" in html and "50,0%" in html
    assert "Xã Ăn Uống" in html and "Thị trấn Bản Làng" in html and "5/QĐ-UBND" in html
    html = page(client, nam=2023, tinh="91", huyen=world.D1.pk)
    assert "Huyện Đồi Núi" in html and "1/2 xã" in html
    html = page(client, nam=2023, loai=UnitKind.TOWNSHIP)
    assert "0/1 xã" in html and "Thị trấn Bản Làng" in html and "Xã Ăn Uống</a>" not in html
    html = page(client, nam=2023, ket_qua="recognised")
    assert "Xã Ăn Uống</a>" in html and "Thị trấn Bản Làng</a>" not in html
    # Wrong filters are dropped, never an error.
    for bad in ({"nam": "²"}, {"tinh": "<script>"}, {"huyen": "9" * 40}, {"trang": "-1"}, {"loai": "x"}):
        assert client.get(reverse("portal:results"), bad).status_code == 200


def test_every_result_is_reachable_page_by_page(world: World, client: Client) -> None:
    many_communes(world, 120)
    html = page(client, nam=2024)
    assert "80/120 xã" in html and "1 / 3" in html
    last = page(client, nam=2024, trang=3)
    assert "3 / 3" in last and "Xã Số 119" in last
    assert "3 / 3" in page(client, nam=2024, trang=99)  # beyond the end: the last page


def test_the_page_is_cached_and_right_just_after_a_decision_and_a_revocation(
    world: World, client: Client
) -> None:
    build_forwarded(world)
    assessment = own(world)
    api = Client()
    assert "Năm 2026 đang đánh giá: 1 xã" in page(client, nam=2026)  # no decision yet
    assert api.get("/api/v1/public/recognised?year=2026").json()["count"] == 0
    with CaptureQueriesContext(connection) as warm:
        page(client, nam=2026)
    assert len(warm) == 1  # the results version, then the cache
    commune = reverse("portal:commune", kwargs={"pk": assessment.unit_id})
    assert "Được công nhận" not in client.get(commune).content.decode()  # kept in the cache

    recognise(world, assessment)
    html = page(client, nam=2026)
    assert "1/1 xã" in html and "2/QĐ" in html and "Được công nhận" in html
    html = client.get(commune).content.decode()
    assert "2/QĐ" in html and "Được công nhận" in html
    assert api.get("/api/v1/public/recognised?year=2026").json()["count"] == 1
    assert "Xã Đồng Tâm" in client.get(reverse("portal:open_data_csv"), {"nam": 2026}).content.decode()

    entry = DecisionEntry.objects.get(assessment=assessment)
    council.revoke(
        entry=entry,
        user=world.users[Role.RECOGNISING_AUTHORITY],
        reason="Sai phạm",
        number="9/QĐ-TH",
        revoked_on=date(2027, 3, 1),
    )
    html = page(client, nam=2026)
    assert "0/1 xã, phường, đặc khu đạt chuẩn năm 2026" in html and "Bị thu hồi công nhận" in html
    html = client.get(commune).content.decode()
    assert "Bị thu hồi công nhận" in html and "Thu hồi: 9/QĐ-TH (01/03/2027)" in html
    assert api.get("/api/v1/public/recognised?year=2026").json()["count"] == 0
    assert client.get(reverse("portal:open_data_json"), {"nam": 2026}).json()["count"] == 0


def test_the_queries_do_not_grow_with_the_data(world: World, client: Client) -> None:
    def cold(**params: Any) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            page(client, **params)
        return len(queries)

    many_communes(world, 5)
    small = [cold(nam=2024), cold(nam=2024, tinh="91"), cold(), cold(nam=2024, trang=2)]
    many_communes_more(world, 60)
    assert [cold(nam=2024), cold(nam=2024, tinh="91"), cold(), cold(nam=2024, trang=2)] == small
    # Across the country the totals are summed from the shares, the count is the totals', and the
    # postings are counted in the query that lists them: version, years with whether each is decided
    # (one query: a skip-scan and a probe per year), shares, rows, provinces, decisions, postings.
    # A chosen province is read with the provinces, its totals with its shares by former district
    # (one statement; the totals are also its count): it adds its map only.
    assert small == [7, 8, 7, 7], small


def test_a_code_that_names_two_provinces_lists_and_counts_both(world: World, client: Client) -> None:
    # Code 15 named Yên Bái until 30/6/2025 and Lào Cai since: the page for the code reads both, its
    # totals and shares as its list.
    old = Unit.objects.create(kind=UnitKind.PROVINCE, code="91", name="Tỉnh Cũ", valid_to=date(2025, 6, 30))
    district = Unit.objects.create(
        kind=UnitKind.RURAL_DISTRICT, code="951", name="Huyện Cũ", parent=old, valid_to=date(2025, 6, 30)
    )
    commune = Unit.objects.create(
        kind=UnitKind.COMMUNE, code="95101", name="Xã Tỉnh Cũ", parent=district, valid_to=date(2025, 6, 30)
    )
    imported(commune, 2024, True, province=old, number="7/QĐ-UBND")
    imported(world.C1, 2024, False)
    html = page(client, nam=2024, tinh="91")
    assert "Xã Tỉnh Cũ" in html and "Xã Ăn Uống" in html
    assert "1/2 xã, phường, đặc khu đạt chuẩn năm 2024" in html
    assert "Huyện Cũ" in html and "Huyện Đồi Núi" in html  # the shares by former district


def many_communes_more(world: World, n: int) -> None:
    for i in range(n):
        unit = Unit.objects.create(
            kind=UnitKind.WARD,
            code=f"7{i:04d}",
            name=f"Phường Số {i:03d}",
            parent=world.D1,
            valid_to=date(2025, 6, 30),
        )
        imported(unit, 2024, True, province=world.P1)


def test_a_commune_page_shows_its_predecessors_results_across_the_merger(
    world: World, client: Client
) -> None:
    imported(world.C1, 2023, True, number="5/QĐ-UBND")
    imported(world.C2, 2024, False)
    imported(world.N1, 2025, True)
    html = client.get(reverse("portal:commune", kwargs={"pk": world.N1.pk})).content.decode()
    assert "Xã Ăn Uống" in html and "Thị trấn Bản Làng" in html and "5/QĐ-UBND" in html
    assert html.index("2025") < html.index("2024") < html.index("2023")
    old = client.get(reverse("portal:commune", kwargs={"pk": world.C1.pk})).content.decode()
    assert "đã được sắp xếp vào" in old and "Xã Đồng Tâm" in old
    assert client.get(reverse("portal:commune", kwargs={"pk": world.P1.pk})).status_code == 404

    def cold() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal:commune", kwargs={"pk": world.N1.pk})).status_code == 200
        return len(queries)

    def warm() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("portal:commune", kwargs={"pk": world.N1.pk}))
        return len(queries)

    small = (cold(), warm())
    # A deeper lineage with more years: an earlier merger into C1, recorded by an administrator.
    earlier = Unit.objects.create(
        kind=UnitKind.COMMUNE, code="90009", name="Xã Cũ Hơn", parent=world.D1, valid_to=date(2019, 12, 31)
    )
    UnitSuccession.objects.create(predecessor=earlier, successor=world.C1, effective_on=date(2020, 1, 1))
    for year in (2017, 2018, 2019):
        imported(earlier, year, year != 2018, province=world.P1)
    imported(world.C1, 2022, True, number="4/QĐ-UBND")
    assert "Xã Cũ Hơn" in client.get(reverse("portal:commune", kwargs={"pk": world.N1.pk})).content.decode()
    # Cold: the version, the commune with its lineage and successors (one query), their results;
    # warm: the version only.
    assert (cold(), warm()) == small == (3, 1), small


def test_the_map_colours_communes_with_coordinates_by_result(world: World, client: Client) -> None:
    many_communes(world, 4)
    body = client.get(reverse("portal:map_data"), {"nam": "2024", "tinh": "91"}).json()
    assert body["year"] == 2024
    assert [(p["name"], p["result"]) for p in body["points"]] == [
        ("Xã Số 000", "not_recognised"),
        ("Xã Số 001", "recognised"),
        ("Xã Số 002", "recognised"),
        ("Xã Số 003", "not_recognised"),
    ]
    assert [(e["key"], e["count"]) for e in body["legend"]][:2] == [("recognised", 2), ("not_recognised", 2)]
    assert client.get(reverse("portal:map_data"), {"nam": "abc"}).status_code == 200


def test_open_data_files_hold_the_api_records_with_official_codes(world: World, client: Client) -> None:
    imported(world.C1, 2023, True, number="5/QĐ-UBND")
    imported(world.C2, 2023, False)
    imported(world.N3, 2025, True)
    body = client.get(reverse("portal:open_data_json"), {"nam": 2023}).json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "nam": 2023,
        "ma_tinh": "91",
        "ten_tinh": "Tỉnh Thử Nghiệm",
        "ma_huyen_cu": "901",
        "ten_huyen_cu": "Huyện Đồi Núi",
        "ma_xa": "90001",
        "ten_xa": "Xã Ăn Uống",
        "loai": "xa",
        "tong_diem": "85.50",
        "diem_toi_da": "100.00",
        "so_quyet_dinh": "5/QĐ-UBND",
        "ngay_quyet_dinh": "2023-12-20",
    }
    response = client.get(reverse("portal:open_data_csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["nam"], r["ma_xa"]) for r in rows] == [("2025", "90020"), ("2023", "90001")]
    api = Client().get("/api/v1/public/recognised").json()
    assert [(i["year"], i["unit"]["code"]) for i in api["items"]] == [(2025, "90020"), (2023, "90001")]
    assert json.loads(client.get(reverse("portal:open_data_json")).content)["count"] == 2


def test_the_map_open_data_and_open_api_cost_the_same_queries_whatever_the_data(
    world: World, client: Client
) -> None:
    urls = [
        reverse("portal:map_data") + "?nam=2024",
        reverse("portal:map_data") + "?nam=2024&tinh=91",
        reverse("portal:open_data_csv"),
        reverse("portal:open_data_json") + "?nam=2024",
        "/api/v1/public/recognised?year=2024",
        "/api/v1/public/aggregates",
        "/api/v1/public/decisions",
    ]

    def counts() -> list[tuple[int, int]]:
        found = []
        for url in urls:
            cache.clear()
            with CaptureQueriesContext(connection) as cold:
                assert client.get(url).status_code == 200
            with CaptureQueriesContext(connection) as warm:
                assert client.get(url).status_code == 200
            found.append((len(cold), len(warm)))
        return found

    many_communes(world, 5)
    small = counts()
    many_communes_more(world, 60)
    build_forwarded(world)
    recognise(world, own(world))  # a decision with its annex
    assert counts() == small
    # The version first; the map and open data: one query; the API: its page with its count (one
    # statement), and the access log's row.
    assert small == [(2, 1), (2, 1), (2, 1), (2, 1), (3, 2), (3, 2), (3, 2)], small


def test_open_data_csv_escapes_formula_like_text_as_the_json_holds_it(world: World, client: Client) -> None:
    imported(world.C1, 2023, True, number="=HYPERLINK(1)")
    body = client.get(reverse("portal:open_data_json")).json()
    assert body["items"][0]["so_quyet_dinh"] == "=HYPERLINK(1)"
    text = client.get(reverse("portal:open_data_csv")).content.decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["so_quyet_dinh"] == "'=HYPERLINK(1)" and row["tong_diem"] == "85.50"
    assert {k: v or None for k, v in row.items()} == {
        **{k: str(v) for k, v in body["items"][0].items()},
        "so_quyet_dinh": "'=HYPERLINK(1)",
    }


def test_the_self_assessments_open_for_comments_cost_no_query_each(world: World, client: Client) -> None:
    def posted(names: range) -> None:
        for i in names:
            unit = Unit.objects.create(
                kind=UnitKind.COMMUNE,
                code=f"6{i:04d}",
                name=f"Xã Niêm Yết {i:03d}",
                parent=world.D1,
                valid_to=date(2025, 6, 30),
            )
            row = imported(unit, 2024, False, province=world.P1)
            ResultSummary.objects.filter(pk=row.pk).update(status=Status.POSTED)

    def cold() -> tuple[int, str]:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = page(client, nam=2024)
        return len(queries), html

    posted(range(1))
    one, _html = cold()
    posted(range(1, 6))
    many, html = cold()
    assert "Xã Niêm Yết 005" in html and "Đang niêm yết lấy ý kiến" in html
    assert many == one, (one, many)  # each posting's former district is read with it


def test_pages_nothing_posts_from_set_no_cookie(world: World, client: Client) -> None:
    imported(world.C1, 2024, True, number="5/QĐ-UBND")
    for url in (reverse("portal:results"), reverse("portal:commune", kwargs={"pk": world.C1.pk})):
        response = client.get(url, {"nam": "2024", "tinh": "91"})
        assert response.status_code == 200
        assert not response.cookies and "csrf" not in response.content.decode().lower(), url


def test_the_constant_statements_return_what_the_orm_does(world: World) -> None:
    many_communes(world, 7)
    imported(world.C1, 2023, True, number="5/QĐ-UBND")
    imported(world.C2, 2023, False)
    imported(world.N1, 2025, True, number="9/QĐ-UBND")  # a merged commune: in two former districts
    rows = queries.public_results()
    for year, code, kind in ((2024, None, None), (2024, "91", None), (2025, "91", None), (2023, "91", "xa")):
        kinds = [kind] if kind else None
        scope: dict[str, Any] = {"year": year, "kinds": kinds}
        if code:
            scope["province"] = queries.province_ids(code)
        totals, by_area = queries.figures(year=year, province_code=code, kind=kind)
        assert by_area == aggregates.shares(rows, "district" if code else "province", **scope)
        assert totals == aggregates.totals(rows, **scope)
        f = queries.ResultFilter(year=year, province=code, kind=kind)
        for offset in (0, 3):
            assert queries.page_rows(
                year=year, province_code=code, kind=kind, offset=offset, limit=4
            ) == list(queries.results(f).values(*queries.ROW_FIELDS)[offset : offset + 4])
    options, province = queries.provinces("91")
    assert options == [("91", "Tỉnh Thử Nghiệm")] and province is not None and province.code == "91"
    assert queries.provinces("99") == (options, None)
