"""The public comment form of a posted self-assessment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    """A citizen's comment. The service checks name, text and rate (its messages are the ones shown);
    the form only reads the fields, the signed ``token`` and the ``website`` honeypot."""

    name = forms.CharField(label=_("Họ tên"), required=False)
    text = forms.CharField(label=_("Nội dung ý kiến"), required=False)
    token = forms.CharField(required=False)
    website = forms.CharField(required=False)
