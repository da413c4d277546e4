from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tiepcan.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from tiepcan.accounts import signals  # noqa: F401 - connects the sign-in audit receivers
        from tiepcan.accounts.permissions import grants_for
        from tiepcan.core.scoping import set_grants_provider

        # Core's choke point reads grants through this provider: core never imports accounts.
        set_grants_provider(grants_for)
