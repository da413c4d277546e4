"""Backups are encrypted to the province's key, carry checksums, and refuse a damaged archive.

The full round trip (back up, drop, restore into a fresh PostgreSQL database, compare every
table and file) is `.ci/restore-drill.sh`.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pyrage
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.core.management.base import CommandError

from tiepcan.ops.backup import BackupError, create_backup, read_backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, str]:
    identity_file = tmp_path / "identity.txt"
    call_command("backup_key", str(identity_file), stdout=io.StringIO())
    public = str(pyrage.x25519.Identity.from_str(identity_file.read_text().splitlines()[1]).to_public())
    return identity_file, public


@pytest.fixture
def storage(tmp_path: Path) -> FileSystemStorage:
    storage = FileSystemStorage(location=tmp_path / "media")
    storage.save("minh-chung/2026/Biên_bản_họp.pdf", ContentFile(b"%PDF-1.7 one"))
    storage.save("quyet-dinh/qd.docx", ContentFile(bytes(range(256)) * 100))
    return storage


def test_a_backup_is_unreadable_without_the_identity(tmp_path: Path, keys, storage) -> None:
    _, public = keys
    archive, manifest = create_backup(tmp_path / "out", [public], storage)
    raw = archive.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1")
    assert b"Bi\xc3\xaan" not in raw and b"%PDF" not in raw
    assert {m["name"] for m in manifest["media"]} == {
        "minh-chung/2026/Biên_bản_họp.pdf",
        "quyet-dinh/qd.docx",
    }
    assert not [p for p in (tmp_path / "out").iterdir() if p != archive]  # no plaintext left behind

    other = tmp_path / "other.txt"
    other.write_text(str(pyrage.x25519.Identity.generate()))
    with pytest.raises(BackupError, match="Cannot decrypt"):
        read_backup(archive, other, tmp_path / "x")


def test_verify_checks_every_checksum(tmp_path: Path, keys, storage) -> None:
    identity_file, public = keys
    archive, manifest = create_backup(tmp_path / "out", [public], storage)
    folder = tmp_path / "read"
    folder.mkdir()
    assert read_backup(archive, identity_file, folder) == manifest
    assert (folder / "content" / "media" / "quyet-dinh" / "qd.docx").read_bytes() == bytes(range(256)) * 100
    out = io.StringIO()
    call_command("restore", str(archive), identity=str(identity_file), verify_only=True, stdout=out)
    assert "every checksum identical" in out.getvalue()


def test_a_damaged_file_is_refused(tmp_path: Path, keys, storage) -> None:
    identity_file, public = keys
    archive, _ = create_backup(tmp_path / "out", [public], storage)
    identity = pyrage.x25519.Identity.from_str(identity_file.read_text().splitlines()[1])
    plain = pyrage.decrypt(archive.read_bytes(), [identity])
    # Re-pack with one file's bytes changed but the manifest kept: the restore must notice.
    buffer = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(plain)) as source, tarfile.open(fileobj=buffer, mode="w") as tar:
        for member in source.getmembers():
            extracted = source.extractfile(member)
            assert extracted is not None, f"{member.name} is not a file"
            data = extracted.read()
            if member.name.endswith("qd.docx"):
                data = b"X" + data[1:]
            tar.addfile(member, io.BytesIO(data))
    archive.write_bytes(pyrage.encrypt(buffer.getvalue(), [identity.to_public()]))
    folder = tmp_path / "read"
    folder.mkdir()
    with pytest.raises(BackupError, match=r"qd\.docx"):
        read_backup(archive, identity_file, folder)


def test_it_refuses_to_write_a_backup_without_a_key(tmp_path: Path, settings) -> None:
    settings.BACKUP_RECIPIENTS = []
    with pytest.raises(CommandError, match="public key"):
        call_command("backup", output=str(tmp_path))


def test_it_keeps_the_newest_archives(tmp_path: Path, keys, settings) -> None:
    _, public = keys
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "m")},
        },
    }
    for old in ("tiepcan-20250101T000000Z.tar.age", "tiepcan-20250102T000000Z.tar.age"):
        (tmp_path / old).write_bytes(b"old")
    call_command("backup", output=str(tmp_path), recipient=[public], keep=2, stdout=io.StringIO())
    kept = sorted(p.name for p in tmp_path.glob("tiepcan-*.tar.age"))
    assert len(kept) == 2 and kept[0] == "tiepcan-20250102T000000Z.tar.age"
