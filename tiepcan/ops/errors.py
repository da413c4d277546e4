"""Optional error tracking: Sentry's SDK, or any service speaking its protocol (GlitchTip)."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


def init_error_tracking(dsn: str, environment: str) -> None:
    """Send unhandled errors to the DSN; personal data (users, bodies, cookies) is not sent."""
    try:
        # lazy: an optional extra (uv sync --extra sentry), needed only when SENTRY_DSN is set
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration  # lazy: the optional extra above
    except ImportError as exc:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed (uv sync --extra sentry)."
        ) from exc
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        # The data is personal: no user, cookie or address (send_default_pii), no request body
        # (the SDK sends form bodies by default), no local variables of the failing frames
        # (they hold the forms' values). The traceback and the URL path are enough to fix a bug.
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0.0,
    )
