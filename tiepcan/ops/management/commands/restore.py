"""Restore an encrypted backup into an empty database and file storage."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiepcan.ops.backup import BackupError, read_backup, restore_backup


class Command(BaseCommand):
    help = "Check (--verify-only) or restore a backup made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--identity", type=Path, required=True, help="file holding the age identity")
        parser.add_argument(
            "--verify-only", action="store_true", help="decrypt and check every checksum; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive, identity = Path(options["archive"]), Path(options["identity"])
        try:
            if options["verify_only"]:
                with tempfile.TemporaryDirectory(prefix="tiepcan-verify-") as tmp:
                    manifest = read_backup(archive, identity, Path(tmp))
                verb = "verified"
            else:
                manifest = restore_backup(archive, identity)
                verb = "restored"
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}: {manifest['database']['vendor']} database of {manifest['created']}, "
                f"{len(manifest['media'])} files, every checksum identical"
            )
        )
