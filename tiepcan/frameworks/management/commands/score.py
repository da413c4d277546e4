"""``manage.py score --framework CODE --values FILE.json``: score one commune and print JSON.

CODE is a framework stored in the database (its latest version), a shipped code
(qd619-2017, qd25-2021, qd27-2025) or a path to a YAML file. See docs/scoring.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.lib.engine.cli import resolve_framework, run


class Command(BaseCommand):
    help = "Score a commune's values against a framework and print the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--framework", required=True)
        parser.add_argument("--values", required=True)

    def handle(self, *args: Any, framework: str, values: str, **options: Any) -> None:
        stored = FrameworkVersion.objects.filter(code=framework).order_by("-version").first()
        source: Any = stored.definition if stored else None
        if source is None:
            try:
                source = resolve_framework(framework)
            except FileNotFoundError as exc:
                raise CommandError(str(exc)) from exc
        try:
            document = json.loads(Path(values).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp số liệu: {exc}") from exc
        code = run(source, document, self.stdout)
        if code:
            raise SystemExit(code)
