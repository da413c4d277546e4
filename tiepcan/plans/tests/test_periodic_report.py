"""The plan's periodic report drafted from the data: an editable .docx and its .xlsx tables."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.plans import periodic
from tiepcan.plans.models import Inspection, PilotCommune
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world: World) -> World:
    build_plan(world)
    PilotCommune.objects.create(
        plan=world.plan, year=2026, commune=world.units["N1"], model_name="=HYPERLINK(1)"
    )
    return world


def _urls(world: World) -> tuple[str, str]:
    request = world.followups["own"]["report_request"]
    agency = world.agencies["stp1"]
    return (
        reverse("plans:report_draft_docx", args=[request.pk, agency.pk]),
        reverse("plans:report_draft_xlsx", args=[request.pk, agency.pk]),
    )


def test_the_focal_point_downloads_an_editable_draft_in_the_decree_30_layout(planned: World, login) -> None:
    from docx import Document

    client = login(planned.users[Role.AGENCY_FOCAL_POINT])
    docx_url, _xlsx = _urls(planned)
    detail = client.get(
        reverse("plans:report_request_detail", args=[planned.followups["own"]["report_request"].pk])
    )
    assert docx_url in detail.content.decode()
    response = client.get(docx_url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert 'filename="du-thao-bao-cao-6-thang-dau-nam-2026.docx"' in response["Content-Disposition"]
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2026" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "SỞ TƯ PHÁP TỈNH THỬ NGHIỆM" in cells
    assert "I. KẾT QUẢ THỰC HIỆN" in text and "II. KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN" in text
    assert "150.000.000" in cells  # the budget table, in đồng
    assert "Ban hành văn bản hướng dẫn" in cells  # progress per activity and agency


def test_the_tables_come_as_a_workbook_with_text_never_a_formula(planned: World, login) -> None:
    from openpyxl import load_workbook

    _docx, xlsx_url = _urls(planned)
    response = login(planned.users[Role.PROVINCE_ADMIN]).get(xlsx_url)
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [f"Biểu {n:02d}" for n in range(1, 7)]
    assert book["Biểu 01"]["A2"].value == "Hoạt động"
    assert book["Biểu 03"]["C3"].value == "'=HYPERLINK(1)"
    assert book["Biểu 06"]["B3"].value == 150_000_000


def test_someone_not_asked_to_report_gets_no_draft(planned: World, login) -> None:
    docx_url, _xlsx = _urls(planned)
    assert login(planned.users[Role.REVIEWER]).get(docx_url).status_code == 403


def test_collect_reads_a_fixed_number_of_queries(planned: World, django_assert_max_num_queries) -> None:
    request = planned.followups["own"]["report_request"]
    Inspection.objects.create(
        plan=planned.plan,
        kind="planned",
        inspecting_agency=planned.agencies["stp1"],
        held_on=request.deadline.replace(month=3),
    )
    with django_assert_max_num_queries(12):
        report = periodic.collect(request, planned.users[Role.PROVINCE_ADMIN], planned.agencies["stp1"])
    assert len(report.tables["inspections"].rows) == 2


def test_the_results_by_district_say_a_commune_of_several_former_districts_counts_in_each(
    planned: World,
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
    from tiepcan.reports.tests.test_lineage import second_district

    request = planned.followups["own"]["report_request"]
    admin = planned.users[Role.PROVINCE_ADMIN]
    assert "Trong đó xã gồm nhiều huyện cũ" not in periodic.collect(request, admin).tables["results"].headers
    second_district(planned)  # N1 formed from communes of D1 and D2
    build_forwarded(planned)  # N1's 2026 result
    request.year = 2027  # whose report reads the results of 2026
    report = periodic.collect(request, admin)
    results = report.tables["results"]
    assert results.headers[-1] == "Trong đó xã gồm nhiều huyện cũ"
    # N1 counts in both districts' rows, once in the province's total: the column and note say why.
    assert [(row[0], row[1], row[-1]) for row in results.rows] == [
        ("Huyện Đồi Núi", 1, 1),
        ("Huyện Sông Suối", 1, 1),
    ]
    assert report.totals["results"]["communes"] == 1
    assert "cộng các huyện có thể lớn hơn tổng số xã của tỉnh" in results.note
    document = Document(BytesIO(periodic.report_docx(report)))
    assert results.note in "\n".join(p.text for p in document.paragraphs)
    assert "Trong đó xã gồm nhiều huyện cũ" in [c.text for t in document.tables for c in t.rows[0].cells]
    sheet = load_workbook(BytesIO(periodic.report_xlsx(report)))["Biểu 02"]
    assert sheet["F2"].value == "Trong đó xã gồm nhiều huyện cũ" and sheet["F3"].value == 1
    assert sheet["A5"].value == results.note


def test_the_plans_manager_finds_each_asked_agencys_draft_on_the_request(planned: World, login) -> None:
    # The province administrator manages the plan but reports for no agency: the request's page
    # once offered them no draft, though the draft URLs let them in.
    docx_url, xlsx_url = _urls(planned)
    detail = reverse("plans:report_request_detail", args=[planned.followups["own"]["report_request"].pk])
    page = login(planned.users[Role.PROVINCE_ADMIN]).get(detail).content.decode()
    assert docx_url in page and xlsx_url in page
    assert login(planned.users[Role.PROVINCE_ADMIN]).get(docx_url).status_code == 200
    assert docx_url not in login(planned.users[Role.REVIEWER]).get(detail).content.decode()


def test_a_communes_draft_holds_that_communes_figures_whoever_downloads_it(planned: World) -> None:
    # The draft of a commune's People's Committee once held every commune the downloader could read:
    # the province administrator's draft of Xã Đồng Tâm counted the whole province's results and
    # pilots, a commune officer's the results of all the communes they serve.
    from tiepcan.reports.tests.test_dashboards import _history

    request = planned.followups["own"]["report_request"]
    commune = planned.agencies["ubnd_n1"]
    request.agencies.add(commune)
    PilotCommune.objects.create(plan=planned.plan, year=2026, commune=planned.units["N2"], model_name="Khác")
    _history(planned, [2025])
    request.year = 2026  # whose report reads the results of 2025
    admin = planned.users[Role.PROVINCE_ADMIN]
    whole = periodic.collect(request, admin)
    assert whole.totals["results"]["communes"] == 2 and len(whole.tables["pilots"].rows) == 2
    own = periodic.collect(request, admin, commune)
    assert own.totals["results"]["communes"] == 1
    assert sum(row[1] for row in own.tables["results"].rows) == 1
    assert [row[1] for row in own.tables["pilots"].rows] == ["Xã Đồng Tâm"]
