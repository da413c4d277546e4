from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tiepcan.api"
    label = "api"
    verbose_name = _("Giao diện lập trình (API)")

    def ready(self) -> None:
        from tiepcan.api import checks  # noqa: F401 - registers the shared-cache check
