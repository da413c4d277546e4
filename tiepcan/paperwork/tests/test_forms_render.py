"""Every form of Phụ lục II renders from the world's data with the right content, in .docx and PDF."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from pypdf import PdfReader

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import CouncilMembership
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.jobs.models import Artifact
from tiepcan.paperwork import builder, contexts, engine, tasks
from tiepcan.paperwork.catalog import FORMS, UNVERIFIED_LAYOUT
from tiepcan.paperwork.tests.world import Cycle, build_cycle
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a .docx, nested tables included, in body order."""
    document = Document(BytesIO(content))
    lines = [p.text for p in document.paragraphs]

    def cells(tables) -> None:
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    return "\n".join(lines)


@pytest.fixture
def cycle(world: World) -> Cycle:
    return build_cycle(world)


def render(code: str, kind: str, ids: list[int], fmt: str = "docx") -> bytes:
    key = tasks.render_form.call(code, kind, ids, fmt)
    return Artifact.objects.get(key=key).file.read()


def test_every_built_in_template_uses_only_its_fields_and_keeps_the_required_ones() -> None:
    for code, spec in FORMS.items():
        used = engine.placeholders(builder.default_template(code))
        assert used <= set(spec.all_fields), (code, used - set(spec.all_fields))
        assert set(spec.required) <= used, (code, set(spec.required) - used)
        props = Document(BytesIO(builder.default_template(code))).core_properties
        assert props.comments == UNVERIFIED_LAYOUT


def test_the_commune_forms_of_a_round(cycle: Cycle) -> None:
    snapshot = own(cycle).snapshots.get()
    report = docx_text(render("01", "round", [snapshot.pk]))
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN XÃ ĐỒNG TÂM",
        "Mẫu 01",
        "BÁO CÁO",
        "Số:        /BC-UBND",
        "đề nghị công nhận Xã Đồng Tâm",
        "Niêm yết tại trụ sở Ủy ban nhân dân",
        "Nguyễn Văn An",
        "Số ý kiến của Nhân dân",
    ):
        assert line in report, line
    assert "Thực hiện Quyết định số 27/2025/QĐ-TTg" in report  # the framework's own legal documents
    total = snapshot.score["total"]
    assert f"{contexts._points(total, own(cycle).pass_fail)}/" in report

    sheet = docx_text(render("02", "round", [snapshot.pk]))
    for indicator in snapshot.score["indicators"]:
        assert indicator["title"] in sheet
    assert "Tổng cộng" in sheet

    comments = docx_text(render("03", "round", [snapshot.pk]))
    assert "Trần Thị Bình" in comments and "Đề nghị công khai thêm <kết quả> & số liệu" in comments
    assert "Đã bổ sung trên bảng tin" in comments

    models = docx_text(render("04", "round", [snapshot.pk]))
    assert "PHIẾU LẤY Ý KIẾN" in models and "Xã Đồng Tâm" in models


def test_the_council_forms(cycle: Cycle) -> None:
    meeting = cycle.meeting
    minutes = docx_text(render("05", "meeting", [meeting.pk]))
    for line in (
        "BIÊN BẢN",
        "20/01/2027",
        "Hội trường Sở Tư pháp",
        "14/01/2027",
        "Xã Đồng Tâm",
        "Hội đồng thống nhất kết quả.",
        "Đề nghị công nhận",
        "2/2",
    ):
        assert line in minutes, line
    member = cycle.users[Role.COUNCIL_MEMBER]
    assert member.full_name in minutes

    seat = CouncilMembership.objects.get(period=meeting.period, user=member)
    opinion = docx_text(render("06", "member", [meeting.pk, seat.pk]))
    assert member.full_name in opinion and "Đủ văn bản" in opinion and "PHIẾU LẤY Ý KIẾN" in opinion

    summary = docx_text(render("06th", "meeting", [meeting.pk]))
    assert "Một văn bản chậm" in summary and "2/2" in summary

    verified = docx_text(render("07", "meeting", [meeting.pk]))
    recommendation = own(cycle).recommendation
    assert contexts._points(recommendation.total, own(cycle).pass_fail) in verified and "TC1" in verified


def test_the_decision_is_form_08_with_both_lists(cycle: Cycle) -> None:
    decision = cycle.decision
    text = docx_text(render("08", "decision", [decision.pk]))
    for line in (
        "QUYẾT ĐỊNH",
        "Số: 125/QĐ-UBND",
        "ngày 31 tháng 01 năm 2027",
        "Xã Đồng Tâm",
        "DANH SÁCH",
        "chưa đạt chuẩn tiếp cận pháp luật năm 2026",
        "Điều 1.",
    ):
        assert line in text, line


def test_the_area_forms(cycle: Cycle) -> None:
    period = cycle.periods["own"]
    province = period.province
    data = docx_text(render("09", "area", [period.pk, province.pk]))
    assert "Xã Đồng Tâm" in data and "TC1" in data and "Đạt chuẩn" in data
    report = docx_text(render("10", "area", [period.pk, province.pk]))
    assert "Số đơn vị được công nhận đạt chuẩn tiếp cận pháp luật: 1" in report
    assert "125/QĐ-UBND" in report


def test_a_pdf_says_what_its_docx_says_and_is_stored_once(cycle: Cycle) -> None:
    decision = cycle.decision
    before = Artifact.objects.count()
    pdf = PdfReader(BytesIO(render("08", "decision", [decision.pk], "pdf")))
    assert Artifact.objects.count() == before + 1
    render("08", "decision", [decision.pk], "pdf")
    assert Artifact.objects.count() == before + 1
    first, last = pdf.pages[0], pdf.pages[-1]
    assert first.mediabox.width < first.mediabox.height and last.mediabox.width > last.mediabox.height
    body = " ".join(page.extract_text() for page in pdf.pages)
    assert "Số: 125/QĐ-UBND" in body and "Xã Đồng Tâm" in body


def test_the_dossier_zip_of_a_round_holds_its_forms(cycle: Cycle) -> None:
    import zipfile

    from tiepcan.assessments import tasks as assessment_tasks

    snapshot = own(cycle).snapshots.get()
    key = assessment_tasks.build_dossier_zip.call(snapshot.pk)
    with zipfile.ZipFile(Artifact.objects.get(key=key).file) as archive:
        names = archive.namelist()
        forms = sorted(n for n in names if n.startswith("bieu-mau/"))
        assert [n.split("/")[1][:7] for n in forms] == ["mau-01-", "mau-02-", "mau-03-", "mau-04-"]
        report = docx_text(archive.read(forms[0]))
    assert "ỦY BAN NHÂN DÂN XÃ ĐỒNG TÂM" in report and f"lan-{snapshot.round}" in forms[0]


def test_the_pages_offer_the_forms_to_those_who_may_read_them(cycle: Cycle, login) -> None:
    from django.urls import reverse

    assessment = own(cycle)
    reviewer = login(cycle.users[Role.REVIEWER])
    page = reviewer.get(
        reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    ).content.decode()
    link = reverse(
        "paperwork:round_form", kwargs={"pk": assessment.pk, "round_number": 1, "code": "01", "fmt": "docx"}
    )
    assert link in page
    council_page = (
        login(cycle.users[Role.COUNCIL_SECRETARY])
        .get(reverse("assessments:council", kwargs={"pk": assessment.period_id}))
        .content.decode()
    )
    assert (
        reverse("paperwork:meeting_form", kwargs={"pk": cycle.meeting.pk, "code": "05", "fmt": "pdf"})
        in council_page
    )
    period_page = reviewer.get(
        reverse("paperwork:area_forms", kwargs={"pk": assessment.period_id})
    ).content.decode()
    assert "Mẫu 09" in period_page and "cần đối chiếu" in period_page
    response = reviewer.get(link)
    assert response.status_code == 200 and "ỦY BAN NHÂN DÂN XÃ ĐỒNG TÂM" in docx_text(response.getvalue())
