"""Charts and the map as data: what a dashboard template shows as a chart *and* its table.

A :class:`Chart` holds labels and series of plain numbers. The template ``reports/_chart.html``
prints the table (the truth, formatted the Vietnamese way, raw numbers in ``data-value`` for the
CSV download) and the same numbers as a ``json_script`` block that ``static/js/charts.js`` draws
with the vendored Chart.js. No chart exists without its table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import Any

from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

from tiepcan.core.templatetags.tc import format_number

Number = int | float | Decimal | None


@dataclass
class Series:
    label: str | Promise
    values: list[Number]
    colour: str = ""


@dataclass
class Chart:
    """One chart: ``kind`` is bar, hbar (horizontal bars), stacked or line; ``unit`` "%" caps at 100."""

    key: str
    title: str | Promise
    labels: list[str]
    series: list[Series] = field(default_factory=list)
    kind: str = "bar"
    unit: str = ""
    label_heading: str | Promise = ""
    note: str | Promise = ""
    places: int = 1
    # How many series the chart draws (the rest, e.g. counts beside shares, are in the table only);
    # kind "table" draws nothing: a table with its CSV download.
    drawn: int | None = None
    # Shorter labels for the chart's axis (e.g. indicator codes); the table keeps ``labels`` in full.
    chart_labels: list[str] | None = None

    @property
    def element_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def file_name(self) -> str:
        return f"bieu-do-{self.key}"

    @property
    def empty(self) -> bool:
        return not self.labels or not any(v is not None for s in self.series for v in s.values)

    def data(self) -> dict[str, Any]:
        return {
            "labels": [str(label) for label in (self.chart_labels or self.labels)],
            "series": [
                {
                    "label": str(s.label),
                    "values": [_plain(v) for v in s.values],
                    **({"colour": s.colour} if s.colour else {}),
                }
                for s in self.series[: self.drawn]
            ],
        }

    def rows(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Table rows: the label, then (shown text, raw value) per series."""
        out = []
        # A column prints its decimals on every row once one row has them (41,8 % above 66,0 %,
        # not 66 %); a column of whole numbers prints none.
        fractional = [any(_has_fraction(v) for v in s.values) for s in self.series]
        for i, label in enumerate(self.labels):
            cells = []
            for index, s in enumerate(self.series):
                value = s.values[i] if i < len(s.values) else None
                # Series past those drawn are counts beside the shares: no unit.
                cells.append(
                    self.cell(
                        value,
                        unit=self.unit if self.drawn is None or index < self.drawn else "",
                        fractional=fractional[index],
                    )
                )
            out.append((str(label), cells))
        return out

    def rows_html(self) -> SafeString:
        """The table's rows, written here once per cell rather than by the template's tags per cell
        (a province's charts list up to a hundred communes or districts)."""
        html: list[str] = []
        for label, cells in self.rows():
            html.append(f'<tr><th scope="row" class="fw-normal">{escape(label)}</th>')
            html.extend(
                f'<td class="text-end" data-value="{escape(raw)}">{escape(text)}</td>' for text, raw in cells
            )
            html.append("</tr>")
        return mark_safe("".join(html))  # noqa: S308 - every part escaped above

    def cell(self, value: Number, unit: str | None = None, fractional: bool | None = None) -> tuple[str, str]:
        unit = self.unit if unit is None else unit
        if value is None:
            return "–", ""
        if fractional is None:
            fractional = _has_fraction(value)
        text = format_number(value, self.places if fractional else 0)
        if unit == "%":
            text += " %"
        elif unit:
            text += f" {unit}"
        return text, str(_plain(value))


def _plain(value: Number) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return round(float(value), 2)


def _has_fraction(value: Number) -> bool:
    return value is not None and Decimal(str(value)) != Decimal(str(value)).to_integral_value()


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else None
