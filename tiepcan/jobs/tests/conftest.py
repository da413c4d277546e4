from __future__ import annotations

from typing import Any

import pytest

from tiepcan.jobs.backend import DatabaseBackend, database_backend
from tiepcan.jobs.tests import tasks

DB_TASKS = {
    "default": {
        "BACKEND": "tiepcan.jobs.backend.DatabaseBackend",
        "QUEUES": ["default", "documents", "mail"],
        "OPTIONS": {"max_attempts": 3, "backoff_seconds": 30, "backoff_max_seconds": 600},
    }
}


@pytest.fixture
def db_backend(settings: Any) -> DatabaseBackend:
    """The database backend instead of the tests' immediate one."""
    settings.TASKS = DB_TASKS
    tasks.CALLS.clear()
    backend = database_backend()
    assert backend is not None
    return backend
