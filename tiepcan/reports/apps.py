from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboards and reports over the domain apps (the home page first)."""

    name = "tiepcan.reports"
    label = "reports"
    verbose_name = _("Báo cáo, tổng hợp")

    def ready(self) -> None:
        from tiepcan.reports.summaries import bump  # lazy: models load once the registry is ready
        from tiepcan.units.signals import units_changed  # lazy: same

        def _units_changed(sender: object, province_ids: list[int], **kwargs: object) -> None:
            # A unit's name is in the cached dashboards and public pages: a new version, a new key.
            bump(province_ids)

        units_changed.connect(_units_changed, dispatch_uid="reports_bump_on_units_changed", weak=False)
