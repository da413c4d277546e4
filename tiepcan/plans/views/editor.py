"""The plan editor: create or copy a plan, edit its sections and activities, publish, amend, download."""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.core import rules
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.plans import documents, editor
from tiepcan.plans.forms.editor import (
    ActivityForm,
    AmendmentFields,
    GroupForm,
    PartThreeForm,
    PlanHeaderForm,
    UnitPlanEditForm,
    UnitPlanForm,
)
from tiepcan.plans.models import Activity, ActivityGroup, Plan, PlanAmendment


def _plan(request: HttpRequest, pk: int, action: str = Action.MANAGE_PLAN) -> Plan:
    return get_for_user_or_404(Plan.objects.select_related("province", "issuer"), request.user, action, pk=pk)


def _form_page(request: HttpRequest, form: Any, plan: Plan | None, title: str, **extra: Any) -> HttpResponse:
    back = reverse("plans:plan_detail", args=[plan.pk]) if plan else reverse("plans:plan_list")
    context = {
        "form": form,
        "page_title": title,
        "back_url": back,
        "back_label": str(plan) if plan else _("Kế hoạch triển khai"),
        "help_text": extra.get("help_text")
        or (
            _("Kế hoạch đã ban hành: mỗi thay đổi là một lần sửa đổi, bổ sung, ghi rõ văn bản sửa đổi.")
            if plan and not plan.is_draft
            else ""
        ),
        "submit_label": extra.get("submit_label", ""),
        "danger": extra.get("danger", False),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "generic_form.html", context, status=status)


def _apply(form: Any, call: Any) -> Any:
    """Run an editor operation; its refusals land on the form (nothing is written)."""
    try:
        return call()
    except editor.PlanProblems as error:
        if hasattr(form, "add_problems"):
            form.add_problems(error.problems)
        else:
            for problem in error.problems:
                form.add_error(None, str(problem))
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
    return None


@require_action(Action.MANAGE_PLAN)
def plan_create(request: HttpRequest) -> HttpResponse:
    """A new draft plan, written from scratch or copied from a previous plan of the province."""
    form = PlanHeaderForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = _apply(
            form,
            lambda: editor.create_plan(
                province=data["province"],
                header=form.header(),
                actor=request.user,
                copy_from=data["copy_from"],
            ),
        )
        if plan is not None:
            messages.success(request, _("Đã tạo dự thảo kế hoạch. Sửa nội dung rồi bấm “Ban hành”."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return _form_page(request, form, None, _("Soạn kế hoạch mới"))


@require_action(Action.MANAGE_PLAN)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    initial = {
        key: getattr(plan, key)
        for key in (
            "number",
            "issued_on",
            "signer_name",
            "signer_title",
            "title",
            "start_year",
            "end_year",
            "rules",
            "legal_bases",
            "purposes",
            "requirements",
            "notes",
        )
    }
    initial["issuer"] = plan.issuer_id
    form = PlanHeaderForm(request.POST or None, actor=request.user, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda: editor.save_header(
                plan=plan, values=form.header(), actor=request.user, amendment=form.amendment()
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu thông tin chung của kế hoạch."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return _form_page(request, form, plan, _("Thông tin chung của kế hoạch"))


@require_action(Action.MANAGE_PLAN)
def group_edit(request: HttpRequest, pk: int, group_pk: int | None = None) -> HttpResponse:
    """Add a section of Part II, or change one (group_pk)."""
    plan = _plan(request, pk)
    group = None
    if group_pk is not None:
        group = ActivityGroup.objects.filter(plan=plan, pk=group_pk).first()
        if group is None:
            raise Http404
    initial = {"number": group.number, "title": group.title} if group else {}
    form = GroupForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda: editor.save_group(
                plan=plan,
                group=group,
                number=form.cleaned_data["number"].strip(),
                title=form.cleaned_data["title"].strip(),
                actor=request.user,
                amendment=form.amendment(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu nhóm hoạt động."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return _form_page(request, form, plan, _("Sửa nhóm hoạt động") if group else _("Thêm nhóm hoạt động"))


@require_action(Action.MANAGE_PLAN)
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return _activity_page(request, plan, None)


@require_action(Action.MANAGE_PLAN)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_for_user_or_404(
        Activity.objects.select_related("plan__province", "group").prefetch_related("agency_links__agency"),
        request.user,
        Action.MANAGE_PLAN,
        pk=pk,
    )
    return _activity_page(request, activity.plan, activity)


def _activity_page(request: HttpRequest, plan: Plan, activity: Activity | None) -> HttpResponse:
    form = ActivityForm(request.POST or None, plan=plan, activity=activity, actor=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if not form.errors:
            saved = _apply(
                form,
                lambda: editor.save_activity(
                    plan=plan,
                    activity=activity,
                    group=form.cleaned_data["group"],
                    values=values,
                    actor=request.user,
                    amendment=form.amendment(),
                ),
            )
            if saved is not None:
                messages.success(request, _("Đã lưu hoạt động %(ref)s.") % {"ref": saved.reference})
                return redirect("plans:plan_detail", pk=plan.pk)
    title = _("Sửa hoạt động %(ref)s") % {"ref": activity.reference} if activity else _("Thêm hoạt động")
    return _form_page(request, form, plan, title)


@require_action(Action.MANAGE_PLAN)
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove an activity: asked for confirmation (and the amending document once published).

    Refused while any of its tasks has a progress report (the reports stay with their tasks)."""
    activity = get_for_user_or_404(
        Activity.objects.select_related("plan__province", "group"), request.user, Action.MANAGE_PLAN, pk=pk
    )
    plan = activity.plan
    # A draft's confirmation posts no field: the form is bound all the same.
    form = AmendmentFields(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        reference = activity.reference

        def delete() -> bool:
            editor.delete_activity(activity=activity, actor=request.user, amendment=form.amendment())
            return True

        done = _apply(form, delete)
        if done:
            messages.success(request, _("Đã xoá hoạt động %(ref)s.") % {"ref": reference})
            return redirect("plans:plan_detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        plan,
        _("Xoá hoạt động %(ref)s") % {"ref": activity.reference},
        help_text=_(
            "Xoá hoạt động “%(title)s” và các nhiệm vụ của nó. Không xoá được hoạt động đã có báo cáo "
            "tiến độ."
        )
        % {"title": activity.title},
        submit_label=_("Xoá hoạt động"),
        danger=True,
    )


@require_POST
@require_action(Action.MANAGE_PLAN)
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        created = editor.publish(plan=plan, actor=request.user)
    except editor.PlanProblems as error:
        messages.error(request, _("Chưa ban hành được: kế hoạch còn lỗi."))
        flash_errors(request, error)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Đã ban hành kế hoạch và tạo %(n)s nhiệm vụ cho các năm kế hoạch có hiệu lực.")
            % {"n": created},
        )
    return redirect("plans:plan_detail", pk=plan.pk)


@require_action(Action.VIEW)
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's amendments: which document changed what, when and by whom."""
    plan = _plan(request, pk, Action.VIEW)
    amendments = PlanAmendment.objects.filter(plan=plan).select_related("made_by")
    return render(request, "plans/plan_history.html", {"plan": plan, "amendments": amendments})


@require_action(Action.VIEW)
def plan_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as an editable Word document in the layout of Decree 30/2020/NĐ-CP."""
    plan = _plan(request, pk, Action.VIEW)
    response = HttpResponse(
        documents.plan_docx(plan),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ke-hoach-{plan.start_year}-{plan.end_year}-{plan.pk}.docx"'
    )
    return response


@require_action(Action.VIEW)
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan in the plan file format (``tiepcan-plan/1``), loadable again by the import."""
    plan = _plan(request, pk, Action.VIEW)
    text = yaml.safe_dump(editor.plan_data(plan), allow_unicode=True, sort_keys=False, width=110)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="ke-hoach-{plan.start_year}-{plan.end_year}-{plan.pk}.yaml"'
    )
    return response


@require_action(Action.REPORT_PROGRESS)
def unit_plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A commune (or district, before 7/2025) records the plan it issued to carry out the province's."""
    parent = _plan(request, pk, Action.VIEW)
    form = UnitPlanForm(request.POST or None, actor=request.user, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = _apply(
            form,
            lambda: editor.create_unit_plan(
                user=request.user,
                committee=data["committee"],
                parent=parent,
                number=data["number"],
                issued_on=data["issued_on"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
            ),
        )
        if plan is not None:
            messages.success(request, _("Đã ghi kế hoạch của đơn vị; tỉnh theo dõi được việc thực hiện."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        parent,
        _("Kế hoạch của đơn vị thực hiện kế hoạch này"),
        help_text=_(
            "Kế hoạch gồm các hoạt động của kế hoạch tỉnh giao cho Ủy ban nhân dân cấp dưới; tiến độ "
            "theo dõi qua nhiệm vụ của đơn vị."
        ),
    )


@require_action(Action.REPORT_PROGRESS)
def unit_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the record of a lower unit's plan (number, date, signer) after it was recorded."""
    plan = _plan(request, pk, Action.VIEW)
    if not plan.parent_plan_id:
        raise Http404
    rules.check(request.user, "plans.edit_unit_plan", plan)  # a lower unit's plan: 403 or open
    initial = {key: getattr(plan, key) for key in ("number", "issued_on", "signer_name", "signer_title")}
    form = UnitPlanEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {**form.cleaned_data, "number": form.cleaned_data["number"].strip()}
        changes = _apply(form, lambda: editor.update_unit_plan(user=request.user, plan=plan, values=values))
        if changes is not None:
            messages.success(
                request, _("Đã sửa kế hoạch của đơn vị.") if changes else _("Không có gì thay đổi.")
            )
            return redirect("plans:plan_detail", pk=plan.pk)
    return _form_page(
        request,
        form,
        plan,
        _("Sửa kế hoạch của đơn vị"),
        help_text=_(
            "Sửa số, ngày ban hành, người ký của kế hoạch đơn vị đã ghi; việc sửa được lưu vào "
            "nhật ký thay đổi."
        ),
    )


@require_action(Action.MANAGE_PLAN)
def part_three_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Part III (the agencies' responsibilities) and the recipients; amendments once published."""
    plan = _plan(request, pk)
    form = PartThreeForm(request.POST or None, plan=plan, actor=request.user)
    if request.method == "POST" and form.is_valid():
        changes = _apply(
            form,
            lambda: editor.save_part_three(
                plan=plan,
                responsibilities=form.responsibilities(),
                recipients=form.cleaned_data["recipients"],
                actor=request.user,
                amendment=form.amendment(),
            ),
        )
        if changes is not None:
            messages.success(
                request, _("Đã lưu phần Tổ chức thực hiện.") if changes else _("Không có gì thay đổi.")
            )
            return redirect("plans:plan_detail", pk=plan.pk)
    return _form_page(request, form, plan, _("III. Tổ chức thực hiện và nơi nhận"))
