"""bulk.insert writes what bulk_create writes (COPY on PostgreSQL, bulk_create elsewhere)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tiepcan.assessments.models import DecisionEntry, RecognitionDecision
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.core import bulk
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def test_it_writes_the_rows_with_their_keys_json_dates_and_decimals(world: World) -> None:
    build_forwarded(world)
    assessment = own(world)
    period = world.periods["own"]
    user = next(iter(world.users.values()))
    decisions = bulk.insert(
        RecognitionDecision,
        [
            RecognitionDecision(
                period=period,
                number=f"{n}/QĐ",
                signed_on=date(2027, 1, 31),
                signer_name='A, "B"\tC\nD \\ E',
                signer_title="Chủ tịch",
                created_by=user,
            )
            for n in (1, 2)
        ],
    )
    assert all(d.pk for d in decisions) and decisions[0].pk != decisions[1].pk
    # The foreign key is read from the related object, saved before the row is built.
    (entry,) = bulk.insert(
        DecisionEntry,
        [
            DecisionEntry(
                decision=decisions[1],
                assessment=assessment,
                total=Decimal("87.25"),
                criterion_points={"TC1": "10.5", "TC2": 7, "ghi chú": ["ą", None]},
            )
        ],
    )
    stored = DecisionEntry.objects.select_related("decision").get(pk=entry.pk)
    assert (stored.decision.number, stored.total, stored.criterion_points) == (
        "2/QĐ",
        Decimal("87.25"),
        {"TC1": "10.5", "TC2": 7, "ghi chú": ["ą", None]},
    )
    assert stored.decision.signer_name == 'A, "B"\tC\nD \\ E'
    assert stored.decision.created_at is not None  # auto_now_add, as bulk_create sets it
    # The next row the application saves gets a new key (the sequence moved on).
    later = RecognitionDecision.objects.create(
        period=period, number="3/QĐ", signed_on=date(2027, 2, 1), signer_name="A", created_by=user
    )
    assert later.pk > max(d.pk for d in decisions)
    assert bulk.insert(DecisionEntry, []) == []
