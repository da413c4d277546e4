"""Reading, importing, exporting, comparing and activating criteria frameworks."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.frameworks import services
from tiepcan.frameworks.choices import Level
from tiepcan.frameworks.display import describe_changes, unit_kinds_words
from tiepcan.frameworks.forms import ActivationForm, FrameworkImportForm
from tiepcan.frameworks.forms.editor import DraftStartForm
from tiepcan.frameworks.models import FrameworkActivation, FrameworkDraft, FrameworkVersion
from tiepcan.lib.engine.describe import describe_rule
from tiepcan.lib.engine.diff import diff


def _version(request: HttpRequest, pk: int) -> FrameworkVersion:
    version = FrameworkVersion.objects.for_user(request.user, Action.VIEW).filter(pk=pk).first()
    if version is None:
        raise Http404
    return version


HEAVY = ("definition", "source_text")


@require_action(Action.VIEW)
def framework_list(request: HttpRequest) -> HttpResponse:
    # The list shows names and years: the 10–18 KB definitions (and source texts) stay in the database.
    versions = (
        FrameworkVersion.objects.for_user(request.user, Action.VIEW)
        .select_related("supersedes")
        .defer(*HEAVY, *(f"supersedes__{name}" for name in HEAVY))
    )
    activations = (
        FrameworkActivation.objects.for_user(request.user, Action.VIEW)
        .select_related("framework", "province")
        .defer(*(f"framework__{name}" for name in HEAVY))
    )
    # The managers' parts (drafts, the activation form) show under {% can "manage_frameworks" %};
    # their querysets are lazy, so nobody else's page runs them.
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "versions": versions,
            "activations": activations,
            "activation_form": ActivationForm(actor=request.user),
            "drafts": FrameworkDraft.objects.for_user(request.user, Action.MANAGE_FRAMEWORKS)
            .editable()
            .select_related("base", "province"),
        },
    )


@require_action(Action.VIEW)
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    data = version.definition
    pass_fail = data["scoring"] == "pass_fail"
    criteria = [
        {
            **criterion,
            "indicators": [
                {**indicator, "rule_text": describe_rule(indicator, pass_fail)}
                for indicator in criterion["indicators"]
            ],
        }
        for criterion in data["criteria"]
    ]
    visible = FrameworkVersion.objects.for_user(request.user, Action.VIEW)
    others = visible.exclude(pk=version.pk).order_by("code", "version")
    newer = visible.filter(code=version.code, version__gt=version.version).order_by("-version").first()
    authority = data.get("authority") or {}
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "version": version,
            "data": data,
            "criteria": criteria,
            "pass_fail": pass_fail,
            "others": others,
            "newer": newer,
            "kinds_words": unit_kinds_words(data["applies_to"]),
            "placeholders": [
                i["code"] for c in data["criteria"] for i in c["indicators"] if i.get("placeholder")
            ],
            # Built for the administrators only: the form reads their provinces at once.
            "draft_form": DraftStartForm(actor=request.user)
            if grants_for(request.user).has_any(Action.MANAGE_FRAMEWORKS)
            else None,
            "authority_levels": {
                key: Level(authority[f"{key}_level"]).label
                for key in ("review", "council", "recognition")
                if authority.get(f"{key}_level") in Level.values
            },
        },
    )


@require_action(Action.VIEW)
def framework_export(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    response = HttpResponse(version.source_text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{version.code}-v{version.version}.yaml"'
    return response


@require_action(Action.MANAGE_FRAMEWORKS)
def framework_import(request: HttpRequest) -> HttpResponse:
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    problems: list[services.Problem] = []
    if request.method == "POST" and form.is_valid():
        version, problems = services.import_framework(
            form.cleaned_data["file"], user=request.user, note=form.cleaned_data["note"]
        )
        if version is not None:
            messages.success(
                request,
                _("Đã nhập bộ tiêu chí %(t)s, phiên bản %(v)s.") % {"t": version.title, "v": version.version},
            )
            return redirect("frameworks:framework_detail", pk=version.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "frameworks/framework_import.html", {"form": form, "problems": problems}, status=status
    )


@require_action(Action.VIEW)
def framework_diff(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    old, new = _version(request, pk), _version(request, other_pk)
    return render(
        request,
        "frameworks/framework_diff.html",
        {
            "old": old,
            "new": new,
            "changes": describe_changes(diff(old.definition, new.definition), old.definition, new.definition),
        },
    )


@require_action(Action.MANAGE_FRAMEWORKS)
@require_POST
def activation_create(request: HttpRequest) -> HttpResponse:
    form = ActivationForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.activate(
                form.cleaned_data["framework"],
                form.cleaned_data["province"],
                form.cleaned_data["year"],
                request.user,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request, _("Đã áp dụng bộ tiêu chí cho năm %(y)s.") % {"y": form.cleaned_data["year"]}
            )
    else:
        flash_errors(request, form)
    return redirect("frameworks:framework_list")
