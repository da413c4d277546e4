"""Inspections and supervisions of the plan and their follow-ups."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from tiepcan.accounts.choices import Action
from tiepcan.core.crud import ScopedCreateView, ScopedListView, ScopedUpdateView, scope_form_choices
from tiepcan.core.scoping import get_for_user_or_404, user_can
from tiepcan.core.shortcuts import require_action
from tiepcan.jobs import exports
from tiepcan.plans import exports as plan_exports
from tiepcan.plans.filters import inspection_filter
from tiepcan.plans.forms import (
    FollowUpForm,
    InspectionForm,
)
from tiepcan.plans.models import (
    Inspection,
    InspectionFollowUp,
)
from tiepcan.plans.views.base import FormPageMixin


class InspectionList(ScopedListView):
    model = Inspection
    template_name = "plans/inspection_list.html"

    def get_queryset(self) -> Any:
        return (
            inspection_filter(self.request)
            .qs.select_related("inspecting_agency")
            .prefetch_related("units")
            .annotate(
                open_follow_ups=Count("follow_ups", filter=Q(follow_ups__status="open")),
                all_follow_ups=Count("follow_ups"),
            )
            .order_by("-held_on", "-id")
        )

    # The stub's BaseListView.get answers HttpResponse; a list may also stream its export.
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        if exports.requested(request):
            return exports.respond(request, plan_exports.INSPECTIONS, self.get_queryset())
        inspection_filter(request).warn_invalid(request)
        return super().get(request, *args, **kwargs)


class InspectionCreate(FormPageMixin, ScopedCreateView):
    model = Inspection
    form_class = InspectionForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Ghi đợt kiểm tra, giám sát")
    back_url_name = "plans:inspection_list"
    back_label = gettext_lazy("Kiểm tra, giám sát")
    success_message = gettext_lazy("Đã ghi đợt kiểm tra, giám sát.")

    def get_success_url(self) -> str:
        return reverse("plans:inspection_detail", kwargs={"pk": self.object.pk})


@require_action(Action.VIEW)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_for_user_or_404(
        Inspection.objects.select_related("inspecting_agency", "plan"), request.user, Action.VIEW, pk=pk
    )
    form = None
    if user_can(request.user, Action.MANAGE_PLAN, inspection):
        form = FollowUpForm(initial={"inspection": inspection.pk})
        scope_form_choices(form, request.user, Action.MANAGE_PLAN)
        form.fields["inspection"].widget = form.fields["inspection"].hidden_widget()
    return render(
        request,
        "plans/inspection_detail.html",
        {
            "inspection": inspection,
            "follow_ups": inspection.follow_ups.select_related("responsible"),
            "form": form,
        },
    )


class FollowUpCreate(FormPageMixin, ScopedCreateView):
    model = InspectionFollowUp
    form_class = FollowUpForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Việc phải làm sau kiểm tra")
    back_url_name = "plans:inspection_list"
    back_label = gettext_lazy("Kiểm tra, giám sát")
    success_message = gettext_lazy("Đã ghi việc phải làm sau kiểm tra.")

    def get_success_url(self) -> str:
        return reverse("plans:inspection_detail", kwargs={"pk": self.object.inspection_id})


class FollowUpEdit(FollowUpCreate, ScopedUpdateView):
    success_message = gettext_lazy("Đã cập nhật việc sau kiểm tra.")
