"""The results map, one component for the public portal and the dashboards.

One data shape (:meth:`ResultMap.data`), one template partial (``partials/result_map.html``) and
one script (``static/js/result-map.js``):

* the server builds the communes' points from result summary rows (:func:`points`, one query): each commune
  at its imported coordinates (a commune of the map before 1/7/2025 that has none of its own at
  the commune that absorbed it), with its result key of :data:`LEGEND`;
* the partial prints the legend and the table of the same points (the table is the truth: the
  map is drawn from the same list), the numbers as a ``json_script`` block, or the address of
  a data endpoint that returns the same shape (the portal's national map, cached);
* the script draws an SVG: commune boundaries under the points when an administrator imported a
  GeoJSON (filled with the result's colour), else a dashed outline around the points. No
  library, no tiles, no inline script or style: it works offline and under the strict CSP.

Every result has a colour (Okabe–Ito, colour-blind safe) *and* a shape, so no reader depends on
colour alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.formats import get_format, localize
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from tiepcan.assessments.choices import Status
from tiepcan.core.templatetags.tc import format_score
from tiepcan.lib.text import escape_html
from tiepcan.reports.models import ResultSummary, Source
from tiepcan.units.models import UnitSuccession

RECOGNISED, NOT_RECOGNISED, REVOKED, IN_PROGRESS = "recognised", "not_recognised", "revoked", "in_progress"

LEGEND: list[dict[str, Any]] = [
    {"key": RECOGNISED, "label": _("Được công nhận đạt chuẩn"), "colour": "#009E73", "shape": "circle"},
    {"key": NOT_RECOGNISED, "label": _("Không được công nhận"), "colour": "#D55E00", "shape": "triangle"},
    {"key": REVOKED, "label": _("Bị thu hồi công nhận"), "colour": "#CC79A7", "shape": "diamond"},
    {
        "key": IN_PROGRESS,
        "label": _("Đang đánh giá (chưa có quyết định)"),
        "colour": "#0072B2",
        "shape": "square",
    },
]
LABELS = {entry["key"]: entry["label"] for entry in LEGEND}

# Above this many communes the points are drawn but not each a link in the tab order: the table
# (or the paged result list) is the way through them by keyboard and screen reader.
FOCUSABLE_MAX = 400

FIELDS = (
    "unit_id",
    "unit__code",
    "unit__name",
    "unit__latitude",
    "unit__longitude",
    "recognised",
    "revoked",
    "status",
    "source",
    "total",
    "max_total",
    "pass_fail",
)


# What the map's data (:func:`data_json`) reads of a summary row: ``FIELDS`` without the score.
DRAWN_FIELDS = (*FIELDS[:9], "near_lat", "near_lon")


def result_key(row: Mapping[str, Any]) -> str:
    """A result's key in the legend, from a summary row's values."""
    return _key(row["recognised"], row["revoked"], row["status"], row["source"])


def _key(recognised: Any, revoked: Any, status: str, source: str) -> str:
    if recognised:
        return RECOGNISED
    if revoked:
        return REVOKED
    if source == Source.IMPORTED or status == Status.NOT_RECOGNISED:
        return NOT_RECOGNISED
    return IN_PROGRESS


def points(rows: QuerySet[ResultSummary]) -> list[dict[str, Any]]:
    """The communes of ``rows`` (already filtered: a year, a province, the reader's scope) as map
    points, by name; one query. A former commune without coordinates of its own is placed at the
    commune that absorbed it (a whole successor first), nudged by a fixed offset so neighbours
    stay apart."""
    successor = UnitSuccession.objects.filter(
        predecessor_id=OuterRef("unit_id"),
        successor__latitude__isnull=False,
        successor__longitude__isnull=False,
    ).order_by("partial", "id")
    found = rows.order_by("unit__name_sort", "unit_id").annotate(
        near_lat=Subquery(successor.values("successor__latitude")[:1]),
        near_lon=Subquery(successor.values("successor__longitude")[:1]),
    )
    return [point(r) for r in found.values(*FIELDS, "near_lat", "near_lon")]


def point(r: Mapping[str, Any]) -> dict[str, Any]:
    """A map point from a summary row's ``FIELDS`` and the coordinates of the commune that absorbed
    it (``near_lat``, ``near_lon``: None when it has its own, or none is known)."""
    found: dict[str, Any] = {
        "id": r["unit_id"],
        "code": r["unit__code"],
        "name": r["unit__name"],
        "result": result_key(r),
        "total": _number(r["total"]),
        "max_total": _number(r["max_total"]),
        "pass_fail": bool(r["pass_fail"]),
    }
    if r["unit__latitude"] is not None and r["unit__longitude"] is not None:
        found["lat"], found["lon"] = float(r["unit__latitude"]), float(r["unit__longitude"])
    elif r["near_lat"] is not None and r["near_lon"] is not None:
        found["lat"], found["lon"] = _nudged(r["unit_id"], r["unit__code"], r["near_lat"], r["near_lon"])
        found["near"] = True  # drawn at the commune that absorbed it
    return found


def points_of(rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """:func:`point` of each row given as a tuple (``FIELDS``, ``near_lat``, ``near_lon``), without a
    dict of the row's values first (a province's map has hundreds of points)."""
    found = []
    for (
        pk,
        code,
        name,
        lat,
        lon,
        recognised,
        revoked,
        status,
        source,
        total,
        maximum,
        pf,
        near_lat,
        near_lon,
    ) in rows:
        item: dict[str, Any] = {
            "id": pk,
            "code": code,
            "name": name,
            "result": _key(recognised, revoked, status, source),
            "total": None if total is None else float(total),
            "max_total": None if maximum is None else float(maximum),
            "pass_fail": bool(pf),
        }
        if lat is not None and lon is not None:
            item["lat"], item["lon"] = float(lat), float(lon)
        elif near_lat is not None and near_lon is not None:
            item["lat"], item["lon"] = _nudged(pk, code, near_lat, near_lon)
            item["near"] = True
        found.append(item)
    return found


def _nudged(unit_id: int, code: str, lat: Any, lon: Any) -> tuple[float, float]:
    """Where a commune without coordinates is drawn: at the commune that absorbed it (``lat``,
    ``lon``), moved by an offset fixed by its code so that its former neighbours stay apart."""
    seed = int(code) if code.isdigit() else unit_id
    return (
        round(float(lat) + ((seed * 37) % 21 - 10) / 1000, 6),
        round(float(lon) + ((seed * 53) % 21 - 10) / 1000, 6),
    )


def _number(value: Any) -> float | None:
    return float(value) if value is not None else None


def legend(found: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The legend's entries as plain values, with how many points each has when ``found`` is given."""
    counts: dict[str, int] = {}
    for point in found or []:
        counts[point["result"]] = counts.get(point["result"], 0) + 1
    return [{**entry, "label": str(entry["label"]), "count": counts.get(entry["key"], 0)} for entry in LEGEND]


@dataclass
class ResultMap:
    """One map on a page: what the partial ``partials/result_map.html`` needs.

    ``points`` (from :func:`points`) are printed as the table and as ``json_script`` data; when a
    page leaves them out (the portal's map of the whole country), ``source_url`` names an endpoint
    returning :meth:`data` and the table beside the map is the page's own (shares by province).
    ``commune_url`` is the address of a commune's page with ``0`` for its id.
    """

    key: str
    title: str | Promise
    year: int | None
    points: list[dict[str, Any]] = field(default_factory=list)
    source_url: str = ""
    boundaries_url: str = ""
    commune_url: str = ""
    note: str | Promise = ""
    file_name: str = "ban-do"

    @property
    def element_id(self) -> str:
        return f"ban-do-{self.key}"

    @property
    def data_id(self) -> str:
        return f"ban-do-{self.key}-data"

    @property
    def legend(self) -> list[dict[str, Any]]:
        return legend(self.points)

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The table's rows: each point with its result's label and its commune's address."""
        head = self.commune_url.removesuffix("0/")
        return [
            {**p, "label": LABELS[p["result"]], "url": f"{head}{p['id']}/" if head else ""}
            for p in self.points
        ]

    @property
    def rows_html(self) -> SafeString:
        """:attr:`rows` as the table's rows, written here once rather than by a template loop (a
        province's map lists hundreds of communes: the loop cost more than the page's queries)."""
        head = escape_html(self.commune_url.removesuffix("0/"))
        labels = {key: escape_html(label) for key, label in LABELS.items()}
        separator = get_format("DECIMAL_SEPARATOR")  # what ``localize`` writes in this language
        scores: dict[tuple[Any, ...], str] = {}  # a score is written once per value
        out = []
        for p in self.points:
            name: str = escape_html(p["name"])
            if head:
                name = f'<a href="{head}{p["id"]}/">{name}</a>'
            total = p["total"]
            if total is None:
                value = ""
            elif total.__class__ is float and -1000 < total < 1000 and "e" not in (text := repr(total)):
                value = text.replace(".", separator)  # ``localize`` of such a float, without grouping
            else:
                value = escape_html(localize(total))
            key = (total, p["max_total"], p["pass_fail"])
            score = scores.get(key)
            if score is None:
                score = scores[key] = escape_html(format_score(*key))
            out.append(
                f'<tr data-tc-map-row="{p["result"]}"><th scope="row" class="fw-normal">{name}</th>'
                f'<td data-value="{p["result"]}">{labels[p["result"]]}</td>'
                f'<td class="text-end" data-value="{value}">{score}</td></tr>\n'
            )
        return mark_safe("".join(out))  # noqa: S308 - every value escaped above

    @property
    def drawn(self) -> int:
        return sum(1 for p in self.points if "lat" in p)

    def data(self) -> dict[str, Any]:
        return data(self.year, self.points)


def data_json(year: int | None, rows: Iterable[tuple[Any, ...]]) -> bytes:
    """:func:`data` of the points of ``rows`` (summary rows as tuples of ``DRAWN_FIELDS``: the
    ``near_lat`` and ``near_lon`` of :func:`point`, no score), written as ``json.dumps(..., ensure_ascii=False)``
    writes it, byte for byte: each point one formatted string, its texts escaped by the escaper
    ``json.dumps`` uses, its numbers written by ``repr`` as it does. The portal's map of the whole
    country has thousands of points: a dict per point, then one per drawn point, then the encoder
    walking them cost twice the database's time for its statement."""
    text = encode_basestring
    counts = dict.fromkeys(LABELS, 0)
    drawn = []
    total = 0
    for pk, code, name, lat, lon, recognised, revoked, status, source, near_lat, near_lon in rows:
        key = _key(recognised, revoked, status, source)
        counts[key] += 1
        total += 1
        if lat is not None and lon is not None:
            lat, lon = float(lat), float(lon)
        elif near_lat is not None and near_lon is not None:
            lat, lon = _nudged(pk, code, near_lat, near_lon)
        else:
            continue
        drawn.append(
            f'{{"id": {pk}, "code": {text(code)}, "name": {text(name)}, "lat": {lat!r}, '
            f'"lon": {lon!r}, "result": "{key}"}}'
        )
    legend = [{**entry, "label": str(entry["label"]), "count": counts[entry["key"]]} for entry in LEGEND]
    head = json.dumps(
        {"year": year, "focusable": total <= FOCUSABLE_MAX, "legend": legend}, ensure_ascii=False
    )
    return f'{head[:-1]}, "points": [{", ".join(drawn)}]}}'.encode()


def data(year: int | None, found: list[dict[str, Any]]) -> dict[str, Any]:
    """The shape the script draws (also what the portal's data endpoint returns)."""
    return {
        "year": year,
        "focusable": len(found) <= FOCUSABLE_MAX,
        "legend": legend(found),
        "points": [
            {k: p[k] for k in ("id", "code", "name", "lat", "lon", "result") if k in p}
            for p in found
            if "lat" in p
        ],
    }
