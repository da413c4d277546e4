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
    Inspection.objects.create(plan=planned.plan, kind="planned", inspecting_agency=planned.agencies["stp1"],
                              held_on=request.deadline.replace(month=3))  # fmt: skip
    with django_assert_max_num_queries(12):
        report = periodic.collect(request, planned.users[Role.PROVINCE_ADMIN], planned.agencies["stp1"])
    assert len(report.tables["inspections"].rows) == 2
