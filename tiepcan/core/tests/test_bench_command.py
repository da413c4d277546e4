"""The bench command parses its arguments and says what it needs (figures themselves are not tested)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_page_suites_explain_that_they_need_the_demo_data() -> None:
    out = StringIO()
    call_command("bench", "pages", "autosave", "--clients", "2", stdout=out)
    text = out.getvalue()
    assert "pages: no demo data" in text and "autosave: no demo data" in text


def test_nonsense_options_are_refused() -> None:
    with pytest.raises(CommandError, match="--clients"):
        call_command("bench", "autosave", "--clients", "0")
    with pytest.raises(CommandError):
        call_command("bench", "no-such-suite")


def test_the_downloads_suite_explains_that_it_needs_the_demo_data() -> None:
    out = StringIO()
    call_command("bench", "downloads", stdout=out)
    assert "downloads: no demo data" in out.getvalue()
    with pytest.raises(CommandError, match="--downloads"):
        call_command("bench", "downloads", "--downloads", "0")
