"""The widgets written in Python write what Django's form templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from tiepcan.core import widgets

ATTRS = {"class": "form-control a&b", "aria-label": _("Lý do <1>"), "required": True, "disabled": False}


@pytest.mark.parametrize(
    ("ours", "django"),
    [(widgets.TextInput, forms.TextInput), (widgets.HiddenInput, forms.HiddenInput)],
)
@pytest.mark.parametrize("value", [None, "", 'Tán thành "5" & <b>', 7, mark_safe("<i>đã an toàn</i>")])
def test_an_input_is_written_as_django_writes_it(ours: type, django: type, value: object) -> None:
    attrs = {"id": "id_dossier-0-votes_for", "maxlength": 4}
    assert ours(attrs=ATTRS).render("dossier-0-x", value, attrs) == django(attrs=ATTRS).render(
        "dossier-0-x", value, attrs
    )


@pytest.mark.parametrize("value", [None, "", "yes", "no", "<không có>"])
def test_a_select_is_written_as_django_writes_it(value: object) -> None:
    choices = [("", "—"), ("yes", _("Đề nghị công nhận")), ("no", 'Không <đề nghị> & "khác"')]
    grouped = [*choices, ("Nhóm <1>", [("g1", "Một"), ("g2", "Hai")])]
    for options in (choices, grouped):
        ours = widgets.Select(attrs=ATTRS, choices=options).render("dossier-1-recommend", value, {"id": "x"})
        theirs = forms.Select(attrs=ATTRS, choices=options).render("dossier-1-recommend", value, {"id": "x"})
        assert ours == theirs
