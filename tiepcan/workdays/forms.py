"""Forms of the working-day calendar page."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import DayField

FIRST_YEAR, LAST_YEAR = 2017, 2100


class YearForm(forms.Form):
    nam = forms.IntegerField(
        label=_("Năm"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("Năm phải là một số, ví dụ 2026."),
            "min_value": _("Năm phải từ %(limit_value)s trở đi."),
            "max_value": _("Năm không được sau %(limit_value)s."),
        },
    )


class DayForm(forms.Form):
    KINDS = (
        ("off", _("Ngày nghỉ (ngày lễ, nghỉ bù, nghỉ hoán đổi, nghỉ bắc cầu)")),
        ("worked", _("Ngày làm bù (thứ Bảy, Chủ nhật phải đi làm)")),
    )

    day = DayField(label=_("Ngày"), error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy.")})
    kind = forms.ChoiceField(label=_("Loại ngày"), choices=KINDS)
    name = forms.CharField(
        label=_("Tên ngày, căn cứ"),
        max_length=255,
        help_text=_("Ví dụ: Nghỉ bù Tết Nguyên đán theo Thông báo số …/TB-BNV."),
    )

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(_("Năm phải từ %(a)s đến %(b)s.") % {"a": FIRST_YEAR, "b": LAST_YEAR})
        return day
