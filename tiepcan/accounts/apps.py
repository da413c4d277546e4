from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts import triggers


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

        # SQLite loses the grants-stamp triggers in Django's table rebuilds (and refuses to
        # rebuild accounts_user while one names it): drop them around every migrate.
        from django.db.models.signals import post_migrate, pre_migrate

        pre_migrate.connect(_drop_sqlite_triggers, sender=self, dispatch_uid="accounts_grants_triggers_drop")
        post_migrate.connect(
            _create_sqlite_triggers, sender=self, dispatch_uid="accounts_grants_triggers_create"
        )


def _drop_sqlite_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    triggers.sqlite_drop(connections[using])


def _create_sqlite_triggers(sender: Any, using: str = "default", **kwargs: Any) -> None:
    triggers.sqlite_create(connections[using])
