"""Staff assigned to the plan."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from tiepcan.accounts.choices import Action
from tiepcan.core.crud import ScopedCreateView, ScopedListView, ScopedUpdateView
from tiepcan.plans.forms import (
    StaffForm,
)
from tiepcan.plans.models import (
    StaffAssignment,
)
from tiepcan.plans.views.base import FormPageMixin


class StaffList(ScopedListView):
    model = StaffAssignment
    template_name = "plans/staff_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "agency")


class StaffCreate(FormPageMixin, ScopedCreateView):
    model = StaffAssignment
    form_class = StaffForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Phân công công chức theo dõi")
    back_url_name = "plans:staff_list"
    back_label = gettext_lazy("Công chức theo dõi")
    success_message = gettext_lazy("Đã ghi phân công.")
    success_url = reverse_lazy("plans:staff_list")


class StaffEdit(StaffCreate, ScopedUpdateView):
    success_message = gettext_lazy("Đã cập nhật phân công.")
