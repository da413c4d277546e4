"""Load YAML while remembering the line of every value, for line-precise error messages."""

from __future__ import annotations

from typing import Any

import yaml

Path = tuple[str | int, ...]


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"Dòng {line}: {message}")
        self.line = line


def load_with_lines(text: str) -> tuple[Any, dict[Path, int]]:
    """Parse YAML (safe loader) and return the data and a map from path to 1-based line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise YamlSyntaxError(line, f"tệp YAML sai cú pháp ({exc.problem or exc.context}).") from exc
    if node is None:
        return None, {}
    lines: dict[Path, int] = {}

    def walk(current: yaml.Node, path: Path) -> None:
        lines[path] = current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                walk(value_node, (*path, key_node.value))
                lines[(*path, key_node.value)] = key_node.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                walk(item, (*path, index))

    walk(node, ())
    data = yaml.safe_load(text)
    return data, lines


def line_of(lines: dict[Path, int], path: Path) -> int:
    """The line of ``path``, or of its nearest ancestor that has one."""
    current = tuple(path)
    while current and current not in lines:
        current = current[:-1]
    return lines.get(current, 1)


def dotted(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(gốc)"
