from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.uploads import check_upload, limit_label
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.units.models import Unit

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})


class PeriodForm(forms.Form):
    province = forms.ModelChoiceField(label=_("Tỉnh"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Năm đánh giá"), min_value=2017, max_value=2100)
    framework = forms.ModelChoiceField(label=_("Bộ tiêu chí"), queryset=FrameworkVersion.objects.none())
    title = forms.CharField(label=_("Tên kỳ đánh giá"), max_length=255)
    registration_required = forms.BooleanField(
        label=_("Yêu cầu xã đăng ký trước khi đánh giá"), required=False
    )
    self_assessment_due = forms.DateField(label=_("Hạn tự đánh giá"), widget=DATE)
    posting_days = forms.IntegerField(
        label=_("Số ngày niêm yết công khai"), min_value=1, max_value=60, initial=5
    )
    dossier_due = forms.DateField(label=_("Hạn gửi hồ sơ"), widget=DATE)
    review_due = forms.DateField(label=_("Hạn thẩm định"), widget=DATE, required=False)
    council_due = forms.DateField(label=_("Hạn họp Hội đồng"), widget=DATE, required=False)
    recognition_due = forms.DateField(label=_("Hạn công nhận"), widget=DATE, required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = (
            Unit.objects.for_user(actor, "manage_periods").filter(level=1).current()
        )
        self.fields["framework"].queryset = FrameworkVersion.objects.for_user(actor, "view")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        order = ["self_assessment_due", "dossier_due", "review_due", "council_due", "recognition_due"]
        previous = None
        for name in order:
            value = data.get(name)
            if value is None:
                continue
            if previous is not None and value < data[previous]:
                self.add_error(
                    name, _("Mốc này không được trước mốc “%(p)s”.") % {"p": self.fields[previous].label}
                )
            previous = name
        return data


class EvidenceForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255)
    file = forms.FileField(label=_("Tệp"), required=False)
    link = forms.URLField(label=_("Hoặc đường dẫn"), required=False)

    def __init__(
        self, *args: Any, allowed: tuple[str, ...] = ("pdf", "docx", "xlsx", "jpg", "png"), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        self.fields["file"].help_text = _("%(kinds)s; tối đa %(limit)s.") % {
            "kinds": ", ".join(k.upper() for k in allowed), "limit": limit_label()}  # fmt: skip

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            self.detected_kind = check_upload(upload, allowed=self.allowed)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not data.get("link") and not self.errors:
            raise forms.ValidationError(_("Hãy chọn tệp hoặc ghi đường dẫn."))
        return data
