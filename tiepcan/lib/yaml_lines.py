"""Load YAML while remembering the line of every value, for line-precise error messages."""

from __future__ import annotations

from typing import Any

import yaml

Path = tuple[str | int, ...]
MAX_DEPTH = 50  # frameworks and plans nest a handful of levels


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
    except yaml.YAMLError as exc:  # e.g. control characters: the file is not text YAML
        raise YamlSyntaxError(0, "tệp không phải văn bản YAML (có ký tự không hợp lệ).") from exc
    except RecursionError as exc:
        raise YamlSyntaxError(0, "tệp YAML lồng nhau quá sâu.") from exc
    if node is None:
        return None, {}
    lines: dict[Path, int] = {}
    seen: set[int] = set()

    def walk(current: yaml.Node, path: Path, depth: int) -> None:
        # An alias makes the composer hand out the same node twice: a few lines of
        # "billion laughs" would expand to more data than memory holds. Neither file
        # format needs anchors, so they are refused; so is absurd nesting.
        if id(current) in seen and isinstance(current, yaml.CollectionNode):
            raise YamlSyntaxError(
                current.start_mark.line + 1, "tệp dùng tham chiếu (& và *), không được hỗ trợ."
            )
        if depth > MAX_DEPTH:
            raise YamlSyntaxError(current.start_mark.line + 1, "tệp YAML lồng nhau quá sâu.")
        seen.add(id(current))
        lines[path] = current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                walk(value_node, (*path, key_node.value), depth + 1)
                lines[(*path, key_node.value)] = key_node.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                walk(item, (*path, index), depth + 1)

    walk(node, (), 0)
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
