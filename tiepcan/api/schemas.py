"""The shapes the API reads and writes (they make the OpenAPI document).

Every unit in a payload carries its official code from the national list of administrative
units (``code``), as imported, so other systems can join on it.
"""

from __future__ import annotations

import functools
import types
from datetime import date, datetime
from typing import Any, Literal, Union, get_args, get_origin

from ninja import Field, Schema
from pydantic import TypeAdapter, create_model

from tiepcan.plans.choices import OutputKind


class Error(Schema):
    detail: str | list[Any] | dict[str, Any]


class UnitRef(Schema):
    id: int
    code: str = Field(description="Mã đơn vị theo danh mục hành chính Việt Nam")
    name: str
    kind: str
    level: int


class Unit(UnitRef):
    parent: UnitRef | None
    valid_from: date | None
    valid_to: date | None
    current: bool


class Succession(Schema):
    unit: UnitRef
    effective_on: date
    partial: bool


class UnitDetail(Unit):
    predecessors: list[Succession]
    successors: list[Succession]


class Agency(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    unit: UnitRef | None


class Framework(Schema):
    id: int
    code: str
    version: int
    title: str
    province: UnitRef | None
    year_from: int
    year_to: int | None
    unit_kinds: list[str]


class FrameworkDetail(Framework):
    definition: dict[str, Any]


class FrameworkChange(Schema):
    kind: str
    level: str
    code: str
    title: str
    fields: list[list[Any]]


class FrameworkDiff(Schema):
    old: Framework
    new: Framework
    changes: list[FrameworkChange]


class ResultReport(Schema):
    """One yearly report on a period's results: who sends it, to whom, by when, and whether it was sent."""

    step: str = Field(
        description="report_to_province: huyện báo cáo tỉnh; report_to_ministry: tỉnh báo cáo Bộ Tư pháp"
    )
    step_label: str
    unit: UnitRef = Field(description="Đơn vị gửi báo cáo")
    recipient: str
    due_on: date | None = Field(description="Hạn gửi (ngày cuối cùng)")
    due_text: str
    sent_on: date | None
    number: str
    note: str
    state: str = Field(description="on_time | late | pending | overdue")
    status: str = Field(description="Tình trạng, bằng lời")


class Period(Schema):
    id: int
    year: int
    title: str
    province: UnitRef
    framework: Framework
    status: str
    self_assessment_due: date
    dossier_due: date
    review_due: date | None
    council_due: date | None
    recognition_due: date | None


class Assessment(Schema):
    id: int
    period_id: int
    year: int
    unit: UnitRef
    status: str
    status_label: str
    total: str | None
    recognisable: bool
    round: int
    version: int
    updated_at: datetime


class TransitionOut(Schema):
    from_status: str
    to_status: str
    actor: str
    reason: str
    at: datetime


class AssessmentDetail(Assessment):
    values: dict[str, Any]
    not_arisen: list[str]
    facts: dict[str, Any]
    score: dict[str, Any] = Field(
        description="Kết quả chấm: điểm theo chỉ tiêu, tiêu chí, kết luận (verdict), lý do (reasons), phần còn thiếu (gap)"
    )
    verdict: str
    reasons: list[str]
    gap: dict[str, Any]
    history: list[TransitionOut]


class CouncilResult(Schema):
    assessment_id: int
    year: int
    unit: UnitRef
    meeting_on: date
    recommend: bool
    votes_for: int
    votes_against: int
    votes_abstain: int
    total: str
    criterion_points: dict[str, Any]
    verdict: str


class DecisionEntry(Schema):
    unit: UnitRef
    assessment_id: int
    total: str
    criterion_points: dict[str, Any]
    revoked_on: date | None
    revocation_number: str
    revocation_reason: str


class Decision(Schema):
    id: int
    number: str
    signed_on: date
    year: int
    province: UnitRef
    issuer_name: str
    signer_name: str
    signer_title: str


class DecisionDetail(Decision):
    annex: list[DecisionEntry]


class Activity(Schema):
    id: int
    plan_id: int
    province: UnitRef
    group: str
    number: int
    title: str
    schedule_text: str
    outputs_text: str


class OutputFile(Schema):
    """The file of an output document; ``url`` serves it to whoever may see the task (a key or a session)."""

    name: str
    size: int | None = Field(description="Dung lượng (byte); null nếu tệp không còn trong kho lưu trữ")
    content_type: str = Field(description="Kiểu tệp nhận ra từ nội dung tệp")
    url: str = Field(description="Đường dẫn tải tệp (cần khóa API hoặc phiên đăng nhập)")


class OutputDocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    number: str
    issued_on: date | None
    issuer: str
    file: OutputFile | None


class ProgressOut(Schema):
    id: int
    progress: int
    status: str
    note: str
    reported_by: str
    at: datetime
    documents: list[OutputDocumentOut]


class Task(Schema):
    id: int
    activity_id: int
    activity: str
    agency: Agency
    year: int
    label: str
    starts_on: date | None
    due_on: date | None
    status: str
    progress: int
    completed_on: date | None
    version: int


class TaskDetail(Task):
    reports: list[ProgressOut]


class Budget(Schema):
    id: int
    plan_id: int
    province: UnitRef
    year: int
    agency: Agency
    activity_id: int | None
    requested: int
    approved: int | None
    status: str
    description: str
    version: int


# --- Writes ---------------------------------------------------------------------------------------

Scalar = str | int | float | bool | None


class ValueIn(Schema):
    """One input of an indicator (``field``), with the other inputs of the indicator (``companions``)
    as the client holds them; or ``not_arisen`` for the indicator; or a disqualifying ``fact``."""

    version: int = Field(description="Phiên bản hồ sơ đã đọc; sai phiên bản → 409")
    indicator: str = Field("", max_length=64)
    field: str | None = Field(None, max_length=64)
    value: Scalar = None
    companions: dict[str, Scalar] = Field(default_factory=dict)
    not_arisen: bool | None = None
    fact: str | None = Field(None, max_length=64)


class DocumentIn(Schema):
    version: int
    indicator: str = Field(max_length=64)
    field: str = Field(max_length=64)
    title: str = Field(max_length=255)
    due_on: str = Field("", max_length=10, description="dd/mm/yyyy hoặc yyyy-mm-dd")
    issued_on: str = Field("", max_length=10, description="dd/mm/yyyy hoặc yyyy-mm-dd")


class DocumentRemoveIn(Schema):
    version: int
    indicator: str = Field(max_length=64)
    field: str = Field(max_length=64)
    index: int = Field(ge=0, le=99_999)


class Saved(Schema):
    id: int
    version: int
    total: str | None
    recognisable: bool
    values: dict[str, Any]
    not_arisen: list[str]
    facts: dict[str, Any]


class TransitionIn(Schema):
    to: str = Field(max_length=32)
    reason: str = Field("", max_length=5000)


class EvidenceIn(Schema):
    indicator: str = Field(max_length=64)
    title: str = Field(max_length=255)
    link: str = Field("", max_length=200)


class EvidenceOut(Schema):
    id: int
    assessment_id: int
    indicator: str
    title: str
    link: str
    content_type: str
    size: int
    round: int


class ProgressIn(Schema):
    """A progress report and at most one output document (its file is the ``output_file`` part)."""

    version: int = Field(description="Phiên bản nhiệm vụ đã đọc; sai phiên bản → 409")
    progress: int = Field(ge=0, le=100)
    status: Literal["not_started", "in_progress", "done", "cancelled"]
    note: str = Field(max_length=10_000)
    output_kind: Literal[("", *OutputKind.values)] = Field(  # type: ignore[valid-type]
        "", description="Loại sản phẩm đầu ra (bắt buộc khi có sản phẩm)"
    )
    output_title: str = Field("", max_length=500, description="Trích yếu sản phẩm (bắt buộc khi có sản phẩm)")
    output_number: str = Field("", max_length=64, description="Số, ký hiệu")
    output_issued_on: str = Field("", max_length=10, description="Ngày ban hành: dd/mm/yyyy hoặc yyyy-mm-dd")
    output_issuer: str = Field("", max_length=255, description="Cơ quan ban hành")


# --- Open data ------------------------------------------------------------------------------------


class PublicCommune(Schema):
    year: int
    unit: UnitRef
    province: UnitRef
    status: str
    total: str | None


class PublicDecision(Schema):
    id: int
    number: str
    signed_on: date
    year: int
    province: UnitRef
    issuer_name: str
    communes: int


class Aggregate(Schema):
    year: int
    province: UnitRef
    posted: int
    recognised: int
    not_recognised: int
    revoked: int


def page_of(item: type[Schema]) -> type[Schema]:
    """A page of ``item``: the total count and one page of rows."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        count=(int, ...),
        page=(int, ...),
        page_size=(int, ...),
        items=(list[item], ...),  # type: ignore[valid-type]
    )


# The open data's answers, one class each (the endpoints declare them and check what they build
# against them: a class made per request cost 2 ms of schema building).
PublicCommunePage = page_of(PublicCommune)
PublicDecisionPage = page_of(PublicDecision)


def _plain(annotation: Any) -> Any:
    """``annotation`` with each ninja ``Schema`` in it replaced by a plain pydantic model of the same
    fields (types, defaults, constraints, order)."""
    origin = get_origin(annotation)
    if origin is not None:
        args = tuple(_plain(arg) for arg in get_args(annotation))
        return Union[args] if origin in (Union, types.UnionType) else origin[args]  # noqa: UP007
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        fields: dict[str, Any] = {
            name: (_plain(field.annotation), field) for name, field in annotation.model_fields.items()
        }
        return create_model(annotation.__name__, **fields)
    return annotation


@functools.cache
def checker(schema: Any) -> TypeAdapter[Any]:
    """What checks an answer built as dicts against ``schema`` (a ``Schema``, or a list of one):
    the same fields and types, without the hook ninja's ``Schema`` runs in Python on every object
    (to read Django models' attributes), which made checking a page of 50 open-data rows cost more
    than reading them. ``checker(s).dump_python(checker(s).validate_python(data))`` is what the
    ``Schema`` gives for dicts (tests/test_open_data.py)."""
    return TypeAdapter(_plain(schema))
