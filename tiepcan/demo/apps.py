from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province and ``manage.py demo``: data only, no models."""

    name = "tiepcan.demo"
    label = "demo"
    verbose_name = _("Dữ liệu minh hoạ")
