from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "tiepcan.frameworks"
    label = "frameworks"
    verbose_name = _("Bộ tiêu chí")

    def ready(self) -> None:
        from tiepcan.frameworks import rules  # noqa: F401  (registers the steps' rules)
