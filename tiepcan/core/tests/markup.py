"""Reading rendered markup in tests.

Templates are formatted one element per line (djLint), so a tag's attributes may sit on several
lines and its text on the next one. Tests match fragments of ``squash(html)``: every run of white
space made one space, and none left next to ``<`` or ``>``.
"""

from __future__ import annotations

import re


def squash(html: str | bytes) -> str:
    if isinstance(html, bytes):
        html = html.decode()
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html))
