from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tiepcan.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from tiepcan.core import audit, lookups

        audit.connect_signals()
        lookups.register()
