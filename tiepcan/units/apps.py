from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "tiepcan.units"
    label = "units"
    verbose_name = _("Đơn vị hành chính")

    def ready(self) -> None:
        from tiepcan.units import signals  # noqa: F401  # lazy: connects its receivers once the models load
