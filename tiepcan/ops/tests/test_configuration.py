"""Production configuration that fits a province: no Redis, no S3, a sub-path, compression."""

from __future__ import annotations

import gzip
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse, set_script_prefix

ROOT = Path(__file__).resolve().parents[3]
SECRET = "s" * 20 + "-" + "k" * 40


def _settings(**env: str) -> dict[str, object]:
    """The settings production would compute from ``env`` (in a fresh interpreter)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "S3_BUCKET", "URL_PREFIX"}
    }
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'],"
        " 'storage': settings.STORAGES['default']['BACKEND'], 'static': settings.STATIC_URL,"
        " 'script': settings.FORCE_SCRIPT_NAME, 'cookie': settings.SESSION_COOKIE_PATH,"
        " 'csrf': settings.CSRF_COOKIE_PATH, 'log': settings.LOGGING['handlers']['console']['formatter']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tiepcan.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


PRODUCTION = {
    "TIEPCAN_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": SECRET,
    "DATABASE_URL": "postgres://tiepcan@127.0.0.1:5432/tiepcan",
    "ALLOWED_HOSTS": "tiepcan.example.gov.vn",
}


def test_production_runs_on_one_vm_without_redis_or_s3() -> None:
    values = _settings(**PRODUCTION)
    assert values["cache"] == "tiepcan.ops.cache.LockingDatabaseCache"
    assert values["storage"] == "django.core.files.storage.FileSystemStorage"
    assert values["log"] == "json"


def test_production_uses_redis_and_s3_when_given() -> None:
    values = _settings(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/0", S3_BUCKET="tc")
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["storage"] == "storages.backends.s3.S3Storage"


def test_a_sub_path_reaches_urls_and_cookies() -> None:
    values = _settings(**PRODUCTION, URL_PREFIX="/tiepcan/")
    assert values["script"] == "/tiepcan"
    assert values["cookie"] == values["csrf"] == "/tiepcan/"
    assert values["static"] == "/tiepcan/static/"
    assert _settings(**PRODUCTION)["script"] is None


@pytest.mark.django_db
def test_pages_under_a_sub_path_link_within_it(settings) -> None:
    settings.FORCE_SCRIPT_NAME = "/tiepcan"
    settings.SESSION_COOKIE_PATH = settings.CSRF_COOKIE_PATH = "/tiepcan/"
    settings.STATIC_URL = "/tiepcan/static/"  # what URL_PREFIX=/tiepcan gives (test above)
    client = Client()
    # The WSGI handler sets the prefix from FORCE_SCRIPT_NAME on each request; the test client
    # does not, so the test does. The proxy strips the prefix (PATH_INFO "/dang-nhap/").
    set_script_prefix("/tiepcan/")
    try:
        page = client.get("/dang-nhap/")
        html = page.content.decode()
        assert 'href="/tiepcan/static/' in html
        assert 'src="/tiepcan/static/js/app.js"' in html
        assert 'href="/tiepcan/"' in html or "/tiepcan/i18n/" in html
        assert page.cookies["csrftoken"]["path"] == "/tiepcan/"
        assert client.get("/")["Location"].startswith("/tiepcan/dang-nhap/")
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_html_is_compressed_for_clients_that_accept_it(client) -> None:
    response = client.get(reverse("accounts:login"), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Đăng nhập".encode() in gzip.decompress(response.content)


def test_json_logs_carry_the_request_id() -> None:
    from tiepcan.core import audit
    from tiepcan.core.context import RequestIdLogFilter
    from tiepcan.ops.logs import JsonFormatter

    record = logging.LogRecord("tiepcan.x", logging.WARNING, __file__, 1, "Lưu %s", ("xong",), None)
    record.unit = 7
    with audit.audit_context(request_id="req-12345678"):
        RequestIdLogFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Lưu xong"
    assert line["request_id"] == "req-12345678"
    assert line["level"] == "WARNING" and line["unit"] == 7


def test_a_refused_request_logged_after_the_middleware_keeps_its_id() -> None:
    """Django logs "Not Found" once the middleware finished; the id comes from the request."""
    from tiepcan.core.context import RequestIdLogFilter

    class Request:
        request_id = "req-after-0001"

    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found", (), None)
    record.request = Request()
    RequestIdLogFilter().filter(record)
    assert getattr(record, "request_id", "") == "req-after-0001"


def test_gunicorn_access_lines_stay_json_whatever_the_client_sends() -> None:
    import runpy

    from tiepcan.ops.gunicorn_logging import JsonSafeAtoms

    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["logger_class"] == "tiepcan.ops.gunicorn_logging.JsonAccessLogger"
    hostile = '/a"b\\z\n\x00\x1b[31m'
    atoms: dict[str, object] = {
        "t": "[06/Dec/2026:10:00:00 +0700]",
        "h": "127.0.0.1",
        "m": "GET",
        "U": hostile,
        "s": "404",
    }
    atoms |= {"B": "12", "M": 3, "{x-request-id}o": "req-12345678"}
    line = json.loads(config["access_log_format"] % JsonSafeAtoms(atoms))
    assert line["path"] == hostile and line["status"] == 404 and line["request_id"] == "req-12345678"
