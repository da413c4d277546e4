"""Issuing a key: for whom, what for, read-only or read-write, until when."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.models import User
from tiepcan.api.choices import KeyAccess, KeyKind
from tiepcan.api.services import may_manage
from tiepcan.assessments.forms import DATE_INPUT, nfc_line
from tiepcan.core.forms import field_of
from tiepcan.units.models import Unit


class IssueKeyForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Tài khoản sử dụng khóa"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Để trống: khóa của chính bạn. Khóa chỉ có những quyền tài khoản này đang có, không hơn."
        ),
    )
    kind = forms.ChoiceField(label=_("Loại khóa"), choices=KeyKind.choices, initial=KeyKind.PERSONAL)
    name = forms.CharField(label=_("Tên, mục đích sử dụng"), max_length=120)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị quản lý hệ thống kết nối"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Chỉ với khóa hệ thống kết nối (ví dụ nền tảng LGSP của tỉnh)."),
    )
    access = forms.ChoiceField(label=_("Quyền"), choices=KeyAccess.choices, initial=KeyAccess.READ)
    expires_on = forms.DateField(
        label=_("Hết hạn ngày"),
        input_formats=DATE_INPUT,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=90)
        if may_manage(actor):
            field_of(self, "user", forms.ModelChoiceField).queryset = User.objects.for_user(
                actor, Action.MANAGE_USERS
            ).filter(is_active=True)
            field_of(self, "unit", forms.ModelChoiceField).queryset = Unit.objects.for_user(
                actor, Action.MANAGE_USERS
            ).vi_ordered()
        else:
            # A person issues personal keys for themself only.
            del self.fields["user"], self.fields["unit"]
            field_of(self, "kind", forms.ChoiceField).choices = [(KeyKind.PERSONAL, KeyKind.PERSONAL.label)]

    def clean_name(self) -> str:
        name = nfc_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Tên khóa phải nằm trên một dòng."))
        return name

    def clean_expires_on(self) -> Any:
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("Ngày hết hạn phải sau hôm nay."))
        if day > today + timedelta(days=settings.API_KEY_MAX_DAYS):
            raise forms.ValidationError(
                _("Khóa có hiệu lực tối đa %(n)s ngày.") % {"n": settings.API_KEY_MAX_DAYS}
            )
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("user") is None:
            data["user"] = self.actor
        if data.get("kind") == KeyKind.CLIENT and not data.get("unit"):
            self.add_error("unit", _("Khóa hệ thống kết nối phải ghi đơn vị quản lý hệ thống."))
        if data.get("expires_on"):
            data["expires_at"] = timezone.make_aware(datetime.combine(data["expires_on"], time(23, 59, 59)))
        return data
