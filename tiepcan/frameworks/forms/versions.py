from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import field_of
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.units.choices import UnitLevel
from tiepcan.units.models import Unit


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp bộ tiêu chí (.yaml)"), help_text=_("Theo mẫu tiepcan-framework/1; tối đa 1 MB.")
    )
    note = forms.CharField(
        label=_("Ghi chú phiên bản"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 1 MB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("Tệp phải là văn bản UTF-8 (YAML).")) from exc


class ActivationForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Bộ tiêu chí"), queryset=FrameworkVersion.objects.none())
    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2017, max_value=2100)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A corrected version supersedes the earlier ones: only the newest of each is offered.
        field_of(self, "framework", forms.ModelChoiceField).queryset = (
            FrameworkVersion.objects.for_user(actor, "view").newest().defer("definition", "source_text")
        )
        field_of(self, "province", forms.ModelChoiceField).queryset = (
            Unit.objects.for_user(actor, "manage_frameworks").filter(level=UnitLevel.PROVINCE).current()
        )
