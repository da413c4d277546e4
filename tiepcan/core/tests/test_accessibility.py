"""Accessible names, headings and icons that screen readers and plain fonts depend on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import Notification
from tiepcan.testing import World

# Pictographs that render as an empty box where no emoji font is installed (common on
# office machines): icons come from heroicons instead.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")


@pytest.mark.django_db
def test_the_bell_says_how_many_notifications_are_unread(world: World, login) -> None:
    person = world.users[Role.REVIEWER]
    for n in range(3):
        Notification.objects.create(user=person, title=f"Hồ sơ {n}", url="/")
    html = login(person).get(reverse("home")).content.decode()
    assert 'aria-label="Thông báo (3 chưa đọc)"' in html


@pytest.mark.django_db
def test_the_bell_has_a_plain_name_when_nothing_is_unread(world: World, login) -> None:
    html = login(world.users[Role.REVIEWER]).get(reverse("home")).content.decode()
    assert 'aria-label="Thông báo"' in html
    assert "chưa đọc)" not in html


def test_no_template_uses_an_emoji_as_an_icon() -> None:
    root = Path(settings.BASE_DIR) / "tiepcan"
    found = []
    for path in sorted(root.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if EMOJI.search(line):
                found.append(f"{path.relative_to(root)}:{number}")
    assert not found, "Emoji used as icons (use {% heroicon_outline … %}): " + ", ".join(found)
