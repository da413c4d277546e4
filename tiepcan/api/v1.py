"""Version 1 of the API (``/api/v1/``): the same data, scoping and services as the pages.

Every endpoint reads through ``Model.objects.for_user(user, action)`` (outside the user's
units: 404; without the action anywhere: 403) and writes through the services the pages use,
so the API is no second code path. Open data (``/public/…``) needs no key and runs the
portal's own queries, cached.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, NinjaAPI, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.files import UploadedFile
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.responses import Status as Answer

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.api import ratelimit
from tiepcan.api import schemas as s
from tiepcan.api.auth import KeyAuth, RateLimited, SessionAuth
from tiepcan.assessments import queue, result_reports, services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.filters import NOT_SENT, StepFilterSet
from tiepcan.assessments.forms import EvidenceForm
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilRecommendation,
    RecognitionDecision,
    Transition,
)
from tiepcan.core.filters import ScopedFilterSet
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.uploads import KINDS, UploadRule
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.lib.engine.diff import diff
from tiepcan.plans import services as plan_services
from tiepcan.plans.choices import OVERDUE, BudgetStatus
from tiepcan.plans.filters import STATUS_FILTERS, BudgetFilter
from tiepcan.plans.filters import TaskFilter as PageTaskFilter
from tiepcan.plans.forms import ProgressReportForm
from tiepcan.plans.models import Activity, BudgetEstimate, OutputDocument, ProgressReport, Task
from tiepcan.portal import queries as portal
from tiepcan.units.choices import COMMUNE_KINDS, UnitKind
from tiepcan.units.models import Agency, Unit


class UnicodeJSON(JSONRenderer):
    """UTF-8 JSON with Vietnamese as written ("Xã Đồng Tâm", not "X\\u00e3 \\u0110\\u1ed3ng T\\u00e2m")."""

    json_dumps_params = {"ensure_ascii": False}
    encoder_class = NinjaJSONEncoder


def _openapi_json(request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
    """The OpenAPI document through the API's renderer: UTF-8, Vietnamese unescaped.

    django-ninja serves it with ``JsonResponse`` (``ensure_ascii`` on), so every description
    and tag would read ``"\\u0110\\u00e1nh gi\\u00e1"`` to a person opening the file.
    """
    schema = api.get_openapi_schema(path_params=kwargs)
    return HttpResponse(
        api.renderer.render(request, schema, response_status=200),
        content_type="application/json; charset=utf-8",
    )


class TiepCanAPI(NinjaAPI):
    """NinjaAPI whose ``openapi.json`` is served by :func:`_openapi_json`, with short operation ids.

    Each operation's ``operationId`` is its view's name (``assessment``, ``save_value``), which
    the OpenAPI links below name as their targets.
    """

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for i, pattern in enumerate(urls):
            if isinstance(pattern, URLPattern) and pattern.name == "openapi-json":
                view: Any = partial(_openapi_json, api=self)
                if self.docs_decorator:
                    view = self.docs_decorator(view)
                urls[i] = path(str(pattern.pattern), view, name="openapi-json")
        return urls


api = TiepCanAPI(
    title="TiếpCận API",
    version="1",
    description=(
        "Dữ liệu xây dựng, đánh giá, công nhận xã, phường, đặc khu đạt chuẩn tiếp cận pháp luật. "
        "Xác thực bằng khóa API (`Authorization: Bearer tc_…`) hoặc phiên đăng nhập; "
        "dữ liệu mở (`/public/…`) không cần khóa. Xem docs/api.md."
    ),
    urls_namespace="api-v1",
    renderer=UnicodeJSON(),
    auth=[KeyAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# 400: a parameter holding a NUL character (refused before any view, core.middleware).
ERRORS: dict[int, Any] = {400: s.Error, 401: s.Error, 403: s.Error, 404: s.Error, 422: s.Error, 429: s.Error}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: s.Error}
PUBLIC_ERRORS: dict[int, Any] = {400: s.Error, 422: s.Error, 429: s.Error}


def links(status: int, **found: dict[str, Any]) -> dict[str, Any]:
    """``openapi_extra`` declaring OpenAPI links on the ``status`` answer: where its values go next.

    Clients read them to chain calls (read an assessment, then autosave with its ``version``);
    the stateful fuzzing (test_fuzz.py) follows them the same way.
    """
    return {"responses": {status: {"links": found}}}


def link(
    operation: str, description: str, parameters: dict[str, str], body: dict[str, str] | None = None
) -> Any:
    """One OpenAPI link to ``operation`` (an operationId); ``body`` holds runtime expressions per field."""
    found: dict[str, Any] = {"operationId": operation, "description": description, "parameters": parameters}
    if body is not None:
        found["requestBody"] = body
    return found


ASSESSMENT_ID = {"path.assessment_id": "$response.body#/id"}
CURRENT_VERSION = {"version": "$response.body#/version"}
# From a read or a save of an assessment: the next save sends the version just returned.
AUTOSAVE_LINKS = links(
    200,
    SaveValue=link("save_value", "Tự lưu một ô nhập với phiên bản vừa đọc", ASSESSMENT_ID, CURRENT_VERSION),
    AddDocument=link("document_add", "Thêm văn bản với phiên bản vừa đọc", ASSESSMENT_ID, CURRENT_VERSION),
    RemoveDocument=link(
        "document_remove", "Bỏ văn bản với phiên bản vừa đọc", ASSESSMENT_ID, CURRENT_VERSION
    ),
    ReadAssessment=link("assessment", "Đọc lại hồ sơ", ASSESSMENT_ID),
)


# --- Errors ---------------------------------------------------------------------------------------


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Không có quyền thực hiện thao tác này.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


@api.exception_handler(DjangoValidationError)
def _refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    status = 409 if isinstance(exc, services.StaleAssessment | plan_services.StaleTask) else 422
    body: dict[str, Any] = {"detail": " ".join(exc.messages)}
    if isinstance(exc, services.RefusedValue):
        body = {"detail": {"message": " ".join(exc.messages), "indicator": exc.indicator, "field": exc.field}}
    return api.create_response(request, body, status=status)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """The schema's refusals (422) with a Vietnamese message naming the parameter or field."""
    detail = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        name = loc[-1] if loc else ""
        detail.append(
            {
                "loc": loc,
                "type": error.get("type", ""),
                "msg": _("Giá trị của “%(name)s” không hợp lệ.") % {"name": name}
                if name
                else _("Dữ liệu gửi lên không hợp lệ."),
            }
        )
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.wait)
    return response


# --- Helpers --------------------------------------------------------------------------------------


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def _page(queryset: QuerySet[Any] | list[Any], query: PageQuery, row: Any) -> dict[str, Any]:
    count = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    start = (query.page - 1) * query.page_size
    return {
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "items": [row(obj) for obj in queryset[start : start + query.page_size]],
    }


def _filtered(
    filterset: type[ScopedFilterSet],
    queryset: QuerySet[Any],
    params: dict[str, tuple[str, Any]],
    **kwargs: Any,
) -> QuerySet[Any]:
    """``queryset`` narrowed by the pages' FilterSet, so a parameter means what it means on the page.

    ``params`` maps each API parameter to (the page's name for it, its value). The pages ignore a
    value that does not parse (with a message); the API refuses it: 422 with a Vietnamese
    message naming the parameter, never a server error.
    """
    names = {page: api_name for api_name, (page, _value) in params.items()}
    data = {page: str(value) for page, value in params.values() if value is not None and value != ""}
    found = filterset(data, queryset=queryset, **kwargs)
    if not found.is_valid():
        raise DjangoValidationError(
            [
                _("Tham số “%(name)s” không hợp lệ: %(message)s")
                % {"name": names.get(field, field), "message": " ".join(messages)}
                for field, messages in found.errors.items()
            ]
        )
    return found.qs


def _need(request: HttpRequest, action: str) -> None:
    """403 for a person who holds ``action`` nowhere (as ``require_action`` does for the pages)."""
    if not grants_for(request.user).has_any(action):
        raise PermissionDenied


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def unit_ref(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind, "level": unit.level}


def _unit(unit: Unit) -> dict[str, Any]:
    return {
        **unit_ref(unit),
        "parent": unit_ref(unit.parent) if unit.parent else None,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "current": unit.is_current,
    }


def _agency(agency: Agency) -> dict[str, Any]:
    return {
        "id": agency.pk,
        "code": agency.code,
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "unit": unit_ref(agency.unit) if agency.unit else None,
    }


def _framework(version: FrameworkVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "code": version.code,
        "version": version.version,
        "title": version.title,
        "province": unit_ref(version.province) if version.province else None,
        "year_from": version.year_from,
        "year_to": version.year_to,
        "unit_kinds": list(version.unit_kinds or []),
    }


def _period(period: AssessmentPeriod) -> dict[str, Any]:
    return {
        "id": period.pk,
        "year": period.year,
        "title": period.title,
        "province": unit_ref(period.province),
        "framework": _framework(period.framework),
        "status": period.status,
        "self_assessment_due": period.self_assessment_due,
        "dossier_due": period.dossier_due,
        "review_due": period.review_due,
        "council_due": period.council_due,
        "recognition_due": period.recognition_due,
    }


def _assessment(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "period_id": a.period_id,
        "year": a.period.year,
        "unit": unit_ref(a.unit),
        "status": a.status,
        "status_label": str(a.get_status_display()),
        "total": _money(a.total),
        "recognisable": a.recognisable,
        "round": a.round,
        "version": a.version,
        "updated_at": a.updated_at,
    }


# --- Units, agencies, frameworks ------------------------------------------------------------------


class UnitFilter(PageQuery):
    parent: int | None = Field(None, ge=1, le=2**62)
    level: int | None = Field(None, ge=1, le=3)
    kind: Literal[tuple(UnitKind.values)] | None = None  # type: ignore[valid-type]
    q: str | None = Field(None, max_length=100)
    current: bool | None = None


@api.get("/units", response={200: s.page_of(s.Unit), **ERRORS}, tags=["Đơn vị"], url_name="units")
def units(request: HttpRequest, filters: Query[UnitFilter]) -> Any:
    """Administrative units in the caller's scope, with their official codes."""
    qs = Unit.objects.for_user(request.user, Action.VIEW).select_related("parent")
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.level is not None:
        qs = qs.filter(level=filters.level)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.search(filters.q)
    if filters.current is True:
        qs = qs.current()
    elif filters.current is False:
        qs = qs.exclude(pk__in=Unit.objects.current().values("pk"))
    return _page(qs.vi_ordered(), filters, _unit)


@api.get("/units/{unit_id}", response={200: s.UnitDetail, **ERRORS}, tags=["Đơn vị"], url_name="unit")
def unit(request: HttpRequest, unit_id: int) -> Any:
    """One unit with its history across the 2025 merger: the units it came from and went into."""
    obj = get_for_user_or_404(Unit.objects.select_related("parent"), request.user, Action.VIEW, pk=unit_id)
    return {
        **_unit(obj),
        "predecessors": [
            {"unit": unit_ref(r.predecessor), "effective_on": r.effective_on, "partial": r.partial}
            for r in obj.succession_in.select_related("predecessor")
        ],
        "successors": [
            {"unit": unit_ref(r.successor), "effective_on": r.effective_on, "partial": r.partial}
            for r in obj.succession_out.select_related("successor")
        ],
    }


@api.get("/agencies", response={200: s.page_of(s.Agency), **ERRORS}, tags=["Đơn vị"], url_name="agencies")
def agencies(request: HttpRequest, page: Query[PageQuery]) -> Any:
    qs = Agency.objects.for_user(request.user, Action.VIEW).select_related("unit").vi_ordered()
    return _page(qs, page, _agency)


class YearQuery(PageQuery):
    year: int | None = Field(None, ge=1900, le=2200)


@api.get(
    "/frameworks",
    response={200: s.page_of(s.Framework), **ERRORS},
    tags=["Bộ tiêu chí"],
    url_name="frameworks",
)
def frameworks(request: HttpRequest, filters: Query[YearQuery]) -> Any:
    qs = (
        FrameworkVersion.objects.for_user(request.user, Action.VIEW)
        .select_related("province")
        .defer("definition", "source_text")
        .order_by("code", "-version")
    )
    if filters.year is not None:
        qs = qs.filter(year_from__lte=filters.year).filter(
            Q(year_to__isnull=True) | Q(year_to__gte=filters.year)
        )
    return _page(qs, filters, _framework)


def _version(request: HttpRequest, pk: int) -> FrameworkVersion:
    return get_for_user_or_404(
        FrameworkVersion.objects.select_related("province"), request.user, Action.VIEW, pk=pk
    )


@api.get(
    "/frameworks/{framework_id}",
    response={200: s.FrameworkDetail, **ERRORS},
    tags=["Bộ tiêu chí"],
    url_name="framework",
)
def framework(request: HttpRequest, framework_id: int) -> Any:
    """A framework version with its whole definition (criteria, indicators, rules)."""
    version = _version(request, framework_id)
    return {**_framework(version), "definition": version.definition}


@api.get(
    "/frameworks/{framework_id}/diff/{other_id}",
    response={200: s.FrameworkDiff, **ERRORS},
    tags=["Bộ tiêu chí"],
    url_name="framework_diff",
)
def framework_diff(request: HttpRequest, framework_id: int, other_id: int) -> Any:
    """What changed from one version to another (criteria, indicators, recognition rules)."""
    old, new = _version(request, framework_id), _version(request, other_id)
    changes = [
        {
            "kind": c.kind,
            "level": c.level,
            "code": c.code,
            "title": c.title,
            "fields": [[name, before, after] for name, before, after in c.fields],
        }
        for c in diff(old.definition, new.definition)
    ]
    return {
        "old": _framework(old),
        "new": _framework(new),
        "changes": json.loads(json.dumps(changes, cls=NinjaJSONEncoder)),
    }


# --- Periods and assessments ----------------------------------------------------------------------


@api.get("/periods", response={200: s.page_of(s.Period), **ERRORS}, tags=["Đánh giá"], url_name="periods")
def periods(request: HttpRequest, filters: Query[YearQuery]) -> Any:
    _need(request, Action.VIEW_ASSESSMENTS)
    qs = (
        AssessmentPeriod.objects.for_user(request.user, Action.VIEW)
        .select_related("province", "framework__province")
        .defer("framework__definition", "framework__source_text")
    )
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return _page(qs.order_by("-year", "province__name_sort", "pk"), filters, _period)


@api.get("/periods/{period_id}", response={200: s.Period, **ERRORS}, tags=["Đánh giá"], url_name="period")
def period(request: HttpRequest, period_id: int) -> Any:
    _need(request, Action.VIEW_ASSESSMENTS)
    return _period(
        get_for_user_or_404(
            AssessmentPeriod.objects.select_related("province", "framework__province").defer(
                "framework__definition", "framework__source_text"
            ),
            request.user,
            Action.VIEW,
            pk=period_id,
        )
    )


@api.get(
    "/periods/{period_id}/result-reports",
    response={200: list[s.ResultReport], **ERRORS},
    tags=["Đánh giá"],
    url_name="period_result_reports",
)
def period_result_reports(request: HttpRequest, period_id: int) -> Any:
    """The yearly reports on the period's results (district → province, province → Ministry), as on the page."""
    _need(request, Action.VIEW_ASSESSMENTS)
    period = get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province", "framework"),
        request.user,
        Action.VIEW,
        pk=period_id,
    )
    today = timezone.localdate()
    return [
        {
            "step": row.step,
            "step_label": row.step_label,
            "unit": unit_ref(row.unit),
            "recipient": row.recipient,
            "due_on": row.due.day if row.due else None,
            "due_text": row.due.text if row.due else "",
            "sent_on": row.report.sent_on if row.report else None,
            "number": row.report.number if row.report else "",
            "note": row.report.note if row.report else "",
            "state": row.state(today),
            "status": row.status(today),
        }
        for row in result_reports.rows(period, request.user)
    ]


ASSESSMENT_ORDER = {
    "unit": ("unit__name_sort", "pk"),
    "-unit": ("-unit__name_sort", "-pk"),
    "total": ("total", "pk"),
    "-total": ("-total", "-pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "year": ("period__year", "unit__name_sort", "pk"),
    "-year": ("-period__year", "unit__name_sort", "pk"),
}


class AssessmentFilter(YearQuery):
    period: int | None = Field(None, ge=1, le=2**62)
    area: int | None = Field(None, ge=1, le=2**62, description="Mã (id) huyện cũ hoặc đơn vị cấp trên")
    kind: Literal[tuple(str(k) for k in COMMUNE_KINDS)] | None = Field(  # type: ignore[valid-type]
        None, description="Loại đơn vị (như bộ lọc “loai” của trang)"
    )
    status: Literal[(NOT_SENT, *Status.values)] | None = Field(  # type: ignore[valid-type]
        None, description=f"Bước (như bộ lọc “trang_thai” của trang; “{NOT_SENT}”: chưa gửi hồ sơ)"
    )
    ordering: Literal[tuple(ASSESSMENT_ORDER)] = "-year"  # type: ignore[valid-type]


@api.get(
    "/assessments",
    response={200: s.page_of(s.Assessment), **ERRORS},
    tags=["Đánh giá"],
    url_name="assessments",
    openapi_extra=links(
        200,
        ReadAssessment=link(
            "assessment", "Đọc hồ sơ đầu trang", {"path.assessment_id": "$response.body#/items/0/id"}
        ),
    ),
)
def assessments(request: HttpRequest, filters: Query[AssessmentFilter]) -> Any:
    """Communes' assessments: filter by year, period, area (a district, old or current), kind, status."""
    _need(request, Action.VIEW_ASSESSMENTS)
    qs: QuerySet[Assessment] = Assessment.objects.for_user(request.user, Action.VIEW).select_related(
        "unit", "period"
    )
    if filters.year is not None:
        qs = qs.filter(period__year=filters.year)
    if filters.period is not None:
        qs = qs.filter(period_id=filters.period)
    if filters.area is not None:
        area = Unit.objects.for_user(request.user, Action.VIEW).filter(pk=filters.area).first()
        qs = queue.in_area(qs, area) if area is not None else qs.none()
    qs = _filtered(
        StepFilterSet, qs, {"kind": ("loai", filters.kind), "status": ("trang_thai", filters.status)}
    )
    return _page(qs.order_by(*ASSESSMENT_ORDER[filters.ordering]), filters, _assessment)


def _scoped_assessment(request: HttpRequest, pk: int) -> Assessment:
    return get_for_user_or_404(
        Assessment.objects.select_related("period__framework", "period__province", "unit").defer(
            "period__framework__definition", "period__framework__source_text"
        ),
        request.user,
        Action.VIEW,
        pk=pk,
    )


@api.get(
    "/assessments/{assessment_id}",
    response={200: s.AssessmentDetail, **ERRORS},
    tags=["Đánh giá"],
    url_name="assessment",
    openapi_extra=links(
        200,
        **AUTOSAVE_LINKS["responses"][200]["links"],
        TakeStep=link("transition", "Chuyển bước hồ sơ", ASSESSMENT_ID),
        AttachEvidence=link("evidence", "Đính kèm tài liệu kiểm chứng", ASSESSMENT_ID),
    ),
)
def assessment(request: HttpRequest, assessment_id: int) -> Any:
    """Values, score, verdict, reasons, the gap to recognition and every status change."""
    _need(request, Action.VIEW_ASSESSMENTS)
    a = _scoped_assessment(request, assessment_id)
    score = a.score or {}
    history = (
        Transition.objects.for_user(request.user, Action.VIEW).filter(assessment=a).select_related("actor")
    )
    return {
        **_assessment(a),
        "values": a.values,
        "not_arisen": a.not_arisen,
        "facts": a.facts,
        "score": score,
        "verdict": score.get("verdict", ""),
        "reasons": score.get("reasons", []),
        "gap": score.get("gap", {}),
        "history": [
            {
                "from_status": t.from_status,
                "to_status": t.to_status,
                "actor": str(t.actor),
                "reason": t.reason,
                "at": t.created_at,
            }
            for t in history
        ],
    }


@api.get(
    "/council-results",
    response={200: s.page_of(s.CouncilResult), **ERRORS},
    tags=["Hội đồng, công nhận"],
    url_name="council_results",
)
def council_results(request: HttpRequest, filters: Query[YearQuery]) -> Any:
    """The council's conclusion on each commune: consolidated points, the vote, the verdict."""
    _need(request, Action.VIEW_ASSESSMENTS)
    qs = CouncilRecommendation.objects.for_user(request.user, Action.VIEW).select_related(
        "assessment__unit", "assessment__period", "meeting"
    )
    if filters.year is not None:
        qs = qs.filter(assessment__period__year=filters.year)
    return _page(
        qs.order_by("-assessment__period__year", "assessment__unit__name_sort", "pk"),
        filters,
        lambda r: {
            "assessment_id": r.assessment_id,
            "year": r.assessment.period.year,
            "unit": unit_ref(r.assessment.unit),
            "meeting_on": r.meeting.held_on,
            "recommend": r.recommend,
            "votes_for": r.votes_for,
            "votes_against": r.votes_against,
            "votes_abstain": r.votes_abstain,
            "total": _money(r.total),
            "criterion_points": r.criterion_points,
            "verdict": r.verdict,
        },
    )


def _decision(d: RecognitionDecision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "signed_on": d.signed_on,
        "year": d.period.year,
        "province": unit_ref(d.period.province),
        "issuer_name": d.issuer_name,
        "signer_name": d.signer_name,
        "signer_title": d.signer_title,
    }


def _decisions(request: HttpRequest) -> QuerySet[RecognitionDecision]:
    return RecognitionDecision.objects.for_user(request.user, Action.VIEW).select_related("period__province")


@api.get(
    "/decisions",
    response={200: s.page_of(s.Decision), **ERRORS},
    tags=["Hội đồng, công nhận"],
    url_name="decisions",
)
def decisions(request: HttpRequest, filters: Query[YearQuery]) -> Any:
    _need(request, Action.VIEW_ASSESSMENTS)
    qs = _decisions(request)
    if filters.year is not None:
        qs = qs.filter(period__year=filters.year)
    return _page(qs.order_by("-signed_on", "-pk"), filters, _decision)


@api.get(
    "/decisions/{decision_id}",
    response={200: s.DecisionDetail, **ERRORS},
    tags=["Hội đồng, công nhận"],
    url_name="decision",
)
def decision(request: HttpRequest, decision_id: int) -> Any:
    """A recognition decision with its annex: every commune, its points, any revocation."""
    _need(request, Action.VIEW_ASSESSMENTS)
    d = _decisions(request).filter(pk=decision_id).first()
    if d is None:
        raise Http404
    entries = d.entries.select_related("assessment__unit").order_by("assessment__unit__name_sort", "pk")
    return {
        **_decision(d),
        "annex": [
            {
                "unit": unit_ref(e.assessment.unit),
                "assessment_id": e.assessment_id,
                "total": _money(e.total),
                "criterion_points": e.criterion_points,
                "revoked_on": e.revoked_on,
                "revocation_number": e.revocation_number,
                "revocation_reason": e.revocation_reason,
            }
            for e in entries
        ],
    }


# --- Plan, tasks, budget --------------------------------------------------------------------------


class ActivityFilter(PageQuery):
    plan: int | None = Field(None, ge=1, le=2**62)


@api.get(
    "/activities", response={200: s.page_of(s.Activity), **ERRORS}, tags=["Kế hoạch"], url_name="activities"
)
def activities(request: HttpRequest, filters: Query[ActivityFilter]) -> Any:
    qs = Activity.objects.for_user(request.user, Action.VIEW).select_related("group", "plan__province")
    if filters.plan is not None:
        qs = qs.filter(plan_id=filters.plan)
    return _page(
        qs.order_by("plan_id", "order", "number", "pk"),
        filters,
        lambda a: {
            "id": a.pk,
            "plan_id": a.plan_id,
            "province": unit_ref(a.plan.province),
            "group": f"{a.group.number}. {a.group.title}" if a.group_id else "",
            "number": a.number,
            "title": a.title,
            "schedule_text": a.schedule_text,
            "outputs_text": a.outputs_text,
        },
    )


def _task(t: Task) -> dict[str, Any]:
    return {
        "id": t.pk,
        "activity_id": t.activity_id,
        "activity": t.activity.title,
        "agency": _agency(t.agency),
        "year": t.year,
        "label": t.label,
        "starts_on": t.starts_on,
        "due_on": t.due_on,
        "status": t.status,
        "progress": t.progress,
        "completed_on": t.completed_on,
        "version": t.version,
    }


class TaskFilter(YearQuery):
    status: Literal[tuple(v for v, _label in STATUS_FILTERS)] | None = Field(  # type: ignore[valid-type]
        None, description=f"Trạng thái (như bộ lọc “trang_thai” của trang; “{OVERDUE}”: quá hạn)"
    )
    agency: int | None = Field(None, ge=1, le=2**62)
    q: str | None = Field(None, max_length=200, description="Tìm trong tên hoạt động, nhiệm vụ")


@api.get(
    "/tasks",
    response={200: s.page_of(s.Task), **ERRORS},
    tags=["Kế hoạch"],
    url_name="tasks",
    openapi_extra=links(
        200, ReadTask=link("task", "Đọc nhiệm vụ đầu trang", {"path.task_id": "$response.body#/items/0/id"})
    ),
)
def tasks(request: HttpRequest, filters: Query[TaskFilter]) -> Any:
    """Tasks of the plan with their progress: an agency's own, or those of the units in scope."""
    qs: QuerySet[Task] = Task.objects.for_user(request.user, Action.VIEW).select_related(
        "activity", "agency__unit"
    )
    qs = _filtered(
        PageTaskFilter,
        qs,
        {
            "year": ("nam", filters.year),
            "status": ("trang_thai", filters.status),
            "agency": ("co_quan", filters.agency),
            "q": ("q", filters.q),
        },
    )
    return _page(qs.order_by("-year", "due_on", "pk"), filters, _task)


@api.get(
    "/tasks/{task_id}",
    response={200: s.TaskDetail, **ERRORS},
    tags=["Kế hoạch"],
    url_name="task",
    openapi_extra=links(
        200,
        ReportProgress=link(
            "progress",
            "Báo cáo tiến độ với phiên bản vừa đọc",
            {"path.task_id": "$response.body#/id"},
            CURRENT_VERSION,
        ),
        DownloadOutput=link(
            "output_file",
            "Tải tệp sản phẩm đầu ra mới nhất",
            {"path.output_id": "$response.body#/reports/0/documents/0/id"},
        ),
    ),
)
def task(request: HttpRequest, task_id: int) -> Any:
    """A task with its progress reports, newest first, and their output documents."""
    t = get_for_user_or_404(
        Task.objects.select_related("activity", "agency__unit"), request.user, Action.VIEW, pk=task_id
    )
    reports = (
        t.reports.select_related("reported_by").prefetch_related("documents").order_by("-created_at", "-pk")
    )
    return {**_task(t), "reports": [_report(r) for r in reports]}


def _report(r: ProgressReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "progress": r.progress,
        "status": r.status,
        "note": r.note,
        "reported_by": str(r.reported_by),
        "at": r.created_at,
        "documents": [_output(d) for d in r.documents.all()],
    }


def _output(d: OutputDocument) -> dict[str, Any]:
    file = None
    if d.file:
        try:
            size: int | None = d.file.size
        except OSError:  # the row outlived its file (a restore without the media folder)
            size = None
        file = {
            "name": (d.file.name or "").rsplit("/", 1)[-1],
            "size": size,
            "content_type": d.content_type or "application/octet-stream",
            "url": reverse("api-v1:output_file", kwargs={"output_id": d.pk}),
        }
    return {
        "id": d.pk,
        "kind": d.kind,
        "kind_label": str(d.get_kind_display()),
        "title": d.title,
        "number": d.number,
        "issued_on": d.issued_on,
        "issuer": d.issuer,
        "file": file,
    }


# The types an output file may be (``core.uploads.KINDS``), and the stand-in for an unrecorded one.
FILE_TYPES = [*dict.fromkeys(kind.mime for kind in KINDS.values()), "application/octet-stream"]


@api.get(
    "/outputs/{output_id}/file",
    response=ERRORS,
    tags=["Kế hoạch"],
    url_name="output_file",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp của sản phẩm đầu ra",
                "content": {mime: {"schema": {"type": "string", "format": "binary"}} for mime in FILE_TYPES},
            }
        }
    },
)
def output_file(request: HttpRequest, output_id: int) -> Any:
    """The file of an output document, for whoever may see its task (as the task page's link)."""
    document = get_for_user_or_404(
        OutputDocument.objects.select_related("report__task__agency__unit"),
        request.user,
        Action.VIEW,
        pk=output_id,
    )
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])
    response["Content-Type"] = document.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class BudgetQuery(YearQuery):
    status: Literal[tuple(BudgetStatus.values)] | None = Field(  # type: ignore[valid-type]
        None, description="Bước (như bộ lọc “trang_thai” của trang)"
    )


@api.get("/budget", response={200: s.page_of(s.Budget), **ERRORS}, tags=["Kế hoạch"], url_name="budget")
def budget(request: HttpRequest, filters: Query[BudgetQuery]) -> Any:
    """Budget estimates: for the finance roles (who manage the budget) only."""
    _need(request, Action.MANAGE_BUDGET)
    qs: QuerySet[BudgetEstimate] = BudgetEstimate.objects.for_user(
        request.user, Action.MANAGE_BUDGET
    ).select_related("plan__province", "agency__unit")
    qs = _filtered(
        BudgetFilter, qs, {"year": ("nam", filters.year), "status": ("trang_thai", filters.status)}
    )
    return _page(
        qs.order_by("-year", "agency__name_sort", "pk"),
        filters,
        lambda b: {
            "id": b.pk,
            "plan_id": b.plan_id,
            "province": unit_ref(b.plan.province),
            "year": b.year,
            "agency": _agency(b.agency),
            "activity_id": b.activity_id,
            "requested": int(b.requested),
            "approved": None if b.approved is None else int(b.approved),
            "status": b.status,
            "description": b.description,
            "version": b.version,
        },
    )


# --- Writes: the services the pages use -----------------------------------------------------------


def _saved(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "version": a.version,
        "total": _money(a.total),
        "recognisable": a.recognisable,
        "values": a.values,
        "not_arisen": a.not_arisen,
        "facts": a.facts,
    }


def _text(value: Any) -> Any:
    """A JSON value as the page's input would send it (the services parse text)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@api.post(
    "/assessments/{assessment_id}/values",
    response={200: s.Saved, **WRITE_ERRORS},
    tags=["Tự đánh giá"],
    url_name="assessment_values",
    openapi_extra=AUTOSAVE_LINKS,
)
def save_value(request: HttpRequest, assessment_id: int, body: s.ValueIn) -> Any:
    """Autosave one input (with its companions), mark an indicator "not arisen", or tick a fact.

    ``version`` must be the assessment's current version: a stale one answers 409 and saves nothing.
    """
    _need(request, Action.SELF_ASSESS)
    a = _scoped_assessment(request, assessment_id)
    if body.fact:
        kind = "fact"
    elif body.not_arisen is not None:
        kind = "not_arisen"
    else:
        kind = "value"
    companions = {k[:64]: _text(v) for k, v in body.companions.items()}
    saved = services.save_value(
        assessment_id=a.pk,
        user=request.user,
        version=body.version,
        indicator=body.indicator,
        field=body.field if kind == "value" else None,
        value=_text(body.value) if kind in ("value", "fact") else None,
        not_arisen=body.not_arisen if kind == "not_arisen" else None,
        fact=body.fact if kind == "fact" else None,
        companions=companions if kind == "value" and companions else None,
    )
    return _saved(saved)


@api.post(
    "/assessments/{assessment_id}/documents",
    response={200: s.Saved, **WRITE_ERRORS},
    tags=["Tự đánh giá"],
    url_name="assessment_document_add",
    openapi_extra=AUTOSAVE_LINKS,
)
def document_add(request: HttpRequest, assessment_id: int, body: s.DocumentIn) -> Any:
    """Add a row to a documents-list input (the same service as the page's "Thêm văn bản")."""
    _need(request, Action.SELF_ASSESS)
    a = _scoped_assessment(request, assessment_id)
    saved = services.edit_documents(
        assessment_id=a.pk,
        user=request.user,
        version=body.version,
        indicator=body.indicator,
        field=body.field,
        add={"title": body.title, "due_on": body.due_on, "issued_on": body.issued_on},
    )
    return _saved(saved)


@api.post(
    "/assessments/{assessment_id}/documents/remove",
    response={200: s.Saved, **WRITE_ERRORS},
    tags=["Tự đánh giá"],
    url_name="assessment_document_remove",
    openapi_extra=AUTOSAVE_LINKS,
)
def document_remove(request: HttpRequest, assessment_id: int, body: s.DocumentRemoveIn) -> Any:
    _need(request, Action.SELF_ASSESS)
    a = _scoped_assessment(request, assessment_id)
    saved = services.edit_documents(
        assessment_id=a.pk,
        user=request.user,
        version=body.version,
        indicator=body.indicator,
        field=body.field,
        remove=body.index,
    )
    return _saved(saved)


@api.post(
    "/assessments/{assessment_id}/transitions",
    response={200: s.Assessment, **WRITE_ERRORS},
    tags=["Tự đánh giá"],
    url_name="assessment_transition",
)
def transition(request: HttpRequest, assessment_id: int, body: s.TransitionIn) -> Any:
    """One step of the state machine (approve, post, submit, return, forward…), as on the page."""
    _need(request, Action.VIEW_ASSESSMENTS)
    a = _scoped_assessment(request, assessment_id)
    moved = services.transition(assessment_id=a.pk, user=request.user, to=body.to, reason=body.reason)
    moved.period = a.period
    moved.unit = a.unit
    return _assessment(moved)


@api.post(
    "/assessments/{assessment_id}/evidence",
    response={201: s.EvidenceOut, **WRITE_ERRORS},
    tags=["Tự đánh giá"],
    url_name="assessment_evidence",
)
def evidence(
    request: HttpRequest,
    assessment_id: int,
    form_in: Form[s.EvidenceIn],
    file: UploadedFile = File(None),  # noqa: B008 - optional, not nullable: a file part in the schema
) -> Any:
    """Attach a file (multipart) or a link to an indicator, with the same content checks as the page."""
    _need(request, Action.SELF_ASSESS)
    a = _scoped_assessment(request, assessment_id)
    if not grants_for(request.user).allows(Action.SELF_ASSESS, a.unit):
        raise PermissionDenied
    target = services.evidence_indicator(a, form_in.indicator)
    if target is None:
        raise Http404
    form = EvidenceForm(
        {"indicator": form_in.indicator, "title": form_in.title, "link": form_in.link},
        {"file": file} if file is not None else {},
        rule=UploadRule.for_evidence(target.data.get("evidence")),
    )
    if not form.is_valid():
        raise DjangoValidationError([m for ms in form.errors.values() for m in ms])
    upload = form.cleaned_data.get("file")
    detected = getattr(form, "detected_kind", None)
    item = services.add_evidence(
        assessment_id=a.pk,
        user=request.user,
        indicator=target.code,
        title=form.cleaned_data["title"],
        upload=upload,
        link=form.cleaned_data.get("link") or "",
        content_type=detected.mime if detected else "",
    )
    return Answer(
        201,
        {
            "id": item.pk,
            "assessment_id": a.pk,
            "indicator": item.indicator,
            "title": item.title,
            "link": item.link,
            "content_type": item.content_type,
            "size": item.size,
            "round": item.round,
        },
    )


@api.post(
    "/tasks/{task_id}/progress",
    response={201: s.ProgressOut, **WRITE_ERRORS},
    tags=["Kế hoạch"],
    url_name="task_progress",
    openapi_extra=links(
        201,
        ReadTask=link("task", "Đọc lại nhiệm vụ (phiên bản mới)", {"path.task_id": "$request.path.task_id"}),
        DownloadOutput=link(
            "output_file", "Tải tệp vừa gửi", {"path.output_id": "$response.body#/documents/0/id"}
        ),
    ),
)
def progress(
    request: HttpRequest,
    task_id: int,
    body: Form[s.ProgressIn],
    output_file: UploadedFile = File(None),  # noqa: B008 - optional, not nullable: a file part in the schema
) -> Any:
    """A progress report on a task, with an output document and its file (multipart): the task page's
    form and service, so the same content checks (type from the bytes, size limit); 409 on a stale version.
    """
    _need(request, Action.REPORT_PROGRESS)
    t = get_for_user_or_404(
        Task.objects.select_related("agency__unit"), request.user, Action.VIEW, pk=task_id
    )
    if not grants_for(request.user).allows_agency(Action.REPORT_PROGRESS, t.agency):
        raise PermissionDenied
    form = ProgressReportForm(body.dict(), {"output_file": output_file} if output_file is not None else {})
    if not form.is_valid():
        raise DjangoValidationError([m for ms in form.errors.values() for m in ms])
    report = form.save(task_id=t.pk, user=request.user)
    return Answer(201, _report(report))


# --- Open data (no key) ---------------------------------------------------------------------------


def _public_limit(request: HttpRequest) -> None:

    wait = ratelimit.hit(f"ip:{request.META.get('REMOTE_ADDR', '')}")
    if wait is not None:
        raise RateLimited(wait)


def _cached(request: HttpRequest, key: str, schema: Any, build: Callable[[], Any]) -> HttpResponse:
    """The open data's answer, cached whole (rendered JSON) in the portal's cache, keyed on the results
    version: right as soon as a decision or revocation commits. Checked against ``schema`` (the
    endpoint's declared answer) once, when built, as the framework would check every answer: a warm
    answer is the version's query and the cached bytes, no validation nor rendering per request."""

    def render() -> bytes:
        adapter = s.checker(schema)
        checked = adapter.dump_python(adapter.validate_python(build()))
        return cast(bytes, api.renderer.render(request, checked, response_status=200))

    return HttpResponse(portal.cached(f"api:{key}", (), render), content_type=api.get_content_type())


class PublicFilter(PageQuery):
    year: int | None = Field(None, ge=1900, le=2200)
    province: str | None = Field(
        None, pattern=r"^[0-9]{1,5}$", description="Mã tỉnh theo danh mục hành chính Việt Nam (vd. 91)"
    )


@api.get(
    "/public/recognised",
    auth=None,
    response={200: s.PublicCommunePage, **PUBLIC_ERRORS},
    tags=["Dữ liệu mở"],
    url_name="public_recognised",
)
def public_recognised(request: HttpRequest, filters: Query[PublicFilter]) -> Any:
    """Communes recognised as meeting the standard, by year and province (the portal's list)."""
    _public_limit(request)

    def build() -> dict[str, Any]:
        # Counted on the summary rows alone: the page's joins (names, for the order) are no part of it.
        count, rows = portal.recognised_page(
            year=filters.year,
            province_code=filters.province,
            offset=(filters.page - 1) * filters.page_size,
            limit=filters.page_size,
        )
        return {
            "count": count,
            "page": filters.page,
            "page_size": filters.page_size,
            "items": [
                {
                    "year": r["year"],
                    "unit": {
                        "id": r["unit_id"],
                        "code": r["unit__code"],
                        "name": r["unit__name"],
                        "kind": r["unit__kind"],
                        "level": r["unit__level"],
                    },
                    "province": {
                        "id": r["province_id"],
                        "code": r["province__code"],
                        "name": r["province__name"],
                        "kind": r["province__kind"],
                        "level": r["province__level"],
                    },
                    "status": r["status"] or Status.RECOGNISED,
                    "total": _money(r["total"]),
                }
                for r in rows
            ],
        }

    return _cached(
        request,
        f"open:recognised:{filters.year}:{filters.province}:{filters.page}:{filters.page_size}",
        s.PublicCommunePage,
        build,
    )


@api.get(
    "/public/decisions",
    auth=None,
    response={200: s.PublicDecisionPage, **PUBLIC_ERRORS},
    tags=["Dữ liệu mở"],
    url_name="public_decisions",
)
def public_decisions(request: HttpRequest, filters: Query[PublicFilter]) -> Any:
    """Recognition decisions (public documents), newest first."""
    _public_limit(request)

    def build() -> dict[str, Any]:
        count, rows = portal.decision_page(
            year=filters.year,
            province_code=filters.province,
            offset=(filters.page - 1) * filters.page_size,
            limit=filters.page_size,
        )
        return {"count": count, "page": filters.page, "page_size": filters.page_size, "items": rows}

    return _cached(
        request,
        f"open:decisions:{filters.year}:{filters.province}:{filters.page}:{filters.page_size}",
        s.PublicDecisionPage,
        build,
    )


class AggregateFilter(Schema):
    year: int | None = Field(None, ge=1900, le=2200)


@api.get(
    "/public/aggregates",
    auth=None,
    response={200: list[s.Aggregate], **PUBLIC_ERRORS},
    tags=["Dữ liệu mở"],
    url_name="public_aggregates",
)
def public_aggregates(request: HttpRequest, filters: Query[AggregateFilter]) -> Any:
    """Per province and year: communes posted, recognised, not recognised, revoked."""
    _public_limit(request)

    def build() -> list[dict[str, Any]]:
        return [
            {
                "year": row["year"],
                "province": {
                    "id": row["province_id"],
                    "code": row["province__code"],
                    "name": row["province__name"],
                    "kind": row["province__kind"],
                    "level": row["province__level"],
                },
                "posted": row["posted"],
                "recognised": row["recognised"],
                "not_recognised": row["not_recognised"],
                "revoked": row["revoked"],
            }
            for row in portal.province_counts(year=filters.year)
        ]

    return _cached(request, f"open:aggregates:{filters.year}", list[s.Aggregate], build)
