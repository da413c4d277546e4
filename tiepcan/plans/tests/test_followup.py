"""Inspections, pilots, budget and periodic reports: rules, workflow and messages."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models import BudgetAllocation, BudgetEstimate, PilotCommune, ReportSubmission
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world: World, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_plan(world)
    return world


def test_a_budget_goes_from_draft_to_adjusted_with_a_reason(planned: World, login) -> None:
    estimate = planned.followups["own"]["estimate"]
    focal = login(planned.users[Role.AGENCY_FOCAL_POINT])
    assert focal.post(reverse("plans:budget_submit", kwargs={"pk": estimate.pk})).status_code == 302
    estimate.refresh_from_db()
    assert estimate.status == BudgetStatus.SUBMITTED

    finance = login(planned.users[Role.FINANCE_OFFICER])
    # Sở Tài chính appraises and submits to the People's Committee (seed §III.2)…
    appraise = reverse("plans:budget_decide", kwargs={"pk": estimate.pk})
    response = finance.post(appraise, {"version": estimate.version, "amount": 120_000_000}, follow=True)
    assert "Số thẩm định khác số đề nghị: hãy ghi ý kiến thẩm định" in response.content.decode()
    finance.post(appraise, {"version": estimate.version, "amount": 120_000_000, "note": "Cắt giảm hội nghị"})
    estimate.refresh_from_db()
    assert (estimate.status, estimate.appraised, estimate.approved) == ("appraised", 120_000_000, None)

    # …which approves it by a decision recorded with its number and date.
    url = reverse("plans:budget_approve", kwargs={"pk": estimate.pk})
    decision = {
        "version": estimate.version,
        "decision": "adjusted",
        "approved": 120_000_000,
        "document_number": "15/QĐ-UBND",
        "document_date": "10/03/2026",
    }
    response = finance.post(url, decision, follow=True)
    assert "Điều chỉnh hoặc không phê duyệt phải ghi lý do" in response.content.decode()
    estimate.refresh_from_db()
    assert estimate.status == BudgetStatus.APPRAISED

    finance.post(url, {**decision, "reason": "Cắt giảm hội nghị"})
    estimate.refresh_from_db()
    assert (estimate.status, estimate.approved, estimate.decision_reason, estimate.approval_number) == (
        "adjusted",
        120_000_000,
        "Cắt giảm hội nghị",
        "15/QĐ-UBND",
    )
    assert [t.to_status for t in estimate.transitions.all()] == ["submitted", "appraised", "adjusted"]
    entry = AuditEntry.objects.filter(
        content_type__model="budgetestimate", object_id=str(estimate.pk)
    ).latest("id")
    assert entry.reason == "Cắt giảm hội nghị"

    allocate = reverse("plans:budget_allocate", kwargs={"pk": estimate.pk})
    finance.post(
        allocate, {"amount": 100_000_000, "allocated_on": "15/03/2026", "decision_number": "45/QĐ-STC"}
    )
    response = finance.post(allocate, {"amount": 30_000_000, "allocated_on": "20/06/2026"}, follow=True)
    assert "Tổng số cấp phát vượt số được duyệt" in response.content.decode()
    assert BudgetAllocation.objects.filter(estimate=estimate).count() == 1

    page = finance.get(reverse("plans:budget_list")).content.decode()
    assert "150.000.000 đ" in page and "120.000.000 đ" in page and "100.000.000 đ" in page


def test_a_stale_budget_decision_is_refused(planned: World, login) -> None:
    estimate = planned.followups["own"]["estimate"]
    BudgetEstimate.objects.filter(pk=estimate.pk).update(status=BudgetStatus.SUBMITTED, version=5)
    finance = login(planned.users[Role.FINANCE_OFFICER])
    response = finance.post(
        reverse("plans:budget_decide", kwargs={"pk": estimate.pk}),
        {"version": 4, "amount": 1, "note": "Giảm"},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in response.content.decode()
    estimate.refresh_from_db()
    assert estimate.approved is None


def test_a_negative_amount_is_refused(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    before = BudgetEstimate.objects.count()
    response = client.post(
        reverse("plans:budget_create"),
        {"plan": planned.plan.pk, "year": 2026, "agency": planned.agencies["stp1"].pk, "requested": -5},
    )
    assert response.status_code == 400
    assert BudgetEstimate.objects.count() == before


def test_the_report_request_lists_who_has_not_sent(planned: World, login) -> None:
    report_request = planned.followups["own"]["report_request"]
    report_request.agencies.add(planned.agencies["ubnd_n1"])
    admin = login(planned.users[Role.PROVINCE_ADMIN])
    detail = reverse("plans:report_request_detail", kwargs={"pk": report_request.pk})
    html = admin.get(detail).content.decode()
    assert html.count("Chưa gửi") == 2

    focal = login(planned.users[Role.AGENCY_FOCAL_POINT])
    submit = reverse(
        "plans:report_submit", kwargs={"pk": report_request.pk, "agency_pk": planned.agencies["stp1"].pk}
    )
    bad = focal.post(
        submit, {"content": "Báo cáo", "file": SimpleUploadedFile("bc.pdf", b"not a pdf")}, follow=True
    )
    assert "không đúng định dạng cho phép" in bad.content.decode()
    assert not ReportSubmission.objects.exists()
    focal.post(submit, {"content": "Kết quả 6 tháng: đã ban hành 2 văn bản hướng dẫn."})
    assert ReportSubmission.objects.count() == 1
    again = focal.post(submit, {"content": "Gửi lại"}, follow=True)
    assert "đã gửi báo cáo cho yêu cầu này" in again.content.decode()

    html = login(planned.users[Role.PROVINCE_ADMIN]).get(detail).content.decode()
    assert html.count("Chưa gửi") == 1
    assert "Ủy ban nhân dân xã Đồng Tâm" in html


def test_a_year_without_a_pilot_commune_is_flagged(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("plans:pilot_list")).content.decode()
    assert "Năm 2025 chưa có xã điểm chỉ đạo" in html
    response = client.post(
        reverse("plans:pilot_create"),
        {
            "plan": planned.plan.pk,
            "year": 2025,
            "commune": planned.units["N1"].pk,
            "model_name": "Tủ sách pháp luật điện tử",
        },
    )
    assert response.status_code == 302
    assert "Năm 2025 chưa có xã điểm chỉ đạo" not in client.get(reverse("plans:pilot_list")).content.decode()
    outside = client.post(
        reverse("plans:pilot_create"),
        {"plan": planned.plan.pk, "year": 2031, "commune": planned.units["N2"].pk, "model_name": "X"},
    )
    assert outside.status_code == 400
    assert "Năm nằm ngoài giai đoạn của kế hoạch" in outside.content.decode()
    assert PilotCommune.objects.count() == 1


def test_a_follow_up_due_before_the_inspection_is_refused(planned: World, login) -> None:
    inspection = planned.followups["own"]["inspection"]
    client = login(planned.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("plans:followup_create"),
        {
            "inspection": inspection.pk,
            "title": "Hoàn thiện hồ sơ",
            "responsible": planned.agencies["stp1"].pk,
            "due_on": "01/01/2026",
            "status": "open",
        },
    )
    assert response.status_code == 400
    assert "Hạn không được trước ngày kiểm tra" in response.content.decode()


def test_an_inspection_cannot_name_a_unit_of_another_province(planned: World, login) -> None:
    client = login(planned.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("plans:inspection_create"),
        {
            "plan": planned.plan.pk,
            "kind": "ad_hoc",
            "form": "inspection",
            "inspecting_agency": planned.agencies["stp1"].pk,
            "units": [planned.units["N3"].pk],
            "held_on": date(2026, 8, 1).strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 400
