"""Problems found in a definition or in a commune's values, and the errors that carry them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["DefinitionError", "Problem", "ValuesError"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, said in Vietnamese, with where it is.

    For a definition: ``line`` (1-based, when it came from YAML text) and ``path``
    (``criteria[0].indicators[2].rule.steps[1].points``). For values: ``indicator``
    and ``field`` codes and ``location`` in words (“Chỉ tiêu 4.2 – Số vụ, việc đã
    tiếp nhận”). ``kind`` is a stable machine name (``missing``, ``negative`` …) for
    code that wants to react to a particular problem.
    """

    message: str
    kind: str = "invalid"
    path: str = ""
    line: int | None = None
    indicator: str | None = None
    field: str | None = None
    location: str = ""

    def __str__(self) -> str:
        where: list[str] = []
        if self.line is not None:
            where.append(f"Dòng {self.line}")
        if self.location:
            where.append(self.location)
        elif self.path:
            where.append(self.path)
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable form (``text`` is the full sentence, as ``str()`` gives it)."""
        return {
            "kind": self.kind,
            "message": self.message,
            "text": str(self),
            "path": self.path,
            "line": self.line,
            "indicator": self.indicator,
            "field": self.field,
            "location": self.location,
        }


class _ProblemsError(ValueError):
    heading = ""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{self.heading}\n{lines}" if lines else self.heading)


class DefinitionError(_ProblemsError):
    """The framework definition cannot be used; ``problems`` says why, line by line."""

    heading = "Bộ tiêu chí không hợp lệ:"


class ValuesError(_ProblemsError):
    """The values entered for a commune cannot be scored; ``problems`` lists each one."""

    heading = "Số liệu chấm điểm chưa hợp lệ:"
