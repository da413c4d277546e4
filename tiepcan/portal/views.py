"""Public pages, no sign-in: posted self-assessments with comments, and recognition results.

Only what the law makes public is shown: scores per criterion and indicator and the
comments. Evidence files, drafts and reviewers' notes never appear here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.assessments import documents, services, tasks
from tiepcan.assessments.choices import Status
from tiepcan.assessments.dossier import spreadsheet_safe
from tiepcan.assessments.models import Assessment, RecognitionDecision
from tiepcan.core.shortcuts import flash_errors
from tiepcan.core.templatetags.tc import ScoreFormat, format_score, vn_number
from tiepcan.jobs import artifacts
from tiepcan.lib.engine.numbers import optional_int
from tiepcan.lib.spreadsheet import FORMULA_START
from tiepcan.lib.text import escape_html, fold
from tiepcan.portal import frame, queries
from tiepcan.portal.forms import OUTCOMES, CommentForm, ResultFilterForm
from tiepcan.reports import aggregates, maps
from tiepcan.reports.models import BoundaryFile, Source
from tiepcan.units import lineage
from tiepcan.units.choices import UnitKind

PUBLIC = queries.PUBLIC
_SIGNER = signing.TimestampSigner(salt="portal-comment-form")
MIN_SECONDS = 3  # a person takes longer than this to read and write; a bot posting at once does not


def _public(pk: int) -> Assessment:
    assessment = (
        Assessment.objects.filter(pk=pk, status__in=PUBLIC, posted_at__isnull=False)
        .select_related("unit", "period__framework", "period__province")
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def posting(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _public(pk)
    framework = services.compiled(assessment.period)
    results = {i["code"]: i for i in assessment.score.get("indicators", [])}
    criteria = [
        {
            "code": c.code,
            "title": c.title,
            "indicators": [
                {"code": i.code, "title": i.title, "result": results.get(i.code)} for i in c.indicators
            ],
        }
        for c in framework.criteria
    ]
    return render(
        request,
        "portal/posting.html",
        {
            "assessment": assessment,
            "framework": framework,
            "criteria": criteria,
            "score": assessment.score,
            "comments": assessment.comments.filter(hidden=False),
            "open": assessment.status == Status.POSTED,
            "token": _SIGNER.sign(str(assessment.pk)),
        },
    )


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _public(pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("portal:posting", pk=pk)
    data = form.cleaned_data
    if data["website"]:  # honeypot: hidden from people, filled by bots
        return redirect("portal:posting", pk=pk)
    token = data["token"]
    try:
        signed = _SIGNER.unsign(token, max_age=6 * 3600)
        issued = signing.b62_decode(token.split(":")[-2])
        if signed != str(pk) or time.time() - issued < MIN_SECONDS:
            raise signing.BadSignature
    except (signing.BadSignature, IndexError, ValueError):
        messages.error(
            request, _("Biểu mẫu đã hết hạn hoặc gửi quá nhanh. Vui lòng tải lại trang và gửi lại.")
        )
        return redirect("portal:posting", pk=pk)
    try:
        services.add_comment(
            assessment=assessment,
            name=data["name"],
            text=data["text"],
            ip=request.META.get("REMOTE_ADDR", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Cảm ơn bạn. Ý kiến đã được gửi tới %(committee)s.")
            % {"committee": assessment.unit.committee_name},
        )
    return redirect("portal:posting", pk=pk)


PAGE_SIZE = 50


class _Look:
    """What every row of a rendering shares: link prefixes and translated labels, made once."""

    def __init__(self) -> None:
        self.commune = reverse("portal:commune", args=[_PK]).split(str(_PK))
        self.posting = reverse("portal:posting", args=[_PK]).split(str(_PK))
        self.kinds = {value: str(label) for value, label in UnitKind.choices}
        self.outcomes = {
            queries.RECOGNISED: ("text-bg-success", _("Được công nhận")),
            queries.REVOKED: ("text-bg-danger", _("Bị thu hồi công nhận")),
            queries.MET: ("text-bg-info", _("Đạt chuẩn theo điểm")),
            queries.NOT_MET: ("text-bg-secondary", _("Chưa đạt chuẩn")),
        }


_PK = 987654321  # stands for an id in a link reversed once per rendering


def _results_page(f: queries.ResultFilter, number: int) -> dict[str, Any]:
    summary = queries.year_summary()
    years = [year for year, _decided in summary]
    if f.year is None and years:
        f = replace(f, year=queries.default_year(summary))
    options, province = queries.provinces(f.province)
    # The totals and the shares by province (or, for a province, by former district) in one constant
    # statement; a former district narrows the totals only (the shares stay the province's).
    totals, by_area = queries.figures(year=f.year, province_code=f.province, kind=f.kind or None)
    if f.district is not None:
        scope: dict[str, Any] = {"year": f.year}
        if f.province:
            scope["province"] = queries.province_ids(f.province)
        kinds = [f.kind] if f.kind else None
        totals = aggregates.totals(queries.public_results(), kinds=kinds, district=f.district, **scope)
    # Without a district, search or outcome the list holds exactly the rows the totals count (a
    # province's too: both read the provinces with its code), read by a constant statement.
    narrowed = f.district is not None or f.outcome or (f.query and fold(f.query))
    listed = queries.results(f) if narrowed else None
    count = listed.count() if listed is not None else totals["communes"]
    pages = max(1, -(-count // PAGE_SIZE))
    number = min(number, pages)
    start = (number - 1) * PAGE_SIZE
    found = (
        listed.values(*queries.ROW_FIELDS)[start : start + PAGE_SIZE]
        if listed is not None
        else queries.page_rows(
            year=f.year, province_code=f.province, kind=f.kind or None, offset=start, limit=PAGE_SIZE
        )
    )
    return {
        "filter": f,
        "years": years,
        "totals": totals,
        "by_area": by_area,
        "count": count,
        "province": province,
        "page": {
            "number": number,
            "pages": pages,
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < pages else None,
        },
        "rows": list(found),
        "choices": queries.filter_choices(f.province, years, by_area if f.province else None, options),
        "decisions": queries.recent_decisions(year=f.year, province_code=f.province),
    }


# The page's long repeated parts (50 results, 50 postings, the provinces' options, the shares by area,
# 20 decisions) are written here, each row one formatted string, rather than by template nodes: on a
# cold page (just after a decision) the template loops cost more than every query of the page.


def _posting_link(url: str | None, label: str) -> str:
    """The link to a result's public posting (comments open), escaped; "" when none."""
    return f' <a class="small" href="{escape_html(url)}">{label}</a>' if url else ""


def _decision_cell(number: str | None, signed_on: Any) -> str:
    """A recognition decision's number and date, escaped; "" when none."""
    if not number:
        return ""
    text = str(escape_html(number))
    return f"{text} ({signed_on:%d/%m/%Y})" if signed_on else text


def _rows_html(rows: list[dict[str, Any]]) -> SafeString:
    """The result table's rows (``queries.ROW_FIELDS`` values), each written straight from its
    values; a score is formatted once per value, each label escaped once."""
    look = _Look()
    posting, code = escape_html(_("Đang niêm yết – góp ý")), escape_html(_("mã"))
    badges = {key: (badge, escape_html(label)) for key, (badge, label) in look.outcomes.items()}
    kinds = {value: escape_html(label) for value, label in look.kinds.items()}
    scores: dict[tuple[Any, ...], str] = {}
    out = []
    for v in rows:
        district = (
            f" · {escape_html(v['district__name'])}" if v["district_id"] and v["district__name"] else ""
        )
        assessment_id = v["assessment_id"]
        link = _posting_link(
            str(assessment_id).join(look.posting) if v["status"] == Status.POSTED and assessment_id else "",
            posting,
        )
        decision = _decision_cell(v["decision_number"], v["decision_date"])
        key = (v["total"], v["max_total"], v["pass_fail"])
        score = scores.get(key)
        if score is None:
            score = scores[key] = escape_html(format_score(*key))
        kind = kinds.get(v["kind"]) or escape_html(v["kind"])
        badge, label = badges[queries.outcome(v)]
        out.append(
            f'<tr><td>{v["year"]}</td><td><a href="{escape_html(str(v["unit_id"]).join(look.commune))}">'
            f"{escape_html(v['unit__name'])}</a>"
            f'<div class="small text-muted">{kind} · {code} {escape_html(v["unit__code"])}{district}</div></td>'
            f'<td class="d-none d-md-table-cell">{escape_html(v["province__name"])}</td>'
            f'<td class="text-end">{score}</td>'
            f'<td><span class="badge {badge}">{label}</span>{link}</td>'
            f'<td class="small d-none d-md-table-cell">{decision}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


def _postings_html(rows: list[dict[str, Any]], look: _Look) -> SafeString:
    """The self-assessments open for comments (``queries.POSTING_FIELDS``), as list items."""
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<li><a href="{str(r["assessment_id"]).join(look.posting) if r["assessment_id"] else ""}">'
            f"{escape_html(r['unit__name'])}</a> ({escape_html(r['province__name'])}, {r['year']})</li>\n"
            for r in rows
        )
    )


def _options_html(choices: Iterable[tuple[Any, Any]], chosen: Any) -> SafeString:
    """``<option>``s of a filter's choices, the chosen one selected."""
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<option value="{escape_html(value)}"{" selected" if value == chosen else ""}>{escape_html(label)}</option>'
            for value, label in choices
        )
    )


def _areas_html(areas: list[dict[str, Any]], by_district: bool) -> SafeString:
    """The shares by province (or by former district) as table rows."""
    unknown = escape_html(_("Không xác định"))
    out = []
    for a in areas:
        name: str
        if by_district:
            name = escape_html(a["district_name"]) if a["district_name"] else unknown
            if a.get("shared"):
                shared = ngettext(
                    "%(n)s xã gồm nhiều huyện cũ", "%(n)s xã gồm nhiều huyện cũ", a["shared"]
                ) % {"n": a["shared"]}
                name += f' <span class="small text-muted">({escape_html(shared)})</span>'
        else:
            name = escape_html(a["province_name"])
        share = f"{vn_number(a['share'], 1)}%" if a["share"] is not None else ""
        out.append(
            f'<tr><td>{name}</td><td class="text-end">{a["recognised"]}/{a["communes"]}</td>'
            f'<td class="text-end">{share}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


def _decisions_html(decisions: list[dict[str, Any]]) -> SafeString:
    """The recent recognition decisions as list items, each with its PDF link."""
    pdf = escape_html(_("Xem PDF"))
    link = reverse("portal:decision_pdf", args=[_PK]).split(str(_PK))
    out = []
    for d in decisions:
        text = ngettext(
            "Quyết định số %(number)s ngày %(date)s (%(province)s): %(n)s đơn vị",
            "Quyết định số %(number)s ngày %(date)s (%(province)s): %(n)s đơn vị",
            d["communes"],
        ) % {
            "number": escape_html(d["number"]),
            "date": escape_html(date_format(d["signed_on"], "SHORT_DATE_FORMAT")),
            "province": escape_html(d["province"]),
            "n": d["communes"],
        }
        out.append(f'<li>{text} · <a href="{str(d["pk"]).join(link)}">{pdf}</a></li>\n')
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


def _querystring(f: queries.ResultFilter) -> str:
    """The normalised filters as a query string (the pager's links), from the filter, not the raw request."""
    pairs = (
        ("nam", f.year),
        ("tinh", f.province),
        ("huyen", f.district),
        ("loai", f.kind),
        ("ket_qua", f.outcome),
        ("q", f.query),
    )
    return urlencode([(k, v) for k, v in pairs if v not in (None, "")])


def _results_body(f: queries.ResultFilter, number: int) -> str:
    """The page's content rendered once per results version and filters (it reads no request data)."""
    data = _results_page(f, number)
    chosen = data["filter"]
    map_query = urlencode({k: v for k, v in (("nam", chosen.year), ("tinh", chosen.province)) if v})
    posting_count, postings = queries.open_postings(chosen.province)
    look = _Look()
    return render_to_string(
        "portal/_results_body.html",
        {
            **data,
            "rows_html": _rows_html(data["rows"]),
            "areas_html": _areas_html(data["by_area"], bool(chosen.province)),
            "year_options": _options_html([(y, y) for y in data["choices"]["years"]], chosen.year),
            "province_options": _options_html(data["choices"]["provinces"], chosen.province),
            "district_options": _options_html(data["choices"]["districts"], chosen.district),
            "kind_options": _options_html(
                cast(
                    Iterable[tuple[str, Any]],
                    cast(forms.ChoiceField, ResultFilterForm.base_fields["loai"]).choices,
                ),
                chosen.kind or "",
            ),
            "outcome_options": _options_html(OUTCOMES, chosen.outcome),
            "decisions_html": _decisions_html(data["decisions"]),
            "result_map": _result_map(chosen, map_query, data["province"]),
            "posting_count": posting_count,
            "postings": postings,
            "postings_html": _postings_html(postings, look),
            "posting_query": urlencode(
                {
                    "nam": max((r["year"] for r in postings), default=""),
                    "ket_qua": queries.POSTED,
                    **({"tinh": chosen.province} if chosen.province else {}),
                }
            ),
            "querystring": _querystring(chosen),
            "map_query": map_query,
            "open_query": map_query,
        },
    )


def results(request: HttpRequest) -> HttpResponse:
    """Public results: totals, shares by area, every result page by page, the map; cached per results version."""
    f = ResultFilterForm(request.GET).filters(default_year=None)
    number = optional_int(request.GET.get("trang"), low=1, high=10**6) or 1
    body = queries.cached("results-html", (f.key(), number, get_language()), lambda: _results_body(f, number))
    return frame.render_public(request, "portal/results.html", body=body)


def _result_map(f: queries.ResultFilter, map_query: str, province: queries.Province | None) -> maps.ResultMap:
    """The map beside the shares: a province's communes in the page itself (with their table), or
    the whole country's from the cached data endpoint (the shares by province are its table)."""
    boundary = bool(province and province.has_boundary)
    return maps.ResultMap(
        "cong-khai",
        _("Bản đồ kết quả"),
        f.year,
        points=queries.map_points(year=f.year, province_code=f.province) if f.year and province else [],
        source_url=f"{reverse('portal:map_data')}?{map_query}" if not province else "",
        boundaries_url=f"{reverse('portal:boundaries')}?tinh={province.code}"
        if province and boundary
        else "",
        commune_url=reverse("portal:commune", args=[0]),
        file_name=f"ban-do-{f.year or ''}-{f.province or 'ca-nuoc'}",
    )


def map_data(request: HttpRequest) -> HttpResponse:
    """The map's data (reports.maps.data): communes coloured by result in a year (``nam``, ``tinh``)."""
    form = ResultFilterForm(request.GET)
    f = form.filters(default_year=None)

    def build() -> bytes:
        year = f.year if f.year is not None else queries.default_year()
        return maps.data_json(
            year, queries.map_rows(year=year, province_code=f.province, drawn=True) if year else []
        )

    return _json(queries.cached("map", (f.year, f.province), build))


def boundaries(request: HttpRequest) -> HttpResponse:
    """A province's commune boundaries (GeoJSON imported by its administrator), for the public map."""
    f = ResultFilterForm(request.GET).filters(default_year=None)
    province = queries.province(f.province) if f.province else None
    boundary = queries.boundary(province) if province is not None else None
    if boundary is None:
        raise Http404
    found = boundary

    def build() -> bytes:
        return _dumps(BoundaryFile.objects.values_list("geojson", flat=True).get(pk=found.pk))

    body = queries.cached("boundaries", (found.pk, found.updated_at.isoformat()), build)
    return HttpResponse(body, content_type="application/geo+json")


def commune(request: HttpRequest, pk: int) -> HttpResponse:
    """A commune's results year by year, with its predecessors' across mergers; the page's content
    is built once per results version (three queries cold, one warm: the version)."""

    def build() -> dict[str, str] | None:
        found = queries.history(pk)
        if found is None:
            return None
        family: lineage.Family = found["family"]
        unit = family.unit
        return {
            "name": unit.name,
            "body": render_to_string(
                "portal/_commune_body.html",
                {
                    "unit": unit,
                    "predecessors": family.predecessors,
                    "successors": family.successors,
                    "rows": found["rows"],
                    "rows_html": _history_html(found["rows"], pk),
                    **_relatives_html(family),
                },
            ),
        }

    page = queries.cached("commune-page", (pk, get_language()), build)
    if page is None:
        raise Http404
    return frame.render_public(request, "portal/commune.html", name=page["name"], body=page["body"])


def _relatives_html(family: lineage.Family) -> dict[str, SafeString]:
    """The units merged into the commune (list items with their code and district) and those it was
    merged into (links), written here as the history's rows are."""
    link = reverse("portal:commune", args=[_PK]).split(str(_PK))
    code = escape_html(_("mã"))
    before = "".join(
        f'<li><a href="{str(p.pk).join(link)}">{escape_html(p.name)}</a> ({code} {escape_html(p.code)}'
        + (f", {escape_html(p.parent_name)}" if p.parent_name else "")
        + ")</li>"
        for p in family.predecessors
    )
    after = ", ".join(
        f'<a href="{str(s.pk).join(link)}">{escape_html(s.name)}</a>' for s in family.successors
    )
    return {
        "predecessors_html": mark_safe(before),  # noqa: S308 - every value escaped
        "successors_html": mark_safe(after),  # noqa: S308 - every value escaped
    }


def _history_html(rows: list[tuple[Any, ...]], pk: int) -> SafeString:
    """A commune's results (``queries.HISTORY_FIELDS`` as the database returns them) as the history
    table's rows, written here as the result list's are (``_rows_html``). A long history repeats its
    values (a hundred rows of six criteria): each distinct name, score, set of points and decision is
    converted and written once, the rest of a row is a lookup."""
    look = _Look()
    before, imported = escape_html(_("trước sắp xếp")), escape_html(_("nhập từ bảng tính"))
    posting = escape_html(_("Đang niêm yết – góp ý"))
    badges = {
        key: f'<span class="badge {badge}">{escape_html(label)}</span>'
        for key, (badge, label) in look.outcomes.items()
    }
    revoked = _("Thu hồi: %(n)s")
    convert = {
        name: queries.converter(name)
        for name in (
            *("total", "max_total", "pass_fail", "recognised", "revoked", "met"),
            *("decision_date", "revoked_on", "criteria"),
        )
    }
    score_format = ScoreFormat()
    names: dict[tuple[Any, ...], str] = {}
    scores: dict[tuple[Any, ...], str] = {}
    points: dict[Any, str] = {}
    codes: dict[str, str] = {}
    values: dict[tuple[Any, ...], str] = {}
    badge_of: dict[tuple[Any, ...], str] = {}
    decisions: dict[tuple[Any, ...], str] = {}
    posting_link = _posting_link("#", posting).split("#")
    out = []
    for (
        year,
        unit_id,
        unit_name,
        total,
        max_total,
        pass_fail,
        is_recognised,
        is_revoked,
        met,
        status,
        decision_number,
        decision_date,
        revocation_number,
        revoked_on,
        assessment_id,
        source,
        criteria,
    ) in rows:
        key: tuple[Any, ...] = (unit_id, unit_name, source)
        name = names.get(key)
        if name is None:
            name = escape_html(unit_name)
            if unit_id != pk:
                name += f' <span class="small text-muted">({before})</span>'
            if source == Source.IMPORTED:
                name += f' <span class="small text-muted">({imported})</span>'
            names[key] = name
        key = (total, max_total, pass_fail)
        score = scores.get(key)
        if score is None:
            score = scores[key] = escape_html(
                score_format(
                    convert["total"](total), convert["max_total"](max_total), convert["pass_fail"](pass_fail)
                )
            )
        key = (criteria.__class__, criteria) if criteria.__class__ is str else (id(criteria),)
        cell = points.get(key)
        if cell is None:
            parts = []
            for code, value in sorted(convert["criteria"](criteria).items()):
                label = codes.get(code)
                if label is None:
                    label = codes[code] = f"{escape_html(code)}: "
                value_key = (value.__class__, value)
                text = values.get(value_key)
                if text is None:
                    text = values[value_key] = _points_text(value)
                parts.append(label + text)
            cell = points[key] = "; ".join(parts)
        key = (is_recognised, is_revoked, met)
        badge = badge_of.get(key)
        if badge is None:
            badge = badge_of[key] = badges[
                queries.outcome(
                    {
                        "recognised": convert["recognised"](is_recognised),
                        "revoked": convert["revoked"](is_revoked),
                        "met": convert["met"](met),
                    }
                )
            ]
        key = (decision_number, decision_date, revocation_number, revoked_on)
        decision = decisions.get(key)
        if decision is None:
            decision = _decision_cell(decision_number, convert["decision_date"](decision_date))
            if revocation_number:
                decision += "<br>" + escape_html(revoked % {"n": revocation_number})
                signed = convert["revoked_on"](revoked_on)
                if signed:
                    decision += f" ({signed:%d/%m/%Y})"
            decisions[key] = decision
        if assessment_id:
            link = str(assessment_id).join(look.posting)
            shown = f'<a href="{link}">{year}</a>'
            if status == Status.POSTED:
                badge += escape_html(link).join(posting_link)
        else:
            shown = str(year)
        out.append(
            f"<tr><td>{shown}</td><td>{name}</td>"
            f'<td class="text-end">{score}</td><td class="small">{cell}</td>'
            f'<td>{badge}</td><td class="small">{decision}</td></tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above


# A criterion's points as the summary rows store them (``str`` of a decimal of two places, under 1000).
_PLAIN_POINTS = re.compile(r"[0-9]{1,3}\.[0-9]{2}")


def _points_text(points: Any) -> str:
    """``vn_number(points)``, escaped: the points as stored ("8.50") need only their separator
    changed, anything else goes through ``vn_number``."""
    if points.__class__ is str and _PLAIN_POINTS.fullmatch(points):
        return points.replace(".", ",")
    return escape_html(vn_number(points))


def _open_filters(request: HttpRequest) -> tuple[int | None, str | None]:
    form = ResultFilterForm(request.GET)
    f = form.filters(default_year=None)
    return f.year, f.province


def open_data_json(request: HttpRequest) -> HttpResponse:
    """Open data: recognised communes (official unit codes), all years or ``nam``, all provinces or ``tinh``."""
    year, province = _open_filters(request)

    def build() -> bytes:
        items = queries.open_data(year=year, province_code=province)
        return _dumps(
            {
                "fields": list(queries.OPEN_DATA_FIELDS),
                "year": year,
                "province": province,
                "count": len(items),
                "items": items,
            }
        )

    return _json(queries.cached("open-json", (year, province), build))


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def _json(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="application/json")


def open_data_csv(request: HttpRequest) -> HttpResponse:
    """The same records as CSV (UTF-8 with BOM, so Excel reads Vietnamese letters)."""
    year, province = _open_filters(request)

    def build() -> bytes:
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow(queries.OPEN_DATA_FIELDS)
        writer.writerows(_csv_rows(queries.open_data_rows(year=year, province_code=province)))
        return out.getvalue().encode()

    name = (
        "xa-dat-chuan-tiep-can-phap-luat"
        + (f"-{year}" if year else "")
        + (f"-{province}" if province else "")
    )
    response = HttpResponse(
        queries.cached("open-csv", (year, province), build), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def csv_safe(value: Any) -> Any:
    """Empty for None; text a spreadsheet would run as a formula written as text."""
    if value is None:
        return ""
    return spreadsheet_safe(value) if isinstance(value, str) else value


def _csv_rows(rows: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """``queries.open_data_rows`` as CSV cells: the values of :func:`queries.open_data` through
    :func:`csv_safe`, written out per column (the file of every year has tens of thousands of rows:
    a record and a call per cell cost more than the database's query)."""
    safe = _cell
    for year, p_code, p_name, d_code, d_name, u_code, u_name, kind, total, max_total, number, signed in rows:
        yield (
            year,
            safe(p_code),
            safe(p_name),
            safe(d_code),
            safe(d_name),
            safe(u_code),
            safe(u_name),
            safe(kind),
            "" if total is None else safe(format(total, "f")),
            "" if max_total is None else safe(format(max_total, "f")),
            safe(number),
            "" if signed is None else signed.isoformat(),
        )


def _cell(text: str | None) -> str:
    """:func:`csv_safe` of a text or None."""
    if text is None:
        return ""
    return "'" + text if text.startswith(FORMULA_START) else text


def decision_pdf(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An issued recognition decision is a public document: its PDF, rendered once per version and stored."""
    decision = get_object_or_404(RecognitionDecision.objects.select_related("period__framework"), pk=pk)
    # The key hashes the text with the layout version, so a deployment never serves a stale text;
    # the current version is remembered for a while (``artifacts.serve_current``).
    return artifacts.serve_current(
        request,
        alias=tasks.decision_alias(decision, "pdf"),
        exact_key=lambda: tasks.decision_key(decision, "pdf"),
        task=tasks.render_decision,
        args=[decision.pk, "pdf"],
        filename=documents.file_name(decision, "pdf"),
        attachment=False,
    )
