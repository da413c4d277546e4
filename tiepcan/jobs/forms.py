from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.core.forms import field_of
from tiepcan.jobs.choices import JobStatus


class JobFilterForm(forms.Form):
    """The jobs page's filters; a value that is not one of the choices is no filter."""

    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *JobStatus.choices]
    )
    tac_vu = forms.CharField(label=_("Tác vụ"), required=False, max_length=100, strip=True)
    hang_doi = forms.ChoiceField(label=_("Hàng đợi"), required=False, choices=[("", _("Tất cả"))])

    def __init__(self, *args: Any, queues: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "hang_doi", forms.ChoiceField).choices = [("", _("Tất cả")), *((q, q) for q in queues)]
