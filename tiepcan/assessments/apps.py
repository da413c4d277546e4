from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "tiepcan.assessments"
    label = "assessments"
    verbose_name = _("Đánh giá, công nhận")

    def ready(self) -> None:
        from tiepcan.assessments import rules  # noqa: F401  (registers the steps' rules)
