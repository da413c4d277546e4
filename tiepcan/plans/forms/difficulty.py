"""Forms for raising and handling difficulties."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core.forms import field_of
from tiepcan.plans.forms.base import ActivityChoiceField, TaskChoiceField
from tiepcan.plans.models import Activity, Plan, Task, plans_in_force
from tiepcan.units.models import Agency
from tiepcan.units.widgets import use_agency_picker


class DifficultyForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Cơ quan, đơn vị nêu"), queryset=Agency.objects.none())
    activity = ActivityChoiceField(label=_("Hoạt động của kế hoạch"), queryset=Activity.objects.none())
    task = TaskChoiceField(label=_("Nhiệm vụ (nếu có)"), queryset=Task.objects.none(), required=False)
    title = forms.CharField(label=_("Vấn đề"), max_length=300)
    description = forms.CharField(
        label=_("Nội dung khó khăn, vướng mắc và đề xuất"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grants = grants_for(user)
        tasks = Task.objects.for_user(user, Action.REPORT_PROGRESS)
        agencies = Agency.objects.filter(pk__in=tasks.values("agency_id"))
        if grants.agency_ids_by_action.get(Action.REPORT_PROGRESS):
            agencies = agencies | Agency.objects.filter(
                pk__in=grants.agency_ids_by_action[Action.REPORT_PROGRESS]
            )
        field_of(self, "agency", forms.ModelChoiceField).queryset = agencies.distinct().order_by("name_sort")
        use_agency_picker(self.fields["agency"], user, timezone.localdate().year)
        plans = list(Plan.objects.for_user(user, Action.VIEW).published())
        in_force = plans_in_force(plans, timezone.localdate().year) or {p.pk for p in plans}
        field_of(self, "activity", ActivityChoiceField).queryset = (
            Activity.objects.filter(plan_id__in=in_force)
            .select_related("group")
            .order_by("plan", "group__order", "number")
        )
        field_of(self, "task", TaskChoiceField).queryset = tasks.filter(
            activity__plan_id__in=in_force
        ).select_related("activity__group", "agency")


class DifficultyStepForm(forms.Form):
    KINDS = [("answer", _("Trả lời")), ("forward", _("Chuyển cơ quan giải quyết")), ("close", _("Đóng"))]
    kind = forms.ChoiceField(label=_("Thao tác"), choices=KINDS)
    note = forms.CharField(
        label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10000
    )
    forwarded_to = forms.ModelChoiceField(
        label=_("Chuyển đến cơ quan"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args: Any, province: Any, actor: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "forwarded_to", forms.ModelChoiceField).queryset = Agency.objects.filter(
            unit=province
        ).order_by("name_sort")
        use_agency_picker(self.fields["forwarded_to"], actor, timezone.localdate().year)
