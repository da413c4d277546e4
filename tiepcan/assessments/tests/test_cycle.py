"""The first half of the yearly cycle: periods, autosave, evidence, completeness and the state machine."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, Evidence, Transition
from tiepcan.assessments.tests.helpers import post_and_meet, send
from tiepcan.core.tests.markup import squash
from tiepcan.lib.engine.sample import sample_indicator
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world: World, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_period(world)
    return world


def own(world: World) -> Assessment:
    return world.periods["own"].assessments.get(unit=world.units["N1"])


def fill_completely(assessment: Assessment, user) -> Assessment:
    """Fill every indicator with good values and attach link evidence where it is compulsory."""
    import random

    framework = services.compiled(assessment.period)
    rng = random.Random(1)
    values = {}
    for indicator in framework.indicators():
        sample = sample_indicator(indicator, rng, quality=1.0) or sample_indicator(
            indicator, random.Random(2), 1.0
        )
        values[indicator.code] = sample
        if indicator.evidence_required:
            Evidence.objects.create(
                assessment=assessment,
                indicator=indicator.code,
                title="Minh chứng",
                link="https://example.vn/x",
                uploaded_by=user,
            )
    Assessment.objects.filter(pk=assessment.pk).update(values=values, not_arisen=[])
    assessment.refresh_from_db()
    return assessment


def test_opening_a_period_creates_an_assessment_for_each_commune_of_the_frameworks_kinds(
    cycle: World,
) -> None:
    period = cycle.periods["own"]
    # N1 (xã) and N2 (phường) are current communes of P1; the 2017 communes are not.
    assert set(period.assessments.values_list("unit__code", flat=True)) == {"90010", "90011"}
    with pytest.raises(ValidationError, match="đã có kỳ đánh giá năm 2026"):
        build_period(cycle)


def test_only_a_province_admin_of_the_province_opens_a_period(cycle: World) -> None:
    from tiepcan.frameworks.models import FrameworkVersion

    with pytest.raises(PermissionDenied):
        services.open_period(
            province=cycle.units["P2"],
            year=2027,
            framework=FrameworkVersion.objects.get(code="qd27-2025"),
            user=cycle.users[Role.PROVINCE_ADMIN],
            title="x",
            self_assessment_due=date(2027, 12, 1),
            dossier_due=date(2027, 12, 20),
        )


def test_autosave_saves_a_value_and_rescores(cycle: World, login) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    url = reverse("assessments:autosave", kwargs={"pk": assessment.pk})
    response = client.post(
        url, {"version": assessment.version, "indicator": "2.1", "field": "listed", "value": "true"}
    )
    assert response.status_code == 200
    assert "Đã lưu lúc" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.values["2.1"]["listed"] is True and assessment.version == 2
    assert next(i for i in assessment.score["indicators"] if i["code"] == "2.1")["met"] is True


def test_bad_input_is_refused_and_changes_nothing(cycle: World, login) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    url = reverse("assessments:autosave", kwargs={"pk": assessment.pk})
    client.post(url, {"version": 1, "indicator": "3.2", "field": "received", "value": "5"})
    response = client.post(url, {"version": 2, "indicator": "3.2", "field": "mediated", "value": "7"})
    assert response.status_code == 422
    assert "Số vụ được hòa giải không được lớn hơn số vụ tiếp nhận" in response.content.decode()
    negative = client.post(url, {"version": 2, "indicator": "3.2", "field": "received", "value": "-3"})
    assert negative.status_code == 422 and "không được âm" in negative.content.decode()
    assessment.refresh_from_db()
    assert assessment.values["3.2"] == {"received": 5} and assessment.version == 2


def test_a_stale_page_cannot_overwrite_a_newer_save(cycle: World, login) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    url = reverse("assessments:autosave", kwargs={"pk": assessment.pk})
    client.post(url, {"version": 1, "indicator": "3.2", "field": "received", "value": "5"})
    response = client.post(url, {"version": 1, "indicator": "3.2", "field": "received", "value": "9"})
    assert response.status_code == 409
    assert "vừa được người khác cập nhật" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.values["3.2"]["received"] == 5


def test_not_arisen_is_accepted_only_where_the_framework_allows_it(cycle: World) -> None:
    assessment = own(cycle)
    officer = cycle.users[Role.COMMUNE_OFFICER]
    services.save_value(
        assessment_id=assessment.pk, user=officer, version=1, indicator="2.3", not_arisen=True
    )
    with pytest.raises(ValidationError, match="không được ghi “không phát sinh”"):
        services.save_value(
            assessment_id=assessment.pk, user=officer, version=2, indicator="2.1", not_arisen=True
        )


def test_the_chairman_cannot_approve_an_incomplete_assessment(cycle: World) -> None:
    assessment = own(cycle)
    with pytest.raises(ValidationError) as error:
        services.transition(
            assessment_id=assessment.pk, user=cycle.users[Role.COMMUNE_CHAIRMAN], to=Status.APPROVED
        )
    assert "Chưa đủ để gửi:" in error.value.messages[0]
    lacking = services.missing(assessment)
    assert "Chỉ tiêu 1.1: thiếu tài liệu minh chứng bắt buộc." in [item.text for item in lacking]
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFT and not Transition.objects.exists()


def test_the_cycle_moves_step_by_step_with_a_row_per_step(cycle: World) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    chairman = cycle.users[Role.COMMUNE_CHAIRMAN]
    reviewer = cycle.users[Role.REVIEWER]
    with pytest.raises(PermissionDenied):
        services.transition(
            assessment_id=assessment.pk, user=cycle.users[Role.COMMUNE_OFFICER], to=Status.APPROVED
        )
    services.transition(assessment_id=assessment.pk, user=chairman, to=Status.APPROVED)
    services.transition(assessment_id=assessment.pk, user=chairman, to=Status.POSTED)
    post_and_meet(assessment.pk, chairman)
    services.transition(assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED)
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.transition(
            assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED
        )  # double submission
    with pytest.raises(ValidationError, match="Hãy ghi lý do"):
        services.transition(assessment_id=assessment.pk, user=reviewer, to=Status.RETURNED)
    services.transition(
        assessment_id=assessment.pk,
        user=reviewer,
        to=Status.RETURNED,
        reason="Bổ sung minh chứng chỉ tiêu 3.2",
    )
    services.transition(assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED)
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED and assessment.round == 2
    steps = list(
        Transition.objects.filter(assessment=assessment).values_list(
            "from_status", "to_status", "actor__username"
        )
    )
    assert steps[0] == ("draft", "approved", "u_commune_chairman")
    assert steps[3] == ("submitted", "returned", "u_reviewer")
    assert len(steps) == 5


def test_values_cannot_change_after_sending(cycle: World) -> None:
    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    chairman = cycle.users[Role.COMMUNE_CHAIRMAN]
    send(assessment.pk, chairman)
    assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="không sửa được số liệu"):
        services.save_value(
            assessment_id=assessment.pk,
            user=cycle.users[Role.COMMUNE_OFFICER],
            version=assessment.version,
            indicator="2.1",
            field="listed",
            value="false",
        )


def test_a_disguised_file_is_refused_as_evidence(cycle: World, login) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    response = client.post(
        reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk}),
        {
            "indicator": "1.1",
            "title": "Nghị quyết",
            "file": SimpleUploadedFile("nghi-quyet.pdf", b"MZ\x90 not a pdf"),
        },
        follow=True,
    )
    assert "không đúng định dạng cho phép" in response.content.decode()
    assert not Evidence.objects.exists()
    client.post(
        reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk}),
        {
            "indicator": "1.1",
            "title": "Nghị quyết",
            "file": SimpleUploadedFile("nghi-quyet.pdf", b"%PDF-1.7 ok"),
        },
    )
    item = Evidence.objects.get()
    assert item.content_type == "application/pdf"
    assert client.get(reverse("assessments:evidence_download", kwargs={"pk": item.pk})).status_code == 200
    other = login(cycle.users["target"])  # commune officer of N2, a neighbouring commune
    assert other.get(reverse("assessments:evidence_download", kwargs={"pk": item.pk})).status_code == 404
    assert (
        other.get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})).status_code == 404
    )


def test_the_period_page_lists_communes_that_have_not_sent_with_their_officer(cycle: World, login) -> None:
    cycle.users[Role.COMMUNE_OFFICER].phone = "0912345678"
    cycle.users[Role.COMMUNE_OFFICER].save()
    html = (
        login(cycle.users[Role.REVIEWER])
        .get(
            reverse("assessments:period_detail", kwargs={"pk": cycle.periods["own"].pk}),
            {"trang_thai": "chua-gui"},
        )
        .content.decode()
    )
    assert "Xã Đồng Tâm" in html and "0912345678" in html


def test_documents_are_added_and_removed_row_by_row(cycle: World, login) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    url = reverse("assessments:autosave", kwargs={"pk": assessment.pk})
    row = {
        "kind": "doc_add",
        "indicator": "1.1",
        "field": "documents",
        "doc_title": "Nghị quyết số 01/NQ-HĐND",
    }
    client.post(url, {**row, "version": 1, "doc_due_on": "31/03/2026", "doc_issued_on": "25/03/2026"})
    second = client.post(
        url,
        {
            **row,
            "version": 2,
            "doc_title": "Quyết định 05",
            "doc_due_on": "30/04/2026",
            "doc_issued_on": "02/05/2026",
        },
    ).content.decode()
    second = squash(second)
    # The answer replaces the list (both rows, empty inputs) and what is missing, out of band.
    listing = second[second.index('id="docs-11-documents" hx-swap-oob="true"') :]
    assert "Nghị quyết số 01/NQ-HĐND" in listing and "Quyết định 05" in listing
    assert 'name="doc_title" placeholder' in listing and 'value="Quyết định 05"' not in listing
    assert 'id="missing-list" hx-swap-oob="true"' in second
    assessment.refresh_from_db()
    assert [d["issued_on"] for d in assessment.values["1.1"]["documents"]] == ["2026-03-25", "2026-05-02"]
    result = next(i for i in assessment.score["indicators"] if i["code"] == "1.1")
    assert result["met"] is False and "1/2 văn bản ban hành đúng hạn" in result["reason"]
    bad = client.post(url, {**row, "version": 3, "doc_due_on": "31/13/2026", "doc_issued_on": ""})
    assert bad.status_code == 422
    client.post(
        url, {"kind": "doc_remove", "indicator": "1.1", "field": "documents", "index": "1", "version": 3}
    )
    assessment.refresh_from_db()
    assert len(assessment.values["1.1"]["documents"]) == 1
    assert next(i for i in assessment.score["indicators"] if i["code"] == "1.1")["met"] is True


def test_each_step_notifies_the_people_concerned(cycle: World, django_capture_on_commit_callbacks) -> None:
    from tiepcan.core.models import Notification

    assessment = fill_completely(own(cycle), cycle.users[Role.COMMUNE_OFFICER])
    chairman = cycle.users[Role.COMMUNE_CHAIRMAN]
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(assessment_id=assessment.pk, user=chairman, to=Status.APPROVED)
    assert Notification.objects.filter(
        user=cycle.users[Role.COMMUNE_OFFICER], title__contains="Chủ tịch đã duyệt"
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(assessment_id=assessment.pk, user=chairman, to=Status.POSTED)
        post_and_meet(assessment.pk, chairman)
        services.transition(assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED)
    reviewer_note = Notification.objects.get(user=cycle.users[Role.REVIEWER])
    assert "Đã gửi hồ sơ" in reviewer_note.title and reviewer_note.url.endswith(f"/ho-so/{assessment.pk}/")
    assert not Notification.objects.filter(user=chairman).exclude(title__contains="niêm yết").exists()


def test_the_self_assessment_page_uses_a_bounded_number_of_queries(cycle: World, login) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    url = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    fill_completely(assessment, cycle.users[Role.COMMUNE_OFFICER])
    for n in range(10):
        Evidence.objects.create(
            assessment=assessment,
            indicator="2.1",
            title=f"Tài liệu {n}",
            link="https://example.vn/t",
            uploaded_by=cycle.users[Role.COMMUNE_OFFICER],
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few) <= 20


def test_where_registration_is_required_communes_register_and_the_province_decides(
    world: World, login
) -> None:
    from tiepcan.assessments.models import Registration
    from tiepcan.frameworks.models import FrameworkVersion
    from tiepcan.frameworks.services import load_shipped

    load_shipped()
    period = services.open_period(
        province=world.units["P1"],
        year=2026,
        framework=FrameworkVersion.objects.get(code="qd27-2025"),
        user=world.users[Role.PROVINCE_ADMIN],
        title="Có đăng ký",
        self_assessment_due=date(2026, 12, 1),
        dossier_due=date(2026, 12, 20),
        registration_required=True,
    )
    assert not period.assessments.exists()
    officer = login(world.users[Role.COMMUNE_OFFICER])
    officer.post(
        reverse("assessments:registration_create", kwargs={"pk": period.pk}), {"unit": world.units["N1"].pk}
    )
    again = officer.post(
        reverse("assessments:registration_create", kwargs={"pk": period.pk}),
        {"unit": world.units["N1"].pk},
        follow=True,
    )
    assert "đã đăng ký" in again.content.decode()
    registration = Registration.objects.get()
    admin = login(world.users[Role.PROVINCE_ADMIN])
    refused = admin.post(
        reverse("assessments:registration_decide", kwargs={"pk": registration.pk}),
        {"decision": "reject"},
        follow=True,
    )
    assert "phải ghi lý do" in refused.content.decode()
    admin.post(
        reverse("assessments:registration_decide", kwargs={"pk": registration.pk}), {"decision": "accept"}
    )
    registration.refresh_from_db()
    assert registration.status == "accepted"
    assert list(period.assessments.values_list("unit__code", flat=True)) == ["90010"]


def test_an_autosave_is_audited_from_the_locked_row_with_few_queries(
    cycle: World, login, django_assert_num_queries
) -> None:
    from django.contrib.contenttypes.models import ContentType

    from tiepcan.core.models import AuditEntry

    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    url = reverse("assessments:autosave", kwargs={"pk": assessment.pk})
    client.post(url, {"version": 1, "indicator": "2.1", "field": "listed", "value": "true"})
    # Exactly 8: the session, the person, the savepoint, the locked read (which also decides the
    # scope), the update, the audit row, the savepoint's release, and the evidence for "what is
    # missing". Grants come from the process's cache under the person's stamp (read with the
    # person); the answer is rendered without the context processors (no menu, no messages).
    with django_assert_num_queries(8):
        response = client.post(
            url,
            {"version": 2, "indicator": "3.2", "field": "received", "value": "5"},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200 and 'id="version" name="version" value="3"' in squash(response.content)
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Assessment), object_id=str(assessment.pk)
    ).latest("pk")
    assert entry.before is not None and entry.after is not None
    assert (entry.before["version"], entry.after["version"]) == (2, 3)
    assert "3.2" not in entry.before["values"] and entry.after["values"]["3.2"] == {"received": 5}
    assert entry.before["values"]["2.1"] == {"listed": True}
