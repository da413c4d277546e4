"""The cycle follows the framework's data: Điều 4 facts, placeholders, the level of council and recognition."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments import council, documents, scoring, services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod, DossierSnapshot, RecognitionDecision
from tiepcan.assessments.tests.helpers import send
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.frameworks import services as frameworks
from tiepcan.frameworks.display import unit_kinds_words
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.testing import World, build_period, make_user
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def qd25(world: World) -> World:
    """Province P1 assessing 2024 under QĐ 25/2021: communes C1, C2 of district D1 (and C3 of D2)."""
    frameworks.load_shipped()
    end = date(2025, 6, 30)
    world.units["D2"] = Unit.objects.create(
        kind=UnitKind.RURAL_DISTRICT,
        code="902",
        name="Huyện Sông Suối",
        parent=world.units["P1"],
        valid_to=end,
    )
    world.units["C3"] = Unit.objects.create(
        kind=UnitKind.COMMUNE, code="90003", name="Xã Bờ Sông", parent=world.units["D2"], valid_to=end
    )
    for role, username in ((Role.REVIEWER, "u_pt_tuphap"), (Role.RECOGNISING_AUTHORITY, "u_ct_huyen")):
        world.users[f"district_{role}"] = make_user(username)
        RoleAssignment.objects.create(user=world.users[f"district_{role}"], role=role, unit=world.units["D1"])
    world.periods["qd25"] = services.open_period(
        province=world.units["P1"],
        year=2024,
        framework=frameworks.latest("qd25-2021"),
        user=world.users[Role.PROVINCE_ADMIN],
        title="Đánh giá năm 2024",
        self_assessment_due=date(2024, 12, 15),
        dossier_due=date(2025, 1, 9),
    )
    return world


def commune(world: World, key: str) -> Assessment:
    return world.periods["qd25"].assessments.get(unit=world.units[key])


def test_a_2024_period_under_qd25_covers_the_communes_of_that_year(qd25: World) -> None:
    assert set(qd25.periods["qd25"].assessments.values_list("unit__code", flat=True)) == {
        "90001",
        "90002",
        "90003",
    }


def test_party_discipline_alone_keeps_the_commune_recognisable_administrative_discipline_does_not(
    qd25: World,
) -> None:
    assessment = fill_completely(commune(qd25, "C1"), qd25.users[Role.COMMUNE_OFFICER])
    officer = qd25.users[Role.SYSTEM_ADMIN]
    scoring.rescore(assessment)
    assessment.save()

    def answer(fact: str, value: str | None) -> Assessment:
        current = Assessment.objects.get(pk=assessment.pk)
        return services.save_value(
            assessment_id=current.pk,
            user=officer,
            version=current.version,
            indicator="",
            fact=fact,
            value=value,
        )

    baseline = Assessment.objects.get(pk=assessment.pk).recognisable
    assert baseline is True, assessment.score["verdict"]
    party = answer("head_party_disciplined", "true")
    assert party.facts == {"head_party_disciplined": True} and party.recognisable is baseline
    administrative = answer("head_admin_disciplined", "true")
    assert administrative.recognisable is False
    assert "bị xử lý kỷ luật hành chính" in administrative.score["verdict"]
    cleared = answer("head_admin_disciplined", None)  # the box unticked: htmx sends no value
    assert cleared.facts["head_admin_disciplined"] is False and cleared.recognisable is baseline
    with pytest.raises(ValidationError, match="Điều kiện không có"):
        answer("head_disciplined", "true")  # the old single question of version 1


def test_the_form_asks_the_three_questions_under_the_laws_words(qd25: World, login) -> None:
    assessment = commune(qd25, "C1")
    html = (
        login(qd25.users[Role.SYSTEM_ADMIN])
        .get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}))
        .content.decode()
    )
    assert "bị xử lý kỷ luật hành chính do vi phạm pháp luật trong thi hành công vụ hoặc bị truy cứu" in html
    for code in ("head_admin_disciplined", "head_prosecuted", "head_party_disciplined"):
        assert f'id="fact-{code}"' in html
    assert "không ảnh hưởng điều kiện công nhận" in html
    assert "js:" not in html.split("Điều kiện công nhận khác")[1]


def test_the_placeholder_shows_as_awaiting_and_takes_no_input(world: World, login) -> None:
    build_period(world)
    assessment = own(world)
    html = (
        login(world.users[Role.COMMUNE_OFFICER])
        .get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}))
        .content.decode()
    )
    assert 'id="ct-2.7"' in html and "chờ bổ sung" in html and "chưa tính vào kết quả" in html
    assert 'name="indicator" value="2.7"' not in html  # no evidence upload for it
    with pytest.raises(ValidationError, match="chờ bổ sung"):
        services.save_value(
            assessment_id=assessment.pk,
            user=world.users[Role.COMMUNE_OFFICER],
            version=assessment.version,
            indicator="2.7",
            not_arisen=True,
        )
    assessment = fill_completely(assessment, world.users[Role.COMMUNE_OFFICER])
    scoring.rescore(assessment)
    assert assessment.recognisable
    assert assessment.score["verdict"] == "Đạt chuẩn tiếp cận pháp luật (chưa tính chỉ tiêu chờ bổ sung: 2.7)"
    assert services.missing(assessment) == []


def test_the_council_cannot_score_a_placeholder(world: World) -> None:
    from tiepcan.assessments.models import CouncilMembership

    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    send(assessment.pk, world.users[Role.COMMUNE_CHAIRMAN])
    services.transition(assessment_id=assessment.pk, user=world.users[Role.REVIEWER], to=Status.FORWARDED)
    CouncilMembership.objects.create(period=world.periods["own"], user=world.users[Role.COUNCIL_MEMBER])
    with pytest.raises(ValidationError, match="chờ bổ sung"):
        council.propose(
            assessment_id=assessment.pk, user=world.users[Role.COUNCIL_MEMBER], indicator="2.7", points=1
        )
    criteria, result = council.consolidated(Assessment.objects.get(pk=assessment.pk))
    assert criteria["TC2"] == 6 and result.recognised and result.pending == ["2.7"]


def test_a_period_cannot_open_on_a_superseded_version(world: World) -> None:
    old, _ = frameworks.import_framework(
        (frameworks.DATA_DIR / "superseded" / "qd27-2025.v1.yaml").read_text(encoding="utf-8")
    )
    frameworks.load_shipped()
    with pytest.raises(ValidationError, match="phiên bản mới hơn"):
        services.open_period(
            province=world.units["P1"],
            year=2026,
            framework=old,
            user=world.users[Role.PROVINCE_ADMIN],
            title="Năm 2026",
            self_assessment_due=date(2026, 12, 1),
            dossier_due=date(2026, 12, 20),
        )
    assert not AssessmentPeriod.objects.exists()


# --- The level of review, council and recognition -----------------------------------------------


def recommend(*assessments: Assessment) -> list[Assessment]:
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(status=Status.RECOMMENDED)
    return list(Assessment.objects.filter(pk__in=[a.pk for a in assessments]).select_related("unit"))


def test_under_qd25_the_district_chairman_recognises_and_the_decision_says_so(qd25: World) -> None:
    period = qd25.periods["qd25"]
    chosen = recommend(commune(qd25, "C1"), commune(qd25, "C2"))
    district_chairman = qd25.users[f"district_{Role.RECOGNISING_AUTHORITY}"]
    decision = council.issue_decision(
        period=period,
        user=district_chairman,
        number="45/QĐ-UBND",
        signed_on=date(2025, 2, 5),
        signer_name="Lò Văn Huyện",
        signer_title="Chủ tịch",
        issuer_name="",
        place="",
        assessments=chosen,
    )
    assert (decision.issuer_name, decision.place) == ("Ủy ban nhân dân huyện Đồi Núi", "Huyện Đồi Núi")
    text = documents.decision_text(decision)
    assert text.summary == "Về việc công nhận xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật năm 2024"
    assert text.considering == (
        "Xét kết quả tư vấn, thẩm định của Hội đồng đánh giá chuẩn tiếp cận pháp luật cấp huyện năm 2024 và "
        "đề nghị của Trưởng phòng Tư pháp,"
    )
    assert text.articles[0][1].startswith("Công nhận 2 xã, phường, thị trấn đạt chuẩn")
    assert "Trưởng phòng Tư pháp, Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn" in text.articles[2][1]
    assert text.recipients == ["- Như Điều 3;", "- Sở Tư pháp;", "- Lưu: VT."]
    assert text.annex_subtitle == "xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật năm 2024"
    assert any("Thông tư số 09/2021/TT-BTP ngày 15 tháng 11 năm 2021 của Bộ Tư pháp" in b for b in text.bases)


def test_the_decision_names_the_units_in_vietnamese_whatever_the_page_language(qd25: World) -> None:
    chosen = recommend(commune(qd25, "C1"))
    decision = council.issue_decision(
        period=qd25.periods["qd25"],
        user=qd25.users[f"district_{Role.RECOGNISING_AUTHORITY}"],
        number="46/QĐ-UBND",
        signed_on=date(2025, 2, 5),
        signer_name="Lò Văn Huyện",
        signer_title="Chủ tịch",
        issuer_name="",
        place="",
        assessments=chosen,
    )
    with translation.override("en"):
        text = documents.decision_text(decision)
        assert unit_kinds_words(["xa", "phuong", "thi_tran"]) == "commune, ward, township"  # the page's words
    assert text.summary == "Về việc công nhận xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật năm 2024"


def test_under_qd25_one_decision_covers_one_district_and_another_districts_chairman_cannot_sign(
    qd25: World,
) -> None:
    period = qd25.periods["qd25"]
    chosen = recommend(commune(qd25, "C1"), commune(qd25, "C3"))
    with pytest.raises(ValidationError, match="của một huyện"):
        council.issue_decision(
            period=period,
            user=qd25.users[Role.RECOGNISING_AUTHORITY],
            number="1/QĐ-UBND",
            signed_on=date(2025, 2, 5),
            signer_name="A",
            signer_title="Chủ tịch",
            issuer_name="",
            place="",
            assessments=chosen,
        )
    with pytest.raises(PermissionDenied):
        council.issue_decision(
            period=period,
            user=qd25.users[f"district_{Role.RECOGNISING_AUTHORITY}"],
            number="2/QĐ-UBND",
            signed_on=date(2025, 2, 5),
            signer_name="A",
            signer_title="Chủ tịch",
            issuer_name="",
            place="",
            assessments=[chosen[1]],
        )
    assert not RecognitionDecision.objects.exists()


def test_under_qd27_the_province_recognises(world: World) -> None:
    build_period(world)
    assessment = recommend(own(world))[0]
    decision = council.issue_decision(
        period=world.periods["own"],
        user=world.users[Role.RECOGNISING_AUTHORITY],
        number="9/QĐ-UBND",
        signed_on=date(2027, 1, 28),
        signer_name="A",
        signer_title="Chủ tịch",
        issuer_name="",
        place="",
        assessments=[assessment],
    )
    assert decision.issuer_name == "Ủy ban nhân dân tỉnh Thử Nghiệm"
    text = documents.decision_text(decision)
    assert "Hội đồng đánh giá chuẩn tiếp cận pháp luật cấp tỉnh" in text.considering
    assert "đề nghị của Giám đốc Sở Tư pháp" in text.considering
    assert "Giám đốc Sở Tư pháp, Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu" in text.articles[2][1]
    assert text.recipients[1] == "- Bộ Tư pháp;"


def test_notifications_go_to_the_level_the_framework_names(
    qd25: World, django_capture_on_commit_callbacks
) -> None:
    from tiepcan.core.models import Notification

    assessment = fill_completely(commune(qd25, "C1"), qd25.users[Role.COMMUNE_OFFICER])
    admin = qd25.users[Role.SYSTEM_ADMIN]
    with django_capture_on_commit_callbacks(execute=True):
        send(assessment.pk, admin)
    district_reviewer = qd25.users[f"district_{Role.REVIEWER}"]
    assert Notification.objects.filter(user=district_reviewer).exists()
    assert not Notification.objects.filter(user=qd25.users[Role.REVIEWER]).exists()
    # C3's district has no reviewer of its own: the province's reviewer hears of it instead.
    other = fill_completely(commune(qd25, "C3"), qd25.users[Role.COMMUNE_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        send(other.pk, admin)
    assert Notification.objects.filter(user=qd25.users[Role.REVIEWER], title__contains="Xã Bờ Sông").exists()


def test_under_qd27_the_provincial_reviewer_is_told(world: World, django_capture_on_commit_callbacks) -> None:
    from tiepcan.core.models import Notification

    build_period(world)
    district_reviewer = make_user("u_pt_cu")
    RoleAssignment.objects.create(user=district_reviewer, role=Role.REVIEWER, unit=world.units["D1"])
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        send(assessment.pk, world.users[Role.COMMUNE_CHAIRMAN])
    assert Notification.objects.filter(user=world.users[Role.REVIEWER]).exists()


def test_the_queue_names_the_reviewer_council_and_recogniser_of_the_framework(qd25: World, login) -> None:
    html = (
        login(qd25.users[Role.PROVINCE_ADMIN])
        .get(reverse("assessments:period_detail", kwargs={"pk": qd25.periods["qd25"].pk}))
        .content.decode()
    )
    assert "Phòng Tư pháp cấp huyện" in html
    assert "Hội đồng đánh giá chuẩn tiếp cận pháp luật cấp huyện" in html
    assert "Chủ tịch Ủy ban nhân dân cấp huyện" in html
    assert "<th>Xã, phường, thị trấn</th>" in html and "Hội đồng và công nhận cấp huyện" in html
    assert FrameworkVersion.objects.filter(code="qd25-2021").count() == 1


def test_the_round_comparison_names_each_dieu_4_fact_that_changed(qd25: World) -> None:
    assessment = commune(qd25, "C1")
    sender = qd25.users[Role.SYSTEM_ADMIN]
    DossierSnapshot.objects.create(assessment=assessment, round=1, facts={}, submitted_by=sender)
    DossierSnapshot.objects.create(
        assessment=assessment, round=2, facts={"head_party_disciplined": True}, submitted_by=sender
    )
    changes = services.round_changes(assessment, 1, 2)
    assert [(f["text"], f["before"], f["after"]) for f in changes.facts] == [
        (
            "Người đứng đầu cấp ủy hoặc chính quyền cấp xã chỉ bị xử lý kỷ luật Đảng (không bị kỷ luật hành chính)",
            False,
            True,
        )
    ]
