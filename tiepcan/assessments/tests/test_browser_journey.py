"""In real Chromium: one commune's whole annual assessment, walked through the UI by every role.

1. The commune justice officer fills the self-assessment form (each input autosaves and the live
   score panel moves), ticks an indicator as "not arisen" and uploads a PDF as evidence.
2. The commune chairman approves the self-assessment and posts it publicly.
3. An anonymous citizen comments on the public posting page (honeypot left empty, the signed
   timestamp's minimum delay respected); the officer answers the comment, records the posting
   (office and portal, six days back: TT 09/2021 Điều 3.1.c) and the commune meeting that agreed
   the result (Điều 3.1.đ), until the page no longer says what sending waits for.
4. The chairman signs and sends the dossier (round 1); a reviewer of the provincial justice
   department downloads the evidence, writes a note on indicator 3.2 and returns the dossier.
5. The officer corrects 3.2, attaches new evidence and explains the note; the chairman resends
   (round 2); the reviewer compares the two rounds and forwards the dossier to the council.
6. The province administrator seats a chair and a secretary on the council; both propose
   points, and the secretary records the meeting (chaired, quorate, papers sent three working
   days before) with the council's recommendation; the secretary and the chair sign the minutes.
7. The recognising authority issues the recognition decision (number, date, signer).
8. The public results page lists the commune as recognised.

Each step asserts what the person sees (Vietnamese text, flash messages, the status badge, the
score panel) and what the database holds (transitions, rounds and snapshots, notes, comments,
council rows, the decision and its annex entry).
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from tiepcan.accounts.choices import Role
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import (
    Assessment,
    CouncilMeeting,
    CouncilMembership,
    CouncilRecommendation,
    CouncilScore,
    DecisionEntry,
    DossierSnapshot,
    Evidence,
    PublicComment,
    RecognitionDecision,
    ReviewNote,
    Transition,
)
from tiepcan.portal.views import MIN_SECONDS
from tiepcan.testing import PASSWORD, World, build_period, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"
COMMUNE = "Xã Đồng Tâm"


@pytest.fixture
def cycle(transactional_db: None, settings: Any, tmp_path: Path) -> World:
    # Uploaded evidence goes to a throw-away folder, never to the project's media folder.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    cache.clear()  # the comment rate limit lives in the cache
    world = build_world()
    build_period(world)
    return world


# --- What a person does in the browser -------------------------------------------------------


def sign_in(page: Page, base: str, user: Any) -> None:
    if page.url != f"{base}/dang-nhap/":  # signing out already lands on the sign-in page
        page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    expect(page.locator("div.dropdown > button.dropdown-toggle")).to_contain_text(user.full_name)


def sign_out(page: Page, base: str) -> None:
    """Through the user menu (a POST form in the dropdown), from wherever the person is.

    On a dossier page the menu opens over the sticky score panel: a regression there would make
    the click land on the panel and this wait fail.
    """
    page.locator("div.dropdown > button.dropdown-toggle").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(f"{base}/dang-nhap/")


def button(scope: Any, label: str) -> Any:
    """A button by its exact text (quicker than a role query on the long dossier page)."""
    return scope.locator(f'button:text-is("{label}")')


def link(scope: Any, label: str) -> Any:
    return scope.locator(f'a:text-is("{label}")')


def submit(page: Page, button: Any) -> None:
    """Click a button that posts a form and wait for the page the server redirects to."""
    with page.expect_navigation():
        button.click()


def flash(page: Page, text: str) -> None:
    expect(page.locator(".alert-success")).to_contain_text(text)


def autosave(page: Page, selector: str, value: str | bool) -> None:
    """Change one input as a person would, then wait for the server to save it (version + 1)."""
    version = int(page.input_value("#version"))
    field = page.locator(selector)
    if value is True or value is False:
        if field.get_attribute("type") == "checkbox":
            field.set_checked(bool(value))
        else:
            field.select_option("true" if value else "false")
    else:
        field.fill(value)
        field.press("Tab")  # leaving the field fires "change", which autosaves
    _wait_for_save(page, version)


def add_document(page: Page, indicator_slug: str, field: str, title: str, due: str, issued: str) -> None:
    """Add one row to a documents list (indicator 1.1): three inputs and the "+" button."""
    version = int(page.input_value("#version"))
    row = page.locator(f"#doc-{indicator_slug}-{field}")
    row.locator("input[name=doc_title]").fill(title)
    row.locator("input[name=doc_due_on]").fill(due)
    row.locator("input[name=doc_issued_on]").fill(issued)
    row.get_by_role("button", name="Thêm văn bản").click()
    _wait_for_save(page, version)
    # The list shows the new row at once and the inputs are empty again for the next one.
    listing = page.locator(f"#docs-{indicator_slug}-{field}")
    expect(listing).to_contain_text(title)
    expect(listing).not_to_contain_text("Chưa có văn bản.")
    expect(page.locator(f"#doc-{indicator_slug}-{field} input[name=doc_title]")).to_have_value("")


def _wait_for_save(page: Page, version: int) -> None:
    page.wait_for_function(
        """v => document.querySelector('#version').value === String(v)
               || document.querySelector('#save-status').classList.contains('text-danger')""",
        arg=version + 1,
    )
    status = page.locator("#save-status")
    # htmx settles the swapped-in attributes a moment after the swap: wait for the final class.
    assert "text-danger" not in (status.get_attribute("class") or ""), status.inner_text()
    expect(status).to_have_class(re.compile(r"\btext-success\b"))
    expect(status).to_contain_text("Đã lưu lúc")


def attach_evidence(page: Page, indicator: str, title: str, filename: str) -> None:
    block = page.locator(f"[id='ct-{indicator}']")
    block.locator("summary", has_text="thêm").click()
    form = block.locator("form[enctype='multipart/form-data']")
    form.locator("input[name=title]").fill(title)
    form.locator("input[type=file]").set_input_files(
        {"name": filename, "mimeType": "application/pdf", "buffer": PDF}
    )
    submit(page, button(form, "Tải lên"))
    flash(page, f"Đã thêm minh chứng cho chỉ tiêu {indicator}.")
    expect(link(page.locator(f"[id='ct-{indicator}']"), title)).to_be_visible()


def take_step(page: Page, label: str, reason: str = "") -> None:
    """Press one of the "next step" buttons, with the reason when the step asks for one."""
    form = page.locator("form[action$='/chuyen-buoc/']").filter(has=button(page, label))
    if reason:
        form.locator("textarea[name=reason]").fill(reason)
    submit(page, button(form, label))
    flash(page, "Đã cập nhật trạng thái hồ sơ.")


def expect_status(page: Page, label: str) -> None:
    expect(page.locator("h1 ~ span.badge.text-bg-secondary")).to_have_text(label)


def steps_offered(page: Page) -> list[str]:
    return page.locator("form[action$='/chuyen-buoc/'] button").all_inner_texts()


# --- The database's side --------------------------------------------------------------------


def path_of(assessment: Assessment) -> list[tuple[str, str]]:
    return list(Transition.objects.filter(assessment=assessment).values_list("from_status", "to_status"))


def actors(assessment: Assessment) -> list[str]:
    return list(Transition.objects.filter(assessment=assessment).values_list("actor__username", flat=True))


# --- The journey ----------------------------------------------------------------------------


def test_a_commune_is_assessed_reviewed_scored_and_recognised_through_the_ui(
    cycle: World, page: Page, live_server: Any
) -> None:
    base = live_server.url
    page.emulate_media(reduced_motion="reduce")  # no smooth scrolling to wait out before clicks
    period = cycle.periods["own"]
    assessment = period.assessments.get(unit=cycle.units["N1"])
    dossier = f"{base}/danh-gia/ho-so/{assessment.pk}/"
    officer, chairman, reviewer = (
        cycle.users[r] for r in (Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN, Role.REVIEWER)
    )
    member, secretary = cycle.users[Role.COUNCIL_MEMBER], cycle.users[Role.COUNCIL_SECRETARY]

    # 1. The officer fills the whole form; every input saves itself and rescores.
    sign_in(page, base, officer)
    page.goto(dossier)
    expect(page.locator("h1")).to_contain_text(f"{COMMUNE} – tự đánh giá năm 2026")
    expect_status(page, "Đang tự đánh giá")
    expect(page.locator("#score-panel")).to_contain_text("0/13 chỉ tiêu đạt")
    assert steps_offered(page) == []  # only the chairman moves the dossier on

    add_document(page, "11", "documents", "Nghị quyết về kinh tế - xã hội", "31/03/2026", "20/03/2026")
    answers: list[tuple[str, str | bool]] = [
        ("#f-12-drafts", "2"),
        ("#f-12-communicated", "2"),
        ("#f-13-self_checked", True),
        ("#f-21-listed", True),
        ("#f-22-disclosed", True),
        ("#na-23", True),  # no citizen asked for information this year
        ("#f-24-plan_on_time", True),
        ("#f-24-tasks", "10"),
        ("#f-24-done", "10"),
        ("#f-25-portal", True),
        ("#f-25-social", True),
        ("#f-25-digital_bookcase", False),
        ("#f-26-funded", True),
        ("#f-26-staffed", True),
        ("#f-31-villages", "8"),
        ("#f-31-teams", "8"),
        ("#f-31-mediators_required", "40"),
        ("#f-31-mediators_recognised", "40"),
        ("#f-32-received", "5"),
        ("#f-32-mediated", "5"),
        ("#f-32-successful", "4"),
        ("#f-33-teams", "8"),
        ("#f-33-teams_active", "8"),
        ("#f-34-teams_funded", True),
    ]
    for selector, value in answers:
        autosave(page, selector, value)
    expect(page.locator("#score-panel")).to_contain_text("12/13 chỉ tiêu đạt")
    expect(page.locator("#score-panel")).not_to_contain_text("Đạt chuẩn tiếp cận pháp luật")
    autosave(page, "#f-34-mediators_paid", True)
    score_panel = page.locator("#score-panel")
    expect(score_panel).to_contain_text("13/13 chỉ tiêu đạt")
    expect(score_panel).to_contain_text("Đạt chuẩn tiếp cận pháp luật")
    expect(page.locator("#result-32")).to_contain_text("Đạt")

    # Indicator 1.1 cannot go without evidence: the list of what is missing, refreshed by each
    # save, says so until a PDF is in.
    missing = page.locator("#missing-list")
    expect(missing.get_by_text("Còn thiếu trước khi gửi (1)")).to_be_visible()
    expect(
        missing.get_by_role("link", name="Chỉ tiêu 1.1: thiếu tài liệu minh chứng bắt buộc.")
    ).to_be_visible()
    attach_evidence(page, "1.1", "Nghị quyết số 05/NQ-HĐND", "nghi-quyet-05.pdf")
    expect(page.get_by_text("Còn thiếu trước khi gửi")).to_have_count(0)

    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and assessment.recognisable is True
    assert assessment.values["3.2"] == {"received": 5, "mediated": 5, "successful": 4}
    assert assessment.values["1.1"]["documents"] == [
        {"title": "Nghị quyết về kinh tế - xã hội", "due_on": "2026-03-31", "issued_on": "2026-03-20"}
    ]
    assert assessment.not_arisen == ["2.3"]
    evidence = Evidence.objects.get(assessment=assessment)
    assert (evidence.indicator, evidence.content_type, evidence.size, evidence.round) == (
        "1.1",
        "application/pdf",
        len(PDF),
        0,
    )
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF
    assert not Transition.objects.filter(assessment=assessment).exists()
    sign_out(page, base)

    # 2. The chairman approves, then posts the result publicly.
    sign_in(page, base, chairman)
    page.goto(dossier)
    assert steps_offered(page) == ["Chủ tịch duyệt kết quả tự đánh giá"]
    take_step(page, "Chủ tịch duyệt kết quả tự đánh giá")
    expect_status(page, "Chủ tịch đã duyệt")
    take_step(page, "Niêm yết công khai để lấy ý kiến")
    expect_status(page, "Đang niêm yết công khai")
    expect(link(page, "Trang niêm yết công khai ↗")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.status == Status.POSTED and assessment.posted_at is not None
    assert path_of(assessment) == [(Status.DRAFT, Status.APPROVED), (Status.APPROVED, Status.POSTED)]
    sign_out(page, base)

    # 3. A citizen, not signed in, reads the posting and leaves a comment.
    page.goto(f"{base}/cong-khai/")
    postings = page.get_by_role("region", name="Đang niêm yết lấy ý kiến")
    expect(postings).to_contain_text(COMMUNE)
    postings.get_by_role("link", name=COMMUNE).click()
    page.wait_for_url(f"{base}/cong-khai/{assessment.pk}/")
    loaded = time.monotonic()
    expect(page.locator("h1")).to_contain_text(COMMUNE)
    expect(page.get_by_text("13/13 chỉ tiêu đạt")).to_be_visible()
    expect(page.get_by_text("Chưa có ý kiến.")).to_be_visible()
    assert "nghi-quyet-05" not in page.content()  # evidence is never public
    page.fill("#c-name", "Nguyễn Thị Dân")
    page.fill("#c-text", "Đề nghị niêm yết thêm danh sách hòa giải viên tại nhà văn hóa thôn.")
    assert page.input_value("input[name=website]") == ""  # the honeypot stays empty for people
    # The form refuses a post sooner than MIN_SECONDS after the page was served (anti-bot).
    page.wait_for_timeout(max(0.0, MIN_SECONDS + 0.2 - (time.monotonic() - loaded)) * 1000)
    submit(page, page.get_by_role("button", name="Gửi ý kiến"))
    flash(page, "Cảm ơn bạn. Ý kiến đã được gửi tới UBND xã Đồng Tâm.")
    expect(page.get_by_text("Đề nghị niêm yết thêm danh sách hòa giải viên")).to_be_visible()
    comment = PublicComment.objects.get(assessment=assessment)
    assert comment.author_name == "Nguyễn Thị Dân" and comment.answer == ""

    # ... and the officer answers it from the dossier.
    sign_in(page, base, officer)
    page.goto(dossier)
    comments = page.locator("section", has_text="Ý kiến người dân trong thời gian niêm yết")
    expect(comments).to_contain_text("Nguyễn Thị Dân")
    comments.locator("input[name=answer]").fill("UBND xã đã niêm yết danh sách tại các nhà văn hóa.")
    submit(page, button(comments, "Trả lời"))
    flash(page, "Đã trả lời ý kiến.")
    expect(page.get_by_text("Trả lời: UBND xã đã niêm yết danh sách")).to_be_visible()
    comment.refresh_from_db()
    assert comment.answered_by == officer and comment.answer.startswith("UBND xã đã niêm yết")
    sign_out(page, base)
    page.goto(f"{base}/cong-khai/{assessment.pk}/")
    expect(page.get_by_text("UBND xã Đồng Tâm trả lời: UBND xã đã niêm yết danh sách")).to_be_visible()

    # ... records how and since when the result is posted (TT 09/2021 Điều 3.1.c): at the office and on
    # the portal since six days ago; sending waits for the commune meeting (Điều 3.1.đ).
    sign_in(page, base, officer)
    page.goto(dossier)
    waits = page.locator("#sending-waits")
    expect(waits).to_contain_text("Chưa ghi việc niêm yết công khai")
    six_days_ago = (timezone.localdate() - timedelta(days=6)).strftime("%d/%m/%Y")
    posting = page.locator("form[action$='/niem-yet/']")
    posting.locator("#p-office-from").fill(six_days_ago)
    posting.locator("#p-mode").select_option("portal")
    posting.locator("#p-mode-from").fill(six_days_ago)
    posting.locator("#p-url").fill("https://dongtam.thunghiem.gov.vn/niem-yet")
    submit(page, posting.get_by_role("button", name="Ghi việc niêm yết"))
    flash(page, "Đã ghi việc niêm yết công khai.")
    expect(page.locator("#posting-recorded")).to_contain_text(six_days_ago)
    expect(waits).to_contain_text("Chưa ghi cuộc họp xem xét, thống nhất kết quả")
    meeting_of_commune = page.locator("form[action$='/hop-thong-nhat/']")
    meeting_of_commune.locator("#m-held-on").fill(timezone.localdate().strftime("%d/%m/%Y"))
    meeting_of_commune.locator("#m-chair-role").select_option("vice_chairman")
    meeting_of_commune.locator("#m-chair-name").fill("Lê Văn Phó")
    for group in ("officers", "police", "fatherland_front", "village_heads"):
        meeting_of_commune.locator(f"#m-group-{group}").check()
    meeting_of_commune.locator("#m-attendees").fill(
        "Công chức chuyên môn, Trưởng Công an xã, Chủ tịch Ủy ban MTTQ xã, 8 Trưởng thôn"
    )
    meeting_of_commune.locator("#m-outcome").fill("Thống nhất kết quả tự chấm điểm, đề nghị công nhận.")
    submit(page, meeting_of_commune.get_by_role("button", name="Ghi cuộc họp"))
    flash(page, "Đã ghi cuộc họp thống nhất kết quả.")
    expect(page.locator("#meeting-recorded")).to_contain_text("Lê Văn Phó")
    expect(page.locator("#sending-waits")).to_have_count(0)
    sign_out(page, base)

    # 4. The chairman signs and sends the dossier; the reviewer returns it with a note on 3.2.
    sign_in(page, base, chairman)
    page.goto(dossier)
    take_step(page, "Ký và gửi hồ sơ đề nghị công nhận")
    expect_status(page, "Đã gửi hồ sơ")
    expect(page.get_by_text("gửi lần 1", exact=True)).to_be_visible()
    snapshot = DossierSnapshot.objects.get(assessment=assessment, round=1)
    assert "Nhận được 1 ý kiến, đã trả lời 1." in snapshot.comment_summary
    assert [e["indicator"] for e in snapshot.evidence] == ["1.1"]
    sign_out(page, base)

    sign_in(page, base, reviewer)
    page.goto(dossier)
    # Forwarding is the main action; returning stands apart, with its own reason field.
    assert steps_offered(page) == ["Chuyển Hội đồng đánh giá", "Trả lại, yêu cầu bổ sung"]
    with page.expect_download() as download:
        link(page, "Nghị quyết số 05/NQ-HĐND").click()
    with open(download.value.path(), "rb") as fetched:
        assert fetched.read() == PDF
    expect(page.get_by_text("Yêu cầu bổ sung theo chỉ tiêu (lần gửi 1)")).to_be_visible()
    page.select_option("#note-indicator", "3.2")
    page.fill("#note-text", "Bổ sung sổ theo dõi hòa giải; số vụ tiếp nhận chưa khớp với sổ.")
    submit(page, button(page.locator("form[action$='/yeu-cau-bo-sung/']"), "Ghi"))
    flash(page, "Đã ghi yêu cầu bổ sung.")
    expect(page.get_by_text("Lần 1 · chỉ tiêu 3.2")).to_be_visible()
    take_step(page, "Trả lại, yêu cầu bổ sung", reason="Hồ sơ hòa giải chưa đủ, đề nghị bổ sung.")
    expect_status(page, "Trả lại, yêu cầu bổ sung")
    note = ReviewNote.objects.get(assessment=assessment)
    assert (note.round, note.indicator, note.reviewer, note.explanation) == (1, "3.2", reviewer, "")
    returned = Transition.objects.filter(assessment=assessment).last()
    assert returned is not None
    assert (returned.to_status, returned.actor, returned.reason) == (
        Status.RETURNED,
        reviewer,
        "Hồ sơ hòa giải chưa đủ, đề nghị bổ sung.",
    )
    sign_out(page, base)

    # 5. The officer corrects 3.2, attaches the register and explains; the chairman resends.
    sign_in(page, base, officer)
    page.goto(dossier)
    expect(page.get_by_text("Bổ sung sổ theo dõi hòa giải; số vụ tiếp nhận chưa khớp")).to_be_visible()
    autosave(page, "#f-32-received", "6")
    expect(page.locator("#score-panel")).to_contain_text("12/13 chỉ tiêu đạt")  # 5 of 6 cases mediated
    expect(page.locator("#result-32")).to_contain_text("Chưa đạt")
    autosave(page, "#f-32-mediated", "6")
    autosave(page, "#f-32-successful", "5")
    expect(page.locator("#score-panel")).to_contain_text("13/13 chỉ tiêu đạt")
    attach_evidence(page, "3.2", "Sổ theo dõi hòa giải năm 2026", "so-hoa-giai.pdf")
    notes = page.locator("section", has_text="Yêu cầu bổ sung và giải trình")
    notes.locator("input[name=text]").fill("Đã bổ sung sổ theo dõi; số vụ tiếp nhận đúng là 6.")
    submit(page, button(notes, "Gửi"))
    flash(page, "Đã ghi giải trình.")
    expect(page.get_by_text("Đã bổ sung sổ theo dõi; số vụ tiếp nhận đúng là 6.")).to_be_visible()
    note.refresh_from_db()
    assert note.explained_by == officer
    assert Evidence.objects.get(assessment=assessment, indicator="3.2").round == 1
    sign_out(page, base)

    sign_in(page, base, chairman)
    page.goto(dossier)
    take_step(page, "Gửi lại hồ sơ đã bổ sung, giải trình")
    expect_status(page, "Đã gửi hồ sơ")
    expect(page.get_by_text("gửi lần 2")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.round == 2
    rounds = DossierSnapshot.objects.filter(assessment=assessment).values_list("round", flat=True)
    assert list(rounds) == [1, 2]
    second = DossierSnapshot.objects.get(assessment=assessment, round=2)
    assert second.values["3.2"]["received"] == 6 and snapshot.values["3.2"]["received"] == 5
    sign_out(page, base)

    # The reviewer compares the two rounds, then forwards the dossier to the council.
    sign_in(page, base, reviewer)
    page.goto(dossier)
    link(page, "So sánh 2 lần gửi").click()
    expect(page.get_by_text("Lần gửi 1 → lần gửi 2")).to_be_visible()
    expect(page.locator("table.tc-round-values tbody tr")).to_have_count(1)
    expect(page.locator("table.tc-round-values tbody tr td").first).to_have_text("3.2")
    expect(page.locator("table.tc-round-values tbody")).to_contain_text("Số vụ việc tiếp nhận: 5 → 6")
    added = page.locator("table.tc-round-evidence tbody tr")
    expect(added).to_have_count(1)
    expect(added).to_contain_text("Sổ theo dõi hòa giải năm 2026")
    expect(page.get_by_text("Chỉ tiêu 3.2: Bổ sung sổ theo dõi hòa giải")).to_be_visible()
    page.goto(dossier)
    take_step(page, "Chuyển Hội đồng đánh giá")
    expect_status(page, "Đã chuyển Hội đồng")
    sign_out(page, base)

    # 6. The province administrator seats the council; members propose points; the secretary records.
    sign_in(page, base, cycle.users[Role.PROVINCE_ADMIN])
    page.goto(f"{base}/danh-gia/ky/{period.pk}/")
    page.get_by_role("link", name="Hội đồng đánh giá").click()
    page.wait_for_url(f"{base}/danh-gia/ky/{period.pk}/hoi-dong/")
    expect(page.get_by_text("Chưa có thành viên.")).to_be_visible()
    seats = page.locator("form[action$='/hoi-dong/thanh-vien/']")
    for person, position, role in (
        (member, "Phó Giám đốc Sở Tư pháp", "chair"),
        (secretary, "Trưởng phòng Phổ biến, giáo dục pháp luật", "secretary"),
    ):
        seats.locator("select[name=user]").select_option(label=person.full_name)
        seats.locator("input[name=position]").fill(position)
        seats.locator("select[name=role]").select_option(role)
        submit(page, seats.get_by_role("button", name="Thêm vào Hội đồng"))
        flash(page, "Đã cập nhật thành viên Hội đồng.")
    members_card = page.locator(".tc-card", has_text="Thành viên Hội đồng")
    expect(members_card).to_contain_text(f"{member.full_name} (Chủ tịch Hội đồng) – Phó Giám đốc Sở Tư pháp")
    expect(members_card).to_contain_text(f"{secretary.full_name} (Thư ký Hội đồng)")
    assert set(
        CouncilMembership.objects.filter(period=period).values_list("user__username", "is_secretary")
    ) == {(member.username, False), (secretary.username, True)}
    sign_out(page, base)

    council = f"{base}/danh-gia/ky/{period.pk}/hoi-dong/"
    for person, reason in ((member, "Sổ hòa giải đã được bổ sung"), (secretary, "Đạt sau giải trình")):
        sign_in(page, base, person)
        page.goto(council)
        # The council's list: a row per dossier, its scoring on a page of its own.
        row = page.locator("#ho-so tbody tr", has_text=COMMUNE)
        expect(row).to_contain_text("chưa chấm")
        row.get_by_role("link", name="Chấm điểm").click()
        page.wait_for_url(f"{base}/danh-gia/hoi-dong/ho-so/{assessment.pk}/**")
        expect(page.locator("#ket-qua")).to_contain_text("Đạt chuẩn tiếp cận pháp luật")
        scoring = page.locator("#cham-diem")
        scoring.locator("input[name='points:3.2']").fill("1")
        scoring.locator("input[name='reason:3.2']").fill(reason)
        submit(page, scoring.get_by_role("button", name="Lưu điểm đề xuất"))
        flash(page, "Đã ghi 1 điểm đề xuất.")
        expect(scoring.locator("input[name='reason:3.2']")).to_have_value(reason)
        page.get_by_role("link", name="Danh sách").click()
        expect(page.locator("#ho-so tbody tr", has_text=COMMUNE)).to_contain_text("bạn đã chấm")
        if person != secretary:
            sign_out(page, base)
    assert set(
        CouncilScore.objects.filter(assessment=assessment).values_list("member__username", "indicator")
    ) == {(member.username, "3.2"), (secretary.username, "3.2")}

    # The minutes are written on a page of their own, a page of dossiers at a time.
    page.get_by_role("link", name="Ghi biên bản họp Hội đồng").click()
    page.wait_for_url(f"{council}ghi-bien-ban/")
    meeting_form = page.locator("form[action*='/hoi-dong/bien-ban/']")
    expect(meeting_form.locator("input[name=attendees]:checked")).to_have_count(2)
    meeting_form.locator("#kind").select_option("meeting")
    meeting_form.locator("#chaired_by").select_option(label=f"{member.full_name} (Chủ tịch Hội đồng)")
    meeting_form.locator("#held_on").fill("20/01/2027")
    meeting_form.locator("#papers_sent_on").fill("15/01/2027")  # three working days before (TT 09 Điều 5.6.c)
    meeting_form.locator("#place").fill("Sở Tư pháp tỉnh Thử Nghiệm")
    meeting_form.locator("#minutes").fill("Hội đồng họp, xem xét hồ sơ và thống nhất đề nghị công nhận.")
    row = meeting_form.locator("tr", has=page.locator(f"input[name$='-assessment'][value='{assessment.pk}']"))
    row.get_by_label("Kết luận").select_option("yes")
    row.get_by_label("Tán thành", exact=True).fill("2")
    submit(page, meeting_form.get_by_role("button", name="Ghi biên bản và kiến nghị"))
    flash(page, "Đã ghi biên bản và kiến nghị của Hội đồng.")
    page.wait_for_url(council)  # every dossier has its row: back on the council page, to sign
    expect(page.get_by_text("Họp Hội đồng 20/01/2027")).to_be_visible()
    expect(page.get_by_text("Kết luận: 1 đề nghị công nhận, 0 không đề nghị")).to_be_visible()
    expect(page.get_by_text("Không có hồ sơ nào đang chờ Hội đồng.")).to_be_visible()
    page.get_by_role("link", name="Xem các dòng kết luận").click()
    recorded = page.locator("#bien-ban tr", has_text=COMMUNE)
    expect(recorded).to_contain_text("đề nghị công nhận – Đạt chuẩn tiếp cận pháp luật")
    expect(recorded.locator("td").nth(2)).to_have_text("2")
    page.goto(council)
    meeting = CouncilMeeting.objects.get(period=period)
    assert set(meeting.attendees.values_list("username", flat=True)) == {member.username, secretary.username}
    recommendation = CouncilRecommendation.objects.get(assessment=assessment)
    assert recommendation.meeting == meeting and recommendation.recommend is True
    assert recommendation.votes_for == 2 and recommendation.criterion_points == {
        "TC1": "3.00",
        "TC2": "6.00",
        "TC3": "4.00",
    }
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOMMENDED
    # The minutes are signed by the secretary and by the person chairing (TT 09/2021 Điều 5.5).
    submit(page, page.get_by_role("button", name="Ký xác nhận biên bản"))
    flash(page, "Đã ký xác nhận biên bản.")
    sign_out(page, base)
    sign_in(page, base, member)
    page.goto(council)
    submit(page, page.get_by_role("button", name="Ký xác nhận biên bản"))
    flash(page, "Đã ký xác nhận biên bản.")
    expect(page.get_by_role("button", name="Ký xác nhận biên bản")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.signed and meeting.chaired_by == member
    sign_out(page, base)

    # 7. The recognising authority issues the decision.
    authority = cycle.users[Role.RECOGNISING_AUTHORITY]
    sign_in(page, base, authority)
    page.goto(f"{base}/danh-gia/ky/{period.pk}/quyet-dinh/")
    issue = page.locator("form[action$='/quyet-dinh/ban-hanh/']")
    expect(issue.get_by_label(COMMUNE)).to_be_checked()
    issue.locator("#number").fill("15/QĐ-UBND")
    issue.locator("#signed_on").fill("25/01/2027")
    issue.locator("#signer_name").fill("Nguyễn Văn An")
    issue.locator("#signer_title").fill("Chủ tịch")
    submit(page, issue.get_by_role("button", name="Ban hành"))
    flash(page, "Đã ban hành Quyết định 15/QĐ-UBND.")
    card = page.locator(".tc-card", has_text="Quyết định số 15/QĐ-UBND ngày 25/01/2027")
    expect(card).to_contain_text(COMMUNE)
    expect(card).to_contain_text("13 chỉ tiêu đạt")
    expect(card.get_by_role("link", name="Tải .docx")).to_be_visible()
    decision = RecognitionDecision.objects.get(period=period)
    assert (decision.number, decision.signed_on.isoformat(), decision.signer_name, decision.signer_title) == (
        "15/QĐ-UBND",
        "2027-01-25",
        "Nguyễn Văn An",
        "Chủ tịch",
    )
    entry = DecisionEntry.objects.get(assessment=assessment)
    assert entry.decision == decision and entry.revoked_on is None
    page.goto(dossier)
    expect_status(page, "Đã được công nhận")
    assert steps_offered(page) == ["Thu hồi quyết định công nhận"]
    expect(page.locator(".tc-card", has_text="Lịch sử")).to_contain_text("Đã được công nhận (QĐ 15/QĐ-UBND)")
    assessment.refresh_from_db()
    assert assessment.status == Status.RECOGNISED
    assert path_of(assessment) == [
        (Status.DRAFT, Status.APPROVED),
        (Status.APPROVED, Status.POSTED),
        (Status.POSTED, Status.SUBMITTED),
        (Status.SUBMITTED, Status.RETURNED),
        (Status.RETURNED, Status.SUBMITTED),
        (Status.SUBMITTED, Status.FORWARDED),
        (Status.FORWARDED, Status.RECOMMENDED),
        (Status.RECOMMENDED, Status.RECOGNISED),
    ]
    who = [chairman, chairman, chairman, reviewer, chairman, reviewer, secretary, authority]
    assert actors(assessment) == [person.username for person in who]
    sign_out(page, base)

    # 8. The public results page counts and lists the commune as recognised, found without accents
    #    too, and it is no longer among the open postings; its posting page stays readable.
    page.goto(f"{base}/cong-khai/?nam=2026")
    expect(page.locator(".tc-portal-total")).to_contain_text("năm 2026")
    expect(page.locator("#open-postings")).to_have_count(0)
    page.fill("#f-q", "dong tam")
    submit(page, page.get_by_role("button", name="Lọc"))
    row = page.locator("tr", has_text=COMMUNE)
    expect(row).to_contain_text("Được công nhận")
    row.get_by_role("link", name=COMMUNE).click()
    page.wait_for_url(f"{base}/cong-khai/xa/{assessment.unit_id}/")
    expect(page.locator("h1")).to_contain_text(COMMUNE)
    page.goto(f"{base}/cong-khai/{assessment.pk}/")
    expect(page.get_by_text("Đã được công nhận")).to_be_visible()
    expect(page.get_by_text("Đã hết thời gian nhận ý kiến.")).to_be_visible()
    expect(page.locator("h1")).to_have_text(f"{COMMUNE} (Tỉnh Thử Nghiệm)")
