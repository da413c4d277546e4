"""Settings helpers fail loudly; production refuses unsafe configurations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tiepcan.env import EnvError, env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[3]


def test_env_bool_rejects_a_typo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TC_FLAG", "ture")
    with pytest.raises(EnvError, match="TC_FLAG"):
        env_bool("TC_FLAG", False)
    monkeypatch.setenv("TC_FLAG", "yes")
    assert env_bool("TC_FLAG", False) is True


def test_env_int_and_list_parse_or_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TC_N", "12")
    monkeypatch.setenv("TC_L", "a, b,,c")
    assert env_int("TC_N", 0) == 12
    assert env_list("TC_L") == ["a", "b", "c"]
    monkeypatch.setenv("TC_N", "mười hai")
    with pytest.raises(EnvError):
        env_int("TC_N", 0)


def test_a_secret_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n", encoding="utf-8")
    monkeypatch.setenv("TC_SECRET_FILE", str(secret))
    monkeypatch.setenv("TC_SECRET", "ignored")
    assert env_str("TC_SECRET") == "s3cr3t"


def test_a_missing_required_variable_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TC_MISSING", raising=False)
    with pytest.raises(EnvError, match="TC_MISSING is required"):
        env_str("TC_MISSING")


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


PROD = {
    "TIEPCAN_ENV": "production",
    "DATABASE_URL": "postgres://u@127.0.0.1/db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "S3_BUCKET": "b",
    "ALLOWED_HOSTS": "example.gov.vn",
}


def test_production_refuses_debug() -> None:
    result = _check(**PROD, DEBUG="true", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_a_placeholder_secret() -> None:
    result = _check(**PROD, SECRET_KEY="change-me-please")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_sqlite() -> None:
    result = _check(**{**PROD, "DATABASE_URL": "sqlite:///x.db"}, SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_starts_with_a_real_configuration() -> None:
    result = _check(**PROD, SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr


def test_env_example_documents_every_variable_the_settings_read() -> None:
    import re

    settings_text = (ROOT / "tiepcan" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z0-9_]+)"', settings_text))
    documented = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M))
    assert read, "the settings read no variables?"
    assert read <= documented, f"undocumented in .env.example: {sorted(read - documented)}"


def test_the_ui_is_vietnamese_even_for_an_english_browser(client) -> None:
    html = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/dang-nhap/").content.decode()


def test_an_english_request_leaves_the_thread_in_its_own_language(client) -> None:
    from django.utils import translation
    from django.utils.translation import gettext as _

    translation.activate("vi")
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/dang-nhap/").content.decode()
    # Work done by the thread afterwards (a service's message, a job) is in the default language.
    assert translation.get_language() == "vi"
    assert _("Điểm phải từ 0 đến %(m)s.") == "Điểm phải từ 0 đến %(m)s."
