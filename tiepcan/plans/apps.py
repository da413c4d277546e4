from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "tiepcan.plans"
    label = "plans"
    verbose_name = _("Kế hoạch triển khai")

    def ready(self) -> None:
        from tiepcan.plans import rules  # noqa: F401  (registers the steps' rules)
