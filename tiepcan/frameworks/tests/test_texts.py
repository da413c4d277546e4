"""The framework pages speak Vietnamese: unit kinds, dates, names, numbers, rules and changes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.frameworks import services
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.testing import World

pytestmark = pytest.mark.django_db

# Code-like text a reader should not meet: snake_case names, ISO dates, Python literals and keywords.
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:True|False|None)\b|\bif\b|\belse\b|\{'")


class _Text(HTMLParser):
    """The visible text of the page's main element (code samples aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag == "main"
        self.skip += tag in ("code", "script")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "main"
        self.skip -= tag in ("code", "script")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def _text(client, url: str) -> str:
    parser = _Text()
    parser.feed(client.get(url).content.decode())
    return re.sub(r"\s+", " ", "".join(parser.parts))


def test_the_framework_page_names_kinds_dates_and_the_framework_in_vietnamese(world: World, login) -> None:
    services.load_shipped()
    version = FrameworkVersion.objects.get(code="qd27-2025")
    text = _text(
        login(world.users[Role.COMMUNE_OFFICER]),
        reverse("frameworks:framework_detail", kwargs={"pk": version.pk}),
    )
    assert "đơn vị: xã, phường, đặc khu" in text
    assert "27/2025/QĐ-TTg (04/08/2025)" in text
    assert "2025-08-04" not in text and "dac_khu" not in text
    assert version.title in text
    assert RAW.findall(text) == []


def test_the_framework_list_names_applied_frameworks_by_title(world: World, login) -> None:
    services.load_shipped()
    version = FrameworkVersion.objects.get(code="qd27-2025")
    services.activate(version, world.units["P1"], 2026, world.users[Role.PROVINCE_ADMIN])
    text = _text(login(world.users[Role.PROVINCE_ADMIN]), reverse("frameworks:framework_list"))
    applied = text[text.index("Bộ tiêu chí áp dụng theo năm") :]
    assert version.title in applied
    assert "qd27-2025" not in applied


def test_the_comparison_reads_as_sentences_not_as_data(world: World, login) -> None:
    services.load_shipped()
    older = FrameworkVersion.objects.get(code="qd619-2017")
    newer = FrameworkVersion.objects.get(code="qd27-2025")
    text = _text(
        login(world.users[Role.PROVINCE_ADMIN]),
        reverse("frameworks:framework_diff", kwargs={"pk": older.pk, "other_pk": newer.pk}),
    )
    assert f"{older.title} (phiên bản {older.version}" in text
    assert "Loại đơn vị áp dụng: xã, phường, thị trấn → xã, phường, đặc khu" in text
    assert "Tỷ lệ điểm tối thiểu của mỗi tiêu chí: 50% → —" in text
    assert "Đã đối chiếu văn bản gốc: Có → Không" in text
    assert "619/QĐ-TTg (08/05/2017)" in text
    assert "Số liệu đo mức hài lòng: Tỷ lệ hài lòng qua khảo sát (%) → —" in text
    assert RAW.findall(text) == []
