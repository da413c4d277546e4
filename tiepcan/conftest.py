"""Fixtures shared by every app's tests."""

from __future__ import annotations

import pytest

from tiepcan.core.testing import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    """Sign a user in on the test client: ``login(world.users[Role.REVIEWER])``."""

    def _login(user):  # type: ignore[no-untyped-def]
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
