"""Encrypted backups: a database dump, every stored file, and a manifest of SHA-256 checksums.

One archive per run, ``tiepcan-<UTC time>.tar.age``: a tar holding ``manifest.json``,
``database.dump`` (pg_dump's custom format) or ``database.sqlite3``, and ``media/…`` (every
file of the default storage, disk or S3), encrypted with age (https://age-encryption.org)
to the province's public key(s). The matching identity (private key) stays off the server;
without it the archive is unreadable, with it ``manage.py restore`` (or the ``age`` tool and
``tar``, by hand) gets everything back. Personal data is never written unencrypted outside a
private temporary folder that is removed at the end.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyrage
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from tiepcan.ops.grants import grant_app_role

FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str


def sha256_of(stream: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def parse_recipients(values: list[str]) -> list[Any]:
    if not values:
        raise BackupError(
            "No recipient: give the province's age public key (BACKUP_RECIPIENTS or --recipient). "
            "`manage.py backup_key` makes a key pair."
        )
    try:
        return [pyrage.x25519.Recipient.from_str(v.strip()) for v in values]
    except pyrage.RecipientError as exc:
        raise BackupError(f"Not an age public key (age1…): {exc}") from exc


def load_identity(path: Path) -> Any:
    lines = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    try:
        return pyrage.x25519.Identity.from_str(lines[0])
    except (IndexError, pyrage.IdentityError) as exc:
        raise BackupError(f"{path} holds no age identity (AGE-SECRET-KEY-1…).") from exc


# --- Database -------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGUSER": s["USER"] or "", "PGAPPNAME": "tiepcan-backup"}
    if s["HOST"]:
        env["PGHOST"] = s["HOST"]
    if s["PORT"]:
        env["PGPORT"] = str(s["PORT"])
    if s["PASSWORD"]:
        env["PGPASSWORD"] = s["PASSWORD"]
    return env


def dump_database(folder: Path) -> Path:
    if connection.vendor == "postgresql":
        target = folder / "database.dump"
        # Custom format: compressed, restorable table by table; no owner or grants, so it
        # restores into a fresh database owned by whoever runs the restore.
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)], _pg_env()
        )
        return target
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        # SQLite's online backup: a consistent copy even while the app writes.
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        with copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    raise BackupError(f"No backup for the {connection.vendor} database.")


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore_database(source: Path) -> None:
    connection.ensure_connection()
    if not database_is_empty():
        raise BackupError(
            "The target database already has tables. Restore into a new, empty database "
            "(createdb …), then point DATABASE_URL at it."
        )
    if connection.vendor == "postgresql":
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(source),
            ],
            _pg_env(),
        )
        return
    if connection.vendor == "sqlite":
        connection.close()
        target = Path(connection.settings_dict["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return
    raise BackupError(f"No restore for the {connection.vendor} database.")


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- Files ----------------------------------------------------------------------------


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first (works on disk and on S3)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


# --- Archive --------------------------------------------------------------------------


def create_backup(
    output_dir: Path, recipients: list[str], storage: Storage | None = None
) -> tuple[Path, dict]:
    """Write the encrypted archive into ``output_dir``; return its path and the manifest."""
    storage = storage or default_storage
    keys = parse_recipients(recipients)
    output_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    target = output_dir / f"tiepcan-{stamp}.tar.age"
    with tempfile.TemporaryDirectory(prefix="tiepcan-backup-", dir=output_dir) as tmp:
        folder = Path(tmp)
        dump = dump_database(folder)
        with dump.open("rb") as handle:
            digest, size = sha256_of(handle)
        manifest: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "created": stamp,
            "database": {"vendor": connection.vendor, "file": dump.name, "size": size, "sha256": digest},
            "migrations": _applied_migrations(),
            "media": [],
        }
        plain = folder / "archive.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(dump, arcname=dump.name)
            for name in stored_files(storage):
                with storage.open(name, "rb") as handle:
                    digest, size = sha256_of(handle)
                    handle.seek(0)
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = size
                    info.mtime = int(datetime.now(tz=UTC).timestamp())
                    tar.addfile(info, handle)
                manifest["media"].append({"name": name, "size": size, "sha256": digest})
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        partial = target.with_suffix(".partial")
        with plain.open("rb") as reader, partial.open("wb") as writer:
            pyrage.encrypt_io(reader, writer, keys)
        partial.rename(target)
    return target, manifest


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def read_backup(archive: Path, identity_file: Path, folder: Path) -> dict:
    """Decrypt and unpack into ``folder``; check every checksum; return the manifest."""
    identity = load_identity(identity_file)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    plain = folder / "archive.tar"
    try:
        with archive.open("rb") as reader, plain.open("wb") as writer:
            pyrage.decrypt_io(reader, writer, [identity])
    except pyrage.DecryptError as exc:
        raise BackupError(f"Cannot decrypt {archive.name} with this identity: {exc}") from exc
    with tarfile.open(plain) as tar:
        tar.extractall(folder / "content", filter="data")
    plain.unlink()
    content = folder / "content"
    manifest = json.loads((content / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    expected = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    expected += [(f"media/{m['name']}", m["sha256"]) for m in manifest["media"]]
    for name, digest in expected:
        with (content / name).open("rb") as handle:
            if sha256_of(handle)[0] != digest:
                raise BackupError(f"Checksum mismatch for {name}: the archive is damaged.")
    return manifest


def restore_backup(archive: Path, identity_file: Path, storage: Storage | None = None) -> dict:
    """Restore database and files from an archive into an empty database and storage."""
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="tiepcan-restore-") as tmp:
        folder = Path(tmp)
        manifest = read_backup(archive, identity_file, folder)
        content = folder / "content"
        if manifest["database"]["vendor"] != connection.vendor:
            raise BackupError(
                f"The backup holds a {manifest['database']['vendor']} database; this server uses {connection.vendor}."
            )
        clashes = [m["name"] for m in manifest["media"] if storage.exists(m["name"])]
        if clashes:
            raise BackupError(f"The file storage already holds {clashes[0]} (and {len(clashes) - 1} more).")
        restore_database(content / manifest["database"]["file"])
        # The dump carries no grants: give the application role its privileges again.
        grant_app_role()
        for item in manifest["media"]:
            with (content / "media" / item["name"]).open("rb") as handle:
                saved = storage.save(item["name"], File(handle, name=item["name"]))
            if saved != item["name"]:
                raise BackupError(f"The storage renamed {item['name']} to {saved}.")
            with storage.open(saved, "rb") as handle:
                if sha256_of(handle)[0] != item["sha256"]:
                    raise BackupError(f"{saved} differs from the backup after writing.")
    return manifest
