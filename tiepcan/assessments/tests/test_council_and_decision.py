"""The second half of the cycle: council scores and meeting, recognition decision as .docx, revocation."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council, services
from tiepcan.assessments.choices import CouncilRole, Status
from tiepcan.assessments.models import CouncilMembership, DecisionEntry, Transition
from tiepcan.assessments.tests.helpers import send
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.testing import World, build_period
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


def _fonts(pdf: PdfReader) -> list:
    """Every font the PDF's pages use, embedded subsets included."""
    found = []
    for page in pdf.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            found.append(font.get_object())
    return found


@pytest.fixture
def forwarded(world: World) -> World:
    return build_forwarded(world)


def build_forwarded(world: World) -> World:
    """Province P1's 2026 period with N1's dossier before the council, and a member and a secretary."""
    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    send(assessment.pk, world.users[Role.COMMUNE_CHAIRMAN])
    services.transition(assessment_id=assessment.pk, user=world.users[Role.REVIEWER], to=Status.FORWARDED)
    period = world.periods["own"]
    CouncilMembership.objects.create(
        period=period, user=world.users[Role.COUNCIL_MEMBER], role=CouncilRole.CHAIR
    )
    CouncilMembership.objects.create(
        period=period, user=world.users[Role.COUNCIL_SECRETARY], is_secretary=True
    )
    return world


def test_members_score_the_secretary_records_and_the_authority_recognises(forwarded: World, login) -> None:
    assessment = own(forwarded)
    period = forwarded.periods["own"]
    member, secretary = forwarded.users[Role.COUNCIL_MEMBER], forwarded.users[Role.COUNCIL_SECRETARY]
    council.propose(assessment_id=assessment.pk, user=member, indicator="1.1", points=1, reason="Đủ văn bản")
    council.propose(
        assessment_id=assessment.pk, user=secretary, indicator="1.1", points=0, reason="Một văn bản chậm"
    )
    with pytest.raises(ValidationError, match="Điểm phải từ 0 đến 1"):
        council.propose(assessment_id=assessment.pk, user=member, indicator="1.2", points=3)
    criteria, _result = council.consolidated(assessment)
    assert set(criteria) == {"TC1", "TC2", "TC3"}

    client = login(secretary)
    response = client.post(
        reverse("assessments:council_meeting", kwargs={"pk": period.pk}),
        {
            "held_on": "20/01/2027",
            "minutes": "Hội đồng họp, thống nhất kết quả.",
            "attendees": [member.pk, secretary.pk],
            "dossier-TOTAL_FORMS": "1",
            "dossier-INITIAL_FORMS": "1",
            "dossier-0-assessment": assessment.pk,
            "dossier-0-recommend": "yes",
            "dossier-0-votes_for": "2",
            "kind": "meeting",
            "chaired_by": member.pk,
            "papers_sent_on": "14/01/2027",
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOMMENDED
    assert assessment.recommendation.votes_for == 2
    meeting = assessment.recommendation.meeting
    assert meeting.chaired_by == member and not meeting.signed
    # The minutes go to the recognising authority signed by the person chairing and the secretary.
    for signer in (member, secretary):
        login(signer).post(reverse("assessments:council_minutes_sign", kwargs={"pk": meeting.pk}))
    meeting.refresh_from_db()
    assert meeting.signed

    authority = login(forwarded.users[Role.RECOGNISING_AUTHORITY])
    authority.post(
        reverse("assessments:decision_issue", kwargs={"pk": period.pk}),
        {
            "number": "125/QĐ-UBND",
            "signed_on": "31/01/2027",
            "signer_name": "Nguyễn Văn An",
            "signer_title": "Chủ tịch",
            "assessments": [assessment.pk],
        },
    )
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOGNISED
    entry = DecisionEntry.objects.get(assessment=assessment)
    docx = authority.get(reverse("assessments:decision_docx", kwargs={"pk": entry.decision_id}))
    docx_bytes = docx.getvalue()  # streamed from storage: read once
    text = "\n".join(p.text for p in Document(BytesIO(docx_bytes)).paragraphs)
    cells = "\n".join(
        c.text for t in Document(BytesIO(docx_bytes)).tables for row in t.rows for c in row.cells
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Độc lập - Tự do - Hạnh phúc" in cells
    assert "Số: 125/QĐ-UBND" in cells and "Xã Đồng Tâm" in cells
    assert "QUYẾT ĐỊNH" in text and "Điều 1. Công nhận 1 xã, phường, đặc khu" in text
    assert "ngày 31 tháng 01 năm 2027" in cells

    pdf_response = authority.get(reverse("assessments:decision_pdf", kwargs={"pk": entry.decision_id}))
    assert pdf_response["Content-Type"] == "application/pdf"
    assert (
        pdf_response["Content-Disposition"] == "attachment; filename*=utf-8''quyet-dinh-125-Q%C4%90-UBND.pdf"
    )
    pdf = PdfReader(BytesIO(pdf_response.getvalue()))
    first, annex = pdf.pages[0], pdf.pages[-1]
    assert first.mediabox.width < first.mediabox.height and annex.mediabox.width > annex.mediabox.height
    body = first.extract_text()
    for line in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 125/QĐ-UBND",
        "ngày 31 tháng 01 năm 2027",
        "Về việc công nhận xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật",
        "Nguyễn Văn An",
    ):
        assert line in body
    assert (
        "Xã Đồng Tâm" in annex.extract_text() and "Kèm theo Quyết định số 125/QĐ-UBND" in annex.extract_text()
    )
    fonts = {font["/BaseFont"] for font in _fonts(pdf)}
    assert any("Serif" in name or "Times" in name or "Tinos" in name for name in fonts), fonts

    # The decision is public: listed on the results page, its PDF readable without signing in.
    anonymous = Client()
    results = anonymous.get(reverse("portal:results")).content.decode()
    assert "Quyết định số 125/QĐ-UBND ngày 31/01/2027 (Tỉnh Thử Nghiệm): 1 đơn vị" in results
    title = results[results.index("<title>") + 7 : results.index("</title>")]
    assert "<" not in title and "Công khai kết quả" in title
    public_pdf = anonymous.get(reverse("portal:decision_pdf", kwargs={"pk": entry.decision_id}))
    assert public_pdf.status_code == 200 and public_pdf["Content-Type"] == "application/pdf"
    assert public_pdf["Content-Disposition"].startswith("inline;")
    assert "Xã Đồng Tâm" in PdfReader(BytesIO(public_pdf.getvalue())).pages[-1].extract_text()

    authority.post(
        reverse("assessments:decision_revoke", kwargs={"pk": entry.pk}),
        {"number": "130/QĐ-UBND", "reason": "Phát hiện sai phạm", "revoked_on": "01/03/2027"},
    )
    entry.refresh_from_db()
    assessment.refresh_from_db()
    assert assessment.status == Status.REVOKED and entry.revocation_reason == "Phát hiện sai phạm"
    assert list(Transition.objects.filter(assessment=assessment).values_list("to_status", flat=True))[
        -3:
    ] == [
        "recommended",
        "recognised",
        "revoked",
    ]


def test_only_recommended_communes_can_be_recognised(forwarded: World) -> None:
    assessment = own(forwarded)
    with pytest.raises(ValidationError, match="chưa được Hội đồng đề nghị công nhận"):
        council.issue_decision(
            period=forwarded.periods["own"],
            user=forwarded.users[Role.RECOGNISING_AUTHORITY],
            number="1/QĐ",
            signed_on=date(2027, 1, 31),
            signer_name="A",
            signer_title="Chủ tịch",
            issuer_name="UBND tỉnh",
            place="Thử Nghiệm",
            assessments=[assessment],
        )
    assessment.refresh_from_db()
    assert assessment.status == Status.FORWARDED


def test_a_non_member_cannot_score(forwarded: World) -> None:
    CouncilMembership.objects.filter(user=forwarded.users[Role.COUNCIL_MEMBER]).delete()
    with pytest.raises(ValidationError, match="không có tên trong Hội đồng"):
        council.propose(
            assessment_id=own(forwarded).pk,
            user=forwarded.users[Role.COUNCIL_MEMBER],
            indicator="1.1",
            points=1,
        )


def test_recognised_communes_appear_on_the_public_results_page(forwarded: World, client) -> None:
    assessment = own(forwarded)
    secretary = forwarded.users[Role.COUNCIL_SECRETARY]
    chair = forwarded.users[Role.COUNCIL_MEMBER]
    meeting = council.record_meeting(
        period=forwarded.periods["own"],
        user=secretary,
        held_on=date(2027, 1, 20),
        minutes="Họp",
        attendees=[secretary, chair],
        chaired_by=chair,
        papers_sent_on=date(2027, 1, 14),
        decisions=[{"assessment": assessment, "recommend": True, "votes_for": 1}],
    )
    council.sign_minutes(meeting=meeting, user=chair)
    council.sign_minutes(meeting=meeting, user=secretary)
    assessment.refresh_from_db()
    council.issue_decision(
        period=forwarded.periods["own"],
        user=forwarded.users[Role.RECOGNISING_AUTHORITY],
        number="2/QĐ",
        signed_on=date(2027, 1, 31),
        signer_name="A",
        signer_title="Chủ tịch",
        issuer_name="UBND tỉnh",
        place="Thử Nghiệm",
        assessments=[assessment],
    )
    html = client.get(reverse("portal:results")).content.decode()
    assert "Xã Đồng Tâm" in html


def test_the_council_page_uses_a_bounded_number_of_queries(forwarded: World, login) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(forwarded.users[Role.COUNCIL_MEMBER])
    url = reverse("assessments:council", kwargs={"pk": forwarded.periods["own"].pk})
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    second = forwarded.periods["own"].assessments.get(unit=forwarded.units["N2"])
    fill_completely(second, forwarded.users[Role.COMMUNE_OFFICER])
    from tiepcan.assessments.models import Assessment

    Assessment.objects.filter(pk=second.pk).update(status=Status.FORWARDED)
    council.propose(
        assessment_id=second.pk, user=forwarded.users[Role.COUNCIL_MEMBER], indicator="1.1", points=1
    )
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    assert len(two) == len(one)


def test_a_member_seated_for_an_area_scores_only_that_areas_dossiers(forwarded: World, login) -> None:
    period, assessment = forwarded.periods["own"], own(forwarded)
    member = forwarded.users[Role.COUNCIL_MEMBER]
    other = Unit.objects.create(
        kind=UnitKind.RURAL_DISTRICT,
        code="902",
        name="Huyện Sông Xa",
        parent=forwarded.units["P1"],
        valid_to=date(2025, 6, 30),
    )
    admin = login(forwarded.users[Role.PROVINCE_ADMIN])
    add = reverse("assessments:council_member_add", kwargs={"pk": period.pk})
    admin.post(add, {"user": member.pk, "area": forwarded.units["P2"].pk})
    assert (
        CouncilMembership.objects.get(period=period, user=member).area is None
    )  # refused: not a district of P1
    admin.post(add, {"user": member.pk, "area": other.pk, "position": "Ủy viên"})
    assert CouncilMembership.objects.get(period=period, user=member).area == other

    # Xã Đồng Tâm was formed from communes of Huyện Đồi Núi, not of Huyện Sông Xa.
    with pytest.raises(ValidationError, match="không thuộc khu vực Huyện Sông Xa"):
        council.propose(assessment_id=assessment.pk, user=member, indicator="1.1", points=1)
    page = login(member).get(reverse("assessments:council", kwargs={"pk": period.pk})).content.decode()
    assert "Bạn phụ trách Huyện Sông Xa" in page and "Không có hồ sơ nào đang chờ Hội đồng" in page
    everything = login(member).get(reverse("assessments:council", kwargs={"pk": period.pk}), {"khu_vuc": ""})
    assert "Xã Đồng Tâm" in everything.content.decode()

    # The test client is shared: sign the administrator back in.
    login(forwarded.users[Role.PROVINCE_ADMIN]).post(
        add, {"user": member.pk, "area": forwarded.units["D1"].pk}
    )
    assert council.propose(assessment_id=assessment.pk, user=member, indicator="1.1", points=1).points == 1


def test_decision_wording_follows_decree_30() -> None:
    from tiepcan.assessments import documents

    assert documents.vn_date(date(2027, 3, 5)) == "ngày 05 tháng 3 năm 2027"
    assert documents.vn_date(date(2027, 1, 31)) == "ngày 31 tháng 01 năm 2027"
    assert documents.vn_date(date(2027, 12, 10)) == "ngày 10 tháng 12 năm 2027"
    assert documents._signer("Chủ tịch") == ["CHỦ TỊCH"]
    assert documents._signer("Phó Chủ tịch") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert documents._signer("PHÓ CHỦ TỊCH") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert documents._signer("KT. Chủ tịch  Phó Chủ tịch") == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    bases = documents._bases(
        [
            {
                "number": "27/2025/QĐ-TTg",
                "date": "2025-08-04",
                "issuer": "Thủ tướng Chính phủ (Phó Thủ tướng ký)",
                "title": "Quyết định quy định về xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật",
            },
            {"number": "63/2025/QH15", "date": None, "issuer": "Quốc hội", "title": "Luật Tổ chức Chính phủ"},
        ],
        date(2026, 1, 28),
    )
    assert bases == [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Quyết định số 27/2025/QĐ-TTg ngày 04 tháng 8 năm 2025 của Thủ tướng Chính phủ quy định về "
        "xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật;",
    ]
    assert documents._bases([], date(2022, 5, 1))[0].endswith("ngày 19 tháng 6 năm 2015;")
