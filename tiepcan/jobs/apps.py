from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "tiepcan.jobs"
    label = "jobs"
    verbose_name = _("Tác vụ nền")

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from tiepcan.jobs.backend import reset_backends_on_change

        setting_changed.connect(reset_backends_on_change)
