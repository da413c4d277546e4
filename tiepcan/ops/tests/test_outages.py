"""A service that is down gives a clear Vietnamese 503 and loses nothing; readiness says which."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import Evidence
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.jobs.models import WorkerHeartbeat
from tiepcan.jobs.worker import Worker
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"


def _storage_at(settings, location: Path) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }


@pytest.fixture
def broken_disk(tmp_path: Path) -> Path:
    """A media folder the system cannot create: its parent is a regular file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    return blocker / "media"


@pytest.mark.django_db(transaction=True)  # as in production: each request commits or rolls back
def test_it_answers_an_upload_with_storage_down_with_a_vietnamese_503_and_keeps_nothing_half_done(
    world: World, login, settings, broken_disk: Path, tmp_path: Path
) -> None:
    _storage_at(settings, broken_disk)
    build_period(world)
    assessment = own(world)
    client = login(world.users[Role.COMMUNE_OFFICER])
    client.raise_request_exception = False
    url = reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk})
    response = client.post(
        url, {"indicator": "1.1", "title": "Biên bản", "file": SimpleUploadedFile("b.pdf", PDF)}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Kho lưu trữ tệp tạm thời không truy cập được" in response.content.decode()
    assert not Evidence.objects.exists()

    # The store is back: the same upload goes through.
    _storage_at(settings, tmp_path / "media")
    response = client.post(
        url, {"indicator": "1.1", "title": "Biên bản", "file": SimpleUploadedFile("b.pdf", PDF)}
    )
    assert response.status_code in {200, 302}
    assert Evidence.objects.count() == 1


def test_it_answers_a_database_outage_with_a_vietnamese_503(client, monkeypatch) -> None:
    from tiepcan.ops import views as ops_views

    def refuse() -> dict[str, bool]:
        raise OperationalError("connection refused")

    monkeypatch.setattr(ops_views.readiness, "run_checks", refuse)
    client.raise_request_exception = False
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không truy cập được" in response.content.decode()


def test_a_bug_stays_a_500(client, monkeypatch) -> None:
    from tiepcan.ops import views as ops_views

    def broken_checks() -> dict[str, object]:
        raise KeyError("missing")

    monkeypatch.setattr(ops_views.readiness, "run_checks", broken_checks)
    client.raise_request_exception = False
    assert client.get(reverse("readyz")).status_code == 500


def test_readiness_is_ok_when_database_and_storage_answer(client, settings, tmp_path: Path) -> None:
    _storage_at(settings, tmp_path)
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "storage": "ok", "queue": "ok"}}
    assert list(tmp_path.rglob("*.txt")) == []  # the probe file is gone


def test_readiness_names_the_storage_when_it_is_down(client, settings, broken_disk: Path) -> None:
    _storage_at(settings, broken_disk)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "storage": "fail", "queue": "ok"}
    # Liveness does not depend on storage.
    assert client.get(reverse("healthz")).status_code == 200


def test_it_answers_with_storage_down_on_s3_too(client, settings) -> None:
    """A real S3 client against an address where nothing listens (no mock of boto)."""
    import botocore.config

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "tiepcan",
                "endpoint_url": "http://127.0.0.1:9",
                "access_key": "k",
                "secret_key": "s",
                "region_name": "us-east-1",
                "client_config": botocore.config.Config(connect_timeout=1, retries={"max_attempts": 1}),
            },
        },
    }
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "fail"


def test_readiness_reports_a_dead_worker_stale_and_spares_a_fresh_install(
    client, settings, tmp_path: Path, db_backend
) -> None:
    _storage_at(settings, tmp_path)
    settings.TASKS_BACKEND, settings.WORKER_STALE_AFTER_SECONDS = "database", 900
    now = timezone.now()
    recorder = MigrationRecorder.Migration.objects
    recorder.update(applied=now - timedelta(minutes=2))

    def ready() -> tuple[int, str]:
        response = client.get(reverse("readyz"))
        return response.status_code, response.json()["checks"]["worker"]

    # Just migrated, the worker not beaten yet (the documented order starts both together).
    assert ready() == (200, "starting")
    # The worker starts: it beats at once.
    Worker(db_backend, worker_id="may-1:42").run(burst=True)
    beat = WorkerHeartbeat.objects.get(worker_id="may-1:42")
    assert beat.beat_at >= now
    assert ready() == (200, "ok")
    # Killed: its last beat ages past the threshold.
    WorkerHeartbeat.objects.update(beat_at=now - timedelta(seconds=901))
    assert ready() == (503, "stale")
    assert client.get(reverse("readyz")).json()["status"] == "unavailable"
    # Another worker alive is enough.
    WorkerHeartbeat.objects.create(worker_id="may-2:7", beat_at=now)
    assert ready() == (200, "ok")
    # Never started, long after the install: stale too.
    WorkerHeartbeat.objects.all().delete()
    recorder.update(applied=now - timedelta(hours=1))
    assert ready() == (503, "stale")
    # The threshold is configurable; 0 turns the check off.
    settings.WORKER_STALE_AFTER_SECONDS = 0
    assert ready() == (200, "ok")
