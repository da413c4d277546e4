"""Review conferences of the plan and their awards."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from tiepcan.accounts.choices import Action
from tiepcan.core.crud import ScopedCreateView, ScopedListView
from tiepcan.plans.forms import (
    AwardForm,
    ConferenceForm,
)
from tiepcan.plans.models import (
    Award,
    ReviewConference,
)
from tiepcan.plans.views.base import FormPageMixin


class ConferenceList(ScopedListView):
    model = ReviewConference
    template_name = "plans/conference_list.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("awards")


class ConferenceCreate(FormPageMixin, ScopedCreateView):
    model = ReviewConference
    form_class = ConferenceForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Ghi hội nghị sơ kết, tổng kết")
    back_url_name = "plans:conference_list"
    back_label = gettext_lazy("Sơ kết, tổng kết")
    success_message = gettext_lazy("Đã ghi hội nghị.")
    success_url = reverse_lazy("plans:conference_list")


class AwardCreate(FormPageMixin, ScopedCreateView):
    model = Award
    form_class = AwardForm
    action = Action.MANAGE_PLAN
    page_title = gettext_lazy("Ghi khen thưởng")
    back_url_name = "plans:conference_list"
    back_label = gettext_lazy("Sơ kết, tổng kết")
    success_message = gettext_lazy("Đã ghi khen thưởng.")
    success_url = reverse_lazy("plans:conference_list")
