from __future__ import annotations

from typing import Any

import pytest

from tiepcan.jobs.tests import tasks


@pytest.fixture(autouse=True)
def _forget_calls() -> Any:
    tasks.CALLS.clear()
    yield
