"""Optional error tracking sends the traceback, never the personal data around it."""

from __future__ import annotations

import sys
import types

import pytest
from django.core.exceptions import ImproperlyConfigured

from tiepcan.ops.errors import init_error_tracking


def test_no_body_no_locals_no_user_is_sent(monkeypatch) -> None:
    given: dict = {}
    sdk = types.ModuleType("sentry_sdk")
    vars(sdk)["init"] = lambda **options: given.update(options)
    django_integration = types.ModuleType("sentry_sdk.integrations.django")
    vars(django_integration)["DjangoIntegration"] = lambda: "django"
    monkeypatch.setitem(sys.modules, "sentry_sdk", sdk)
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations", types.ModuleType("sentry_sdk.integrations"))
    monkeypatch.setitem(sys.modules, "sentry_sdk.integrations.django", django_integration)
    init_error_tracking("https://key@glitchtip.tinh.gov.vn/3", "production")
    assert given["dsn"] == "https://key@glitchtip.tinh.gov.vn/3"
    assert given["send_default_pii"] is False
    assert given["max_request_body_size"] == "never"
    assert given["include_local_variables"] is False


def test_a_dsn_without_the_sdk_stops_start_up_with_a_clear_message(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sentry_sdk", None)
    with pytest.raises(ImproperlyConfigured, match="sentry"):
        init_error_tracking("https://key@glitchtip.tinh.gov.vn/3", "production")
