"""A published framework version is never edited: its file stays byte for byte as it was shipped.

A database that imported a version keeps its checksum; a file changed under the same version number
is refused by ``import_framework`` ("hãy tăng số phiên bản"), so ``load_frameworks`` would fail on
every installation that loaded it. Version 2 of ``qd25-2021`` and ``qd27-2025`` was edited in place
once (the procedure's deadlines and posting modes were added after it reached main); the edit is now
version 3 and version 2 is kept in ``data/superseded/`` as published. This test records the checksum
of every published file, so the next in-place edit fails here instead of on a province's server.

To correct a shipped framework: move the current file to ``data/superseded/<code>.v<N>.yaml``
unchanged, write the new file with ``version: N+1`` and a ``change_note``, and add its checksum below.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from tiepcan.frameworks import services

DATA = Path(services.DATA_DIR)

# (code, version) → SHA-256 of the file as published.
PUBLISHED: dict[tuple[str, int], str] = {
    ("qd619-2017", 1): "e4176ea87a7469ec359622d3857a76c13335848aba88f49224c12ce19ebe3a70",
    ("qd619-2017", 2): "dfa36ffc868192650e45037340ba790f5919748563118ea0d19fb86ab2b4d1c9",
    ("qd25-2021", 1): "3c00f05d4bd8870a116e25df041dd77bf48e2b1d52c4f3b814a224f67400b822",
    ("qd25-2021", 2): "7bcd6a657d1b03171c8c18993cad3a5a43f0cfe000e2583076820e9504068c83",
    ("qd25-2021", 3): "4cc3bf6ead56829b87915c91ce7d1f0583025a7e586e307bbc4f6cdb0766d986",
    ("qd27-2025", 1): "0bd1acdfbef0ca5bf7ffe4a354fd270a0d7c8f445e9e7150b2d694116c695de9",
    ("qd27-2025", 2): "77866851ab6039e5dbdc0932dc2bbfae43464556fea36d8d37d9cf2c9b5c586c",
    ("qd27-2025", 3): "5c556f87c56ef5ece57b348a8b498004bbe54c5d26d325a6b1e43b259d812b0b",
}


def _files() -> list[Path]:
    return sorted(DATA.glob("*.yaml")) + sorted((DATA / "superseded").glob("*.yaml"))


def _identity(path: Path) -> tuple[str, int, str]:
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data["code"], data["version"], hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(DATA)))
def test_every_shipped_file_is_its_published_version_unchanged(path: Path) -> None:
    code, version, checksum = _identity(path)
    assert (code, version) in PUBLISHED, f"{path.name}: add the checksum of the new version {code} v{version}"
    assert checksum == PUBLISHED[(code, version)], (
        f"{path.name}: {code} v{version} was published with other content; "
        "keep it unchanged and ship the change as a new version"
    )


def test_every_published_version_is_kept_and_the_current_file_is_the_newest() -> None:
    found = {(code, version): path for path in _files() for code, version, _ in [_identity(path)]}
    assert set(found) == set(PUBLISHED)  # nothing published is lost
    for code in services.SHIPPED:
        current = _identity(DATA / f"{code}.yaml")[1]
        older = sorted(v for c, v in PUBLISHED if c == code and v != current)
        assert older == list(range(1, current)), code
        for version in older:
            assert found[(code, version)] == DATA / "superseded" / f"{code}.v{version}.yaml"
