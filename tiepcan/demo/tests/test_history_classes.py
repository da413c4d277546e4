"""The demo's QĐ 619 years invent no commune class: each commune keeps the class the province
recorded (none in the demo) and is judged against the strictest total threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tiepcan.assessments.models import Assessment
from tiepcan.demo import history
from tiepcan.frameworks.services import latest, load_shipped
from tiepcan.reports.tests.test_dashboards import _history
from tiepcan.testing import World


def test_the_strictest_class_is_the_one_with_the_highest_threshold() -> None:
    assert history.strictest_class({"total_min_by_class": {"I": 80, "II": 75, "III": 70}}) == "I"
    assert history.strictest_class({"total_min_by_class": {"III": "85", "I": "80,5"}}) == "III"
    assert history.strictest_class({"total_min": 80}) is None


@pytest.mark.django_db
def test_the_qd619_years_record_no_class_and_apply_the_strictest_threshold(world: World) -> None:
    load_shipped()
    framework = latest("qd619-2017")
    assert framework is not None
    by_class = framework.compiled().recognition["total_min_by_class"]
    highest = max(Decimal(str(v)) for v in by_class.values())
    _history(world, [2018, 2019, 2020, 2021])
    rows = list(
        Assessment.objects.filter(period__year__lte=2021).values_list("unit_class", "total", "recognisable")
    )
    assert len(rows) == 8
    assert {c for c, _t, _r in rows} == {""}  # no class made up
    assert all(
        t is not None and t >= highest for _c, t, r in rows if r
    )  # nobody recognised by an invented class
    assert any(r for _c, _t, r in rows)  # and the rules still recognise the strong communes
