"""The results map: one component (reports/maps.py, partials/result_map.html, static/js/result-map.js)
that the province dashboard and the public portal both show, from the same data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.reports.tests.test_dashboards import _history
from tiepcan.testing import PASSWORD, World, build_world
from tiepcan.units.models import Unit


@pytest.fixture(autouse=True)
def _no_cached_pages() -> Iterator[None]:
    """The portal caches pages per results version: none may leak into another test (or from one)."""
    cache.clear()
    yield
    cache.clear()


def _map_data(html: str, element: str) -> dict:
    return json.loads(
        html.split(f'id="{element}-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    )


def _placed(world: World) -> None:
    """2023's results of C1 and C2 (scored by the engine), C1 with coordinates of its own."""
    _history(world, [2023])
    Unit.objects.filter(pk=world.C1.pk).update(latitude=Decimal("21.85"), longitude=Decimal("106.76"))
    Unit.objects.filter(pk=world.N1.pk).update(latitude=Decimal("21.80"), longitude=Decimal("106.70"))
    cache.clear()


@pytest.mark.django_db
def test_the_dashboard_and_the_portal_show_the_same_map_and_table(world: World, login) -> None:
    _placed(world)
    dashboard = login(world.users[Role.PROVINCE_ADMIN]).get(reverse("dashboards:province") + "?nam=2023")
    portal = login(world.users["outsider"]).get(reverse("portal:results"), {"nam": 2023, "tinh": "91"})
    mine, theirs = (
        _map_data(dashboard.content.decode(), "ban-do-ket-qua"),
        _map_data(portal.content.decode(), "ban-do-cong-khai"),
    )
    assert mine["points"] == theirs["points"] and mine["legend"] == theirs["legend"]
    names = sorted(p["name"] for p in mine["points"])
    assert names == ["Thị trấn Bản Làng", "Xã Ăn Uống"]
    # C2 has no coordinates of its own: it is drawn near N1, which absorbed it.
    c2 = next(p for p in mine["points"] if p["name"] == "Thị trấn Bản Làng")
    assert abs(c2["lat"] - 21.80) < 0.02 and abs(c2["lon"] - 106.70) < 0.02
    assert sum(e["count"] for e in mine["legend"]) == 2
    # The same partial: legend, the table of the same communes beside the drawing, no inline code.
    for html in (dashboard.content.decode(), portal.content.decode()):
        assert html.count('data-tc-map-row="') == 2 and "tc-map-legend" in html
        assert "js/result-map.js" in html and "portal-map.js" not in html
        assert "<script>" not in html and " style=" not in html
    # The whole country's map comes from the cached endpoint, in the same shape.
    national = login(world.users["outsider"]).get(reverse("portal:results"), {"nam": 2023}).content.decode()
    assert 'data-tc-map-url="/cong-khai/ban-do.json?nam=2023"' in national
    body = login(world.users["outsider"]).get(reverse("portal:map_data"), {"nam": 2023}).json()
    assert body["points"] == mine["points"]


@pytest.mark.django_db
def test_imported_boundaries_are_public_for_the_portal_map(world: World, login) -> None:
    from tiepcan.core.tests.hostile import Hostile, province_boundaries

    assert login(world.users["outsider"]).get(reverse("portal:boundaries"), {"tinh": "91"}).status_code == 404
    province_boundaries(Hostile(world))
    response = login(world.users["outsider"]).get(reverse("portal:boundaries"), {"tinh": "91"})
    assert response["Content-Type"] == "application/geo+json"
    assert response.json()["features"][0]["properties"]["code"] == "90010"


@pytest.fixture
def browser_world(transactional_db: None) -> World:
    world = build_world()
    _placed(world)
    return world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_map_draws_on_the_dashboard_and_on_the_portal(browser_world: World, page, live_server) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/cong-khai/?nam=2023&tinh=91")
    page.locator("#ban-do-cong-khai svg .tc-map-point").first.wait_for()
    assert page.locator("#ban-do-cong-khai svg .tc-map-point").count() == 2
    # Each commune is a link, reachable by keyboard, named for screen readers.
    link = page.locator("#ban-do-cong-khai svg a").first
    assert "Xã Ăn Uống" in (link.get_attribute("aria-label") or "") + (
        page.locator("#ban-do-cong-khai svg a").nth(1).get_attribute("aria-label") or ""
    )
    page.goto(f"{live_server.url}/cong-khai/?nam=2023")  # the whole country: from the data endpoint
    page.locator("#ban-do-cong-khai svg .tc-map-point").first.wait_for()
    assert page.locator("#ban-do-cong-khai svg .tc-map-point").count() == 2

    admin = browser_world.users[Role.PROVINCE_ADMIN]
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{reverse('dashboards:province')}?nam=2023")
    page.locator("#ban-do-ket-qua svg .tc-map-point").first.wait_for()
    assert page.locator("#ban-do-ket-qua svg .tc-map-point").count() == 2
    assert page.locator("#ban-do-ket-qua").get_attribute("data-tc-map-drawn") == "2"
    # The drawing downloads as PNG (the SVG painted on a canvas), the table as CSV.
    with page.expect_download() as png:
        page.locator("#ban-do-ket-qua [data-tc-map-png]").click()
    assert png.value.suggested_filename == "ban-do-2023.png"
    with page.expect_download() as table:
        page.locator("#ban-do-ket-qua [data-tc-map-csv]").click()
    assert table.value.suggested_filename == "ban-do-2023.csv"
    # For Excel in Vietnam (as the dossier's evidence list): ";" between cells, the decimal comma.
    texts = [Path(table.value.path()).read_text(encoding="utf-8-sig")]
    for chart_csv in page.locator("[data-tc-chart-csv]").all():
        with page.expect_download() as chart:
            chart_csv.click()
        texts.append(Path(chart.value.path()).read_text(encoding="utf-8-sig"))
    for text in texts:
        cells = [cell for line in text.splitlines() for cell in line.split(";")]
        assert ";" in text.splitlines()[0] and not [c for c in cells if re.fullmatch(r"-?\d+\.\d+", c)], text
    assert len(texts) > 2 and any(re.search(r";\d+,\d", text) for text in texts), texts
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems


def test_it_writes_the_map_data_as_json_dumps_does_byte_for_byte() -> None:
    """``maps.data_json`` writes each point as a string (the national map has thousands): the same
    bytes as ``json.dumps`` of ``maps.data``, whatever a name holds, for every result and placement."""
    from tiepcan.reports import maps

    fields = (*maps.FIELDS, "near_lat", "near_lon")
    names = ['Xã "Quote" \\ back', "Phường </script><!--", "Xã\ttab\nline\x01\x1f", "Đặc khu 🏝 \u2028 é"]
    rows = []
    for index, name in enumerate(names * 3):
        own = index % 3 == 0
        rows.append(
            (
                1000 + index,
                f"{27000 + index}" if index % 2 else f"X{index}",
                name,
                Decimal("21.027763") + index if own else None,
                Decimal("105.834160") if own else None,
                index % 4 == 0,
                index % 4 == 1,
                ["recognised", "not_recognised", "posted", "revoked"][index % 4],
                "imported" if index % 5 == 0 else "assessment",
                Decimal("87.50"),
                Decimal("100.00"),
                False,
                None if index % 3 == 2 else Decimal("20.1") + index,
                None if index % 3 == 2 else Decimal("106.000001"),
            )
        )
    for year, found in ((2025, rows), (None, []), (2024, rows[:1])):
        points = [maps.point(dict(zip(fields, row, strict=True))) for row in found]
        expected = json.dumps(maps.data(year, points), ensure_ascii=False).encode()
        assert maps.points_of(found) == points
        drawn = [(*row[:9], *row[12:]) for row in found]
        assert maps.data_json(year, drawn) == expected
    many = rows * (maps.FOCUSABLE_MAX // len(rows) + 1)
    assert json.loads(maps.data_json(2025, [(*row[:9], *row[12:]) for row in many]))["focusable"] is False


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_writes_formula_like_text_of_a_chart_or_map_table_as_text_in_its_csv(
    browser_world: World, page, live_server
) -> None:
    # A name typed by a person (an activity's, an agency's, a commune's) must not run as a formula
    # in whoever opens the downloaded CSV; the raw numbers (data-value) stay numbers, negative too.
    admin = browser_world.users[Role.PROVINCE_ADMIN]
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}{reverse('dashboards:province')}?nam=2023")
    page.locator("#ban-do-ket-qua svg .tc-map-point").first.wait_for()
    row = (
        '<table><tr><td>=HYPERLINK("http://x.example","a")</td><td>@SUM(A1)</td><td>+84 912</td>'
        '<td data-value="-1.5">-1,5</td></tr></table>'
    )
    page.evaluate(
        """row => {
            const chart = document.createElement("div");
            chart.setAttribute("data-tc-chart", ""); chart.setAttribute("data-tc-chart-file", "thu");
            chart.innerHTML = row + '<button id="thu-csv" data-tc-chart-csv>CSV</button>';
            const map = document.createElement("div");
            map.setAttribute("data-tc-map", ""); map.setAttribute("data-tc-map-file", "thu-ban-do");
            map.innerHTML = row + '<button id="thu-map-csv" data-tc-map-csv>CSV</button>';
            document.body.append(chart, map);
        }""",
        row,
    )
    for button in ("#thu-csv", "#thu-map-csv"):
        with page.expect_download() as download:
            page.locator(button).click()
        text = download.value.path().read_text(encoding="utf-8-sig").strip()
        # ";" between cells and the decimal comma, for Excel in Vietnam (docs/dashboards.md, "Charts").
        assert text == """"'=HYPERLINK(""http://x.example"",""a"")";'@SUM(A1);'+84 912;-1,5""", text
