"""Opening a period (/danh-gia/mo-ky/): its deadlines against the year and one another."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.frameworks.services import load_shipped
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def _open(world: World, login, **dates: str):
    load_shipped()
    framework = FrameworkVersion.objects.filter(code="qd27-2025").order_by("-version").first()
    assert framework is not None
    client = login(world.users[Role.PROVINCE_ADMIN])
    data = {
        "province": world.units["P1"].pk,
        "year": "2027",
        "framework": framework.pk,
        "title": "Đánh giá năm 2027",
        "self_assessment_due": "10/12/2027",
        "dossier_due": "31/12/2027",
    }
    return client.post(reverse("assessments:period_create"), data | dates)


def test_a_step_due_before_the_one_it_follows_is_refused_and_the_next_steps_still_checked(
    world: World, login
) -> None:
    # The refused dossier deadline left the form; the review deadline was then compared with it (500).
    response = _open(
        world, login, dossier_due="01/12/2027", review_due="15/12/2027", council_due="11/12/2027"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mốc này không được trước mốc “Hạn tự đánh giá”." in page
    assert "Mốc này không được trước mốc “Hạn thẩm định”." in page
    assert not AssessmentPeriod.objects.exists()


def test_a_step_due_before_the_year_assessed_is_refused(world: World, login) -> None:
    response = _open(world, login, self_assessment_due="10/12/2019")
    assert response.status_code == 400
    assert "Mốc này không được trước năm đánh giá 2027." in response.content.decode()
    assert not AssessmentPeriod.objects.exists()


def test_the_form_asks_no_days_of_posting_which_the_framework_gives(world: World, login) -> None:
    response = _open(world, login)
    assert response.status_code == 302
    page = login(world.users[Role.PROVINCE_ADMIN]).get(reverse("assessments:period_create")).content.decode()
    assert 'name="posting_days"' not in page


def test_a_typed_date_on_a_day_off_is_kept_with_a_warning(world: World, login) -> None:
    # Saturday 11/12/2027; Tết 2028 is not reached. Non-blocking: the period opens with the date as typed.
    response = _open(world, login, self_assessment_due="11/12/2027")
    assert response.status_code == 302
    period = AssessmentPeriod.objects.get()
    assert period.self_assessment_due.isoformat() == "2027-12-11"
    page = login(world.users[Role.PROVINCE_ADMIN]).get(response["Location"]).content.decode()
    assert "“Hạn tự đánh giá” là ngày 11/12/2027, một ngày nghỉ" in page
    assert "Hạn gửi hồ sơ” là ngày" not in page  # Friday 31/12/2027 is a working day
    # On a form sent back for another reason the warning is given as well.
    response = _open(world, login, self_assessment_due="11/12/2027", title="")
    assert response.status_code == 400
    assert "là ngày 11/12/2027, một ngày nghỉ" in response.content.decode()
