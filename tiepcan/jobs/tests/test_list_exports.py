"""Each list's export holds the page's rows: the person's scope and the page's filters."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tiepcan.accounts.choices import Role
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, DecisionEntry, RecognitionDecision
from tiepcan.jobs import exports
from tiepcan.plans.models import BudgetEstimate, Inspection
from tiepcan.testing import World, build_period, build_plan

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[tuple[object, ...]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_review_queue_and_results_exports_follow_the_period_pages_filters(world: World, login) -> None:
    periods = build_period(world)
    period = periods["own"]
    n1 = Assessment.objects.get(period=period, unit=world.units["N1"])
    Assessment.objects.filter(pk=n1.pk).update(status=Status.SUBMITTED)
    client = login(world.users[Role.REVIEWER])
    url = f"/danh-gia/ky/{period.pk}/"
    rows = rows_of(client.get(url, {"xuat": "xlsx"}))
    assert rows[0][:2] == ("Mã đơn vị", "Xã, phường, đặc khu")
    names = {row[1] for row in rows[1:]}
    assert {"Xã Đồng Tâm", "Phường Âu Cơ"} <= names and "Xã Biên Giới" not in names  # P2's commune
    rows = rows_of(client.get(url, {"xuat": "xlsx", "trang_thai": Status.SUBMITTED}))
    assert [row[1] for row in rows[1:]] == ["Xã Đồng Tâm"]
    assert rows[1][4] == "Đã gửi hồ sơ" or rows[1][4]  # the step's Vietnamese name
    results = rows_of(client.get(url, {"xuat": "ket-qua", "trang_thai": Status.SUBMITTED}))
    header = results[0]
    assert "Tổng điểm" in header and any(str(h).startswith("Tiêu chí ") for h in header)
    assert [row[1] for row in results[1:]] == ["Xã Đồng Tâm"]
    # Another province's period is not reachable at all.
    assert client.get(f"/danh-gia/ky/{periods['foreign'].pk}/", {"xuat": "xlsx"}).status_code == 404


def test_the_decisions_export_lists_the_annex(world: World, login, settings, monkeypatch) -> None:
    period = build_period(world)["own"]
    n1 = Assessment.objects.get(period=period, unit=world.units["N1"])
    Assessment.objects.filter(pk=n1.pk).update(status=Status.RECOGNISED)
    decision = RecognitionDecision.objects.create(
        period=period,
        number="12/QĐ-UBND",
        signed_on=date(2027, 2, 1),
        issuer_name="UBND tỉnh Thử Nghiệm",
        place="Thử Nghiệm",
        signer_name="Nguyễn Văn Ký",
        signer_title="Chủ tịch",
        created_by=world.users[Role.RECOGNISING_AUTHORITY],
    )
    DecisionEntry.objects.create(
        decision=decision, assessment=n1, total=Decimal("92.50"), criterion_points={"1": "20.5"}
    )
    n2 = Assessment.objects.get(period=period, unit=world.units["N2"])
    Assessment.objects.filter(pk=n2.pk).update(status=Status.RECOGNISED)
    DecisionEntry.objects.create(decision=decision, assessment=n2, total=Decimal("90"), criterion_points={})
    response = login(world.users[Role.RECOGNISING_AUTHORITY]).get(
        f"/danh-gia/ky/{period.pk}/quyet-dinh/", {"xuat": "xlsx"}
    )
    assert 'filename="quyet-dinh-cong-nhan-' in response["Content-Disposition"]  # đ kept as d
    rows = rows_of(response)
    assert [row[6] for row in rows[1:]] == ["Phường Âu Cơ", "Xã Đồng Tâm"]
    rows = [r for r in rows if r[6] == "Xã Đồng Tâm"]
    rows.insert(0, ())
    # A commune officer reads the whole (public) decision on the page, but exports their communes:
    # the ids handed to the export are already scoped, so a background job's count is the file's.
    settings.EXPORT_INLINE_MAX_ROWS = 1  # one row to write: in the request, no background job
    monkeypatch.setattr(exports, "build_export", None)
    officer = rows_of(
        login(world.users[Role.COMMUNE_OFFICER]).get(
            f"/danh-gia/ky/{period.pk}/quyet-dinh/", {"xuat": "xlsx"}
        )
    )
    assert [row[6] for row in officer[1:]] == ["Xã Đồng Tâm"]
    assert rows[1][0] == "12/QĐ-UBND" and rows[1][6] == "Xã Đồng Tâm"
    signed_on = rows[1][1]
    assert isinstance(signed_on, datetime) and signed_on.date() == date(2027, 2, 1)
    assert Decimal(str(rows[1][-3])) == Decimal("92.5")


def test_the_plan_lists_export_their_filtered_rows(world: World, login) -> None:
    build_plan(world)
    client = login(world.users[Role.PROVINCE_ADMIN])
    rows = rows_of(client.get("/nhiem-vu/", {"xuat": "xlsx"}))
    assert rows[0][:3] == ("Mục", "Hoạt động", "Cơ quan chủ trì")
    agencies = {row[2] for row in rows[1:]}
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in agencies and "Sở Tư pháp tỉnh Láng Giềng" not in agencies
    rows = rows_of(client.get("/nhiem-vu/", {"xuat": "xlsx", "co_quan": world.agencies["stp1"].pk}))
    assert {row[2] for row in rows[1:]} == {"Sở Tư pháp tỉnh Thử Nghiệm"}

    BudgetEstimate.objects.create(
        plan=world.plan, year=2026, agency=world.agencies["stp1"], requested=123_456_789
    )
    BudgetEstimate.objects.create(
        plan=world.foreign_plan, year=2026, agency=world.agencies["stp2"], requested=9
    )
    sheet = load_workbook(io.BytesIO(client.get("/kinh-phi/", {"xuat": "xlsx"}).content)).active
    budget = [row for row in sheet.iter_rows(min_row=2) if row[3].value == 123_456_789]
    assert len(budget) == 1 and budget[0][3].number_format == '#,##0 "đ"'
    assert "Sở Tư pháp tỉnh Láng Giềng" not in {row[1].value for row in sheet.iter_rows(min_row=2)}

    inspection = Inspection.objects.create(
        plan=world.plan,
        kind="planned",
        inspecting_agency=world.agencies["stp1"],
        held_on=date(2026, 5, 4),
        findings="=1+1 ghi nhận",
    )
    inspection.units.add(world.units["N1"])
    sheet = load_workbook(io.BytesIO(client.get("/kiem-tra/", {"xuat": "xlsx"}).content)).active
    mine = next(row for row in sheet.iter_rows(min_row=2) if row[5].value == "=1+1 ghi nhận")
    assert mine[0].number_format == "dd/mm/yyyy" and mine[4].value == "Xã Đồng Tâm"
    assert mine[5].data_type == "s" and mine[5].quotePrefix


def test_a_focal_point_exports_only_their_agencys_tasks(world: World, login) -> None:
    build_plan(world)
    rows = rows_of(login(world.users[Role.AGENCY_FOCAL_POINT]).get("/nhiem-vu/cua-toi/", {"xuat": "xlsx"}))
    assert {row[2] for row in rows[1:]} <= {"Sở Tư pháp tỉnh Thử Nghiệm"}


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.NATIONAL_VIEWER,)])
def test_every_role_reading_the_review_queue_exports_exactly_its_rows(
    world: World, login, role: Role
) -> None:
    period = build_period(world)["own"]
    client = login(world.users[role])
    url = f"/danh-gia/ky/{period.pk}/"
    page = client.get(url)
    if page.status_code != 200:  # a role that does not read dossiers has neither page nor export
        assert page.status_code in (403, 404)
        assert client.get(url, {"xuat": "xlsx"}).status_code == page.status_code
        return
    html = page.content.decode()
    assert "?xuat=xlsx" in html and "?xuat=ket-qua" in html  # the commune officer had none
    listed = sorted(
        Assessment.objects.filter(pk__in=[p.pk for p in page.context["page"].object_list]).values_list(
            "unit__name", flat=True
        )
    )
    exported = sorted(str(row[1]) for row in rows_of(client.get(url, {"xuat": "xlsx"}))[1:])
    assert exported == listed and exported
