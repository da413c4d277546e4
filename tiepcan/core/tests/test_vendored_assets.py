"""Vendored assets name no file we do not ship.

The production static storage (a manifest of hashed names) rewrites every `url(...)` and
`sourceMappingURL` reference and refuses to collect a file whose reference is missing, so such a
reference breaks `collectstatic` on deployment, not in development.
"""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"
SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_vendored_file_names_is_shipped() -> None:
    missing = []
    for path in sorted(STATIC.rglob("*")):
        if path.suffix not in {".js", ".css"}:
            continue
        for name in SOURCE_MAP.findall(path.read_text(encoding="utf-8", errors="replace")):
            if not name.startswith("data:") and not (path.parent / name).exists():
                missing.append(f"{path.relative_to(STATIC)} → {name}")
    assert missing == []
