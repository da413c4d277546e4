"""gunicorn settings for TiếpCận, read from the environment (see docs/deployment.md).

    gunicorn -c deploy/gunicorn.conf.py tiepcan.wsgi

Graceful reload (new code, no dropped request): ``kill -HUP <master pid>`` or
``systemctl reload tiepcan-web``; the master starts new workers and lets the old ones finish.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tiepcan.env import env_bool, env_int, env_str

bind = env_str("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers: a request is short (an autosave, a page); a PDF of many communes is the
# long one, hence the timeout. Two per core is the usual start; measure with `bench`.
workers = env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count())
threads = env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("GUNICORN_KEEPALIVE", 5)
# A worker is replaced after this many requests (plus jitter): slow leaks cannot pile up.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max(1, max_requests // 10)
# Only the proxy on this machine may say the request came over HTTPS or from which client.
# The same list the app believes X-Forwarded-For from (TRUSTED_PROXIES, docs/deployment.md).
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "") or env_str("TRUSTED_PROXIES", "") or "127.0.0.1,::1"
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108 - heartbeat files, not data
preload_app = env_bool("GUNICORN_PRELOAD", False)  # off: HUP then reloads the code too
proc_name = "tiepcan-web"

accesslog = env_str("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# One JSON object per line, with the request id the app echoes in X-Request-ID; every value is
# escaped as JSON (a client's path or header cannot break the line).
logger_class = "tiepcan.ops.gunicorn_logging.JsonAccessLogger"
access_log_format = (
    '{"time":"%(t)s","logger":"gunicorn.access","client":"%(h)s","method":"%(m)s","path":"%(U)s",'
    '"status":%(s)s,"bytes":"%(B)s","duration_ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
)


def on_starting(server) -> None:  # type: ignore[no-untyped-def]
    """Each worker counts its own metrics into files here; /metrics adds them up."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
