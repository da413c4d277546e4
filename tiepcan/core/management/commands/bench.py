"""``manage.py bench [scoring pages autosave …] [--clients N --requests N]``: print performance figures.

Figures only, never asserted in tests. ``pages`` and ``autosave`` need the demo data
(``manage.py demo``) in the database DATABASE_URL points at.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

ROOT = Path(__file__).resolve().parents[4]
SUITES = ["scoring", "pages", "fixed", "autosave", "council", "dashboards"]
# Not in the default run: it starts a server and takes minutes (`manage.py bench rush`), builds
# the whole country in its own database (`manage.py bench national`), or renders a decision's
# PDF first (`manage.py bench downloads`).
EXTRA = ["rush", "national", "downloads"]


class Command(BaseCommand):
    help = (
        "Print benchmark figures: scoring (whole country per framework), pages (self-assessment page and "
        "one client's autosave, in this process), autosave (concurrent client processes; needs the demo data), council (the council page with "
        "--dossiers dossiers)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # No default list: Python 3.13.0's argparse checks a list default against the choices and fails.
        parser.add_argument(
            "suites",
            nargs="*",
            choices=SUITES + EXTRA,
            help="Default: all but rush (the deadline rush over HTTP).",
        )
        parser.add_argument(
            "--clients", type=int, default=4, help="autosave: concurrent client processes (default 4)."
        )
        parser.add_argument(
            "--requests",
            type=int,
            default=100,
            help="autosave: timed saves per client process (default 100).",
        )
        parser.add_argument(
            "--warmup", type=int, default=10, help="autosave: untimed saves per process first (default 10)."
        )
        parser.add_argument(
            "--no-contention",
            action="store_false",
            dest="contention",
            help="autosave: skip the run where every client edits the same assessment.",
        )

        parser.add_argument(
            "--dossiers", type=int, default=102, help="council: dossiers waiting at the council (default 102)"
        )
        parser.add_argument(
            "--communes",
            type=int,
            default=80,
            help="rush: communes autosaving (default 80: at a 1 s pace they offer more than the 60 saves/s aimed at)",
        )
        parser.add_argument(
            "--submitters", type=int, default=30, help="rush: of them, chairmen approving (30)"
        )
        parser.add_argument("--saves", type=int, default=20, help="rush: autosaves per commune (default 20)")
        parser.add_argument("--pace", type=float, default=1.0, help="rush: mean seconds between saves (1.0)")
        parser.add_argument("--workers", type=int, default=0, help="rush: server processes (default: CPUs)")
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help="rush: threads per server process (default 1: sync workers; more: gthread, keep-alive)",
        )
        parser.add_argument(
            "--profile",
            action="store_true",
            help="rush: profile one autosave; fixed, council: print cProfile's top",
        )
        parser.add_argument(
            "--start-timeout",
            type=float,
            default=180.0,
            help="rush: seconds the server may take to answer /healthz (default 180; a loaded machine is slow)",
        )
        parser.add_argument(
            "--decision-communes",
            type=int,
            default=165,
            help="downloads: communes the decision recognises (default 165)",
        )
        parser.add_argument(
            "--downloads", type=int, default=20, help="downloads: timed downloads per format (default 20)"
        )
        parser.add_argument(
            "--scale", type=float, default=1.0, help="national: share of the communes assessed (default 1.0)"
        )
        parser.add_argument(
            "--bench-db",
            default="",
            help="national: database URL of the bench's own database (default sqlite var/bench-national.sqlite3)",
        )
        parser.add_argument("--rebuild", action="store_true", help="national: build the data again")
        parser.add_argument(
            "--check",
            action="store_true",
            help="national: also time the nightly summary check over everything",
        )
        parser.add_argument(
            "--repeat", type=int, default=5, help="national: warm requests per page (default 5)"
        )
        parser.add_argument(
            "--decisions",
            action="store_true",
            help="national: time the decision path only (council.issue_decision, council.revoke; rolled back), "
            "--repeat rounds (at least 3); with --profile, cProfile's top of the decision of many dossiers",
        )
        parser.add_argument(
            "--decision-entries",
            type=int,
            default=60,
            help="national --decisions: dossiers of the large decision (default 60)",
        )
        parser.add_argument(
            "--only",
            default="",
            help='national: only the pages whose label contains one of these comma-separated words, e.g. "dashboard,home"',
        )

    def handle(self, *args: Any, suites: list[str], **options: Any) -> None:
        if options["clients"] < 1 or options["requests"] < 1 or options["warmup"] < 0:
            raise CommandError("--clients and --requests must be at least 1, --warmup at least 0.")
        suites = suites or SUITES
        sys.path.insert(0, str(ROOT))
        # lazy: the bench package sits at the repository root, importable once ROOT is on sys.path
        from bench import autosave, council, dashboards, downloads, fixed, national, pages, rush, scoring

        if "national" in suites:
            if not 0 < options["scale"] <= 1 or options["repeat"] < 1 or options["decision_entries"] < 2:
                raise CommandError(
                    "--scale must be in (0, 1], --repeat at least 1, --decision-entries at least 2."
                )
            status = national.run(
                self.stdout.write,
                scale=options["scale"],
                bench_db=options["bench_db"],
                rebuild=options["rebuild"],
                repeat=options["repeat"],
                check=options["check"],
                decisions=options["decision_entries"] if options["decisions"] else 0,
                profile=options["profile"],
                only=options["only"],
            )
            if status:
                raise CommandError(f"the national bench failed (exit status {status})")

        if "rush" in suites:
            if (
                options["communes"] < 1
                or options["saves"] < 1
                or options["pace"] < 0
                or options["threads"] < 1
            ):
                raise CommandError(
                    "--communes, --saves and --threads must be at least 1, --pace not negative."
                )
            rush.run(
                out=self.stdout.write,
                communes=options["communes"],
                submitters=options["submitters"],
                saves=options["saves"],
                pace=options["pace"],
                workers=options["workers"],
                threads=options["threads"],
                profile=options["profile"],
                start_timeout=options["start_timeout"],
            )

        if "downloads" in suites:
            if options["decision_communes"] < 1 or options["downloads"] < 1:
                raise CommandError("--decision-communes and --downloads must be at least 1.")
            downloads.run(
                out=self.stdout.write, communes=options["decision_communes"], repeat=options["downloads"]
            )

        if "scoring" in suites:
            scoring.run(out=self.stdout.write)
        if "pages" in suites:
            pages.run(out=self.stdout.write)
        if "fixed" in suites:
            fixed.run(out=self.stdout.write, profile=options["profile"])
        if "dashboards" in suites:
            dashboards.run(out=self.stdout.write)
        if "council" in suites:
            council.run(out=self.stdout.write, dossiers=options["dossiers"], profile=options["profile"])
        if "autosave" in suites:
            autosave.run(
                out=self.stdout.write,
                clients=options["clients"],
                requests=options["requests"],
                warmup=options["warmup"],
                contention=options["contention"],
            )
