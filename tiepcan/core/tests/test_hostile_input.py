"""Hostile input on every endpoint: never a server error.

Every URL pattern the resolver knows must have an entry in ``hostile.ENDPOINTS`` saying who
can reach it, how (GET or POST, htmx or not) and what valid input looks like. For each entry
the probe first sends the valid input and records which form fields and query parameters the
view actually read: a field read but missing from the entry fails the test, so a new endpoint,
or a new field of an old one, cannot escape. Then every field is replaced, one at a time, by
every hostile value (``hostile_values``: the values any field can take, and broken numbers or
dates where the valid value is one), every file field by every file of ``hostile_files``, and the
path ids by ids that do not exist. Anything but a 5xx answer passes; each request is rolled
back, so every probe starts from the same data.

The endpoints are split over two modules (this one and ``test_hostile_input_plans.py``) so
that the two test processes share the work.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tiepcan.core.tests.hostile import ENDPOINTS, PLAN_SIDE, Hostile, hostile, probe, url_names

__all__ = ["hostile"]  # the module-scoped fixture


def test_it_lists_every_url_pattern() -> None:
    names = url_names()
    missing = sorted(names - ENDPOINTS.keys())
    stale = sorted(ENDPOINTS.keys() - names)
    assert not missing, f"Routes without hostile-input entries (add them to ENDPOINTS): {missing}"
    assert not stale, f"ENDPOINTS names routes that no longer exist: {stale}"


def test_it_probes_the_htmx_endpoints_the_templates_call_as_htmx_requests() -> None:
    """An endpoint a template calls with hx-get/hx-post answers htmx requests differently."""
    root = Path(__file__).resolve().parents[2]
    called = {
        match.group(2)
        for template in root.rglob("*.html")
        for match in re.finditer(
            r"hx-(get|post|put|patch|delete)=\"\{% url '([^']+)'", template.read_text("utf-8")
        )
    }
    assert called, "no htmx call found: has the pattern changed?"
    assert not sorted(n for n in called if not ENDPOINTS[n].htmx), "mark these ENDPOINTS htmx=True"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n in ENDPOINTS if not n.startswith(PLAN_SIDE)))
def test_it_never_answers_hostile_input_with_a_server_error(
    hostile: Hostile, name: str, request: pytest.FixtureRequest
) -> None:
    probe(hostile, name, request)
