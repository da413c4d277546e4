"""A commune's dossier: the self-assessment form with autosave, evidence, notes and the steps of the cycle."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.assessments import procedure, services, tasks
from tiepcan.assessments.choices import AttendeeGroup, ChairRole, Status
from tiepcan.assessments.forms import (
    AnswerForm,
    AutosaveForm,
    EvidenceForm,
    ExplanationForm,
    IndicatorForm,
    NoteForm,
    TransitionForm,
)
from tiepcan.assessments.models import (
    Assessment,
    CommuneMeeting,
    Evidence,
    Posting,
    PublicComment,
    ReviewNote,
)
from tiepcan.assessments.views.procedure import posting_modes
from tiepcan.core import rules
from tiepcan.core.forms import require_valid
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.core.templatetags.tc import iso_date
from tiepcan.core.uploads import UploadRule
from tiepcan.jobs import artifacts
from tiepcan.lib.engine.numbers import optional_int
from tiepcan.signatures.models import TrustStoreState


def _assessment(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Assessment:
    return get_for_user_or_404(
        # The definition (a large JSON) is only read to compile a framework, once per process.
        Assessment.objects.select_related("period__framework", "period__province", "unit").defer(
            "period__framework__definition"
        ),
        request.user,
        action,
        pk=pk,
    )


def _form_context(
    request: HttpRequest, assessment: Assessment, *, partial: bool = False, only: set[str] | None = None
) -> dict[str, Any]:
    """What the self-assessment page shows; ``partial`` for the pieces an autosave refreshes,
    ``only`` the indicators whose part of the page it must refresh (None: all)."""
    framework = services.compiled(assessment.period)
    score = assessment.score
    results = {item["code"]: item for item in score.get("indicators", [])}
    evidence: dict[str, list[Evidence]] = {}
    unexplained: list[Any] | None = None
    returned = assessment.status == Status.RETURNED
    if partial:
        # An autosave shows no evidence and no notes, only what is missing: one query for both.
        unexplained = []
        if returned:
            rows = (
                Evidence.objects.filter(assessment=assessment)
                .order_by()
                .values_list(Value("e"), "indicator", "pk")
                .union(
                    ReviewNote.objects.filter(assessment=assessment, round=assessment.round, explanation="")
                    .order_by()
                    .values_list(Value("n"), "indicator", "pk"),
                    all=True,
                )
            )
            for kind, code, pk in rows:
                if kind == "e":
                    evidence.setdefault(code, [])
                else:
                    unexplained.append(ReviewNote(pk=pk, indicator=code))
        else:  # a draft has no notes to explain: the evidence alone, the simplest query
            codes = Evidence.objects.filter(assessment_id=assessment.pk).order_by().values_list("indicator")
            for (code,) in codes:
                evidence.setdefault(code, [])
        notes: Any = []
    else:
        for item in assessment.evidence.select_related("verification"):
            evidence.setdefault(item.indicator, []).append(item)
        notes = list(
            assessment.notes.select_related("reviewer", "explained_by").order_by("-round", "indicator")
        )
        unexplained = [n for n in notes if returned and n.round == assessment.round and not n.explanation]
    criteria = []
    for criterion in framework.criteria:
        indicators = []
        for indicator in criterion.indicators:
            if only is not None and indicator.code not in only:
                continue
            values = assessment.values.get(indicator.code, {})
            indicators.append(
                {
                    "code": indicator.code,
                    "slug": slugify(indicator.code),
                    "title": indicator.title,
                    "data": indicator.data,
                    "fields": [
                        {
                            **spec,
                            "value": values.get(spec["name"]),
                            "id": services.field_anchor(indicator.code, spec["name"]),
                        }
                        for spec in indicator.fields
                    ],
                    "not_arisen": indicator.code in assessment.not_arisen,
                    "allow_not_arisen": indicator.allow_not_arisen,
                    "result": results.get(indicator.code),
                    "evidence": evidence.get(indicator.code, []),
                    "evidence_required": indicator.evidence_required,
                    "evidence_signed": indicator.evidence_signed,
                    "placeholder": indicator.placeholder,
                    "upload": UploadRule.for_evidence(indicator.data.get("evidence")),
                }
            )
        criteria.append(
            {
                "code": criterion.code,
                "title": criterion.title,
                "max": criterion.max_points,
                "indicators": indicators,
            }
        )
    context = {
        "assessment": assessment,
        "framework": framework,
        "criteria": criteria,
        "score": score,
        # The fields' partials are also rendered alone (autosave): the rule's answer goes with them.
        "can_edit": rules.allowed(request.user, "assessments.edit", assessment),
        "missing": services.missing(assessment, attached=set(evidence), unexplained=unexplained)
        if assessment.status in (Status.DRAFT, Status.RETURNED, Status.POSTED)
        else [],
        # The lists of what is missing link into the page: reversed once, not in each list.
        "detail_url": reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}),
    }
    if partial:  # the rest is the whole page's (the history, notes, conditions, steps)
        return context
    return {
        **context,
        "steps": services.allowed_steps(assessment, request.user),
        "transitions": assessment.transitions.select_related("actor"),
        "conditions": _conditions(framework, assessment.facts),
        "placeholders": framework.placeholders(),
        "notes": notes,
        "comments": assessment.comments.all() if assessment.posted_at else [],
        "snapshots": assessment.snapshots.all(),
        "trust_version": TrustStoreState.current(),
        "indicator_codes": [i.code for i in framework.indicators() if not i.placeholder],
        **_procedure_context(assessment),
    }


def _procedure_context(assessment: Assessment) -> dict[str, Any]:
    """Posting and the commune meeting (TT 09/2021 Điều 3 khoản 1 điểm c, đ), shown once posting starts."""
    if assessment.posted_at is None:
        return {}
    posting = Posting.objects.filter(assessment=assessment).first()
    meeting = CommuneMeeting.objects.filter(assessment=assessment).first()
    return {
        "procedure": {
            "posting": posting,
            "meeting": meeting,
            "rule": procedure.posting_rule_of(assessment.period),
            "modes": posting_modes(assessment),
            "chair_roles": ChairRole.choices,
            "groups": AttendeeGroup.choices,
            "waiting": procedure.sending_problems(assessment, timezone.localdate())
            if assessment.status == Status.POSTED
            else [],
        }
    }


def _conditions(framework: Any, facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The disqualifying conditions with the facts the commune answers for each, ticked or not.

    A condition with ``facts`` (QĐ 25/2021 Điều 4 khoản 3) is asked as separate questions, so a
    commune says plainly whether the discipline was administrative, a prosecution or Party-only.
    """
    out = []
    for item in framework.recognition.get("disqualifiers", []):
        questions = item.get("facts") or [{"code": item["code"], "label": item["text"], "disqualifies": True}]
        out.append(
            {
                "text": item["text"] if item.get("facts") else "",
                "facts": [
                    {**question, "checked": bool(facts.get(question["code"]))} for question in questions
                ],
            }
        )
    return out


@require_action(Action.VIEW_ASSESSMENTS)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    context = _form_context(request, assessment)
    # From the compiled framework (cached per process): the definition itself is deferred.
    context["texts_pending"] = any(
        i.placeholder or i.data.get("verified") is False
        for i in services.compiled(assessment.period).indicators()
    )
    return render(request, "assessments/assessment_detail.html", context)


def _input_text(spec: dict[str, Any], value: Any) -> str:
    """A saved value as the page's input or select holds it (the inverse of ``services.coerce_value``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if spec.get("type") == "date":
        return iso_date(value)  # the box shows dd/mm/yyyy
    return str(value)


def _field_states(
    assessment: Assessment, indicator: str, changed: str, submitted: dict[str, Any], error: Any = None
) -> list[dict[str, Any]]:
    """The message under each input of ``indicator`` the autosave touched, and what its box must show.

    After a save every submitted input is clear. After a refusal, an input whose own value is
    wrong goes back to the saved value (its message keeps what was typed); the other inputs
    that differ from what is saved stay as typed, marked pending: they were not saved either,
    and are sent again with the next edit of the indicator, so a pair can be fixed in any order.
    """
    target = next((i for i in services.compiled(assessment.period).indicators() if i.code == indicator), None)
    if target is None:
        return []
    saved = assessment.values.get(indicator, {}) or {}
    states = []
    for spec in target.fields:
        name = spec["name"]
        if name not in submitted or spec["type"] == "documents":
            continue
        typed = submitted[name] if submitted[name] is not None else ""
        state = {
            "id": services.field_anchor(indicator, name),
            "typed": typed,
            "state": "",
            "message": "",
            "saved": _input_text(spec, saved.get(name)),
        }
        if error is not None:
            kept = (
                _("Chưa có giá trị nào được lưu cho ô này.")
                if saved.get(name) is None
                else _("Giá trị đã lưu: %(saved)s.") % {"saved": services.value_text(spec, saved.get(name))}
            )
            if name == error.field:
                state["state"] = "refused"
                state["message"] = _("Giá trị “%(typed)s” không được lưu: %(reason)s") % {
                    "typed": typed,
                    "reason": error.detail,
                }
            elif services.coerce_value(spec, typed) != saved.get(name):
                state["state"] = "pending"
                if name == changed and error.field is None:
                    state["message"] = _(
                        "“%(typed)s” chưa được lưu: %(reason)s Hãy sửa tiếp ô liên quan của chỉ tiêu này; "
                        "các ô được lưu cùng nhau khi hợp lệ."
                    ) % {"typed": typed, "reason": error.detail}
                else:
                    state["message"] = _(
                        "“%(typed)s” chưa được lưu, chờ các ô khác của chỉ tiêu %(c)s hợp lệ."
                    ) % {"typed": typed, "c": indicator}
            if state["message"]:
                state["message"] += " " + kept
        states.append(state)
    return states


@require_action(Action.SELF_ASSESS)
@require_POST
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one input (htmx) with the other inputs of its indicator.

    Every part of the answer is swapped out of band (the inputs say ``hx-swap="none"``): a refusal
    must never replace, or empty, a part of the page that the next saves rely on.
    """
    form = AutosaveForm(request.POST)
    valid = form.is_valid()
    kind = form.cleaned_data.get("kind") if valid else None
    # A value is saved by save_value, which reads the row under lock and answers 404 outside the
    # person's scope from that row. Anything else asks here first whether the dossier is in scope
    # (else 404): a refused form, and a document list (read before its save).
    if kind not in ("value", "not_arisen", "fact") and not (
        Assessment.objects.for_user(request.user, Action.VIEW).filter(pk=pk).order_by().exists()
    ):
        raise Http404
    if not valid:
        return _save_error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    data = form.cleaned_data
    kind, indicator, field = data["kind"], data["indicator"], data["field"]
    value: Any = data["typed"] if kind == "value" else data["value"]
    submitted = {**data["companions"], field: data["typed"]} if kind == "value" and field else {}
    changed_documents = None
    try:
        if kind in ("doc_add", "doc_remove"):
            # A document list is edited row by row; the service saves the whole list as one value.
            changed_documents = (indicator, field)
            submitted = {}
            saved = services.edit_documents(
                assessment_id=pk,
                user=request.user,
                version=data["version"],
                indicator=indicator,
                field=field,
                add={
                    "title": data["doc_title"],
                    "due_on": data["doc_due_on"],
                    "issued_on": data["doc_issued_on"],
                }
                if kind == "doc_add"
                else None,
                remove=data["index"] if kind == "doc_remove" else None,
            )
        else:
            saved = services.save_value(
                assessment_id=pk,
                user=request.user,
                version=data["version"],
                indicator=indicator,
                field=field if kind == "value" else None,
                value=value if kind in ("value", "fact") else None,
                not_arisen=(data["value"] == "true") if kind == "not_arisen" else None,
                fact=data["fact"] if kind == "fact" else None,
                companions=data["companions"] if submitted else None,
            )
    except services.StaleAssessment as error:
        response = _save_error(request, error.messages[0], status=409)
        response["HX-Refresh"] = "true"
        return response
    except services.RefusedValue as error:
        # Nothing was saved (the save rolled back): the row as it is holds what is saved.
        assessment = _assessment(request, pk)
        if changed_documents:
            states = [
                {
                    "id": services.field_anchor(indicator, field),
                    "state": "pending",
                    "typed": "",
                    "saved": "",
                    "message": _("Văn bản chưa được thêm: %(reason)s") % {"reason": error.detail},
                }
            ]
        else:
            states = _field_states(assessment, indicator, field, submitted, error)
        # The save status links to the input the message is about (the one changed, if it is).
        flagged = sorted(
            (s for s in states if s["state"]),
            key=lambda s: s["id"] != services.field_anchor(indicator, field),
        )
        return _save_error(
            request,
            " ".join(error.messages),
            states=states,
            anchor=flagged[0]["id"] if flagged else "",
            indicator=indicator,
        )
    except ValidationError as error:
        return _save_error(request, " ".join(error.messages))
    # save_value returns the saved row as written (locked, so nobody else changed it meanwhile).
    cleared = _field_states(saved, indicator, field, submitted) if submitted else []
    if changed_documents:
        cleared = [
            {
                "id": services.field_anchor(indicator, field),
                "state": "",
                "typed": "",
                "saved": "",
                "message": "",
            }
        ]
    # Rendered without the request: the partial shows nothing of the person's (menu, messages,
    # permissions), so the context processors' work would be wasted on every save.
    return HttpResponse(
        render_to_string(
            "assessments/partials/autosave_ok.html",
            {
                **_form_context(
                    request, saved, partial=True, only=_changed_results(saved, indicator, changed_documents)
                ),
                "saved_at": timezone.localtime(),
                "changed_documents": changed_documents,
                "field_states": cleared,
            },
        )
    )


def _changed_results(saved: Assessment, indicator: str, changed_documents: Any) -> set[str] | None:
    """The indicators whose result the page must redraw after a save: those whose result changed
    since the version the page shows (a save of a stale version is refused, so the page shows the
    previous one), and the indicator edited. None (all) when the previous score is not known."""
    previous = getattr(saved, "previous_score", None)
    if previous is None:
        return None
    before = {item["code"]: item for item in previous.get("indicators", [])}
    changed = {item["code"] for item in saved.score.get("indicators", []) if before.get(item["code"]) != item}
    changed.add(indicator)
    if changed_documents:
        changed.add(changed_documents[0])
    return changed


def _save_error(
    request: HttpRequest,
    message: str,
    *,
    status: int = 422,
    states: list[dict[str, Any]] | None = None,
    anchor: str = "",
    indicator: str = "",
) -> HttpResponse:
    """A refused or stale save: the message by the input it concerns (or in the save status)."""
    return render(
        request,
        "assessments/partials/save_error.html",
        {"message": message, "field_states": states or [], "anchor": anchor, "indicator": indicator},
        status=status,
    )


@require_action(Action.REVIEW)
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = NoteForm(request.POST)
    try:
        require_valid(form)
        services.add_note(assessment_id=assessment.pk, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi yêu cầu bổ sung."))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@require_action(Action.SELF_ASSESS)
@require_POST
def note_explain(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_for_user_or_404(ReviewNote, request.user, Action.VIEW, pk=pk)
    form = ExplanationForm(request.POST)
    try:
        require_valid(form)
        services.explain(note_id=note.pk, user=request.user, text=form.cleaned_data["text"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã ghi giải trình."))
    return redirect("assessments:assessment_detail", pk=note.assessment_id)


@require_action(Action.VIEW_ASSESSMENTS)
@require_POST
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_for_user_or_404(PublicComment, request.user, Action.VIEW, pk=pk)
    form = AnswerForm(request.POST)
    try:
        require_valid(form)
        services.answer_comment(comment_id=comment.pk, user=request.user, answer=form.cleaned_data["answer"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã trả lời ý kiến."))
    return redirect("assessments:assessment_detail", pk=comment.assessment_id)


def _round(request: HttpRequest, name: str, rounds: list[int], default: int) -> int:
    """The round a query parameter names, if the dossier was sent that time; else the first or last."""
    fallback = rounds[default] if rounds else 0
    raw = request.GET.get(name)
    if raw is None:
        return fallback
    chosen = optional_int(raw)
    if chosen not in rounds:
        messages.error(
            request,
            _("Hồ sơ không có lần gửi “%(value)s”; đang hiển thị lần %(round)s.")
            % {"value": raw[:20], "round": fallback},
        )
        return fallback
    return chosen


@require_action(Action.VIEW_ASSESSMENTS)
def round_diff(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    rounds = list(assessment.snapshots.values_list("round", flat=True))
    first, second = _round(request, "tu", rounds, 0), _round(request, "den", rounds, -1)
    return render(
        request,
        "assessments/round_diff.html",
        {
            "assessment": assessment,
            "rounds": rounds,
            "first": first,
            "second": second,
            "changes": services.round_changes(assessment, first, second),
            "notes": assessment.notes.filter(round__gte=first, round__lt=second).select_related(
                "reviewer", "explained_by"
            ),
        },
    )


@require_action(Action.VIEW_ASSESSMENTS)
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk)
    form = TransitionForm(request.POST)
    try:
        require_valid(form)
        services.transition(assessment_id=assessment.pk, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã cập nhật trạng thái hồ sơ."))
    return redirect("assessments:assessment_detail", pk=assessment.pk)


@require_action(Action.SELF_ASSESS)
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, Action.SELF_ASSESS)
    indicators = {i.code: i for i in services.compiled(assessment.period).indicators()}
    chosen = IndicatorForm(request.POST, codes=list(indicators))
    if not chosen.is_valid():
        raise Http404
    indicator = indicators[chosen.cleaned_data["indicator"]]
    rule = UploadRule.for_evidence(indicator.data.get("evidence"))
    form = EvidenceForm(request.POST, request.FILES, rule=rule)
    if not assessment.editable:
        messages.error(request, _("Hồ sơ đã gửi, không thêm được minh chứng."))
    elif form.is_valid():
        upload = form.cleaned_data.get("file")
        kind = getattr(form, "detected_kind", None)
        try:
            services.add_evidence(
                assessment_id=assessment.pk,
                user=request.user,
                indicator=indicator.code,
                title=form.cleaned_data["title"],
                upload=upload,
                link=form.cleaned_data.get("link") or "",
                content_type=kind.mime if kind else "",
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Đã thêm minh chứng cho chỉ tiêu %(c)s.") % {"c": indicator.code})
    else:
        flash_errors(request, form)
    return redirect(
        f"{reverse('assessments:assessment_detail', kwargs={'pk': assessment.pk})}#ct-{indicator.code}"
    )


@require_action(Action.VIEW_ASSESSMENTS)
def dossier_download(request: HttpRequest, pk: int, round_number: int) -> HttpResponseBase:
    """The dossier of one round, frozen when it was sent, as one ZIP."""
    assessment = _assessment(request, pk)
    snapshot = assessment.snapshots.filter(round=round_number).first()
    if snapshot is None:
        raise Http404
    response = artifacts.serve_or_prepare(
        request,
        key=tasks.dossier_key(snapshot),
        task=tasks.build_dossier_zip,
        args=[snapshot.pk],
        filename=f"ho-so-{assessment.unit.code}-{assessment.period.year}-lan-{round_number}.zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_action(Action.VIEW_ASSESSMENTS)
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence is private: served only to people who may see the assessment, never by URL."""
    item = Evidence.objects.for_user(request.user, Action.VIEW).filter(pk=pk).first()
    if item is None or not item.file.name:  # a FieldFile is truthy by its name
        raise Http404
    response = FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1]
    )
    response["Content-Type"] = item.content_type or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
