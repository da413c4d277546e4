"""Difficulties raised to the province (qua Sở Tư pháp): list, raise, read and handle."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.core import rules
from tiepcan.core.forms import field_of
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, paginate, querystring_without_page, require_action
from tiepcan.plans import difficulties
from tiepcan.plans.filters import difficulty_filter
from tiepcan.plans.forms.difficulty import DifficultyForm, DifficultyStepForm
from tiepcan.plans.models import Difficulty, DifficultyStatus


@require_action(Action.VIEW)
def difficulty_list(request: HttpRequest) -> HttpResponse:
    found = difficulty_filter(request)
    found.warn_invalid(request)
    rows, status = found.qs, found.value("trang_thai")
    return render(
        request,
        "plans/difficulty_list.html",
        {
            "page": paginate(request, rows),
            "status": status,
            "statuses": DifficultyStatus.choices,
            "querystring": querystring_without_page(request),
        },
    )


@require_action(Action.REPORT_PROGRESS)
def difficulty_create(request: HttpRequest) -> HttpResponse:
    form = DifficultyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            difficulty = difficulties.raise_difficulty(
                user=request.user,
                agency=data["agency"],
                activity=data["activity"],
                task=data["task"],
                title=data["title"],
                description=data["description"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã gửi khó khăn, vướng mắc về Sở Tư pháp."))
            return redirect("plans:difficulty_detail", pk=difficulty.pk)
    return render(
        request,
        "generic_form.html",
        {
            "form": form,
            "page_title": _("Nêu khó khăn, vướng mắc"),
            "back_url": reverse("plans:difficulty_list"),
            "back_label": _("Khó khăn, vướng mắc"),
            "help_text": _(
                "Gửi về UBND tỉnh qua Sở Tư pháp để xem xét, giải quyết; bạn được báo khi có trả lời."
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_action(Action.VIEW)
def difficulty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_for_user_or_404(
        Difficulty.objects.select_related(
            "agency", "activity__group", "activity__plan__province", "task", "raised_by", "forwarded_to"
        ),
        request.user,
        Action.VIEW,
        pk=pk,
    )
    # The form offers the steps this person may take now; none, no form.
    allowed = [
        k for k in difficulties.STEPS if rules.allowed(request.user, f"plans.difficulty_{k}", difficulty)
    ]
    form = None
    if allowed:
        form = DifficultyStepForm(province=difficulty.activity.plan.province, actor=request.user)
        field_of(form, "kind", forms.ChoiceField).choices = [c for c in form.KINDS if c[0] in allowed]
        if "forward" not in allowed:
            del form.fields["forwarded_to"]
    steps = difficulty.steps.select_related("actor", "forwarded_to")
    return render(request, "plans/difficulty_detail.html", {"d": difficulty, "steps": steps, "form": form})


@require_POST
@require_action(Action.VIEW)
def difficulty_step(request: HttpRequest, pk: int) -> HttpResponse:
    difficulty = get_for_user_or_404(
        Difficulty.objects.select_related("activity__plan__province"), request.user, Action.VIEW, pk=pk
    )
    form = DifficultyStepForm(request.POST, province=difficulty.activity.plan.province, actor=request.user)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("plans:difficulty_detail", pk=pk)
    data = form.cleaned_data
    try:
        difficulties.step(
            difficulty_id=pk,
            user=request.user,
            kind=data["kind"],
            note=data.get("note") or "",
            forwarded_to=data.get("forwarded_to"),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Đã cập nhật khó khăn, vướng mắc."))
    return redirect("plans:difficulty_detail", pk=pk)
