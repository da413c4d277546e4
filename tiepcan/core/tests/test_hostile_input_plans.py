"""Hostile input on the plan's, frameworks', portal and core endpoints (see test_hostile_input.py)."""

from __future__ import annotations

import pytest

from tiepcan.core.tests.hostile import ENDPOINTS, PLAN_SIDE, Hostile, hostile, probe

__all__ = ["hostile"]  # the module-scoped fixture


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in ENDPOINTS if n.startswith(PLAN_SIDE)))
def test_it_never_answers_hostile_input_with_a_server_error(
    hostile: Hostile, name: str, request: pytest.FixtureRequest
) -> None:
    probe(hostile, name, request)
