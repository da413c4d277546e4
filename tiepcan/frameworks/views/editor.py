"""The framework editor: draft a new version in the browser, preview it, compare it and publish it.

Province administrators (and the system administrator) only: every view asks for
``manage_frameworks`` and fetches the draft through ``FrameworkDraft.objects.for_user`` (a draft
of another province is a 404). Each part of the draft is its own small form, saved as it
changes (htmx, ``hx-swap="none"``: the answer only replaces the status, the lock version and
the list of problems out of band, so nothing typed is ever replaced); without JavaScript the same
forms post and redirect.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.frameworks import editor, services
from tiepcan.frameworks.display import describe_changes
from tiepcan.frameworks.forms import editor as ef
from tiepcan.frameworks.models import FrameworkActivation, FrameworkDraft, FrameworkVersion
from tiepcan.lib import engine
from tiepcan.lib.engine.diff import diff

A = Action.MANAGE_FRAMEWORKS


def _draft(request: AuthenticatedHttpRequest, pk: int) -> FrameworkDraft:
    draft = (
        FrameworkDraft.objects.for_user(request.user, A)
        .select_related("base", "province", "published")
        .filter(pk=pk)
        .first()
    )
    if draft is None:
        raise Http404
    return draft


def _editor_context(draft: FrameworkDraft) -> dict[str, Any]:
    data = draft.definition
    found = editor.problems(data, draft.base.definition)
    by_anchor: dict[str, list[editor.Located]] = {}
    for problem in found:
        by_anchor.setdefault(problem.anchor, []).append(problem)
    criteria = []
    for ci, criterion in enumerate(data.get("criteria") or []):
        indicators = [
            {
                "ci": ci,
                "ii": ii,
                "code": indicator.get("code"),
                "title": indicator.get("title"),
                "placeholder": indicator.get("placeholder"),
                "anchor": f"ind-{ci}-{ii}",
                "prefix": f"i{ci}-{ii}",
                "form": ef.IndicatorForm(
                    initial=ef.IndicatorForm.initial_from(indicator), prefix=f"i{ci}-{ii}"
                ),
                "problems": by_anchor.get(f"ind-{ci}-{ii}", []),
            }
            for ii, indicator in enumerate(criterion.get("indicators") or [])
        ]
        criteria.append(
            {
                "ci": ci,
                "code": criterion.get("code"),
                "title": criterion.get("title"),
                "anchor": f"crit-{ci}",
                "prefix": f"c{ci}",
                "form": ef.CriterionForm(initial=ef.CriterionForm.initial_from(criterion), prefix=f"c{ci}"),
                "indicators": indicators,
                "problems": by_anchor.get(f"crit-{ci}", []),
            }
        )
    sections = [
        {
            "key": key,
            "anchor": f"section-{key}",
            "prefix": f"s-{key}",
            "form": ef.SectionForm(
                initial={"content": editor.to_yaml(data.get(key))}, prefix=f"s-{key}", key=key
            ),
            "problems": by_anchor.get(f"section-{key}", []),
        }
        for key in ef.section_keys()
    ]
    return {
        "draft": draft,
        "data": data,
        "problems": found,
        "criteria": criteria,
        "sections": sections,
        "general_form": ef.GeneralForm(initial=ef.GeneralForm.initial_from(data), prefix="g"),
        "recognition_form": ef.RecognitionForm(
            initial=ef.RecognitionForm.initial_from(data.get("recognition") or {}), prefix="r"
        ),
        "recognition_problems": by_anchor.get("section-recognition", []),
        "base_codes": editor.indicator_codes(draft.base.definition),
        "publish_form": ef.PublishForm(),
        "pass_fail": data.get("scoring") == "pass_fail",
        # Another version published since this draft's base: publishing this one supersedes it too.
        "newer": FrameworkVersion.objects.filter(code=draft.base.code, version__gt=draft.base.version)
        .order_by("-version")
        .first(),
    }


@require_action(A)
@require_POST
def draft_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    base = FrameworkVersion.objects.for_user(request.user, Action.VIEW).filter(pk=pk).first()
    if base is None:
        raise Http404
    form = ef.DraftStartForm(request.POST, actor=request.user)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("frameworks:framework_detail", pk=base.pk)
    draft = services.start_draft(base, form.cleaned_data["province"], request.user)
    messages.success(request, _("Đã tạo bản nháp từ phiên bản %(v)s.") % {"v": base.version})
    return redirect("frameworks:draft_edit", pk=draft.pk)


@require_action(A)
def draft_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    return render(request, "frameworks/draft_edit.html", _editor_context(draft))


def _bind(request: AuthenticatedHttpRequest, part: str) -> tuple[forms.Form | None, str]:
    """The form of the part being saved, bound with its prefix, and the prefix."""
    position = ef.PositionForm(request.POST)
    ci = ii = None
    if position.is_valid():
        ci, ii = position.cleaned_data["ci"], position.cleaned_data["ii"]
    if part == "general":
        return ef.GeneralForm(request.POST, prefix="g"), "g"
    if part == "recognition":
        return ef.RecognitionForm(request.POST, prefix="r"), "r"
    if part == "section":
        key = ef.SectionKeyForm(request.POST)
        if key.is_valid():
            section = key.cleaned_data["section"]
            return ef.SectionForm(request.POST, prefix=f"s-{section}", key=section), f"s-{section}"
        return None, ""
    if part == "criterion" and ci is not None:
        return ef.CriterionForm(request.POST, prefix=f"c{ci}"), f"c{ci}"
    if part == "indicator" and ci is not None and ii is not None:
        return ef.IndicatorForm(request.POST, prefix=f"i{ci}-{ii}"), f"i{ci}-{ii}"
    return None, ""


def _edit_for(form: forms.Form, part: str, ci: int | None, ii: int | None) -> services.Edit:
    def edit(data: dict[str, Any]) -> tuple[str, Any, Any]:
        if part in ("general", "recognition", "section"):
            return form.apply(data)  # type: ignore[attr-defined]
        criteria = data.get("criteria") or []
        if ci is None or ci >= len(criteria):
            raise ValidationError(_("Không tìm thấy tiêu chí này (trang đã cũ?)."))
        if part == "criterion":
            before, after = form.apply_to(criteria[ci])  # type: ignore[attr-defined]
            return f"criterion:{ci}", before, after
        indicators = criteria[ci].get("indicators") or []
        if ii is None or ii >= len(indicators):
            raise ValidationError(_("Không tìm thấy chỉ tiêu này (trang đã cũ?)."))
        before, after = form.apply_to(indicators[ii])  # type: ignore[attr-defined]
        return f"indicator:{ci}:{ii}", before, after

    return edit


@require_action(A)
@require_POST
def draft_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save one part of the draft (autosave). Refusals keep the page as typed and say why."""
    draft = _draft(request, pk)
    meta = ef.SaveForm(request.POST)
    lock = ef.LockForm(request.POST)
    status = 200
    error = ""
    form: forms.Form | None = None
    prefix = ""
    if not meta.is_valid():
        error = _("Thao tác lưu không hợp lệ.")
        status = 400
    else:
        part = meta.cleaned_data["part"]
        form, prefix = _bind(request, part)
        position = ef.PositionForm(request.POST)
        ci = ii = None
        if position.is_valid():
            ci, ii = position.cleaned_data["ci"], position.cleaned_data["ii"]
        if form is None:
            error, status = _("Không tìm thấy phần cần lưu (trang đã cũ?)."), 400
        elif not form.is_valid():
            error, status = _("Chưa lưu: sửa các ô được đánh dấu."), 422
        elif not lock.is_valid():
            error, status = _("Trang đã cũ: hãy tải lại trang."), 409
        else:
            try:
                draft = services.edit_draft(
                    draft.pk, lock.cleaned_data["lock"], request.user, _edit_for(form, part, ci, ii)
                )
            except services.StaleDraft as stale:
                error, status = stale.messages[0], 409
            except ValidationError as refused:
                error, status = refused.messages[0], 422
    if not request.htmx:
        if error:
            messages.error(request, error)
            if form is not None:
                flash_errors(request, form)
        else:
            messages.success(request, _("Đã lưu."))
        return redirect("frameworks:draft_edit", pk=draft.pk)
    context = _editor_context(draft)
    context.update(
        {
            "error": error,
            "form_errors": _labelled_errors(form),
            "prefix": prefix,
            "item_problems": _item_problems(context, prefix),
            "head": _head(draft.definition, prefix),
        }
    )
    return render(request, "frameworks/partials/draft_saved.html", context, status=status)


def _labelled_errors(form: forms.Form | None) -> list[tuple[str, str]]:
    """A form's errors as (the field's label, message): the names of inputs mean nothing to people."""
    if form is None:
        return []
    return [
        (str(form.fields[name].label) if name in form.fields else "", str(message))
        for name, messages in form.errors.items()
        for message in messages
    ]


def _item_problems(context: dict[str, Any], prefix: str) -> list[editor.Located]:
    """The engine's problems of the part just saved, shown under its form."""
    anchor = {"g": "section-general", "r": "section-recognition"}.get(prefix, "")
    if prefix.startswith("s-"):
        anchor = "section-" + prefix[2:]
    elif prefix.startswith("c"):
        anchor = "crit-" + prefix[1:]
    elif prefix.startswith("i"):
        anchor = "ind-" + prefix[1:]
    return [
        p
        for p in context["problems"]
        if p.anchor == anchor
        or (
            prefix == "g"
            and p.criterion is None
            and p.anchor.startswith("section-")
            and p.anchor[8:] in ("title", "years", "applies_to", "change_note", "notes")
        )
    ]


def _head(data: dict[str, Any], prefix: str) -> str:
    """The heading of the criterion or indicator just saved (its code and title may have changed)."""
    try:
        if prefix.startswith("c"):
            criterion = data["criteria"][int(prefix[1:])]
            return f"{criterion['code']}. {criterion['title']}"
        if prefix.startswith("i"):
            ci, ii = (int(n) for n in prefix[1:].split("-"))
            indicator = data["criteria"][ci]["indicators"][ii]
            title = indicator["title"]
            return f"{indicator['code']}. {title[:140]}{'…' if len(title) > 140 else ''}"
    except (KeyError, IndexError, ValueError, TypeError):
        return ""
    return ""


@require_action(A)
@require_POST
def draft_structure(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = ef.StructureForm(request.POST)
    lock = ef.LockForm(request.POST)
    anchor = ""
    if form.is_valid() and lock.is_valid():
        d = form.cleaned_data

        def edit(data: dict[str, Any]) -> tuple[str, Any, Any]:
            try:
                return editor.restructure(data, d["op"], d["ci"], d["ii"])
            except ValueError as exc:
                raise ValidationError(str(exc)) from exc

        try:
            services.edit_draft(draft.pk, lock.cleaned_data["lock"], request.user, edit)
        except ValidationError as refused:
            flash_errors(request, refused)
        else:
            anchor = f"#crit-{d['ci']}" if d["ci"] is not None else ""
    else:
        flash_errors(request, form if not form.is_valid() else lock)
    return redirect(reverse("frameworks:draft_edit", kwargs={"pk": draft.pk}) + anchor)


@require_action(A)
def draft_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The self-assessment form as the draft would ask it, scored by the engine on sample values."""
    draft = _draft(request, pk)
    data = draft.definition
    found = editor.problems(data, draft.base.definition)
    if found:
        return render(
            request, "frameworks/draft_preview.html", {"draft": draft, "invalid": found}, status=200
        )
    form = ef.SampleForm(request.POST if request.method == "POST" else None, definition=data)
    result = None
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        values, not_arisen, facts, unit_class = form.sample()
        try:
            result = engine.score(
                data, {"values": values, "not_arisen": not_arisen}, facts, unit_class, partial=True
            )
        except engine.ValuesError as exc:
            problems = list(exc.problems)
    return render(
        request,
        "frameworks/draft_preview.html",
        {
            "draft": draft,
            "form": form,
            "groups": form.groups(),
            "result": result,
            "value_problems": problems,
            "pending_texts": editor.texts_pending(data),
        },
    )


@require_action(A)
def draft_diff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    old, new = draft.base.definition, draft.definition
    return render(
        request,
        "frameworks/draft_diff.html",
        {"draft": draft, "changes": describe_changes(diff(old, new), old, new)},
    )


@require_action(A)
@require_POST
def draft_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = ef.PublishForm(request.POST)
    lock = ef.LockForm(request.POST)
    if not (form.is_valid() and lock.is_valid()):
        flash_errors(request, form if not form.is_valid() else lock)
        return redirect("frameworks:draft_edit", pk=draft.pk)
    try:
        version = services.publish_draft(
            draft.pk, lock.cleaned_data["lock"], request.user, form.cleaned_data["note"]
        )
    except ValidationError as refused:
        flash_errors(request, refused)
        return redirect("frameworks:draft_edit", pk=draft.pk)
    messages.success(
        request,
        _(
            "Đã ban hành phiên bản %(v)s. Hãy áp dụng cho năm đánh giá, hoặc chuyển kỳ đánh giá đang mở sang phiên bản này."
        )
        % {"v": version.version},
    )
    return redirect("frameworks:framework_detail", pk=version.pk)


@require_action(A)
def unverified_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every unverified fact of the frameworks in use (activated) that the administrator sees."""
    activations = (
        FrameworkActivation.objects.for_user(request.user, Action.VIEW)
        .select_related("framework", "province")
        .order_by("-year", "province__name")
    )
    frameworks: dict[int, dict[str, Any]] = {}
    for activation in activations:
        entry = frameworks.setdefault(
            activation.framework_id, {"version": activation.framework, "uses": [], "facts": None}
        )
        entry["uses"].append(activation)
    for entry in frameworks.values():
        entry["facts"] = editor.unverified_facts(entry["version"].definition)
    return render(request, "frameworks/unverified_list.html", {"frameworks": list(frameworks.values())})
