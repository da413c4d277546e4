from django.apps import AppConfig
from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext_lazy as _

from tiepcan.ops.grants import grant_app_role


class OpsConfig(AppConfig):
    """Running the application in production: readiness, metrics, logs, backups, database roles."""

    name = "tiepcan.ops"
    label = "ops"
    verbose_name = _("Vận hành")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_grant_app_role, sender=self, dispatch_uid="ops_grant_app_role")
        if settings.ENVIRONMENT == "test":
            from django.db.backends.signals import connection_created

            connection_created.connect(_allow_test_flush, dispatch_uid="ops_allow_test_flush")


def _allow_test_flush(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """Tests empty every table with TRUNCATE between transactional tests (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET tiepcan.allow_audit_truncate = 'on'")


def _grant_app_role(sender: object, using: str = "default", **kwargs: object) -> None:
    """After migrations (run as the owner), new tables get the application role's privileges."""
    grant_app_role(using)
