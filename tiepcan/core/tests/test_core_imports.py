"""Core knows no domain: its modules import only Django, libraries, ``tiepcan.lib`` and itself."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
ALLOWED = ("tiepcan.core", "tiepcan.lib")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _runtime_modules() -> list[Path]:
    return [p for p in CORE.rglob("*.py") if "tests" not in p.relative_to(CORE).parts]


def test_no_core_module_imports_a_domain_app() -> None:
    modules = _runtime_modules()
    assert len(modules) > 10
    wrong = [
        f"{path.relative_to(CORE)}: {name}"
        for path in modules
        for name in _imports(path)
        if name.startswith("tiepcan") and not name.startswith(ALLOWED)
    ]
    assert wrong == []


def test_core_names_the_audit_grant_as_accounts_does() -> None:
    from tiepcan.accounts.choices import Action
    from tiepcan.core.choices import VIEW_AUDIT

    assert VIEW_AUDIT == Action.VIEW_AUDIT
