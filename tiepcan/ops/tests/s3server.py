"""A real S3-compatible server for the S3 tests: SeaweedFS (``weed server -s3``) on loopback.

``scripts/ensure-s3.sh`` installs the pinned binary into ``.tools/s3server/`` (``make test`` and
``.ci/run`` call it). Each server gets its own free ports and a temporary data folder; it stops
with the test session (or the test that started it).
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import botocore.config
import botocore.exceptions
import botocore.session

ROOT = Path(__file__).resolve().parents[3]
BINARY = Path(os.environ.get("TIEPCAN_S3_SERVER") or ROOT / ".tools" / "s3server" / "bin" / "weed")
ACCESS_KEY = "tiepcan-test"
SECRET_KEY = "tiepcan-test-secret-key"
REGION = "us-east-1"
START_SECONDS = 60
PROBE_BUCKET = "tiepcan-ready"
# Every listener of `weed server -s3`: given free loopback ports so that nothing uses a default.
PORT_FLAGS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "s3.port.iceberg",
    "s3.port.lance",
)


class S3ServerError(RuntimeError):
    """The server did not start (its log's end is in the message)."""


def installed() -> bool:
    return BINARY.is_file() and os.access(BINARY, os.X_OK)


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


class S3Server:
    """One SeaweedFS process (master, volume, filer and S3 gateway) with its data in ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> Any:
        return botocore.session.get_session().create_client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=botocore.config.Config(connect_timeout=2, read_timeout=10, retries={"max_attempts": 1}),
        )

    def start(self) -> None:
        for attempt in range(3):  # a port picked as free may be taken by another process meanwhile
            try:
                self._start_once()
                return
            except S3ServerError:
                self.stop()
                if attempt == 2:
                    raise

    def _start_once(self) -> None:
        data = self.root / "data"
        data.mkdir(parents=True, exist_ok=True)
        config = self.root / "s3.json"
        identity = {
            "name": "tiepcan",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        config.write_text(json.dumps({"identities": [identity]}))
        ports = dict(zip(PORT_FLAGS, _free_ports(len(PORT_FLAGS)), strict=True))
        self.port = ports["s3.port"]
        command = [
            str(BINARY),
            "server",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-filer",
            "-s3",
            f"-s3.config={config}",
            "-master.telemetry=false",
            # Each bucket is a collection that takes volumes of its own (7 at its first write):
            # small volumes, and room for many (empty ones are a few bytes on disk).
            "-master.volumeSizeLimitMB=64",
            "-volume.max=1000",
            *(f"-{flag}={port}" for flag, port in ports.items()),
        ]
        log = (self.root / "server.log").open("ab")
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, cwd=self.root, start_new_session=True
        )
        log.close()
        self._wait_until_it_answers()

    def _wait_until_it_answers(self) -> None:
        client = self.client()
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert self.process is not None
            if self.process.poll() is not None:
                raise S3ServerError(f"SeaweedFS exited ({self.process.returncode}): {self.log_tail()}")
            try:
                # Answering is not enough: the filer behind the gateway must keep an object.
                try:
                    client.create_bucket(Bucket=PROBE_BUCKET)
                except botocore.exceptions.ClientError as exc:
                    if exc.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
                        raise
                client.put_object(Bucket=PROBE_BUCKET, Key="ready", Body=b"ok")
                return
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
                if time.monotonic() > deadline:
                    raise S3ServerError(
                        f"SeaweedFS did not answer in {START_SECONDS} s: {self.log_tail()}"
                    ) from exc
                time.sleep(0.2)

    def log_tail(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def stop(self) -> None:
        """Stop at once: a graceful stop drains for half a minute, and the data is thrown away."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None


def storage_through_settings(server: S3Server, bucket: str) -> dict[str, Any]:
    """``STORAGES["default"]`` as ``tiepcan/settings.py`` builds it from the ``S3_*`` variables."""
    env = {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": server.endpoint,
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_REGION": REGION,
        "S3_CONNECT_TIMEOUT": "2",
        "S3_READ_TIMEOUT": "10",
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        values = runpy.run_path(str(ROOT / "tiepcan" / "settings.py"))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    storage: dict[str, Any] = values["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    return storage
