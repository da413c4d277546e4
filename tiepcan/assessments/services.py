"""Operations of the yearly cycle: opening a period, saving values, moving through the steps."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import procedure, tasks
from tiepcan.assessments.choices import (
    EDITABLE,
    PAST_COUNCIL,
    PeriodStatus,
    RegistrationStatus,
    Status,
    SubmissionKind,
)
from tiepcan.assessments.models import (
    Assessment,
    AssessmentPeriod,
    CouncilMeeting,
    CouncilScore,
    DossierSnapshot,
    Evidence,
    FrameworkMove,
    PublicComment,
    RecognitionDecision,
    Registration,
    ReviewNote,
    Transition,
)
from tiepcan.assessments.scoring import compiled, rescore
from tiepcan.core import audit, rules
from tiepcan.core.forms import parse_day
from tiepcan.core.scoping import user_can
from tiepcan.core.templatetags.tc import iso_date
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.lib import engine
from tiepcan.lib.engine.definition import CompiledFramework, fact_codes
from tiepcan.lib.engine.numbers import NumberError, parse_number, to_decimal, vn_short
from tiepcan.reports import summaries
from tiepcan.signatures import services as signatures
from tiepcan.signatures.choices import VerificationStatus
from tiepcan.signatures.models import TrustStoreState
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit


@dataclass(frozen=True)
class Step:
    """One move of the state machine. A step that needs a reason (returning, refusing, revoking)
    goes backwards or says no: the page shows it apart from the steps forward, with its own field."""

    action: str
    label: str
    needs_reason: bool = False
    reason_label: str = ""


# Who may move an assessment from one state to another (QĐ 25/2021 Điều 5; QĐ 619 Điều 7):
# the commune self-assesses, its chairman approves, posts and signs the dossier; the justice
# office reviews or returns it; the council recommends; the competent chairman recognises.
STEPS: dict[tuple[str, str], Step] = {
    (Status.DRAFT, Status.APPROVED): Step(
        Action.APPROVE_SELF_ASSESSMENT, _("Chủ tịch duyệt kết quả tự đánh giá")
    ),
    (Status.APPROVED, Status.DRAFT): Step(
        Action.APPROVE_SELF_ASSESSMENT,
        _("Trả lại để công chức sửa"),
        needs_reason=True,
        reason_label=_("Lý do trả lại, nội dung cần sửa"),
    ),
    (Status.APPROVED, Status.POSTED): Step(
        Action.APPROVE_SELF_ASSESSMENT, _("Niêm yết công khai để lấy ý kiến")
    ),
    (Status.POSTED, Status.SUBMITTED): Step(
        Action.APPROVE_SELF_ASSESSMENT, _("Ký và gửi hồ sơ đề nghị công nhận")
    ),
    (Status.SUBMITTED, Status.RETURNED): Step(
        Action.REVIEW,
        _("Trả lại, yêu cầu bổ sung"),
        needs_reason=True,
        reason_label=_("Lý do trả lại, nội dung cần bổ sung"),
    ),
    (Status.RETURNED, Status.SUBMITTED): Step(
        Action.APPROVE_SELF_ASSESSMENT, _("Gửi lại hồ sơ đã bổ sung, giải trình")
    ),
    (Status.SUBMITTED, Status.FORWARDED): Step(Action.REVIEW, _("Chuyển Hội đồng đánh giá")),
    (Status.FORWARDED, Status.RECOMMENDED): Step(Action.COUNCIL_SECRETARY, _("Hội đồng đề nghị công nhận")),
    (Status.FORWARDED, Status.NOT_RECOMMENDED): Step(
        Action.COUNCIL_SECRETARY,
        _("Hội đồng không đề nghị công nhận"),
        needs_reason=True,
        reason_label=_("Lý do không đề nghị công nhận"),
    ),
    (Status.RECOMMENDED, Status.RECOGNISED): Step(Action.RECOGNISE, _("Công nhận đạt chuẩn")),
    (Status.RECOMMENDED, Status.NOT_RECOGNISED): Step(
        Action.RECOGNISE, _("Không công nhận"), needs_reason=True, reason_label=_("Lý do không công nhận")
    ),
    (Status.NOT_RECOMMENDED, Status.NOT_RECOGNISED): Step(
        Action.RECOGNISE, _("Không công nhận"), needs_reason=True, reason_label=_("Lý do không công nhận")
    ),
    (Status.RECOGNISED, Status.REVOKED): Step(
        Action.RECOGNISE,
        _("Thu hồi quyết định công nhận"),
        needs_reason=True,
        reason_label=_("Lý do thu hồi"),
    ),
}


# A commune short of the conditions sends its report and score sheet instead (TT 09/2021 Điều 3.1.e).
REPORT_STEPS: dict[tuple[str, str], Step] = {
    (Status.POSTED, Status.SUBMITTED): Step(
        Action.APPROVE_SELF_ASSESSMENT, _("Gửi báo cáo và bản tổng hợp điểm (chưa đủ điều kiện công nhận)")
    ),
    (Status.RETURNED, Status.SUBMITTED): Step(
        Action.APPROVE_SELF_ASSESSMENT,
        _("Gửi lại báo cáo đã bổ sung, giải trình (chưa đủ điều kiện công nhận)"),
    ),
}


def open_period(
    *,
    province: Unit,
    year: int,
    framework: Any,
    user: Any,
    title: str,
    self_assessment_due: date,
    dossier_due: date,
    registration_required: bool = False,
    **deadlines: Any,
) -> AssessmentPeriod:
    """Open a year's period and, unless registration is required, an assessment for every commune."""
    rules.check(user, "assessments.open_period", province)
    if not framework.applies_in(year):
        raise ValidationError(_("Bộ tiêu chí này không áp dụng cho năm %(y)s.") % {"y": year})
    if type(framework).objects.filter(code=framework.code, version__gt=framework.version).exists():
        raise ValidationError(
            _("Bộ tiêu chí này đã có phiên bản mới hơn đã sửa; hãy mở kỳ đánh giá theo phiên bản mới nhất.")
        )
    if dossier_due < self_assessment_due:
        raise ValidationError(_("Hạn gửi hồ sơ không được trước hạn tự đánh giá."))
    with transaction.atomic():
        if AssessmentPeriod.objects.filter(province=province, year=year).exists():
            raise ValidationError(_("Tỉnh đã có kỳ đánh giá năm %(y)s.") % {"y": year})
        period = AssessmentPeriod.objects.create(
            province=province,
            year=year,
            framework=framework,
            title=title,
            registration_required=registration_required,
            self_assessment_due=self_assessment_due,
            dossier_due=dossier_due,
            created_by=user,
            **deadlines,
        )
        if not registration_required:
            for unit in communes_of(province, year, framework.unit_kinds):
                create_assessment(period, unit)
    return period


def communes_of(province: Unit, year: int, kinds: list[str]) -> list[Unit]:
    on = date(year, 12, 31)
    units = Unit.objects.filter(path__startswith=province.path, level=UnitLevel.COMMUNE).current(on)
    if kinds:
        units = units.filter(kind__in=kinds)
    return list(units.order_by("name_sort"))


def create_assessment(period: AssessmentPeriod, unit: Unit) -> Assessment:
    assessment = Assessment(
        period=period, unit=unit, unit_class=unit.commune_class_on(date(period.year, 12, 31)) or ""
    )
    rescore(assessment)
    assessment.save()
    return assessment


class StaleAssessment(ValidationError):
    pass


class RefusedValue(ValidationError):
    """Values of one indicator that break its rules; nothing was saved.

    ``field`` names the input whose own value is wrong (a negative count, not a number), or is
    None when the values are each fine but break a rule that relates them (one count above
    another): then the person may be half-way through editing the pair.
    """

    def __init__(self, message: str, *, indicator: str, field: str | None, detail: str = "") -> None:
        super().__init__(message)
        self.indicator, self.field, self.detail = indicator, field, detail or message


@functools.cache
def _locked_read_deferred() -> tuple[str, ...]:
    """What the autosave's locked read leaves out of the period, framework and unit it joins: all
    but what the save and its answer use (the year and name in the audit's label, the unit's path
    for the grant, the framework's checksum for the compiled framework). Every column of the
    assessment itself is read: it is the audit's "before". A field used after all is loaded on use."""
    keep = {
        "period": (AssessmentPeriod, {"id", "year", "framework"}),
        "period__framework": (FrameworkVersion, {"id", "checksum"}),
        "unit": (Unit, {"id", "name", "path"}),
    }
    return tuple(
        f"{prefix}__{f.name}"
        for prefix, (model, kept) in keep.items()
        for f in model._meta.concrete_fields
        if f.name not in kept
    )


def save_value(
    *,
    assessment_id: int,
    user: Any,
    version: int,
    indicator: str,
    field: str | None = None,
    value: Any = None,
    not_arisen: bool | None = None,
    fact: str | None = None,
    companions: dict[str, Any] | None = None,
) -> Assessment:
    """Autosave one input. Bad input changes nothing; a stale version changes nothing either.

    ``companions``: the other inputs of the same indicator as the page shows them. They are saved
    together with ``field``, so that a pair bound by a rule (numerator ≤ denominator) can be
    changed in any order: the first edit waits on the page until the second makes the pair valid.
    """
    with transaction.atomic():
        assessment = next(
            iter(
                Assessment.objects.select_for_update(of=("self",))
                .select_related("period__framework", "unit")
                .defer(*_locked_read_deferred())
                .filter(pk=assessment_id)
                .order_by()[:1]
            ),
            None,
        )
        # Outside the person's scope it does not exist (as ``get_for_user_or_404`` answers): the
        # scope is checked on the locked row, from the grants, with no query of its own.
        if assessment is None or not user_can(user, Assessment.scope_view_action, assessment):
            raise Http404
        rules.check(user, "assessments.edit", assessment)
        if assessment.version != version:
            raise StaleAssessment(
                _(
                    "Hồ sơ vừa được người khác cập nhật. Trang đã được tải lại số liệu mới nhất; hãy nhập lại nếu cần."
                )
            )
        audit.remember(assessment)  # the locked row is the audit's "before": no second read
        framework = compiled(assessment.period)
        values = {code: dict(fields) for code, fields in assessment.values.items()}
        not_arisen_codes = list(assessment.not_arisen)
        facts = dict(assessment.facts)
        if fact is not None:
            if fact not in fact_codes(framework.recognition):
                raise ValidationError(_("Điều kiện không có trong bộ tiêu chí."))
            facts[fact] = bool(value)
        else:
            target = next((i for i in framework.indicators() if i.code == indicator), None)
            if target is None:
                raise ValidationError(_("Chỉ tiêu không có trong bộ tiêu chí."))
            if target.placeholder:
                raise ValidationError(_("Chỉ tiêu này đang chờ bổ sung nội dung, chưa nhập được."))
            if not_arisen is not None:
                if not_arisen and not target.allow_not_arisen:
                    raise ValidationError(_("Chỉ tiêu này không được ghi “không phát sinh”."))
                not_arisen_codes = sorted(
                    set(not_arisen_codes) - {indicator} | ({indicator} if not_arisen else set())
                )
            else:
                specs = {f["name"]: f for f in target.fields}
                spec = specs.get(field or "")
                if spec is None:
                    raise ValidationError(_("Trường nhập liệu không có trong chỉ tiêu."))
                row = values.setdefault(indicator, {})
                for name, raw in (companions or {}).items():
                    # Documents lists are edited row by row, never as a companion.
                    if name in specs and name != field and specs[name]["type"] != "documents":
                        coerced = _coerce(specs[name], raw)
                        if coerced is not None or name in row:
                            row[name] = coerced
                row[field] = _coerce(spec, value)
                problems = engine.check_values(
                    framework, {"values": {indicator: row}}, partial=True, only=indicator
                )
                if problems:
                    problem = problems[0]
                    prefix = f"{problem.field}: " if problem.field else ""
                    by_label = {f["label"]: name for name, f in specs.items()}
                    raise RefusedValue(
                        f"{prefix}{problem.message}".rstrip(".") + ".",
                        indicator=indicator,
                        field=by_label.get(problem.field, field) if problem.field else None,
                        detail=problem.message.rstrip(".") + ".",
                    )
        before = {
            "values": assessment.values,
            "not_arisen": assessment.not_arisen,
            "facts": assessment.facts,
            "score": assessment.score,
            "total": assessment.total,
            "recognisable": assessment.recognisable,
        }
        assessment.values, assessment.not_arisen, assessment.facts = values, not_arisen_codes, facts
        previous_score = assessment.score
        previous_result = (assessment.total, assessment.recognisable)
        rescore(assessment)
        # What the page shows is the previous version's score (its version matched): the autosave's
        # answer refreshes only the indicator results that changed.
        assessment.previous_score = previous_score
        # The row is locked and its version was just checked: the next one is known here. Only the
        # columns that changed are written (a value leaves the conditions and "not arisen" as they
        # were); the version always moves on, so a page holding the previous one is refused.
        assessment.version = version + 1
        assessment.save(
            update_fields=[
                *(name for name, old in before.items() if getattr(assessment, name) != old),
                "version",
                "updated_at",
            ]
        )
        # A returned dossier's score is public: keep its summary row current (the row is made of
        # the score, so a save that leaves the score as it was leaves the row as it was).
        changed = (assessment.score, (assessment.total, assessment.recognisable)) != (
            previous_score,
            previous_result,
        )
        if assessment.status in summaries.PUBLIC and changed:
            summaries.sync([assessment.pk])
    return assessment


def edit_documents(
    *,
    assessment_id: int,
    user: Any,
    version: int,
    indicator: str,
    field: str,
    add: dict[str, str] | None = None,
    remove: int | None = None,
) -> Assessment:
    """Add a row to (``add``: title, due_on, issued_on) or remove one from (``remove``: its index) a
    documents-list input. The whole list is then saved as one value by :func:`save_value`, whose
    version check refuses an edit made on a stale list."""
    assessment = Assessment.objects.only("values").filter(pk=assessment_id).first()
    current = list(((assessment.values if assessment else {}).get(indicator, {}) or {}).get(field) or [])
    if add is not None:
        current.append(
            {
                "title": (add.get("title") or "").strip(),
                "due_on": to_iso(add.get("due_on") or ""),
                "issued_on": to_iso(add.get("issued_on") or ""),
            }
        )
    elif remove is not None and 0 <= remove < len(current):
        current.pop(remove)
    return save_value(
        assessment_id=assessment_id,
        user=user,
        version=version,
        indicator=indicator,
        field=field,
        value=current,
    )


def evidence_indicator(assessment: Assessment, code: str | None) -> Any:
    """The framework's indicator an evidence upload names, or None."""
    return next((i for i in compiled(assessment.period).indicators() if i.code == code), None)


def add_evidence(
    *,
    assessment_id: int,
    user: Any,
    indicator: str,
    title: str,
    upload: Any = None,
    link: str = "",
    content_type: str = "",
) -> Evidence:
    """Attach a document (checked by ``EvidenceForm`` against the indicator's upload rule) or a link.

    Re-checked under the row lock: the person still self-assesses the commune and the dossier
    is still editable (a dossier being reviewed takes no new evidence).
    """
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",)).select_related("unit").get(pk=assessment_id)
        )
        if not grants_for(user).allows(Action.SELF_ASSESS, assessment.unit):
            raise PermissionDenied
        if not assessment.editable:
            raise ValidationError(_("Hồ sơ đã gửi, không thêm được minh chứng."))
        evidence = Evidence.objects.create(
            assessment=assessment,
            indicator=indicator,
            title=title,
            file=upload or "",
            link=link or "",
            content_type=content_type,
            size=upload.size if upload else 0,
            round=assessment.round,
            uploaded_by=user,
        )
        # A PDF's digital signatures are verified in the background once this is committed.
        signatures.schedule(evidence)
        return evidence


def _coerce(spec: dict[str, Any], value: Any) -> Any:
    """HTML form strings to the engine's types; the engine then checks ranges and relations."""
    if value is None or value == "":
        return None
    kind = spec["type"]
    if kind == "boolean":
        return {
            "true": True,
            "1": True,
            "co": True,
            "on": True,
            "false": False,
            "0": False,
            "khong": False,
        }.get(str(value).lower(), value)
    if kind in ("integer", "decimal", "percentage"):
        # The engine's parser (1.250.000 and 0,5 included); a refused value goes on as typed
        # so the engine words the problem, and nothing is saved.
        try:
            number = parse_number(value, integer=kind == "integer")
        except NumberError:
            return value
        return int(number) if kind == "integer" else format(number, "f")
    if kind == "date":
        # dd/mm/yyyy to ISO; anything else goes on as typed, for the engine to refuse in Vietnamese.
        return to_iso(str(value))
    return value


def coerce_value(spec: dict[str, Any], value: Any) -> Any:
    """What an input's text is saved as (``"1.250"`` → 1250, ``"true"`` → True)."""
    return _coerce(spec, value)


def to_iso(value: str) -> str | None:
    """dd/mm/yyyy (or ISO) to ISO; anything else is passed on for the engine to refuse."""
    text = (value or "").strip()
    if not text:
        return None
    day = parse_day(text)
    return day.isoformat() if day is not None else text


NOT_GIVEN = "chưa nhập"  # the engine's word for an input not given (engine.check_values)


@dataclass(frozen=True)
class MissingItem:
    """One thing that stops the self-assessment from being sent, and where on its page to fix it.

    ``anchor`` is the id of the input (or evidence block, or explanation box) on the
    self-assessment page, so a list of what is missing can link straight to each place.
    """

    text: str
    anchor: str

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=4096)
def field_anchor(indicator: str, field: str) -> str:
    """The id of an indicator's input on the self-assessment page (``f-32-received``).

    Kept per process (a framework has a few hundred inputs at most): every autosave's lists of
    what is missing name many of them, and slugify is costly (Unicode normalisation, regexes).
    """
    return f"f-{slugify(indicator)}-{field}"


@functools.lru_cache(maxsize=4096)
def evidence_anchor(indicator: str) -> str:
    """The id of an indicator's evidence block on the self-assessment page (``ev-32``)."""
    return f"ev-{slugify(indicator)}"


def missing(
    assessment: Assessment, *, attached: set[str] | None = None, unexplained: list[ReviewNote] | None = None
) -> list[MissingItem]:
    """Everything that stops the self-assessment from being sent, in Vietnamese, in page order:
    inputs still empty or wrong, compulsory evidence not attached, and (after a return) the
    reviewer's notes not yet explained. The one list behind the page, the home page's to-do
    list and the refusal to approve or send.

    ``attached``: the indicators that have evidence; ``unexplained``: the notes of the latest
    return still without an explanation; pass them when the caller has loaded them already.
    """
    framework = compiled(assessment.period)
    problems = engine.check_values(
        framework, {"values": assessment.values, "not_arisen": assessment.not_arisen}
    )
    if attached is None:
        attached = set(Evidence.objects.filter(assessment=assessment).values_list("indicator", flat=True))
    by_indicator: dict[str, list[engine.ValueProblem]] = {}
    for problem in problems:
        by_indicator.setdefault(problem.indicator, []).append(problem)
    items: list[MissingItem] = []
    signed = {
        i.code for i in framework.indicators() if i.evidence_signed and i.code not in assessment.not_arisen
    }
    unsigned = signatures.signature_problems(assessment, signed) if signed else {}
    for indicator in framework.indicators():
        names = {f["label"]: f["name"] for f in indicator.fields}
        first = indicator.fields[0]["name"] if indicator.fields else ""
        own = by_indicator.pop(indicator.code, [])
        empty = [p.field for p in own if p.message == NOT_GIVEN]
        if empty:
            items.append(
                MissingItem(
                    _("Chỉ tiêu %(c)s: chưa nhập %(f)s.")
                    % {"c": indicator.code, "f": ", ".join(f"“{label}”" for label in empty)},
                    field_anchor(indicator.code, names.get(empty[0], first)),
                )
            )
        for problem in own:
            if problem.message != NOT_GIVEN:
                anchor = field_anchor(indicator.code, names.get(problem.field, first))
                items.append(MissingItem(str(problem).rstrip(".") + ".", anchor))
        if (
            indicator.evidence_required
            and indicator.code not in attached
            and indicator.code not in assessment.not_arisen
        ):
            items.append(
                MissingItem(
                    _("Chỉ tiêu %(c)s: thiếu tài liệu minh chứng bắt buộc.") % {"c": indicator.code},
                    evidence_anchor(indicator.code),
                )
            )
        for title, what in unsigned.get(indicator.code, []):
            items.append(
                MissingItem(_signature_message(indicator.code, title, what), evidence_anchor(indicator.code))
            )
    for rest in by_indicator.values():  # values of indicators the framework does not have
        items.extend(MissingItem(str(p), "") for p in rest)
    if assessment.status == Status.RETURNED:
        if unexplained is None:
            unexplained = list(
                ReviewNote.objects.filter(assessment=assessment, round=assessment.round, explanation="")
            )
        for note in unexplained:
            items.append(
                MissingItem(
                    _("Yêu cầu bổ sung về chỉ tiêu %(c)s chưa được giải trình.") % {"c": note.indicator},
                    f"note-{note.pk}",
                )
            )
    return items


def _signature_message(code: str, title: str, what: str) -> str:
    """Why a file of an indicator whose evidence must be digitally signed stops sending.

    Decree 23/2025/NĐ-CP, Art. 3.3: only a signature whose certificate is neither expired,
    suspended nor revoked is valid, so "still being checked" or "could not be established"
    stops sending as "invalid" does.
    """
    if what == "pending":
        return _("Chỉ tiêu %(c)s: tệp “%(t)s” đang được kiểm tra chữ ký số; chờ có kết quả rồi gửi.") % {
            "c": code,
            "t": title,
        }
    if what == "not_pdf":
        return _("Chỉ tiêu %(c)s: tệp “%(t)s” phải là tệp PDF có chữ ký số.") % {"c": code, "t": title}

    label = VerificationStatus(what).label if what in VerificationStatus.values else what
    return _("Chỉ tiêu %(c)s: chữ ký số của tệp “%(t)s” chưa hợp lệ (%(s)s).") % {
        "c": code,
        "t": title,
        "s": label,
    }


def missing_by_assessment(assessments: list[Assessment]) -> dict[int, list[MissingItem]]:
    """``missing`` for several dossiers (a person's to-do list) in two queries, whatever their number."""
    open_ones = [a for a in assessments if a.status in (Status.DRAFT, Status.RETURNED, Status.POSTED)]
    attached: dict[int, set[str]] = {a.pk: set() for a in open_ones}
    for assessment_id, indicator in Evidence.objects.filter(assessment__in=open_ones).values_list(
        "assessment_id", "indicator"
    ):
        attached[assessment_id].add(indicator)
    unexplained: dict[int, list[ReviewNote]] = {a.pk: [] for a in open_ones}
    returned = [a for a in open_ones if a.status == Status.RETURNED]
    if returned:
        for note in ReviewNote.objects.filter(assessment__in=returned, explanation="").only(
            "assessment_id", "round", "indicator"
        ):
            if note.round == next(a.round for a in returned if a.pk == note.assessment_id):
                unexplained[note.assessment_id].append(note)
    return {a.pk: missing(a, attached=attached[a.pk], unexplained=unexplained[a.pk]) for a in open_ones}


def allowed_steps(assessment: Assessment, user: Any) -> list[tuple[str, Step]]:
    """The steps the person may take now, those forward first (a return or refusal comes last)."""
    grants = grants_for(user)
    steps = [
        (to, REPORT_STEPS.get((source, to), step) if not assessment.recognisable else step)
        for (source, to), step in STEPS.items()
        if source == assessment.status and grants.allows(step.action, assessment.unit)
    ]
    if assessment.submission_kind == SubmissionKind.REPORT_ONLY:
        steps = [(to, step) for to, step in steps if to not in (Status.RECOMMENDED, Status.RECOGNISED)]
    return sorted(steps, key=lambda item: item[1].needs_reason)


def transition(*, assessment_id: int, user: Any, to: str, reason: str = "") -> Assessment:
    """Move an assessment one step, atomically and under a row lock; one Transition row per step."""
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("period__framework", "unit")
            .get(pk=assessment_id)
        )
        audit.remember(assessment)  # locked: the audit entry's "before" is this row, not read again
        step = STEPS.get((assessment.status, to))
        if step is None:
            target = Status(to).label if to in Status.values else to
            raise ValidationError(
                _("Không thể chuyển từ “%(a)s” sang “%(b)s”.")
                % {"a": assessment.get_status_display(), "b": target}
            )
        if not grants_for(user).allows(step.action, assessment.unit):
            raise PermissionDenied
        if step.needs_reason and not reason.strip():
            raise ValidationError(_("Hãy ghi lý do khi chọn “%(step)s”.") % {"step": step.label})
        if assessment.status == Status.RETURNED and to == Status.SUBMITTED:
            unanswered = ReviewNote.objects.filter(
                assessment=assessment, round=assessment.round, explanation=""
            ).count()
            if unanswered:
                raise ValidationError(
                    _("Còn %(n)s yêu cầu bổ sung chưa được giải trình.") % {"n": unanswered}
                )
        if to in (Status.APPROVED, Status.SUBMITTED) and assessment.status in (
            Status.DRAFT,
            Status.POSTED,
            Status.RETURNED,
        ):
            lacking = [item.text for item in missing(assessment)]
            if lacking:
                more = [_("… và %(n)s mục khác.") % {"n": len(lacking) - 10}] if len(lacking) > 10 else []
                raise ValidationError([_("Chưa đủ để gửi:"), *lacking[:10], *more])
        if assessment.status == Status.POSTED and to == Status.SUBMITTED:
            # TT 09/2021 Điều 3 khoản 1 điểm c, đ: posted for the full period, result agreed at a meeting.
            waiting = procedure.sending_problems(assessment, timezone.localdate())
            if waiting:
                raise ValidationError([_("Chưa gửi được:"), *waiting])
        if (
            to in (Status.RECOMMENDED, Status.RECOGNISED)
            and assessment.submission_kind == SubmissionKind.REPORT_ONLY
        ):
            # TT 09/2021 Điều 3 khoản 1 điểm e: a commune short of the conditions sends a report, not a request.
            raise ValidationError(
                _("%(u)s chỉ gửi báo cáo (chưa đủ điều kiện), không đề nghị công nhận: không thể công nhận.")
                % {"u": assessment.unit.name}
            )
        source = assessment.status
        assessment.status = to
        now = timezone.now()
        fields = ["status", "updated_at"]
        if to == Status.POSTED:
            assessment.posted_at = now
            fields.append("posted_at")
        if to == Status.SUBMITTED:
            assessment.round += 1
            assessment.submitted_at = now
            rescore(assessment)
            assessment.submission_kind = (
                SubmissionKind.RECOGNITION if assessment.recognisable else SubmissionKind.REPORT_ONLY
            )
            fields += ["round", "submitted_at", "submission_kind"]
        with audit.reason(reason):
            assessment.save(update_fields=fields)
            Transition.objects.create(
                assessment=assessment, from_status=source, to_status=to, actor=user, reason=reason.strip()
            )
            if to == Status.SUBMITTED:
                snapshot = _snapshot(assessment, user)
                transaction.on_commit(lambda: tasks.build_dossier_zip.enqueue(snapshot.pk))
            # The result summary row (dashboards, portal, open data) changes with the step, in this transaction.
            summaries.sync([assessment.pk])
        # Tell the people concerned once the step is committed, never about a step that rolled back.
        transaction.on_commit(lambda: tasks.notify_step.enqueue(assessment.pk, to, user.pk, reason.strip()))
    return assessment


def _snapshot(assessment: Assessment, user: Any) -> DossierSnapshot:
    """Freeze what is sent: later edits (after a return) never change an earlier round."""
    rescore(assessment)
    Assessment.objects.filter(pk=assessment.pk).update(score=assessment.score, total=assessment.total)
    version = TrustStoreState.current()
    evidence = [
        {
            "id": e.pk,
            "indicator": e.indicator,
            "title": e.title,
            "link": e.link,
            "has_file": bool(e.file),
            "round": e.round,
            # The signature verification as it stood when the dossier was sent.
            "signature": signatures.summary(e, version),
        }
        for e in assessment.evidence.select_related("verification")
    ]
    return DossierSnapshot.objects.create(
        assessment=assessment,
        round=assessment.round,
        values=assessment.values,
        not_arisen=assessment.not_arisen,
        facts=assessment.facts,
        score=assessment.score,
        evidence=evidence,
        comment_summary=comment_summary(assessment),
        submitted_by=user,
    )


def comment_summary(assessment: Assessment) -> str:
    comments = list(assessment.comments.filter(hidden=False))
    if not comments:
        return _("Trong thời gian niêm yết không nhận được ý kiến nào.")
    answered = sum(1 for c in comments if c.answer)
    lines = [_("Nhận được %(n)s ý kiến, đã trả lời %(a)s.") % {"n": len(comments), "a": answered}]
    for comment in comments[:20]:
        lines.append(
            f"- {comment.author_name}: {comment.text}" + (f" → {comment.answer}" if comment.answer else "")
        )
    return "\n".join(lines)


def add_note(*, assessment_id: int, user: Any, indicator: str, text: str) -> ReviewNote:
    """A reviewer's request for supplement on one indicator of the round under review."""
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update(of=("self",))
            .select_related("unit", "period__framework")
            .get(pk=assessment_id)
        )
        rules.check(user, "assessments.note", assessment)
        if indicator not in {i.code for i in compiled(assessment.period).indicators()}:
            raise ValidationError(_("Chỉ tiêu không có trong bộ tiêu chí."))
        if not text.strip():
            raise ValidationError(_("Hãy ghi nội dung yêu cầu bổ sung."))
        return ReviewNote.objects.create(
            assessment=assessment,
            round=assessment.round,
            indicator=indicator,
            text=text.strip(),
            reviewer=user,
        )


def explain(*, note_id: int, user: Any, text: str) -> ReviewNote:
    """The commune's explanation of one note; only for the latest return."""
    with transaction.atomic():
        note = (
            ReviewNote.objects.select_for_update(of=("self",))
            .select_related("assessment__unit")
            .get(pk=note_id)
        )
        rules.check(user, "assessments.explain", note)
        if not text.strip():
            raise ValidationError(_("Hãy ghi nội dung giải trình."))
        note.explanation, note.explained_by, note.explained_at = text.strip(), user, timezone.now()
        note.save(update_fields=["explanation", "explained_by", "explained_at", "updated_at"])
    return note


def value_text(spec: dict[str, Any], value: Any) -> str:
    """A saved value as a person reads it: "Có", "1.250", "12,5", the option's label, "3 văn bản"."""
    if value is None or value == "":
        return _("(trống)")
    kind = spec.get("type")
    if kind == "boolean" and isinstance(value, bool):
        return _("Có") if value else _("Không")
    if kind == "choice":
        return next((o["label"] for o in spec.get("options", []) if o["value"] == value), str(value))
    if kind == "documents" and isinstance(value, list):
        return _("%(n)s văn bản") % {"n": len(value)}
    if kind == "date":
        return iso_date(value)
    if kind in ("integer", "decimal", "percentage"):
        try:
            return vn_short(to_decimal(value))
        except (ValueError, ArithmeticError):
            return str(value)
    return str(value)


@dataclass
class RoundChanges:
    """What changed between two rounds of a dossier: values, evidence and the other conditions."""

    values: list[dict[str, Any]]
    evidence_added: list[dict[str, Any]]
    evidence_removed: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    pass_fail: bool = False

    def __bool__(self) -> bool:
        return bool(self.values or self.evidence_added or self.evidence_removed or self.facts)


def round_changes(assessment: Assessment, first: int, second: int) -> RoundChanges:
    """Indicator by indicator, what changed between two rounds of the dossier (as sent, frozen)."""
    changes = RoundChanges([], [], [], [])
    snapshots = {s.round: s for s in assessment.snapshots.filter(round__in=[first, second])}
    if first not in snapshots or second not in snapshots:
        return changes
    a, b = snapshots[first], snapshots[second]
    framework = compiled(assessment.period)
    changes.pass_fail = framework.pass_fail
    points_a = {i["code"]: i for i in a.score.get("indicators", [])}
    points_b = {i["code"]: i for i in b.score.get("indicators", [])}
    for indicator in framework.indicators():
        code = indicator.code
        before, after = a.values.get(code) or {}, b.values.get(code) or {}
        arisen = (code in a.not_arisen, code in b.not_arisen)
        fields = [
            {
                "label": spec["label"],
                "before": value_text(spec, before.get(spec["name"])),
                "after": value_text(spec, after.get(spec["name"])),
            }
            for spec in indicator.fields
            if before.get(spec["name"]) != after.get(spec["name"])
        ]
        if fields or arisen[0] != arisen[1]:
            changes.values.append(
                {
                    "indicator": code,
                    "title": indicator.title,
                    "fields": fields,
                    "not_arisen": arisen if arisen[0] != arisen[1] else None,
                    "points_before": points_a.get(code, {}).get("points"),
                    "points_after": points_b.get(code, {}).get("points"),
                    "met_before": points_a.get(code, {}).get("met"),
                    "met_after": points_b.get(code, {}).get("met"),
                }
            )
    # Evidence rows keep their id from round to round: a new id was added, a missing one removed.
    ids_a = {item["id"] for item in a.evidence}
    ids_b = {item["id"] for item in b.evidence}
    changes.evidence_added = [item for item in b.evidence if item["id"] not in ids_a]
    changes.evidence_removed = [item for item in a.evidence if item["id"] not in ids_b]
    for item in framework.recognition.get("disqualifiers", []):
        # A condition asked through separate facts (QĐ 25/2021 Điều 4 khoản 3) compares each fact.
        for code, text in [(f["code"], f["label"]) for f in item.get("facts", [])] or [
            (item["code"], item["text"])
        ]:
            was, now = bool(a.facts.get(code)), bool(b.facts.get(code))
            if was != now:
                changes.facts.append({"text": text, "before": was, "after": now})
    return changes


COMMENT_LIMIT_PER_HOUR = 3


def add_comment(*, assessment: Assessment, name: str, text: str, ip: str) -> PublicComment:
    """A citizen's comment while the self-assessment is posted; a few per hour per address."""
    if assessment.status != Status.POSTED:
        raise ValidationError(
            _("Kết quả tự đánh giá này không còn trong thời gian niêm yết, không nhận ý kiến.")
        )
    name, text = name.strip(), text.strip()
    if not name or not text:
        raise ValidationError(_("Hãy ghi họ tên và nội dung ý kiến."))
    if len(text) > 2000:
        raise ValidationError(_("Ý kiến dài quá 2.000 ký tự."))
    ip_hash = hashlib.sha256(f"{ip}:{assessment.pk}".encode()).hexdigest()
    key = f"comment-rate:{ip_hash}"
    count = cache.get(key, 0)
    if count >= COMMENT_LIMIT_PER_HOUR:
        raise ValidationError(
            _("Bạn đã gửi nhiều ý kiến trong thời gian ngắn. Vui lòng thử lại sau một giờ.")
        )
    cache.set(key, count + 1, 3600)
    return PublicComment.objects.create(
        assessment=assessment, author_name=name[:120], text=text, ip_hash=ip_hash
    )


def answer_comment(*, comment_id: int, user: Any, answer: str) -> PublicComment:
    comment = PublicComment.objects.select_related("assessment__unit").get(pk=comment_id)
    rules.check(user, "assessments.answer", comment.assessment)
    if not answer.strip():
        raise ValidationError(_("Hãy ghi nội dung trả lời."))
    comment.answer, comment.answered_by, comment.answered_at = answer.strip(), user, timezone.now()
    comment.save(update_fields=["answer", "answered_by", "answered_at"])
    return comment


def register(*, period: AssessmentPeriod, unit: Unit, user: Any) -> Any:
    """A commune asks to be assessed in a period that requires registration."""
    grants = grants_for(user)
    if not (grants.allows(Action.SELF_ASSESS, unit) or grants.allows(Action.APPROVE_SELF_ASSESSMENT, unit)):
        raise PermissionDenied
    if not period.registration_required:
        raise ValidationError(_("Kỳ đánh giá này không yêu cầu đăng ký."))
    if unit not in communes_of(period.province, period.year, period.framework.unit_kinds):
        raise ValidationError(_("Đơn vị này không thuộc diện đánh giá của kỳ này."))
    registration, created = Registration.objects.get_or_create(period=period, unit=unit)
    if not created:
        raise ValidationError(_("Đơn vị đã đăng ký kỳ đánh giá này."))
    return registration


def decide_registration(*, registration_id: int, user: Any, accept: bool, reason: str = "") -> Any:
    """The province accepts (an assessment is opened) or rejects (with a reason) a registration."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("period__province", "period__framework", "unit")
            .get(pk=registration_id)
        )
        rules.check(user, "assessments.decide_registration", registration)
        if not accept and not reason.strip():
            raise ValidationError(_("Không chấp nhận phải ghi lý do."))
        registration.status = RegistrationStatus.ACCEPTED if accept else RegistrationStatus.REJECTED
        registration.reason, registration.decided_by = reason.strip(), user
        registration.save(update_fields=["status", "reason", "decided_by", "updated_at"])
        if (
            accept
            and not Assessment.objects.filter(period=registration.period, unit=registration.unit).exists()
        ):
            create_assessment(registration.period, registration.unit)
    return registration


# --- Moving an open period onto a corrected framework version ------------------------------------


@dataclass
class MovedValue:
    """One value carried over or dropped by a move. ``kind``: value, not_arisen, fact, council_score, evidence."""

    kind: str
    indicator: str
    field: str
    value: Any
    reason: str = ""


@dataclass
class AssessmentMove:
    assessment_id: int
    unit: str
    status: str
    carried: list[MovedValue]
    dropped: list[MovedValue]
    total_before: str | None
    total_after: str | None
    recognisable_before: bool
    recognisable_after: bool

    @property
    def needs_return(self) -> bool:
        """A sent dossier lost values: it cannot be edited until the reviewer returns it."""
        return self.status not in EDITABLE and any(
            d.kind in ("value", "not_arisen", "fact") for d in self.dropped
        )


@dataclass
class MoveReport:
    period_id: int
    from_version: str
    to_version: str
    dry_run: bool
    assessments: list[AssessmentMove]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for item, move in zip(data["assessments"], self.assessments, strict=True):
            item["needs_return"] = move.needs_return
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def move_period(*, period_id: int, target: Any, user: Any, reason: str, dry_run: bool = False) -> MoveReport:
    """Move an open period onto a corrected version of its framework, in one transaction.

    Values are carried over by indicator code and field name when the indicator and field still
    exist with the same type and the new version accepts them; everything else is dropped and
    listed with the reason. Scores are recomputed, the province's activation for the year follows,
    and the move is recorded (``FrameworkMove``) and audited. Old versions are never changed:
    dossier snapshots keep what was sent. Refused once any dossier is past the council step.
    ``dry_run`` computes the same report and changes nothing.
    """
    if not reason.strip():
        raise ValidationError(_("Hãy ghi lý do chuyển phiên bản."))
    with transaction.atomic():
        period = (
            AssessmentPeriod.objects.select_for_update(of=("self",))
            .select_related("province", "framework")
            .get(pk=period_id)
        )
        rules.check(user, "assessments.move_period", period)
        source = period.framework
        _check_move(period, source, target)
        past = period.assessments.filter(status__in=PAST_COUNCIL).count()
        if (
            past
            or CouncilMeeting.objects.filter(period=period).exists()
            or RecognitionDecision.objects.filter(period=period).exists()
        ):
            raise ValidationError(
                _(
                    "Kỳ đánh giá đã có hồ sơ được Hội đồng kết luận (%(n)s hồ sơ) hoặc đã có biên bản, quyết định: "
                    "không chuyển phiên bản bộ tiêu chí được nữa."
                )
                % {"n": past}
            )
        assessments = list(
            Assessment.objects.select_for_update(of=("self",))
            .filter(period=period)
            .select_related("unit")
            .order_by("unit__name_sort")
        )
        outside = [
            a.unit.name for a in assessments if target.unit_kinds and a.unit.kind not in target.unit_kinds
        ]
        if outside:
            raise ValidationError(
                _("Phiên bản mới không áp dụng cho: %(u)s.") % {"u": ", ".join(outside[:10])}
            )
        old = engine.compile_framework(source.definition)
        new = engine.compile_framework(target.definition)
        period.framework = target
        scored = {i.code: i for i in new.indicators() if not i.placeholder}
        moves: dict[int, AssessmentMove] = {}
        # Every save below is audited automatically, with the administrator's reason.
        with audit.reason(reason.strip()):
            period.save(update_fields=["framework", "updated_at"])
            renames = crosswalk(target.definition)
            for assessment in assessments:
                moves[assessment.pk] = _move_assessment(assessment, period, old, new, renames)
            for score in CouncilScore.objects.filter(assessment__period=period).order_by("indicator", "id"):
                target_indicator = scored.get(score.indicator)
                if target_indicator is None or score.points > target_indicator.max_points:
                    problem = (
                        _("điểm đề xuất vượt điểm tối đa mới của chỉ tiêu")
                        if target_indicator is not None
                        else _("chỉ tiêu không còn được chấm ở phiên bản mới")
                    )
                    moves[score.assessment_id].dropped.append(
                        MovedValue(
                            "council_score",
                            score.indicator,
                            str(score.member_id),
                            format(score.points, "f"),
                            problem,
                        )
                    )
                    score.delete()
            for evidence in Evidence.objects.filter(assessment__period=period).order_by("indicator", "id"):
                if evidence.indicator not in scored:
                    moves[evidence.assessment_id].dropped.append(
                        MovedValue(
                            "evidence",
                            evidence.indicator,
                            "",
                            evidence.title,
                            _("tài liệu vẫn được giữ nhưng không còn gắn với chỉ tiêu nào được chấm"),
                        )
                    )
            activation = FrameworkActivation.objects.filter(
                province=period.province, year=period.year, framework=source
            ).first()
            if activation is not None:
                activation.framework = target
                activation.save(update_fields=["framework", "updated_at"])
            report = MoveReport(
                period.pk,
                f"{source.code} v{source.version}",
                f"{target.code} v{target.version}",
                dry_run,
                list(moves.values()),
            )
            if not dry_run:
                summaries.sync(a.pk for a in assessments)
                FrameworkMove.objects.create(
                    period=period,
                    from_version=source,
                    to_version=target,
                    moved_by=user,
                    reason=reason.strip(),
                    report=report.to_dict(),
                )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _check_move(period: AssessmentPeriod, source: Any, target: Any) -> None:
    if period.status != PeriodStatus.OPEN:
        raise ValidationError(_("Kỳ đánh giá đã kết thúc: giữ nguyên phiên bản bộ tiêu chí đã dùng."))
    if target.code != source.code:
        raise ValidationError(
            _("Chỉ chuyển sang một phiên bản khác của cùng bộ tiêu chí “%(c)s”.") % {"c": source.code}
        )
    if target.version <= source.version:
        raise ValidationError(
            _("Phiên bản đích (%(t)s) phải mới hơn phiên bản đang dùng (%(s)s).")
            % {"t": target.version, "s": source.version}
        )
    if not target.applies_in(period.year):
        raise ValidationError(_("Bộ tiêu chí này không áp dụng cho năm %(y)s.") % {"y": period.year})
    if target.province_id and target.province_id != period.province_id:
        raise ValidationError(_("Bộ tiêu chí địa phương này thuộc tỉnh khác."))


def crosswalk(definition: dict[str, Any]) -> dict[str, str]:
    """Old indicator code → new code, from the new version's ``crosswalk`` links (set in the editor).

    Without a link an indicator's values go to the indicator of the same code.
    """
    return {
        old_code: indicator["code"]
        for criterion in definition.get("criteria", [])
        for indicator in criterion.get("indicators", [])
        for old_code in indicator.get("crosswalk", [])
    }


def _move_assessment(
    assessment: Assessment,
    period: AssessmentPeriod,
    old: CompiledFramework,
    new: CompiledFramework,
    renames: dict[str, str] | None = None,
) -> AssessmentMove:
    """Carry one commune's values, "not arisen" marks and facts over; rescore; bump the version."""
    old_indicators = {i.code: i for i in old.indicators()}
    new_indicators = {i.code: i for i in new.indicators()}
    renames = renames or {}
    carried: list[MovedValue] = []
    dropped: list[MovedValue] = []
    values: dict[str, dict[str, Any]] = {}
    for old_code, fields in sorted(assessment.values.items()):
        code = renames.get(old_code, old_code)
        target = new_indicators.get(code)
        before = old_indicators.get(old_code)
        kept: dict[str, Any] = {}
        for name, value in (fields or {}).items():
            if value is None or value == "" or value == []:
                continue  # nothing was entered
            if target is None:
                dropped.append(
                    MovedValue("value", code, name, value, _("chỉ tiêu không còn trong phiên bản mới"))
                )
                continue
            if target.placeholder:
                dropped.append(
                    MovedValue("value", code, name, value, _("chỉ tiêu đang chờ bổ sung ở phiên bản mới"))
                )
                continue
            spec = next((f for f in target.fields if f["name"] == name), None)
            old_spec = next((f for f in before.fields if f["name"] == name), None) if before else None
            if spec is None:
                dropped.append(MovedValue("value", code, name, value, _("trường không còn trong chỉ tiêu")))
            elif old_spec is not None and old_spec["type"] != spec["type"]:
                dropped.append(MovedValue("value", code, name, value, _("kiểu dữ liệu của trường đã đổi")))
            else:
                kept[name] = value
        if kept:
            problems = [
                p
                for p in engine.check_values(new, {"values": {code: kept}}, partial=True)
                if p.indicator == code
            ]
            if problems:
                # The new version refuses these values together (a new check or range): all are dropped.
                dropped += [
                    MovedValue("value", code, name, value, problems[0].message)
                    for name, value in kept.items()
                ]
            else:
                values[code] = kept
                carried += [MovedValue("value", code, name, value) for name, value in kept.items()]
    not_arisen = []
    for old_code in assessment.not_arisen:
        code = renames.get(old_code, old_code)
        target = new_indicators.get(code)
        if target is not None and target.allow_not_arisen:
            not_arisen.append(code)
            carried.append(MovedValue("not_arisen", code, "", True))
        else:
            dropped.append(
                MovedValue(
                    "not_arisen",
                    code,
                    "",
                    True,
                    _("phiên bản mới không cho ghi “không phát sinh” ở chỉ tiêu này"),
                )
            )
    known = fact_codes(new.recognition)
    facts = {}
    for code, value in sorted(assessment.facts.items()):
        if code in known:
            facts[code] = value
            carried.append(MovedValue("fact", "", code, value))
        else:
            dropped.append(
                MovedValue(
                    "fact",
                    "",
                    code,
                    value,
                    _("điều kiện không có trong phiên bản mới: hãy khai lại theo phiên bản mới"),
                )
            )
    total_before, recognisable_before = assessment.total, assessment.recognisable
    audit.remember(assessment)
    assessment.period = period
    assessment.values, assessment.not_arisen, assessment.facts = values, not_arisen, facts
    rescore(assessment)
    assessment.version += 1  # a page opened before the move is stale
    assessment.save(
        update_fields=[
            "values",
            "not_arisen",
            "facts",
            "score",
            "total",
            "recognisable",
            "version",
            "updated_at",
        ]
    )
    return AssessmentMove(
        assessment.pk,
        assessment.unit.name,
        assessment.status,
        carried,
        dropped,
        None if total_before is None else format(total_before, "f"),
        None if assessment.total is None else format(assessment.total, "f"),
        recognisable_before,
        assessment.recognisable,
    )
