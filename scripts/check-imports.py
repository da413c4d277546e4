"""Import every runtime module of tiepcan after django.setup(), to catch import cycles and models
imported before the apps are ready.

Each module is imported first in a process of its own (forked after setup, or with
--fresh-subprocess a new interpreter each: slower, the same answer), then all of them in one
process in alphabetical and in reverse order. Prefixes limit the modules
(``tiepcan.assessments tiepcan.paperwork``). Exits 1 on any failure, with the tracebacks.

    TIEPCAN_ENV=test .venv/bin/python scripts/check-imports.py [--fresh-subprocess] [PREFIX...]
"""

from __future__ import annotations

import importlib
import os
import pathlib
import subprocess
import sys
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiepcan.settings")
os.environ.setdefault("TIEPCAN_ENV", "test")
ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SKIP = {"tiepcan.settings", "tiepcan.testing"}  # setup reads the one; the other is test-only


def modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "tiepcan").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if {"tests", "migrations"} & set(relative.parts) or path.name.startswith("test_"):
            continue
        if path.name == "conftest.py":
            continue
        name = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        if name not in SKIP and not name.endswith(".__main__"):
            names.append(name)
    return sorted(names)


def in_child(names: list[str], label: str) -> bool:
    """Import ``names`` in a forked child; True when every import worked."""
    pid = os.fork()
    if pid == 0:
        bad = 0
        for name in names:
            try:
                importlib.import_module(name)
            except BaseException:
                bad += 1
                sys.stderr.write(f"--- {label}: {name}\n{traceback.format_exc()}")
        os._exit(1 if bad else 0)
    _, status = os.waitpid(pid, 0)
    return status == 0


def main() -> int:
    prefixes = tuple(a for a in sys.argv[1:] if not a.startswith("--"))
    targets = [m for m in modules() if not prefixes or m.startswith(prefixes)]
    failed: list[str] = []
    if "--fresh-subprocess" in sys.argv:
        code = "import django, importlib, sys; django.setup(); importlib.import_module(sys.argv[1])"
        for name in targets:
            run = subprocess.run(  # noqa: S603  (our interpreter, module names from our tree)
                [sys.executable, "-c", code, name], capture_output=True, text=True, check=False
            )
            if run.returncode:
                sys.stderr.write(f"--- {name}\n{run.stderr}")
                failed.append(name)
        print(f"a new interpreter each: {len(targets)} modules, {len(failed)} failed")
    else:
        import django

        django.setup()
        failed = [name for name in targets if not in_child([name], "alone")]
        print(f"a process each: {len(targets)} modules, {len(failed)} failed")
        for label, order in (("alphabetical", targets), ("reverse", targets[::-1])):
            ok = in_child(order, label)
            print(f"one process, {label}: {'ok' if ok else 'FAILED'}")
            failed += [] if ok else [label]
    for name in failed:
        print("FAILED", name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
