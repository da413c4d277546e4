"""The self-assessment page and its autosave: what a refusal answers, related inputs saved
together, what is missing and where, the evidence picker, the steps, the markup a strict CSP allows."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, Evidence
from tiepcan.assessments.tests import test_cycle, test_framework_rules
from tiepcan.assessments.tests.helpers import send
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.core.tests.markup import squash
from tiepcan.testing import World

pytestmark = pytest.mark.django_db
cycle = test_cycle.cycle  # the fixture: a 2026 period of province P1, evidence in a throw-away folder
qd25 = test_framework_rules.qd25  # a 2024 period of P1 under QĐ 25/2021, which asks the Điều 4 facts

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"


def save(assessment: Assessment, user: Any, indicator: str, field: str, value: str) -> Assessment:
    assessment.refresh_from_db()
    return services.save_value(
        assessment_id=assessment.pk,
        user=user,
        version=assessment.version,
        indicator=indicator,
        field=field,
        value=value,
    )


def post(client: Any, assessment: Assessment, data: dict[str, Any]) -> Any:
    assessment.refresh_from_db()
    return client.post(
        reverse("assessments:autosave", kwargs={"pk": assessment.pk}),
        {"version": assessment.version, **data},
        HTTP_HX_REQUEST="true",
    )


def xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<x/>")
    return buffer.getvalue()


# --- Autosave ------------------------------------------------------------------------------------


def test_every_input_saves_without_a_swap_target_so_a_refusal_cannot_remove_one(cycle: World, login) -> None:
    """The root of "one refused value stops autosave": a 422 answer replaced #score-panel, the
    target of every input, by nothing. Now every part of an answer is swapped out of band."""
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    html = client.get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})).content.decode()
    posting = re.findall(r"<(?:input|select|button)\b[^>]*\bhx-post=[^>]*>", html)
    assert len(posting) > 30
    assert all('hx-swap="none"' in tag and "hx-target" not in tag for tag in posting)
    save(assessment, cycle.users[Role.COMMUNE_OFFICER], "3.1", "villages", "59")
    refused = post(
        client, assessment, {"indicator": "3.1", "field": "villages", "v-villages": "-5", "v-teams": ""}
    )
    body = refused.content.decode()
    assert refused.status_code == 422
    assert 'id="score-panel"' not in body and 'id="version"' not in body
    assert all('hx-swap-oob="true"' in tag for tag in re.findall(r"<(?:div|span)\b[^>]*\bid=[^>]*>", body))


def test_a_refused_value_is_explained_at_its_input_with_what_was_typed_and_what_is_kept(
    cycle: World, login
) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    save(assessment, cycle.users[Role.COMMUNE_OFFICER], "3.1", "villages", "59")
    body = post(
        client, assessment, {"indicator": "3.1", "field": "villages", "v-villages": "-5", "v-teams": ""}
    ).content.decode()
    message = re.search(r'<div id="f-31-villages-msg"[^>]*>.*?</div>', body, re.S)
    assert message is not None
    assert 'data-state="refused"' in message[0] and 'data-saved="59"' in message[0]
    assert 'data-typed="-5"' in message[0]
    assert "Giá trị “-5” không được lưu: không được âm. Giá trị đã lưu: 59." in message[0]
    assert 'href="#f-31-villages"' in body  # the save status leads to the input
    assessment.refresh_from_db()
    assert assessment.values["3.1"] == {"villages": 59}


def test_the_inputs_of_an_indicator_are_saved_together_so_a_pair_can_be_typed_in_any_order(
    cycle: World, login
) -> None:
    assessment = own(cycle)
    officer = cycle.users[Role.COMMUNE_OFFICER]
    client = login(officer)
    save(assessment, officer, "3.2", "received", "10")
    save(assessment, officer, "3.2", "mediated", "8")
    fields = {"indicator": "3.2", "v-successful": ""}
    first = post(client, assessment, {**fields, "field": "received", "v-received": "5", "v-mediated": "8"})
    body = first.content.decode()
    assert first.status_code == 422
    assert re.search(r'id="f-32-received-msg"[^>]*data-state="pending"', body)
    assert "“5” chưa được lưu: Số vụ được hòa giải không được lớn hơn số vụ tiếp nhận." in body
    assert "Giá trị đã lưu: 10." in body
    second = post(client, assessment, {**fields, "field": "mediated", "v-received": "5", "v-mediated": "5"})
    assert second.status_code == 200
    assessment.refresh_from_db()
    assert assessment.values["3.2"] == {"received": 5, "mediated": 5}
    # The answer clears the messages of every input it saved.
    assert re.search(
        r'id="f-32-received-msg"[^>]*data-state=""[^>]*hx-swap-oob="true"></div>', squash(second.content)
    )


def test_a_garbled_autosave_is_refused_in_vietnamese_and_changes_nothing(cycle: World, login) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    stale = post(
        client, assessment, {"version": "9" * 5000, "indicator": "2.1", "field": "listed", "value": "true"}
    )
    assert stale.status_code == 409
    odd = post(client, assessment, {"kind": "drop_table", "indicator": "2.1"})
    assert odd.status_code == 422 and "Thao tác lưu không hợp lệ." in odd.content.decode()
    assessment.refresh_from_db()
    assert assessment.values == {} and assessment.version == 1


def test_not_arisen_and_the_other_conditions_are_saved_without_evaluated_attributes(
    cycle: World, qd25: World, login
) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    # A ticked checkbox sends its value; an unticked one sends nothing.
    assert (
        post(client, assessment, {"kind": "not_arisen", "indicator": "2.3", "value": "true"}).status_code
        == 200
    )
    assessment.refresh_from_db()
    assert assessment.not_arisen == ["2.3"]
    post(client, assessment, {"kind": "not_arisen", "indicator": "2.3"})
    assessment.refresh_from_db()
    assert assessment.not_arisen == []
    # The other conditions: the Điều 4 questions of QĐ 25/2021 (QĐ 27/2025 as read asks none).
    dossier = qd25.periods["qd25"].assessments.get(unit=qd25.units["C1"])
    client = login(qd25.users[Role.SYSTEM_ADMIN])
    assert (
        post(client, dossier, {"kind": "fact", "fact": "head_admin_disciplined", "value": "true"}).status_code
        == 200
    )
    dossier.refresh_from_db()
    assert dossier.facts == {"head_admin_disciplined": True}
    post(client, dossier, {"kind": "fact", "fact": "head_admin_disciplined"})
    dossier.refresh_from_db()
    assert dossier.facts == {"head_admin_disciplined": False}


def test_the_page_and_its_answers_need_no_inline_script_style_or_eval(cycle: World, login) -> None:
    """What a Content-Security-Policy without 'unsafe-inline' and 'unsafe-eval' would block."""
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    page = client.get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})).content.decode()
    answers = [
        post(
            client, assessment, {"indicator": "3.2", "field": "received", "v-received": "5"}
        ).content.decode(),
        post(
            client, assessment, {"indicator": "3.2", "field": "received", "v-received": "-1"}
        ).content.decode(),
    ]
    for html in (page, *answers):
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert not re.search(r"\son[a-z]+=", html)
        assert not re.search(r"\sstyle=", html)
        assert "js:" not in html and "javascript:" not in html and "hx-on" not in html
    assert re.search(r'<script src="/static/js/assessment\.js" defer>', page)


# --- What is missing -----------------------------------------------------------------------------


def test_each_missing_item_names_the_input_where_it_is_fixed(cycle: World) -> None:
    assessment = own(cycle)
    items = {item.text: item.anchor for item in services.missing(assessment)}
    assert items["Chỉ tiêu 1.1: thiếu tài liệu minh chứng bắt buộc."] == "ev-11"
    assert (
        items["Chỉ tiêu 1.2: chưa nhập “Số dự thảo phải truyền thông”, “Số dự thảo đã được truyền thông”."]
        == "f-12-drafts"
    )
    assessment = save(assessment, cycle.users[Role.COMMUNE_OFFICER], "1.2", "drafts", "3")
    items = {item.text: item.anchor for item in services.missing(assessment)}
    assert items["Chỉ tiêu 1.2: chưa nhập “Số dự thảo đã được truyền thông”."] == "f-12-communicated"


def test_after_a_return_the_notes_still_to_explain_are_missing_too(cycle: World) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    chairman, reviewer = cycle.users[Role.COMMUNE_CHAIRMAN], cycle.users[Role.REVIEWER]
    send(assessment.pk, chairman)
    note = services.add_note(assessment_id=assessment.pk, user=reviewer, indicator="3.2", text="Bổ sung sổ.")
    services.transition(assessment_id=assessment.pk, user=reviewer, to=Status.RETURNED, reason="Thiếu sổ")
    assessment.refresh_from_db()
    assert [(m.text, m.anchor) for m in services.missing(assessment)] == [
        ("Yêu cầu bổ sung về chỉ tiêu 3.2 chưa được giải trình.", f"note-{note.pk}")
    ]
    assert services.missing_by_assessment([assessment])[assessment.pk] == services.missing(assessment)


def test_the_home_page_lists_what_is_missing_on_the_officers_dossier_with_links(cycle: World, login) -> None:
    assessment = own(cycle)
    html = login(cycle.users[Role.COMMUNE_OFFICER]).get(reverse("home")).content.decode()
    dossier = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    lacking = services.missing(assessment)
    assert len(lacking) > 5 and f"Còn thiếu {len(lacking)} mục:" in html
    assert f'<a href="{dossier}#f-11-documents">Chỉ tiêu 1.1: chưa nhập' in html
    assert f'<a href="{dossier}#ev-11">Chỉ tiêu 1.1: thiếu tài liệu minh chứng bắt buộc.</a>' in html
    assert f'<a href="{dossier}#missing-list">và {len(lacking) - 5} mục khác</a>' in html
    assert "0/13 chỉ tiêu đạt" in html


def test_the_phone_summary_and_the_side_list_come_from_the_same_items(cycle: World, login) -> None:
    assessment = own(cycle)
    html = (
        login(cycle.users[Role.COMMUNE_OFFICER])
        .get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}))
        .content.decode()
    )
    top = html[html.index('id="missing-top"') : html.index('id="missing-top"') + 3000]
    assert 'id="score-compact"' in html and "0/13 chỉ tiêu đạt" in html
    total = len(services.missing(assessment))
    assert top.count("data-tc-focus>Chỉ tiêu") == 3 and f"Xem cả {total} mục" in top


# --- Evidence ------------------------------------------------------------------------------------


def test_the_file_picker_the_hint_and_the_server_follow_the_indicators_rule(cycle: World, login) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    html = squash(client.get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})).content)
    # 1.1 takes PDF and DOCX only (its evidence rule); 2.1 says nothing, so every kind.
    assert re.search(r'id="ev-11-file" name="file" accept="\.pdf,\.docx"', html)
    assert re.search(r'id="ev-11-hint">PDF, DOCX; tối đa 20', html)
    assert re.search(r'id="ev-21-file" name="file" accept="\.pdf,\.docx,\.xlsx,\.jpg,\.jpeg,\.png"', html)
    url = reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk})
    sheet = {"title": "Bảng tính", "file": SimpleUploadedFile("bang.xlsx", xlsx())}
    refused = client.post(url, {"indicator": "1.1", **sheet}, follow=True).content.decode()
    assert "không đúng định dạng cho phép (PDF, DOCX)" in refused
    assert not Evidence.objects.exists()
    client.post(
        url, {"indicator": "2.1", "title": "Bảng tính", "file": SimpleUploadedFile("bang.xlsx", xlsx())}
    )
    assert Evidence.objects.get().indicator == "2.1"


# --- Steps ---------------------------------------------------------------------------------------


def test_the_reviewer_forwards_as_the_main_action_and_returns_apart_with_a_reason(
    cycle: World, login
) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    send(assessment.pk, cycle.users[Role.COMMUNE_CHAIRMAN])
    client = login(cycle.users[Role.REVIEWER])
    url = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    html = squash(client.get(url).content)
    forms = re.findall(r'<form method="post" action="[^"]*/chuyen-buoc/".*?</form>', html, re.S)
    forward, back = forms
    assert 'value="forwarded"' in forward and "<textarea" not in forward
    assert 'class="btn btn-sm btn-primary w-100">Chuyển Hội đồng đánh giá' in forward
    assert 'value="returned"' in back
    assert (
        '<label class="form-label small mb-1" for="reason-returned">Lý do trả lại, nội dung cần bổ sung'
        in back
    )
    assert 'id="reason-returned" name="reason"' in back and "required" in back
    assert 'class="btn btn-sm btn-outline-danger w-100">Trả lại, yêu cầu bổ sung' in back
    refused = client.post(
        reverse("assessments:transition", kwargs={"pk": assessment.pk}),
        {"to": "returned", "reason": " "},
        follow=True,
    )
    assert "Hãy ghi lý do khi chọn “Trả lại, yêu cầu bổ sung”." in refused.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


# --- Numbers as people say them ------------------------------------------------------------------


def test_results_are_written_in_met_indicators_or_points_without_needless_decimals() -> None:
    from tiepcan.core.templatetags.tc import format_score, vn_number
    from tiepcan.lib.engine.numbers import vn_percent

    assert format_score(Decimal("2.00"), Decimal(13), pass_fail=True) == "2/13 chỉ tiêu đạt"
    assert format_score(Decimal("2.00"), pass_fail=True) == "2 chỉ tiêu đạt"
    assert format_score(Decimal("95.45"), Decimal(100)) == "95,45/100 điểm"
    assert format_score(Decimal("7.5"), Decimal("10.5")) == "7,50/10,50 điểm"
    assert format_score(None, 13, pass_fail=True) == ""
    assert (vn_percent(Decimal(100)), vn_percent(Decimal(200) / 3), vn_percent(Decimal("12.50"))) == (
        "100",
        "66,67",
        "12,5",
    )
    assert (vn_number(Decimal("100.00"), "auto"), vn_number(Decimal("29.63"), "auto")) == ("100", "29,63")


def test_a_ratio_of_one_reads_100_percent_and_the_period_list_counts_met_indicators(
    cycle: World, login
) -> None:
    assessment = own(cycle)
    officer = cycle.users[Role.COMMUNE_OFFICER]
    save(assessment, officer, "1.2", "drafts", "3")
    assessment = save(assessment, officer, "1.2", "communicated", "3")
    save(assessment, officer, "2.1", "listed", "true")
    result = next(i for i in assessment.score["indicators"] if i["code"] == "1.2")
    assert result["reason"] == "Tỷ lệ 100% (từ 100% trở lên)"
    html = squash(login(officer).get(reverse("assessments:period_list")).content)
    assert (
        "· 2/13 chỉ tiêu đạt" in html
        and "điểm" not in html.split("Hồ sơ tự đánh giá của đơn vị bạn")[1][:400]
    )


# --- The round comparison ------------------------------------------------------------------------


def test_the_round_comparison_shows_evidence_added_in_the_second_round(cycle: World, login) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    chairman, reviewer = cycle.users[Role.COMMUNE_CHAIRMAN], cycle.users[Role.REVIEWER]
    send(assessment.pk, chairman)
    services.transition(assessment_id=assessment.pk, user=reviewer, to=Status.RETURNED, reason="Thiếu sổ")
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    client.post(
        reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk}),
        {"indicator": "3.2", "title": "Sổ theo dõi hòa giải", "file": SimpleUploadedFile("so.pdf", PDF)},
    )
    services.transition(assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED)
    changes = services.round_changes(assessment, 1, 2)
    assert changes and not changes.values
    assert [(e["indicator"], e["title"]) for e in changes.evidence_added] == [("3.2", "Sổ theo dõi hòa giải")]
    html = (
        login(reviewer).get(reverse("assessments:round_diff", kwargs={"pk": assessment.pk})).content.decode()
    )
    assert "Sổ theo dõi hòa giải" in html and "thêm" in html
    assert "Không có thay đổi nào giữa hai lần gửi" not in html


def test_an_autosave_after_a_return_costs_no_more_queries_than_in_a_draft(
    cycle: World, login, django_assert_max_num_queries
) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    chairman, reviewer = cycle.users[Role.COMMUNE_CHAIRMAN], cycle.users[Role.REVIEWER]
    send(assessment.pk, chairman)
    services.add_note(assessment_id=assessment.pk, user=reviewer, indicator="3.2", text="Bổ sung sổ.")
    services.transition(assessment_id=assessment.pk, user=reviewer, to=Status.RETURNED, reason="Thiếu sổ")
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    post(client, assessment, {"indicator": "2.1", "field": "listed", "v-listed": "true"})
    assessment.refresh_from_db()
    url = reverse("assessments:autosave", kwargs={"pk": assessment.pk})
    data = {"version": assessment.version, "indicator": "3.2", "field": "received", "v-received": "999"}
    # A returned dossier's score is public: a save that changes it also rewrites the commune's
    # result summary row in the same transaction (reports.summaries.sync: 8 queries).
    with django_assert_max_num_queries(11 + 8):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    # A save that leaves the score as it was costs what it costs in a draft.
    data["version"] = assessment.version + 1
    with django_assert_max_num_queries(11):  # 9, plus the savepoint and its release
        response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Yêu cầu bổ sung về chỉ tiêu 3.2 chưa được giải trình." in response.content.decode()


def test_the_dossier_report_gives_the_result_in_met_indicators(cycle: World, login) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    send(assessment.pk, cycle.users[Role.COMMUNE_CHAIRMAN])
    response = login(cycle.users[Role.REVIEWER]).get(
        reverse("assessments:dossier_download", kwargs={"pk": assessment.pk, "round_number": 1})
    )
    report = zipfile.ZipFile(io.BytesIO(response.getvalue())).read("bao-cao-va-tong-hop-y-kien.txt").decode()
    assert re.search(r"^Kết quả: \d+/13 chỉ tiêu đạt – ", report, re.M), report


# --- Date inputs (QĐ 25/2021 indicator 5.4: the number and date of the police's decision) --------


def test_a_refused_date_goes_back_to_the_saved_date_as_the_box_shows_it(qd25: World, login) -> None:
    dossier = qd25.periods["qd25"].assessments.get(unit=qd25.units["C1"])
    client = login(qd25.users[Role.SYSTEM_ADMIN])
    pair = {
        "indicator": "5.4",
        "field": "decision_date",
        "v-recognised": "true",
        "v-decision_number": "12/QĐ",
    }
    assert post(client, dossier, {**pair, "v-decision_date": "04/08/2025"}).status_code == 200
    refused = post(client, dossier, {**pair, "v-decision_date": "31/02/2025"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'data-saved="04/08/2025"' in html and "Giá trị đã lưu: 04/08/2025." in html
    dossier.refresh_from_db()
    assert dossier.values["5.4"]["decision_date"] == "2025-08-04"


@pytest.mark.parametrize("typed", ["1/2", "a/b/c", "4/8/2025/1"])
def test_a_date_typed_half_way_is_refused_in_vietnamese(qd25: World, login, typed: str) -> None:
    dossier = qd25.periods["qd25"].assessments.get(unit=qd25.units["C1"])
    client = login(qd25.users[Role.SYSTEM_ADMIN])
    response = post(
        client,
        dossier,
        {"indicator": "5.4", "field": "decision_date", "v-recognised": "true", "v-decision_date": typed},
    )
    assert response.status_code == 422 and "ngày không hợp lệ (dd/mm/yyyy)" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.values == {} and dossier.version == 1
