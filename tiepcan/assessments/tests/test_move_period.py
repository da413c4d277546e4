"""Moving an open period onto a corrected framework version: carried, dropped, rescored, audited, atomic."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council, services
from tiepcan.assessments.choices import PeriodStatus, Status
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMembership,
    CouncilScore,
    Evidence,
    FrameworkMove,
)
from tiepcan.assessments.tests.helpers import send
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.core.models import AuditEntry
from tiepcan.frameworks import services as frameworks
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.testing import World

pytestmark = pytest.mark.django_db
REASON = "Bộ tiêu chí đã sửa theo văn bản gốc"


def superseded(code: str, number: int = 1) -> FrameworkVersion:
    version, problems = frameworks.import_framework(
        (frameworks.DATA_DIR / "superseded" / f"{code}.v{number}.yaml").read_text(encoding="utf-8")
    )
    assert problems == [] and version is not None
    return version


def open_on(world: World, version: FrameworkVersion, year: int) -> AssessmentPeriod:
    period = services.open_period(
        province=world.units["P1"],
        year=year,
        framework=version,
        user=world.users[Role.PROVINCE_ADMIN],
        title=f"Đánh giá năm {year}",
        self_assessment_due=date(year, 12, 15),
        dossier_due=date(year, 12, 31),
    )
    world.periods["own"] = period
    return period


@pytest.fixture
def on_v1(world: World) -> World:
    """P1's 2026 period opened on QĐ 27 version 1 (13 indicators, a copied Điều 4 condition), then v2 shipped."""
    v1 = superseded("qd27-2025")
    frameworks.activate(v1, world.units["P1"], 2026)
    open_on(world, v1, 2026)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    Assessment.objects.filter(pk=assessment.pk).update(facts={"head_disciplined": False}, not_arisen=["1.2"])
    superseded("qd27-2025", 2)  # version 2 as it was published (version 3 is tested below)
    return world


def fresh(world: World) -> Assessment:
    """The commune's assessment read again (``own`` hands back the period object cached before the move)."""
    return Assessment.objects.select_related("period__framework").get(
        period_id=world.periods["own"].pk, unit=world.units["N1"]
    )


def move(world: World, **kwargs):
    return services.move_period(
        period_id=world.periods["own"].pk,
        target=frameworks.latest("qd27-2025"),
        user=world.users[Role.PROVINCE_ADMIN],
        reason=REASON,
        **kwargs,
    )


def test_values_are_carried_by_code_and_field_and_the_rest_is_listed(on_v1: World) -> None:
    before = fresh(on_v1)
    report = move(on_v1)
    after = fresh(on_v1)
    assert after.period.framework.version == 2 and after.version == before.version + 1
    assert {k: v for k, v in after.values.items() if k != "1.2"} == {
        k: v for k, v in before.values.items() if k != "1.2"
    }
    assert after.not_arisen == ["1.2"]  # still allowed on 1.2
    entry = next(m for m in report.assessments if m.assessment_id == before.pk)
    carried = {(c.kind, c.indicator, c.field) for c in entry.carried}
    assert ("value", "1.1", "documents") in carried and ("not_arisen", "1.2", "") in carried
    # The copied condition of version 1 is gone: its answer is dropped and the reason given.
    assert [(d.kind, d.field, d.reason) for d in entry.dropped] == [
        (
            "fact",
            "head_disciplined",
            "điều kiện không có trong phiên bản mới: hãy khai lại theo phiên bản mới",
        )
    ]
    assert after.facts == {}
    # Rescored under version 2: the placeholder is named in the verdict.
    assert after.score["pending"] == ["2.7"] and "chờ bổ sung: 2.7" in after.score["verdict"]
    assert entry.total_after == "13.00" and entry.recognisable_after is True


def test_the_move_is_recorded_audited_and_the_activation_follows(on_v1: World) -> None:
    move(on_v1)
    record = FrameworkMove.objects.get()
    assert (record.from_version.version, record.to_version.version) == (1, 2)
    assert record.moved_by == on_v1.users[Role.PROVINCE_ADMIN] and record.reason == REASON
    assert len(record.report["assessments"]) == fresh(on_v1).period.assessments.count()
    activation = FrameworkActivation.objects.get(province=on_v1.units["P1"], year=2026)
    assert activation.framework.version == 2
    period = fresh(on_v1).period
    audited = AuditEntry.objects.filter(reason=REASON)
    assert audited.filter(object_id=str(period.pk), object_repr=str(period)).exists()
    assert audited.filter(object_id=str(fresh(on_v1).pk)).exists()
    assert (
        audited.filter(object_id=str(activation.pk)).exists()
        and audited.filter(object_id=str(record.pk)).exists()
    )
    with pytest.raises(ValueError, match="never edited"):
        record.save()


def test_a_dry_run_lists_the_same_and_changes_nothing(on_v1: World) -> None:
    before = fresh(on_v1)
    report = move(on_v1, dry_run=True)
    assert report.dry_run and any(m.dropped for m in report.assessments)
    after = fresh(on_v1)
    assert (after.period.framework.version, after.version, after.facts) == (1, before.version, before.facts)
    assert not FrameworkMove.objects.exists()
    assert FrameworkActivation.objects.get(province=on_v1.units["P1"], year=2026).framework.version == 1


def test_a_sent_dossier_at_the_council_moves_and_its_council_scores_are_kept_where_they_still_apply(
    on_v1: World,
) -> None:
    assessment = fresh(on_v1)
    send(assessment.pk, on_v1.users[Role.COMMUNE_CHAIRMAN])
    services.transition(assessment_id=assessment.pk, user=on_v1.users[Role.REVIEWER], to=Status.FORWARDED)
    CouncilMembership.objects.create(period=on_v1.periods["own"], user=on_v1.users[Role.COUNCIL_MEMBER])
    member = on_v1.users[Role.COUNCIL_MEMBER]
    council.propose(assessment_id=assessment.pk, user=member, indicator="1.1", points=1)
    Evidence.objects.create(
        assessment=assessment,
        indicator="9.9",
        title="Tài liệu lạc",
        link="https://example.vn/y",
        uploaded_by=on_v1.users[Role.COMMUNE_OFFICER],
    )
    CouncilScore.objects.create(assessment=assessment, member=member, indicator="9.9", points=Decimal(1))
    report = move(on_v1)
    entry = report.assessments[[m.assessment_id for m in report.assessments].index(assessment.pk)]
    assert list(CouncilScore.objects.filter(assessment=assessment).values_list("indicator", flat=True)) == [
        "1.1"
    ]
    assert ("council_score", "9.9") in {(d.kind, d.indicator) for d in entry.dropped}
    assert ("evidence", "9.9") in {(d.kind, d.indicator) for d in entry.dropped}
    assert Evidence.objects.filter(indicator="9.9").exists()  # kept, listed as no longer attached
    # A sent dossier that lost an answer must be returned before the commune can add it again.
    assert entry.needs_return is True and entry.status == Status.FORWARDED
    criteria, result = council.consolidated(Assessment.objects.get(pk=assessment.pk))
    assert result.pending == ["2.7"] and criteria["TC2"] == 6  # the council now judges under version 2


def test_it_refuses_once_a_dossier_is_past_the_council(on_v1: World) -> None:
    Assessment.objects.filter(pk=fresh(on_v1).pk).update(status=Status.RECOMMENDED)
    with pytest.raises(ValidationError, match="đã có hồ sơ được Hội đồng kết luận"):
        move(on_v1)
    assert fresh(on_v1).period.framework.version == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("closed", "Kỳ đánh giá đã kết thúc"),
        ("other_code", "cùng bộ tiêu chí"),
        ("same_version", "phải mới hơn"),
        ("no_reason", "Hãy ghi lý do"),
    ],
)
def test_it_refuses_what_is_not_a_correction_of_an_open_period(
    on_v1: World, change: str, message: str
) -> None:
    target, reason = frameworks.latest("qd27-2025"), REASON
    if change == "closed":
        AssessmentPeriod.objects.filter(pk=on_v1.periods["own"].pk).update(status=PeriodStatus.CLOSED)
    elif change == "other_code":
        target = superseded("qd25-2021")
    elif change == "same_version":
        target = FrameworkVersion.objects.get(code="qd27-2025", version=1)
    else:
        reason = " "
    with pytest.raises(ValidationError, match=message):
        services.move_period(
            period_id=on_v1.periods["own"].pk,
            target=target,
            user=on_v1.users[Role.PROVINCE_ADMIN],
            reason=reason,
        )
    assert not FrameworkMove.objects.exists()


def test_only_the_provinces_administrator_may_move_it(on_v1: World) -> None:
    for key in (Role.REVIEWER, Role.COMMUNE_OFFICER, "outsider"):
        with pytest.raises(PermissionDenied):
            services.move_period(
                period_id=on_v1.periods["own"].pk,
                target=frameworks.latest("qd27-2025"),
                user=on_v1.users[key],
                reason=REASON,
            )


def test_a_qd25_period_moved_onto_the_rebuilt_version_keeps_only_what_still_fits(world: World) -> None:
    v1 = superseded("qd25-2021")
    period = open_on(world, v1, 2024)  # communes C1, C2 of district D1
    assessment = period.assessments.get(unit=world.units["C1"])
    Assessment.objects.filter(pk=assessment.pk).update(
        values={
            "1.1": {"documents": [{"title": "NQ 01", "due_on": "2024-03-31", "issued_on": "2024-03-30"}]},
            "2.2": {"received": 4, "on_time": 4},
            "5.3": {"rating": "good"},
        },
        facts={"head_disciplined": True},
    )
    frameworks.load_shipped()
    report = services.move_period(
        period_id=period.pk,
        target=frameworks.latest("qd25-2021"),
        user=world.users[Role.PROVINCE_ADMIN],
        reason=REASON,
    )
    entry = next(m for m in report.assessments if m.assessment_id == assessment.pk)
    assert [(c.indicator, c.field) for c in entry.carried] == [("1.1", "documents")]
    dropped = {(d.indicator, d.field): d.reason for d in entry.dropped}
    assert dropped[("2.2", "received")] == "trường không còn trong chỉ tiêu"
    assert dropped[("5.3", "rating")] == "trường không còn trong chỉ tiêu"
    # Version 1 asked one question that mixed Party and administrative discipline: asked again.
    assert ("", "head_disciplined") in dropped
    moved = Assessment.objects.get(pk=assessment.pk)
    assert moved.facts == {} and moved.values == {
        "1.1": {"documents": [{"title": "NQ 01", "due_on": "2024-03-31", "issued_on": "2024-03-30"}]}
    }
    assert len(moved.score["indicators"]) == 20


def test_the_command_lists_carried_and_dropped_values_and_a_dry_run_changes_nothing(on_v1: World) -> None:
    period = on_v1.periods["own"]
    out = io.StringIO()
    call_command(
        "move_period",
        period=period.pk,
        by=on_v1.users[Role.PROVINCE_ADMIN].username,
        reason=REASON,
        dry_run=True,
        stdout=out,
    )
    text = out.getvalue()
    assert text.startswith("THỬ (không thay đổi gì)") and "qd27-2025 v1 → qd27-2025 v2" in text
    assert "BỎ    [điều kiện]  head_disciplined = False: điều kiện không có trong phiên bản mới" in text
    assert "giữ   [số liệu] 1.1 documents" in text
    assert not FrameworkMove.objects.exists()
    out = io.StringIO()
    call_command(
        "move_period",
        period=period.pk,
        by=on_v1.users[Role.PROVINCE_ADMIN].username,
        reason=REASON,
        json=True,
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["to_version"] == "qd27-2025 v2" and data["dry_run"] is False
    assert FrameworkMove.objects.get().report["to_version"] == "qd27-2025 v2"
    with pytest.raises(CommandError, match="phải mới hơn"):
        call_command(
            "move_period",
            period=period.pk,
            by=on_v1.users[Role.PROVINCE_ADMIN].username,
            reason=REASON,
            stdout=io.StringIO(),
        )
    with pytest.raises(CommandError, match="không có quyền"):
        call_command(
            "move_period",
            period=period.pk,
            by=on_v1.users[Role.REVIEWER].username,
            reason=REASON,
            to=2,
            stdout=io.StringIO(),
        )


def test_a_period_opened_on_version_2_moves_onto_version_3_and_keeps_every_value(world: World) -> None:
    """Version 3 only adds the procedure's deadlines and posting modes: every answer is carried."""
    superseded("qd27-2025")
    v2 = superseded("qd27-2025", 2)
    frameworks.activate(v2, world.units["P1"], 2026)
    open_on(world, v2, 2026)
    before = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    frameworks.load_shipped()
    report = move(world)
    after = fresh(world)
    assert after.period.framework.version == 3 and report.to_version == "qd27-2025 v3"
    answered = {code: values for code, values in before.values.items() if values}  # not the placeholder 2.7
    assert after.values == answered and after.facts == before.facts
    entry = next(m for m in report.assessments if m.assessment_id == before.pk)
    assert entry.dropped == [] and entry.total_after == "13.00" and entry.recognisable_after is True
    assert after.period.framework.definition["posting"]["office_days"] == 5
    assert FrameworkActivation.objects.get(province=world.units["P1"], year=2026).framework.version == 3
