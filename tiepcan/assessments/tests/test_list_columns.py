"""The period and framework lists read names, not the 10–18 KB framework definitions, and the
system administrator's period list does not sort every assessment of the country."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


def _selects(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.PROVINCE_ADMIN, Role.COMMUNE_OFFICER])
def test_the_period_list_reads_no_definition(world: World, login, role: str) -> None:
    build_period(world)
    client = login(world.users[role])
    client.get(reverse("assessments:period_list"))  # the compiled frameworks are cached per process
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("assessments:period_list"))
    assert response.status_code == 200
    assert not [q for q in _selects(queries) if '"definition"' in q or '"source_text"' in q]
    html = response.content.decode()
    if role == Role.SYSTEM_ADMIN:
        # No unit of their own: no list of every commune's dossier, and no query sorting all of them.
        assert "Hồ sơ tự đánh giá của đơn vị bạn" not in html
        assert not [q for q in _selects(queries) if 'FROM "assessments_assessment"' in q]
    if role == Role.COMMUNE_OFFICER:
        assert "Hồ sơ tự đánh giá của đơn vị bạn" in html and "Xã Đồng Tâm" in html


def test_the_framework_list_reads_no_definition(world: World, login) -> None:
    build_period(world)
    client = login(world.users[Role.PROVINCE_ADMIN])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("frameworks:framework_list"))
    assert response.status_code == 200 and "qd27-2025" in response.content.decode()
    versions = [q for q in _selects(queries) if '"frameworks_frameworkversion"' in q]
    assert versions and not [q for q in versions if '"frameworks_frameworkversion"."definition"' in q]
