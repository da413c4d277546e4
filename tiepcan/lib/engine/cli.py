"""Command-line scoring: ``python -m tiepcan.lib.engine --framework FILE --values FILE``.

Prints the result as JSON (decimals as strings). ``manage.py score`` wraps this and
also accepts the code of a framework stored in the database.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from tiepcan.lib.engine.definition import DefinitionError, compile_framework, load_definition
from tiepcan.lib.engine.scoring import ValuesError, score

SHIPPED = Path(__file__).resolve().parents[2] / "frameworks" / "data"


def resolve_framework(name: str) -> Path:
    path = Path(name)
    if path.exists():
        return path
    shipped = SHIPPED / f"{name}.yaml"
    if shipped.exists():
        return shipped
    raise FileNotFoundError(f"Không tìm thấy bộ tiêu chí “{name}” (tệp hoặc mã bộ tiêu chí đi kèm).")


def run(definition_source: Any, values_document: dict[str, Any], out: SupportsWrite[str]) -> int:
    try:
        framework = compile_framework(load_definition(definition_source))
    except DefinitionError as exc:
        json.dump(
            {"error": "definition", "problems": [str(p) for p in exc.problems]},
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
        return 2
    try:
        result = score(
            framework,
            {
                "values": values_document.get("values", {}),
                "not_arisen": values_document.get("not_arisen", []),
            },
            facts=values_document.get("facts", {}),
            unit_class=values_document.get("unit_class"),
            partial=bool(values_document.get("partial", False)),
        )
    except ValuesError as exc:
        json.dump(
            {"error": "values", "problems": [str(p) for p in exc.problems]}, out, ensure_ascii=False, indent=2
        )
        out.write("\n")
        return 1
    json.dump(result.to_dict(), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return 0


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(description="Chấm điểm một xã theo bộ tiêu chí.")
    parser.add_argument(
        "--framework", required=True, help="tệp YAML hoặc mã bộ tiêu chí đi kèm (qd619-2017…)"
    )
    parser.add_argument("--values", required=True, help="tệp JSON số liệu của xã")
    args = parser.parse_args(argv)
    out = out or sys.stdout
    try:
        framework_path = resolve_framework(args.framework)
        values = json.loads(Path(args.values).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        json.dump({"error": "input", "problems": [str(exc)]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 2
    return run(framework_path, values, out)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
