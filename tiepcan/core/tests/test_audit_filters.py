"""The audit log's filters parse the query string through a FilterSet."""

from __future__ import annotations

import re

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.core.tests.markup import squash
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def test_the_audit_log_names_a_bad_date_and_reads_a_typed_one(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.get("/nhat-ky/", {"tu": "31/02/2026", "hanh_dong": "xoa-het"})
    assert response.status_code == 200
    html = squash(response.content)
    assert "Bộ lọc “Từ ngày” có giá trị không hợp lệ nên đã được bỏ qua." in html
    assert "Bộ lọc “Hành động” có giá trị không hợp lệ nên đã được bỏ qua." in html
    # A day typed the Vietnamese way filters: nothing was recorded after the year 2100.
    later = squash(client.get("/nhat-ky/", {"tu": "01/01/2100"}).content)
    assert "không hợp lệ" not in later
    entry = re.compile(r'href="/nhat-ky/[0-9]+/"')
    assert entry.search(html) and not entry.search(later)
