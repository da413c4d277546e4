"""In real Chromium: the self-assessment form saves each input as it changes and rescores live."""

from __future__ import annotations

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.testing import PASSWORD, World, build_period, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cycle(transactional_db: None) -> World:
    world = build_world()
    build_period(world)
    return world


def test_an_officer_fills_the_form_and_sees_the_score_move(cycle: World, page, live_server) -> None:
    assessment = cycle.periods["own"].assessments.get(unit=cycle.units["N1"])
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", cycle.users[Role.COMMUNE_OFFICER].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/danh-gia/ho-so/{assessment.pk}/")

    page.select_option("#f-21-listed", "true")
    page.wait_for_selector("#save-status.text-success")
    assert "1/6 chỉ tiêu" in page.locator("#score-panel").inner_text()

    page.fill("#f-32-received", "5")
    page.locator("#f-32-received").dispatch_event("change")
    # A function, not an expression string: Playwright evaluates strings with eval, which the
    # page's Content-Security-Policy refuses.
    page.wait_for_function("() => document.querySelector('#version').value === '3'")
    page.fill("#f-32-mediated", "9")
    page.locator("#f-32-mediated").dispatch_event("change")
    page.wait_for_selector("#save-status.text-danger")
    assert "chỉ tiêu 3.2" in page.locator("#save-status").inner_text()
    assert "không được lớn hơn số vụ tiếp nhận" in page.locator("#f-32-mediated-msg").inner_text()

    assessment.refresh_from_db()
    assert assessment.values["2.1"]["listed"] is True
    assert assessment.values["3.2"] == {"received": 5}


# --- A refused value, a pair of related inputs, the phone layout -------------------------------


def _sign_in_to_form(cycle: World, page, base: str):
    assessment = cycle.periods["own"].assessments.get(unit=cycle.units["N1"])
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", cycle.users[Role.COMMUNE_OFFICER].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/danh-gia/ho-so/{assessment.pk}/")
    return assessment


def _type(page, selector: str, value: str | bool) -> int:
    """Change one input as a person would; return the version the page held before."""
    version = int(page.input_value("#version"))
    field = page.locator(selector)
    if isinstance(value, bool):
        field.select_option("true" if value else "false")
    else:
        field.fill(value)
        field.press("Tab")  # leaving the field fires "change"
    return version


def _type_and_wait_for_save(page, selector: str, value: str | bool) -> None:
    version = _type(page, selector, value)
    page.wait_for_function("v => document.querySelector('#version').value === String(v)", arg=version + 1)


def _save(assessment, user, indicator: str, field: str, value: str) -> None:
    from tiepcan.assessments import services

    assessment.refresh_from_db()
    services.save_value(
        assessment_id=assessment.pk,
        user=user,
        version=assessment.version,
        indicator=indicator,
        field=field,
        value=value,
    )


def test_a_refused_value_does_not_stop_the_next_saves_and_every_valid_value_survives_a_reload(
    cycle: World, page, live_server
) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1366, "height": 768})
    assessment = cycle.periods["own"].assessments.get(unit=cycle.units["N1"])
    _save(assessment, cycle.users[Role.COMMUNE_OFFICER], "3.1", "villages", "59")
    _sign_in_to_form(cycle, page, live_server.url)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    with page.expect_response(lambda response: "/luu/" in response.url) as refused:
        version = _type(page, "#f-31-villages", "-5")
    assert refused.value.status == 422
    expect(page.locator("#score-panel")).to_be_visible()
    assert int(page.input_value("#version")) == version  # nothing was saved
    answers: list[tuple[str, str | bool]] = [
        ("#f-31-villages", "60"),
        ("#f-31-teams", "60"),
        ("#f-32-received", "4"),
        ("#f-33-teams", "3"),
        ("#f-21-listed", True),
    ]
    for selector, value in answers:
        _type_and_wait_for_save(page, selector, value)
    expect(page.locator("#score-panel")).to_be_visible()
    assert not [e for e in errors if "targetError" in e], errors

    page.reload()
    assert page.input_value("#f-31-villages") == "60"
    assert page.input_value("#f-31-teams") == "60"
    assert page.input_value("#f-32-received") == "4"
    assert page.input_value("#f-33-teams") == "3"
    assert page.input_value("#f-21-listed") == "true"
    assessment.refresh_from_db()
    assert assessment.values["3.1"] == {"villages": 60, "teams": 60}
    assert assessment.values["3.2"] == {"received": 4}
    assert assessment.values["3.3"] == {"teams": 3}
    assert assessment.values["2.1"] == {"listed": True}


def test_a_refused_value_is_explained_at_its_field_and_the_box_shows_what_is_saved(
    cycle: World, page, live_server
) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1366, "height": 768})
    assessment = cycle.periods["own"].assessments.get(unit=cycle.units["N1"])
    _save(assessment, cycle.users[Role.COMMUNE_OFFICER], "3.1", "villages", "59")
    _sign_in_to_form(cycle, page, live_server.url)

    field = page.locator("#f-31-villages")
    field.scroll_into_view_if_needed()
    _type(page, "#f-31-villages", "-5")
    message = page.locator("#f-31-villages-msg")
    expect(message).to_contain_text("“-5”")  # what the person typed stays readable
    expect(message).to_contain_text("không được âm")
    expect(message).to_contain_text("59")  # and what is kept instead
    expect(field).to_have_value("59")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert "f-31-villages-msg" in (field.get_attribute("aria-describedby") or "").split()
    # The message is right under the field, on screen, not in the page header.
    box, note = field.bounding_box(), message.bounding_box()
    assert box and note and 0 <= note["y"] - box["y"] <= 120
    assert 0 <= note["y"] <= 768 - note["height"]

    _type_and_wait_for_save(page, "#f-31-villages", "61")
    expect(message).to_be_empty()
    expect(field).not_to_have_attribute("aria-invalid", "true")
    assessment.refresh_from_db()
    assert assessment.values["3.1"] == {"villages": 61}


def test_a_denominator_typed_below_the_saved_numerator_is_saved_with_the_numerator_typed_next(
    cycle: World, page, live_server
) -> None:
    from playwright.sync_api import expect

    assessment = cycle.periods["own"].assessments.get(unit=cycle.units["N1"])
    officer = cycle.users[Role.COMMUNE_OFFICER]
    _save(assessment, officer, "3.2", "received", "10")
    _save(assessment, officer, "3.2", "mediated", "8")
    _sign_in_to_form(cycle, page, live_server.url)

    version = _type(page, "#f-32-received", "5")  # below the 8 mediated cases saved
    pending = page.locator("#f-32-received-msg")
    expect(pending).to_contain_text("chưa được lưu")
    expect(pending).to_contain_text("Số vụ được hòa giải không được lớn hơn số vụ tiếp nhận")
    expect(page.locator("#f-32-received")).to_have_value("5")  # kept, as a visible pending edit
    assert int(page.input_value("#version")) == version

    _type_and_wait_for_save(page, "#f-32-mediated", "5")
    expect(pending).to_be_empty()
    assessment.refresh_from_db()
    assert assessment.values["3.2"] == {"received": 5, "mediated": 5}
    page.reload()
    assert page.input_value("#f-32-received") == "5" and page.input_value("#f-32-mediated") == "5"


def test_on_a_phone_the_score_and_what_is_missing_come_first_and_lead_to_the_fields(
    cycle: World, page, live_server
) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 844})
    _sign_in_to_form(cycle, page, live_server.url)
    summary, missing = page.locator("#score-compact"), page.locator("#missing-top")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("0/13 chỉ tiêu đạt")
    expect(missing).to_contain_text("Còn thiếu trước khi gửi")
    first_indicator = page.locator("[id='ct-1.1']").bounding_box()
    assert first_indicator and missing.bounding_box()["y"] < first_indicator["y"]
    # Every missing item links to the place where it is fixed; following it focuses the input,
    # or opens the evidence upload form.
    missing.get_by_role("link", name="Chỉ tiêu 1.2: chưa nhập").click()
    expect(page.locator("#f-12-drafts")).to_be_focused()
    missing.get_by_role("link", name="Chỉ tiêu 1.1: thiếu tài liệu minh chứng bắt buộc.").click()
    expect(page.locator("#ev-11-title")).to_be_focused()
    _type_and_wait_for_save(page, "#f-21-listed", True)
    expect(summary).to_contain_text("1/13 chỉ tiêu đạt")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_save_that_gets_no_answer_is_said_so(cycle: World, page, live_server) -> None:
    from playwright.sync_api import expect

    _sign_in_to_form(cycle, page, live_server.url)
    page.route("**/luu/", lambda route: route.abort())  # the network drops the request
    _type(page, "#f-32-received", "4")
    expect(page.locator("#save-status")).to_contain_text("Chưa lưu được thay đổi vừa rồi")
    page.unroute("**/luu/")
    _type_and_wait_for_save(page, "#f-32-received", "5")  # and the next save goes through
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
