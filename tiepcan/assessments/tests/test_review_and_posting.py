"""Public posting with citizens' comments, the dossier snapshot, review notes, explanations and rounds."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import DossierSnapshot, PublicComment, ReviewNote
from tiepcan.assessments.tests.helpers import post_and_meet
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(world: World) -> World:
    cache.clear()
    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    for to in (Status.APPROVED, Status.POSTED):
        services.transition(assessment_id=assessment.pk, user=world.users[Role.COMMUNE_CHAIRMAN], to=to)
    post_and_meet(assessment.pk, world.users[Role.COMMUNE_CHAIRMAN])
    return world


def _resign(value: str, stamp: str) -> str:
    signer = signing.TimestampSigner(salt="portal-comment-form")
    return f"{value}:{stamp}:{signer.signature(f'{value}:{stamp}')}"


def test_the_public_page_shows_scores_but_no_evidence(posted: World, client) -> None:
    assessment = own(posted)
    html = client.get(reverse("portal:posting", kwargs={"pk": assessment.pk})).content.decode()
    assert "Xã Đồng Tâm" in html and "Gửi ý kiến" in html
    assert "example.vn/x" not in html and "minh-chung" not in html
    draft = posted.periods["own"].assessments.get(unit=posted.units["N2"])
    assert client.get(reverse("portal:posting", kwargs={"pk": draft.pk})).status_code == 404


def test_a_citizen_comments_and_the_commune_answers(posted: World, client, login) -> None:
    assessment = own(posted)
    url = reverse("portal:comment", kwargs={"pk": assessment.pk})
    response = client.post(
        url,
        {
            "name": "Nguyễn Thị Dân",
            "text": "Đề nghị công khai thêm sổ hòa giải.",
            "token": _resign(str(assessment.pk), signing.b62_encode(int(time.time()) - 30)),
        },
        follow=True,
    )
    assert "Ý kiến đã được gửi" in response.content.decode()
    comment = PublicComment.objects.get()
    officer = login(posted.users[Role.COMMUNE_OFFICER])
    officer.post(
        reverse("assessments:comment_answer", kwargs={"pk": comment.pk}),
        {"answer": "UBND đã bổ sung trên bảng tin."},
    )
    comment.refresh_from_db()
    assert comment.answer == "UBND đã bổ sung trên bảng tin."


def test_bots_and_floods_are_turned_away(posted: World, client) -> None:
    assessment = own(posted)
    url = reverse("portal:comment", kwargs={"pk": assessment.pk})
    fresh = signing.TimestampSigner(salt="portal-comment-form").sign(str(assessment.pk))
    too_fast = client.post(url, {"name": "Bot", "text": "spam", "token": fresh}, follow=True)
    assert "gửi quá nhanh" in too_fast.content.decode()
    client.post(
        url,
        {
            "name": "Bot",
            "text": "spam",
            "website": "http://spam",
            "token": _resign(str(assessment.pk), signing.b62_encode(int(time.time()) - 30)),
        },
    )
    assert not PublicComment.objects.exists()
    old = _resign(str(assessment.pk), signing.b62_encode(int(time.time()) - 30))
    for n in range(3):
        client.post(url, {"name": "Người dân", "text": f"Ý kiến {n}", "token": old})
    limited = client.post(url, {"name": "Người dân", "text": "Ý kiến 4", "token": old}, follow=True)
    assert "nhiều ý kiến trong thời gian ngắn" in limited.content.decode()
    assert PublicComment.objects.count() == 3


def test_submitting_freezes_a_snapshot_with_the_comment_summary(posted: World) -> None:
    assessment = own(posted)
    services.add_comment(assessment=assessment, name="Người dân", text="Đồng ý với kết quả.", ip="10.0.0.1")
    services.transition(
        assessment_id=assessment.pk, user=posted.users[Role.COMMUNE_CHAIRMAN], to=Status.SUBMITTED
    )
    snapshot = DossierSnapshot.objects.get(assessment=assessment, round=1)
    assert "Nhận được 1 ý kiến" in snapshot.comment_summary
    assert snapshot.values == assessment.values
    assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="niêm yết"):
        services.add_comment(assessment=assessment, name="Muộn", text="Ý kiến muộn", ip="10.0.0.2")


def test_a_return_needs_explanations_before_the_dossier_is_sent_again(posted: World) -> None:
    assessment = own(posted)
    chairman, officer, reviewer = (
        posted.users[r] for r in (Role.COMMUNE_CHAIRMAN, Role.COMMUNE_OFFICER, Role.REVIEWER)
    )
    services.transition(assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED)
    note = services.add_note(
        assessment_id=assessment.pk, user=reviewer, indicator="3.2", text="Bổ sung sổ theo dõi hòa giải."
    )
    with pytest.raises(PermissionDenied):
        services.add_note(assessment_id=assessment.pk, user=officer, indicator="3.2", text="x")
    services.transition(
        assessment_id=assessment.pk, user=reviewer, to=Status.RETURNED, reason="Thiếu minh chứng"
    )
    assessment.refresh_from_db()
    received = int(assessment.values["3.2"]["received"]) + 5
    services.save_value(
        assessment_id=assessment.pk,
        user=officer,
        version=assessment.version,
        indicator="3.2",
        field="received",
        value=str(received),
    )
    with pytest.raises(ValidationError, match="chưa được giải trình"):
        services.transition(assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED)
    services.explain(
        note_id=note.pk, user=officer, text="Đã bổ sung sổ theo dõi, điều chỉnh số vụ việc tiếp nhận."
    )
    services.transition(assessment_id=assessment.pk, user=chairman, to=Status.SUBMITTED)
    assessment.refresh_from_db()
    assert assessment.round == 2
    changes = services.round_changes(assessment, 1, 2)
    assert [c["indicator"] for c in changes.values] == ["3.2"]
    assert changes.values[0]["fields"] == [
        {"label": "Số vụ việc tiếp nhận", "before": str(received - 5), "after": str(received)}
    ]
    assert ReviewNote.objects.get().explanation.startswith("Đã bổ sung")
    assert DossierSnapshot.objects.filter(assessment=assessment).count() == 2


def test_the_round_page_lists_changes_and_notes(posted: World, login) -> None:
    test_a_return_needs_explanations_before_the_dossier_is_sent_again(posted)
    html = (
        login(posted.users[Role.REVIEWER])
        .get(reverse("assessments:round_diff", kwargs={"pk": own(posted).pk}))
        .content.decode()
    )
    assert "Bổ sung sổ theo dõi hòa giải." in html and "3.2" in html


def test_the_dossier_of_a_round_downloads_as_one_zip(posted: World, login) -> None:
    import io
    import zipfile

    assessment = own(posted)
    services.add_comment(assessment=assessment, name="Người dân", text="Đồng ý.", ip="10.0.0.9")
    services.transition(
        assessment_id=assessment.pk, user=posted.users[Role.COMMUNE_CHAIRMAN], to=Status.SUBMITTED
    )
    response = login(posted.users[Role.REVIEWER]).get(
        reverse("assessments:dossier_download", kwargs={"pk": assessment.pk, "round_number": 1})
    )
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    names = set(archive.namelist())
    assert {"phieu-cham-diem.xlsx", "danh-muc-minh-chung.csv", "bao-cao-va-tong-hop-y-kien.txt"} <= names
    assert "Nhận được 1 ý kiến" in archive.read("bao-cao-va-tong-hop-y-kien.txt").decode()
    other = login(posted.users["target"])
    assert (
        other.get(
            reverse("assessments:dossier_download", kwargs={"pk": assessment.pk, "round_number": 1})
        ).status_code
        == 404
    )
