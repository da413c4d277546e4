"""The portal's forms: the public result list's filters (a value that is not valid means "no filter",
never an error page) and the comment form of a posted self-assessment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiepcan.portal import queries
from tiepcan.units.choices import COMMUNE_KINDS, UnitKind

OUTCOMES = [
    ("", _("Tất cả kết quả")),
    (queries.RECOGNISED, _("Được công nhận")),
    (queries.MET, _("Đạt chuẩn theo điểm")),
    (queries.NOT_MET, _("Chưa đạt chuẩn")),
    (queries.REVOKED, _("Bị thu hồi công nhận")),
    (queries.POSTED, _("Đang niêm yết lấy ý kiến")),
]


class ResultFilterForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=2000, max_value=2200)
    tinh = forms.RegexField(label=_("Tỉnh, thành phố"), required=False, regex=r"^[0-9]{1,5}$")
    huyen = forms.IntegerField(
        label=_("Huyện (trước 1/7/2025)"), required=False, min_value=1, max_value=2**31 - 1
    )
    loai = forms.ChoiceField(
        label=_("Loại đơn vị"),
        required=False,
        choices=[("", _("Tất cả"))] + [(k, UnitKind(k).label) for k in COMMUNE_KINDS],
    )
    ket_qua = forms.ChoiceField(label=_("Kết quả"), required=False, choices=OUTCOMES)
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Tên xã, phường (không cần dấu)")}),
    )

    def filters(self, default_year: int | None) -> queries.ResultFilter:
        """The valid filters (the others dropped); the year defaults to the latest with results."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        year = data.get("nam")
        province = data.get("tinh") or None
        return queries.ResultFilter(
            year=year if year is not None else default_year,  # None: the latest year with results
            province=province,
            district=data.get("huyen") if province else None,
            kind=data.get("loai") or None,
            query=(data.get("q") or "").strip(),
            outcome=data.get("ket_qua") or "",
        )


class CommentForm(forms.Form):
    """A citizen's comment. The service checks name, text and rate (its messages are the ones shown);
    the form only reads the fields, the signed ``token`` and the ``website`` honeypot."""

    name = forms.CharField(label=_("Họ tên"), required=False)
    text = forms.CharField(label=_("Nội dung ý kiến"), required=False)
    token = forms.CharField(required=False)
    website = forms.CharField(required=False)
