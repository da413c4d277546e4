"""What the follow-up pages share: a form page that knows its plan."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


class FormPageMixin:
    page_title: Any = ""
    back_url_name = ""
    back_label: Any = ""
    template_name = "generic_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(
            page_title=self.page_title,
            back_url=reverse(self.back_url_name) if self.back_url_name else "",
            back_label=self.back_label,
        )
        return context
