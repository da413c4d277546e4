from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboards and reports over the domain apps (the home page first)."""

    name = "tiepcan.reports"
    label = "reports"
    verbose_name = _("Báo cáo, tổng hợp")
