"""What the follow-up pages share: a form page that knows its plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.views.generic.base import ContextMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class FormPageMixin(ContextMixin):
    page_title: StrOrPromise = ""
    back_url_name = ""
    back_label: StrOrPromise = ""
    template_name: str | None = "generic_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            back_url=reverse(self.back_url_name) if self.back_url_name else "",
            back_label=self.back_label,
        )
        return context
