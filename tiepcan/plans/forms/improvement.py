"""Forms for improvement actions and their follow-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import DayField, field_of
from tiepcan.plans.choices import FollowUpStatus
from tiepcan.units.widgets import AgencyScope, use_agency_picker

if TYPE_CHECKING:
    from tiepcan.assessments.models import Assessment
    from tiepcan.units.models import Agency

# The agencies an improvement action is given to (Hoạt động II.2.4): the commune's People's
# Committee, the justice department and, before 7/2025, the district's justice office.
IMPROVEMENT_AGENCY_CODES = ("ubnd-xa", "so-tu-phap", "phong-tu-phap")


class ImprovementActionForm(forms.Form):
    """An improvement action for a commune of the period, given to an agency the province manages.

    Carried out the year after the results (``year``): the agency picker offers the agencies in
    force that year, and the form refuses any other. On the page each commune has one form, its
    indicators not yet given an action in ``indicators``."""

    assessment: forms.ModelChoiceField[Assessment] = forms.ModelChoiceField(
        queryset=None, widget=forms.HiddenInput
    )
    indicator = forms.CharField(label=_("Chỉ tiêu"), max_length=32, required=False)
    title = forms.CharField(
        label=_("Giải pháp"),
        max_length=500,
        required=False,
        help_text=_("Để trống: “Hướng dẫn, hỗ trợ thực hiện chỉ tiêu …”."),
    )
    responsible: forms.ModelChoiceField[Agency] = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"), queryset=None
    )
    due_on = DayField(label=_("Hạn"), required=False)

    def __init__(
        self,
        *args: Any,
        assessments: Any,
        agencies: Any,
        actor: Any = None,
        year: int | None = None,
        indicators: list[tuple[str, str]] | None = None,
        scope: AgencyScope | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        missing = _("Hãy chọn xã, cơ quan thực hiện và ghi giải pháp.")
        field_of(self, "assessment", forms.ModelChoiceField).queryset = assessments
        field_of(self, "responsible", forms.ModelChoiceField).queryset = agencies
        if indicators is not None:
            self.fields["indicator"] = forms.ChoiceField(label=_("Chỉ tiêu"), choices=indicators)
            # A commune may have tens of indicators not met: a search box over them (static/js/app.js).
            self.fields["indicator"].widget.attrs["data-tc-filter"] = _("Gõ mã hoặc tên chỉ tiêu")
        # A page lists one form per commune: the agencies are searched, not listed in full.
        use_agency_picker(self.fields["responsible"], actor, year, browse=False, scope=scope)
        for name in ("assessment", "responsible"):
            self.fields[name].error_messages.update(required=missing, invalid_choice=missing)
        if year:
            self.fields["responsible"].error_messages["invalid_choice"] = _(
                "Cơ quan thực hiện không thuộc phạm vi của bạn hoặc không hoạt động trong năm %(year)s. "
                "Hãy tìm và chọn lại."
            ) % {"year": year}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("title") or "").strip() and "title" not in self.errors:
            indicator = data.get("indicator") or ""
            if not indicator:
                self.add_error("title", _("Hãy chọn xã, cơ quan thực hiện và ghi giải pháp."))
            else:
                data["title"] = _gettext("Hướng dẫn, hỗ trợ thực hiện chỉ tiêu %(code)s") % {
                    "code": indicator
                }
        return data


class ImprovementUpdateForm(forms.Form):
    """Where an improvement action stands, and what was done."""

    status = forms.ChoiceField(choices=FollowUpStatus.choices)
    result = forms.CharField(required=False)
