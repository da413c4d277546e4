"""Fixtures shared by every app's tests."""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.db import connections
from django.utils import timezone

from tiepcan.core.browser import browser_page
from tiepcan.jobs.backend import database_backend
from tiepcan.testing import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def login(client):
    """Sign a user in on the test client: ``login(world.users[Role.REVIEWER])``."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def page(live_server):
    """A headless Chromium page against the live test server."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # test makes between browser steps are synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with browser_page() as browser:
        yield browser
        # ORM calls made between browser steps may run in Playwright's greenlet context and open
        # a connection of their own there: close it, or PostgreSQL refuses to drop the test database.
        connections.close_all()


@pytest.fixture
def db_backend(settings):
    """Tasks stored in the database for the worker (as in production), not run inline as in tests."""
    settings.TASKS = {
        "default": {
            "BACKEND": "tiepcan.jobs.backend.DatabaseBackend",
            "QUEUES": ["default", "documents", "mail"],
            "OPTIONS": {"max_attempts": 3, "backoff_seconds": 30, "backoff_max_seconds": 600},
        }
    }
    backend = database_backend()
    assert backend is not None
    return backend


# The test world's period is 2026, its council sits on 20/01/2027 and its decisions are signed on
# 31/01/2027. A decision may not bear a day after today (assessments.council.latest_signing_day):
# the tests read "today" there as at least the world's last day, so they keep passing before 2028.
# test_decision_dates.py sets the day itself to test the refusal.
WORLD_LAST_DAY = (2027, 12, 31)


@pytest.fixture(autouse=True)
def _decisions_signed_in_the_test_world(monkeypatch) -> None:
    last = date(*WORLD_LAST_DAY)
    monkeypatch.setattr(
        "tiepcan.assessments.council.latest_signing_day", lambda: max(timezone.localdate(), last)
    )
