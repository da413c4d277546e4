"""Make the province's backup key pair: the identity to keep offline, the recipient for the server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyrage
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Write a new age identity to a file (mode 600) and print its public key for BACKUP_RECIPIENTS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identity_file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["identity_file"]
        if path.exists():
            raise CommandError(f"{path} exists; refusing to overwrite a key.")
        identity = pyrage.x25519.Identity.generate()
        public = str(identity.to_public())
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"# TiếpCận backup identity. Public key: {public}\n{identity}\n")
        self.stdout.write(public)
