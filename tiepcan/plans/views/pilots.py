"""Pilot communes of the plan."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy

from tiepcan.accounts.choices import Action
from tiepcan.core.crud import ScopedCreateView, ScopedListView
from tiepcan.plans.forms import (
    PilotForm,
)
from tiepcan.plans.models import (
    PilotCommune,
    Plan,
)
from tiepcan.plans.views.base import FormPageMixin


class PilotList(ScopedListView):
    model = PilotCommune
    template_name = "plans/pilot_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("commune", "plan")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The seed plan asks for at least one pilot commune a year (Hoạt động II.3.2).
        missing = []
        today_year = timezone.localdate().year
        pilots = PilotCommune.objects.for_user(self.request.user, Action.VIEW)
        for plan in Plan.objects.for_user(self.request.user, Action.VIEW).filter(parent_plan__isnull=True):
            years_with = set(pilots.filter(plan=plan).values_list("year", flat=True))
            for year in plan.years_in_force():
                if year <= today_year and year not in years_with:
                    missing.append((plan, year))
        context["missing_years"] = missing
        return context


class PilotCreate(FormPageMixin, ScopedCreateView):
    model = PilotCommune
    form_class = PilotForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Chọn xã điểm chỉ đạo")
    back_url_name = "plans:pilot_list"
    back_label = gettext_lazy("Xã điểm chỉ đạo")
    success_message = gettext_lazy("Đã ghi xã điểm chỉ đạo.")
    success_url = reverse_lazy("plans:pilot_list")
