"""Result summary rows follow every change in its transaction; the nightly check finds and fixes drift."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council, services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, DecisionEntry
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.core.models import Notification
from tiepcan.reports import aggregates, summaries
from tiepcan.reports.models import ResultDistrict, ResultScore, ResultSummary, ScoreKind, Source
from tiepcan.reports.tasks import check_result_summaries
from tiepcan.testing import World
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


def recognise(world: World, assessment: Assessment, number: str = "2/QĐ") -> None:
    secretary, chair = world.users[Role.COUNCIL_SECRETARY], world.users[Role.COUNCIL_MEMBER]
    meeting = council.record_meeting(
        period=world.periods["own"],
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
        period=world.periods["own"],
        user=world.users[Role.RECOGNISING_AUTHORITY],
        number=number,
        signed_on=date(2027, 1, 31),
        signer_name="A",
        signer_title="Chủ tịch",
        issuer_name="UBND tỉnh",
        place="Thử Nghiệm",
        assessments=[assessment],
    )


def test_a_row_appears_when_the_result_is_posted_and_follows_each_step_to_the_revocation(
    world: World,
) -> None:
    build_forwarded(world)
    assessment = own(world)
    assert ResultSummary.objects.get().assessment == assessment  # the other communes' drafts are no result
    row = ResultSummary.objects.get(assessment=assessment)
    assert (row.status, row.year, row.unit, row.province, row.kind) == (
        Status.FORWARDED,
        2026,
        world.N1,
        world.P1,
        world.N1.kind,
    )
    # N1 was formed from C1 and C2 of district D1: its "former district" is D1, and it is today's commune.
    assert (row.district, row.current_unit, row.source, row.public) == (
        world.D1,
        world.N1,
        Source.ASSESSMENT,
        True,
    )
    assert row.total == assessment.total and row.met == assessment.recognisable and not row.recognised
    assert row.criteria and set(row.criteria) == {"TC1", "TC2", "TC3"}
    assert ResultScore.objects.filter(summary=row, kind=ScoreKind.CRITERION).count() == 3
    before = summaries.version()

    recognise(world, assessment)
    row.refresh_from_db()
    entry = DecisionEntry.objects.get(assessment=assessment)
    assert row.recognised and row.status == Status.RECOGNISED
    assert (row.decision_id, row.decision_number, row.decision_date) == (
        entry.decision_id,
        "2/QĐ",
        date(2027, 1, 31),
    )
    assert summaries.version() > before
    before = summaries.version()

    council.revoke(
        entry=entry,
        user=world.users[Role.RECOGNISING_AUTHORITY],
        reason="Sai phạm",
        number="9/QĐ-TH",
        revoked_on=date(2027, 3, 1),
    )
    row.refresh_from_db()
    assert (row.recognised, row.revoked, row.revoked_on, row.revocation_number) == (
        False,
        True,
        date(2027, 3, 1),
        "9/QĐ-TH",
    )
    assert summaries.version() > before
    assert summaries.check(fix=False) == {
        "checked": Assessment.objects.count(),
        "missing": [],
        "different": [],
        "extra": [],
    }


def test_a_deferred_block_writes_the_rows_once_and_bumps_as_each_call_would(world: World) -> None:
    build_forwarded(world)
    assessment = own(world)
    row = ResultSummary.objects.get(assessment=assessment)
    ResultSummary.objects.filter(pk=row.pk).update(total=Decimal("1"))  # drift for the sync to mend
    before = summaries.version()
    with summaries.deferred():
        with CaptureQueriesContext(connection) as inside:
            summaries.sync([assessment.pk])
            with summaries.deferred():  # an inner block leaves the writing to the outer one
                summaries.sync([assessment.pk])
        assert len(inside.captured_queries) == 0
    # Two calls, one province: bumped twice, as two calls outside a block would; the row mended.
    assert summaries.version() == before + 2
    assert ResultSummary.objects.get(pk=row.pk).total == assessment.total
    assert summaries.check(fix=False)["different"] == []
    # A block that raises writes nothing.
    ResultSummary.objects.filter(pk=row.pk).update(total=Decimal("1"))
    with pytest.raises(ValueError), summaries.deferred():
        summaries.sync([assessment.pk])
        raise ValueError
    assert summaries.version() == before + 2
    assert ResultSummary.objects.get(pk=row.pk).total == Decimal("1")


def test_a_decision_and_a_revocation_bump_the_version_as_before(world: World) -> None:
    """Once for the decision's transition; twice for a revocation (its transition and its number)."""
    build_forwarded(world)
    assessment = own(world)
    before = summaries.version()
    recognise(world, assessment)
    # The council's recommendation (one transition) and the decision (one more).
    assert summaries.version() == before + 2
    entry = DecisionEntry.objects.get(assessment=assessment)
    council.revoke(
        entry=entry,
        user=world.users[Role.RECOGNISING_AUTHORITY],
        reason="Sai phạm",
        number="9/QĐ-TH",
        revoked_on=date(2027, 3, 1),
    )
    assert summaries.version() == before + 4
    assert summaries.check(fix=False)["different"] == []


def test_a_failed_step_leaves_the_row_as_it_was(world: World) -> None:
    build_forwarded(world)
    assessment = own(world)
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        services.transition(assessment_id=assessment.pk, user=world.users["outsider"], to=Status.RECOMMENDED)
    assert ResultSummary.objects.get(assessment=assessment).status == Status.FORWARDED


def test_the_nightly_check_reports_drift_to_the_administrators_and_fixes_it(world: World) -> None:
    build_forwarded(world)
    assessment = own(world)
    assert check_result_summaries.call()["different"] == []
    ResultSummary.objects.filter(assessment=assessment).update(total=Decimal("1.00"), recognised=True)
    report = check_result_summaries.call()
    assert report["different"] == [assessment.pk]
    told = Notification.objects.get(user=world.users[Role.SYSTEM_ADMIN])
    assert "1 dòng lệch" in told.title
    row = ResultSummary.objects.get(assessment=assessment)
    assert row.total == assessment.total and not row.recognised
    assert check_result_summaries.call()["different"] == []


def test_the_command_backfills_missing_rows_and_check_exits_non_zero_on_drift(
    world: World, capsys: Any
) -> None:
    build_forwarded(world)
    ResultSummary.objects.all().delete()
    with pytest.raises(SystemExit):
        call_command("result_summaries", "check")
    call_command("result_summaries", "rebuild")
    assert "missing 1" in capsys.readouterr().out
    assert ResultSummary.objects.filter(assessment=own(world)).exists()
    call_command("result_summaries", "check")
    assert "missing 0, different 0, extra 0" in capsys.readouterr().out


def test_lineage_names_the_district_then_and_the_commune_today(world: World) -> None:
    units = Unit.objects.filter(pk__in=[world.C1.pk, world.N1.pk, world.N2.pk]).select_related("parent")
    lines = summaries.lineage(units)
    assert lines[world.C1.pk] == summaries.Lineage(world.D1.pk, world.N1.pk, (world.D1.pk,))
    assert lines[world.N1.pk] == summaries.Lineage(world.D1.pk, world.N1.pk, (world.D1.pk,))
    assert lines[world.N2.pk] == summaries.Lineage(None, world.N2.pk, ())


def _imported(unit: Unit, year: int, province: Unit, recognised: bool, **extra: Any) -> ResultSummary:
    line = summaries.lineage([Unit.objects.select_related("parent").get(pk=unit.pk)])[unit.pk]
    row = ResultSummary.objects.create(
        source=Source.IMPORTED,
        unit=unit,
        year=year,
        province=province,
        district_id=line.district_id,
        current_unit_id=line.current_unit_id,
        kind=unit.kind,
        total=Decimal(80),
        met=recognised,
        recognised=recognised,
        **extra,
    )
    ResultDistrict.objects.bulk_create(summaries.districts(row.pk, line))  # as the import writes them
    return row


def test_aggregates_read_summary_rows_in_a_constant_number_of_queries(world: World) -> None:
    def measure() -> list[int]:
        counts = []
        rows = ResultSummary.objects.public()
        calls = [
            lambda: aggregates.totals(rows, year=2024),
            lambda: aggregates.shares(rows, ("year", "province")),
            lambda: aggregates.shares(rows, "district", province=world.P1),
            lambda: aggregates.shares(rows, ("current_unit", "kind")),
            lambda: aggregates.trend(rows, province=world.P1.pk),
            lambda: aggregates.weakest_criteria(rows),
            lambda: aggregates.weakest_indicators(rows),
        ]
        for call in calls:
            with CaptureQueriesContext(connection) as queries:
                call()
            counts.append(len(queries))
        return counts

    _imported(world.C1, 2023, world.P1, True)
    small = measure()
    _imported(world.C2, 2023, world.P1, False)
    _imported(world.C1, 2024, world.P1, True)
    _imported(world.N3, 2025, world.P2, True)
    assert measure() == small == [1, 1, 1, 1, 1, 1, 2]

    rows = ResultSummary.objects.public()
    assert aggregates.totals(rows, year=2023) == {
        "communes": 2,
        "decided": 2,
        "met": 1,
        "recognised": 1,
        "revoked": 0,
        "share": Decimal("50.0"),
    }
    by_district = aggregates.shares(rows, "district", years=(2023, 2024))
    assert [(r["district_name"], r["communes"], r["recognised"]) for r in by_district] == [
        ("Huyện Đồi Núi", 3, 2)
    ]
    # Read by today's communes: C1 and C2 are N1 now.
    today = aggregates.shares(rows, ("current_unit", "year"), province=world.P1)
    assert [(r["current_unit_name"], r["year"], r["communes"]) for r in today] == [
        ("Xã Đồng Tâm", 2023, 2),
        ("Xã Đồng Tâm", 2024, 1),
    ]
    assert [r["year"] for r in aggregates.trend(rows)] == [2023, 2024, 2025]
    kinds = aggregates.shares(rows, "kind", year=2023)
    assert {r["kind_label"] for r in kinds} == {"Xã", "Thị trấn"}


def test_weakest_criteria_and_indicators_come_from_score_rows(world: World) -> None:
    build_forwarded(world)
    rows = ResultSummary.objects.for_user(world.users[Role.PROVINCE_ADMIN], "view")
    weakest = aggregates.weakest_criteria(rows)
    assert {w["code"] for w in weakest} == {"TC1", "TC2", "TC3"} and all(w["title"] for w in weakest)
    assert all(w["communes"] == 1 for w in weakest)
    missed = aggregates.weakest_indicators(rows, limit=None)
    assert all(m["communes"] == 1 and m["title"] for m in missed)
    assert (
        aggregates.totals(ResultSummary.objects.for_user(world.users["foreign_officer"], "view"))["communes"]
        == 0
    )


def _stored() -> list[tuple[Any, ...]]:
    """Every summary row as stored (all but its id and time), with its score and district rows."""
    skipped = {"id", "updated_at"}
    fields = [f.attname for f in ResultSummary._meta.concrete_fields if f.attname not in skipped]
    return sorted(
        (
            tuple(getattr(row, f) for f in fields),
            sorted((s.kind, s.code, s.points, s.max_points, s.met) for s in row.scores.all()),
            sorted((d.district_id, d.shared) for d in row.former_districts.all()),
        )
        for row in ResultSummary.objects.prefetch_related("scores", "former_districts")
    )


def test_the_backfill_writes_exactly_the_rows_the_services_keep(world: World) -> None:
    # The services write one row at a time (summaries.sync); the backfill writes in bulk (COPY on
    # PostgreSQL): the same rows, field by field, with the same score and former-district rows.
    build_forwarded(world)
    recognise(world, own(world))
    kept = _stored()
    assert kept and any(row[1] for row in kept) and any(row[2] for row in kept)
    ResultSummary.objects.all().delete()
    assert summaries.rebuild() == len(kept)
    assert _stored() == kept
    assert summaries.check(fix=False)["different"] == []


def test_a_placeholder_indicator_is_never_among_the_indicators_not_met(world: World) -> None:
    # QĐ 27/2025's "2.7 Chỉ tiêu thứ 14 (chờ bổ sung …)" is not scored (state "placeholder", met
    # false): it once topped the dashboard's "indicators most often not met" at 100 %.
    build_forwarded(world)
    assessment = own(world)
    score = dict(assessment.score)
    score["indicators"] = [
        *score.get("indicators", []),
        {"code": "9.9", "points": "0", "max_points": "0", "met": False, "state": "placeholder"},
        {"code": "9.8", "points": "0", "max_points": "1", "met": False, "state": "scored"},
    ]
    Assessment.objects.filter(pk=assessment.pk).update(score=score)
    summaries.sync([assessment.pk])
    missed = set(ResultScore.objects.filter(kind=ScoreKind.INDICATOR).values_list("code", flat=True))
    assert "9.8" in missed and "9.9" not in missed
