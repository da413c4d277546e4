"""No import inside a function dodges an import cycle (issue 10).

An import inside a function is kept only for what cannot load earlier, and says why with a
``# lazy: <reason>`` comment at the end of its line, on the line directly above it, or above the
run of imports it belongs to (consecutive import lines, no blank line between). Inside an
``AppConfig.ready()`` none is needed: Django documents ``ready()`` as the place for them. A
reason that names a cycle is no reason: restructure instead (docs/development.md, "Imports").
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
LAZY = re.compile(r"#\s*lazy:(.*)$")
CYCLE = re.compile(r"cycl|circular", re.IGNORECASE)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
IMPORTS = (ast.Import, ast.ImportFrom)


def _comments(source: str) -> dict[int, tuple[str, bool]]:
    """Line number -> (comment text, whether the comment is the whole line)."""
    lines = source.splitlines()
    found: dict[int, tuple[str, bool]] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start
            found[row] = (token.string, not lines[row - 1][:col].strip())
    return found


def _is_app_config(node: ast.ClassDef) -> bool:
    return any(
        (isinstance(base, ast.Name) and base.id.endswith("AppConfig"))
        or (isinstance(base, ast.Attribute) and base.attr.endswith("AppConfig"))
        for base in node.bases
    )


def offenders(source: str, name: str = "<source>") -> list[str]:
    """``name:line: why`` for each import inside a function that is neither in ``ready()`` nor marked."""
    comments = _comments(source)
    problems: list[str] = []

    siblings_before: dict[int, ast.stmt] = {}

    def comment_above(node: ast.stmt) -> str | None:
        above = comments.get(node.lineno - 1)
        match = LAZY.search(above[0]) if above and above[1] else None
        return match.group(1).strip() if match else None

    def reason_for(node: ast.stmt) -> str | None:
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            if line in comments and (match := LAZY.search(comments[line][0])):
                return match.group(1).strip()
        reason = comment_above(node)
        # Else the comment above the run of imports the node ends (no blank line between them).
        current, previous = node, siblings_before.get(id(node))
        while reason is None and isinstance(previous, IMPORTS) and previous.end_lineno == current.lineno - 1:
            reason = comment_above(previous)
            current, previous = previous, siblings_before.get(id(previous))
        return reason

    def check(node: ast.stmt) -> None:
        reason = reason_for(node)
        where = f"{name}:{node.lineno}"
        if reason is None:
            problems.append(f"{where}: import inside a function without '# lazy: <reason>'")
        elif not reason:
            problems.append(f"{where}: '# lazy:' without a reason")
        elif CYCLE.search(reason):
            problems.append(f"{where}: an import cycle is no reason to import late; restructure")

    def visit(node: ast.AST, in_function: bool, in_ready: bool, in_app_config: bool) -> None:
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                previous: ast.stmt | None = None
                for child in block:
                    if isinstance(child, ast.stmt) and previous is not None:
                        siblings_before[id(child)] = previous
                    if isinstance(child, IMPORTS) and in_function and not in_ready:
                        check(child)
                    if isinstance(child, ast.stmt):
                        previous = child
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, in_function, in_ready, _is_app_config(child))
            elif isinstance(child, FUNCTIONS):
                ready = in_ready or (in_app_config and child.name == "ready")
                visit(child, True, ready, False)
            elif not isinstance(child, IMPORTS):
                visit(child, in_function, in_ready, False)

    visit(ast.parse(source, name), False, False, False)
    return problems


def runtime_modules() -> list[Path]:
    """Every module of the package but tests and migrations (conftest.py and testing.py included)."""
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
        and not path.name.startswith("test_")
    )


def test_no_function_level_import_is_unmarked() -> None:
    modules = runtime_modules()
    assert len(modules) > 200
    found = [
        problem
        for path in modules
        for problem in offenders(path.read_text(), str(path.relative_to(PACKAGE.parent)))
    ]
    print("\n".join(found))
    assert found == []


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ("import os\n\ndef f():\n    import json\n", 1),
        ("def f():\n    import json  # lazy: a reason\n", 0),
        ("def f():\n    # lazy: a reason\n    import json\n", 0),
        ("def f():\n    # lazy: a reason\n    import json\n    import csv\n", 0),
        ("def f():\n    # lazy: a reason\n    import json\n\n    import csv\n", 1),
        ("def f():\n    x = 1  # lazy: not a comment line of its own\n    import json\n", 1),
        ("def f():\n    import json  # lazy: covers this line only\n    import csv\n", 1),
        ("def f():\n    from a import (  # lazy: a reason\n        b,\n    )\n", 0),
        ("def f():\n    '# lazy: a string, no comment'\n    import json\n", 1),
        ("def f():\n    import json  # lazy:\n", 1),
        ("def f():\n    import json  # lazy: it would be an import cycle\n", 1),
        ("def f():\n    # lazy: circular import with core\n    import json\n", 1),
        ("def f():\n    if True:\n        from a import b\n", 1),
        ("def f():\n    try:\n        import a\n    except ImportError:\n        import b\n", 2),
        ("def f():\n    def g():\n        import json\n", 1),
        ("async def f():\n    import json\n", 1),
        ("class A:\n    def m(self):\n        import json\n", 1),
        ("class C(AppConfig):\n    def ready(self):\n        import json\n", 0),
        ("class C(apps.AppConfig):\n    def ready(self):\n        from a import b\n", 0),
        ("class C(AppConfig):\n    def other(self):\n        import json\n", 1),
        ("class C:\n    def ready(self):\n        import json\n", 1),
        ("class C(AppConfig):\n    pass\n\ndef ready():\n    import json\n", 1),
        ("if True:\n    import json\n\nclass A:\n    import csv\n", 0),
    ],
)
def test_the_check_finds_what_it_should(source: str, count: int) -> None:
    assert len(offenders(source)) == count, offenders(source)


def test_an_offender_is_named_by_file_and_line() -> None:
    assert offenders("def f():\n    pass\n    import json\n", "tiepcan/x.py") == [
        "tiepcan/x.py:3: import inside a function without '# lazy: <reason>'"
    ]
