from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.uploads import UploadRule
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

    def __init__(self, *args: Any, rule: UploadRule | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule or UploadRule()
        self.fields["file"].help_text = self.rule.hint
        self.fields["file"].widget.attrs["accept"] = self.rule.accept

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            self.detected_kind = self.rule.check(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not data.get("link") and not self.errors:
            raise forms.ValidationError(_("Hãy chọn tệp hoặc ghi đường dẫn."))
        return data


class AutosaveForm(forms.Form):
    """One autosave from the self-assessment page (htmx): which input, its value, the page's version.

    The inputs of the indicator being edited come along as ``v-<field>`` (the page includes them
    all), so the one that changed and its companions are saved together.
    """

    KINDS = ("value", "not_arisen", "fact", "doc_add", "doc_remove")

    kind = forms.CharField(required=False)
    version = forms.CharField(required=False)
    indicator = forms.CharField(required=False, max_length=64)
    field = forms.CharField(required=False, max_length=64)
    value = forms.CharField(required=False, strip=False)
    fact = forms.CharField(required=False, max_length=64)
    index = forms.CharField(required=False)
    doc_title = forms.CharField(required=False, max_length=255)
    doc_due_on = forms.CharField(required=False)
    doc_issued_on = forms.CharField(required=False)

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"] or "value"
        if kind not in self.KINDS:
            raise forms.ValidationError(_("Thao tác lưu không hợp lệ."))
        return kind

    def clean_version(self) -> int:
        # A missing or garbled version can only be stale: 0 never matches a saved row.
        try:
            return int(self.cleaned_data["version"])
        except ValueError:
            return 0

    def clean_index(self) -> int | None:
        index = self.cleaned_data["index"]
        return int(index) if index.isdigit() and len(index) < 6 else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        prefix = "v-"
        data["companions"] = {
            key.removeprefix(prefix): self.data.get(key)
            for key in self.data
            if key.startswith(prefix) and len(key) <= 64
        }
        field = data.get("field") or ""
        # The input that changed sends its value under its own name; "value" is the plain API.
        own = data["companions"].pop(field, None)
        data["typed"] = data.get("value") if "value" in self.data else own
        return data
