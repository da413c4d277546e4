"""Words a template shows or reads aloud (labels for screen readers included) go through translation."""

from __future__ import annotations

import re
from pathlib import Path

TIEPCAN = Path(__file__).resolve().parents[2]
# An attribute people read or hear, with a literal value (no template tag or variable in it).
LITERAL = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"{]*[A-Za-z][^"{]*)"')
# Formats and examples are not words to translate.
ALLOWED = re.compile(r"^(dd/mm/yyyy|\d+/QĐ-UBND|[\d.,/ :-]+)$")
# Owned by the autosave rework under way in parallel; translate its breadcrumb label once merged.
PENDING: set[str] = set()


def test_no_template_has_a_literal_label_a_person_reads_or_hears() -> None:
    literal = [
        f"{path.relative_to(TIEPCAN)}: {name}={value!r}"
        for path in sorted(TIEPCAN.rglob("*.html"))
        if str(path.relative_to(TIEPCAN)) not in PENDING
        for name, value in LITERAL.findall(path.read_text(encoding="utf-8"))
        if not ALLOWED.match(value)
    ]
    assert literal == []
