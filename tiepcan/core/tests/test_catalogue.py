"""The English catalogue has no untranslated or fuzzy entries (a fuzzy guess is shown to nobody)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _msgids(*flags: str) -> list[str]:
    output = subprocess.run(
        ["msgattrib", *flags, str(CATALOGUE)], capture_output=True, text=True, check=True
    ).stdout
    blocks = [block for block in output.split("\n\n") if "\nmsgid " in "\n" + block]
    # The header (msgid "") is always listed; anything else is a string left to translate.
    return [block for block in blocks if 'msgid ""\nmsgstr ""\n"Project-Id-Version' not in block]


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="GNU gettext is not installed")
def test_every_english_string_is_translated_and_none_is_fuzzy() -> None:
    assert _msgids("--untranslated") == []
    assert _msgids("--only-fuzzy") == []
