"""A real S3-compatible server for the S3 tests (``s3server.py``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tiepcan.ops.tests import s3server
from tiepcan.ops.tests.s3server import S3Server


def require_s3_server() -> None:
    """Skip when SeaweedFS is not installed; fail instead where it must be (CI: TIEPCAN_REQUIRE_S3=1)."""
    if s3server.installed():
        return
    reason = (
        f"SeaweedFS, the S3-compatible server of the S3 tests, is not installed at {s3server.BINARY}: "
        "run scripts/ensure-s3.sh (make test does)"
    )
    if os.environ.get("TIEPCAN_REQUIRE_S3") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """One server for the session (per xdist worker), started on first use."""
    require_s3_server()
    server = S3Server(tmp_path_factory.mktemp("s3server"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server: S3Server, settings) -> str:
    """A new, empty bucket on the session's server, made the default storage through settings.py."""
    bucket = s3_server.create_bucket(f"tiepcan-{uuid.uuid4().hex[:16]}")
    settings.STORAGES = {**settings.STORAGES, "default": s3server.storage_through_settings(s3_server, bucket)}
    return bucket


@pytest.fixture
def own_s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """A server of the test's own, which the test may stop (an outage) and start again."""
    require_s3_server()
    server = S3Server(tmp_path_factory.mktemp("own-s3server"))
    server.start()
    yield server
    server.stop()
