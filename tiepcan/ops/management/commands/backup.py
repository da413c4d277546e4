"""Write an encrypted backup (database, stored files, checksums) and keep the newest few."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiepcan.ops.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and every stored file into one age-encrypted archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="folder for the archive (default BACKUP_DIR)")
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="age public key (age1…); default BACKUP_RECIPIENTS",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="then delete all but the newest N archives in the folder (0: keep all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"] or settings.BACKUP_DIR)
        recipients = options["recipient"] or settings.BACKUP_RECIPIENTS
        try:
            archive, manifest = create_backup(output, recipients)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{archive} ({archive.stat().st_size} bytes): database {manifest['database']['size']} bytes, "
            f"{len(manifest['media'])} files"
        )
        if options["keep"] > 0:
            archives = sorted(output.glob("tiepcan-*.tar.age"))
            for old in archives[: -options["keep"]]:
                old.unlink()
                self.stdout.write(f"removed {old.name} (older than the newest {options['keep']})")
