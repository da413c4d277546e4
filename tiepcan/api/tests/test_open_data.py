"""The open data's answers: each page and its count in one statement, checked against the declared
schemas without ninja's per-object hook, and the access log's row written without waiting for the disk."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pydantic import TypeAdapter, ValidationError

from tiepcan.accounts.choices import Role
from tiepcan.api import schemas as s
from tiepcan.api.models import ApiAccessLog
from tiepcan.assessments.models import RecognitionDecision
from tiepcan.portal import queries
from tiepcan.portal.tests.test_results import many_communes
from tiepcan.testing import World, build_period


def _get(url: str) -> Any:
    response = Client().get(url)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_it_pages_the_recognised_communes_in_the_portals_order_and_counts_past_the_end(world: World) -> None:
    many_communes(world, 12)  # 8 of them recognised
    expected = [
        (r["unit_id"], r["unit__code"], r["total"])
        for r in queries.recognised(year=2024).values("unit_id", "unit__code", "total")
    ]
    seen = []
    for number in (1, 2, 3):
        body = _get(f"/api/v1/public/recognised?year=2024&page={number}&page_size=3")
        assert body["count"] == 8
        seen += [(row["unit"]["id"], row["unit"]["code"], row["total"]) for row in body["items"]]
    assert seen == [(pk, code, format(total, "f")) for pk, code, total in expected]
    with CaptureQueriesContext(connection) as past:
        body = _get("/api/v1/public/recognised?year=2024&page=4&page_size=3")
    # Past the end no row carries the count: it is counted alone (version, page, count, log).
    assert body == {"count": 8, "page": 4, "page_size": 3, "items": []} and len(past) == 4
    assert _get("/api/v1/public/recognised?year=2024&province=91")["count"] == 8
    assert _get("/api/v1/public/recognised?year=2024&province=92") == {
        "count": 0,
        "page": 1,
        "page_size": 50,
        "items": [],
    }


@pytest.mark.django_db
def test_it_counts_the_decisions_of_the_year_and_province_asked(world: World) -> None:
    def decide(period: str, number: int, year_signed: int) -> None:
        RecognitionDecision.objects.create(
            period=world.periods[period],
            number=f"{number}/QĐ-UBND",
            signed_on=date(year_signed, 1, number),
            issuer_name="Ủy ban nhân dân tỉnh",
            place="Thử Nghiệm",
            signer_name="Nguyễn Văn Ký",
            signer_title="Chủ tịch",
            created_by=world.users[Role.SYSTEM_ADMIN],
        )

    build_period(world)  # 2026, in P1 (91) and P2 (92)
    for number in (1, 2, 3):
        decide("own", number, 2027)
    for number in (4, 5):
        decide("foreign", number, 2026)
    everything = _get("/api/v1/public/decisions?page_size=2")
    assert everything["count"] == 5
    assert [d["number"] for d in everything["items"]] == ["3/QĐ-UBND", "2/QĐ-UBND"]
    own = _get("/api/v1/public/decisions?province=91&year=2026&page=2&page_size=2")
    assert own["count"] == 3 and [d["number"] for d in own["items"]] == ["1/QĐ-UBND"]
    assert _get("/api/v1/public/decisions?province=91&page=3&page_size=2")["count"] == 3
    assert _get("/api/v1/public/decisions?year=2026")["count"] == 5
    assert _get("/api/v1/public/decisions?year=2025")["count"] == 0


@pytest.mark.django_db
def test_every_open_answer_is_what_its_declared_schema_gives_and_a_wrong_one_is_refused(world: World) -> None:
    many_communes(world, 5)
    answers: list[tuple[str, Any]] = [
        ("/api/v1/public/recognised?year=2024", s.PublicCommunePage),
        ("/api/v1/public/decisions", s.PublicDecisionPage),
        ("/api/v1/public/aggregates", list[s.Aggregate]),
    ]
    for url, schema in answers:
        body = _get(url)
        ninja: TypeAdapter[Any] = TypeAdapter(schema)
        assert s.checker(schema).dump_python(s.checker(schema).validate_python(body), mode="json") == body
        assert ninja.dump_python(ninja.validate_python(body), mode="json") == body
    page = _get("/api/v1/public/recognised?year=2024")
    page["items"][0]["unit"]["level"] = "tỉnh"
    with pytest.raises(ValidationError):
        s.checker(s.PublicCommunePage).validate_python(page)
    del page["items"][0]["unit"]
    with pytest.raises(ValidationError):
        s.checker(s.PublicCommunePage).validate_python(page)


@pytest.mark.django_db(transaction=True)
def test_it_logs_an_open_request_outside_a_transaction_and_inside_one() -> None:
    Client().get("/api/v1/public/aggregates?year=2024", REMOTE_ADDR="203.0.113.9")
    row = ApiAccessLog.objects.get()
    assert (row.method, row.path, row.status, row.ip_address, row.key, row.user) == (
        "GET",
        "/api/v1/public/aggregates?year=2024",
        200,
        "203.0.113.9",
        None,
        None,
    )
    assert row.request_id
    if connection.vendor == "postgresql":
        # Asynchronous for the log's own commit only: the connection's setting is untouched.
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)
    # Inside a caller's transaction the row is written with it, and rolled back with it.
    with transaction.atomic():
        Client().get("/api/v1/public/decisions")
        assert ApiAccessLog.objects.count() == 2
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                assert cursor.fetchone() == ("on",)
        transaction.set_rollback(True)
    assert ApiAccessLog.objects.count() == 1
