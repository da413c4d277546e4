"""The S3 path against a real S3-compatible server (SeaweedFS, ``s3server.py``), never a mock.

The storage is ``storages.backends.s3.S3Storage`` exactly as ``settings.py`` builds it from the
``S3_*`` variables; the server runs on loopback with a temporary data folder.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import pyrage
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import Evidence
from tiepcan.assessments.tests.test_background_documents import issue
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.jobs import artifacts
from tiepcan.jobs.backend import DatabaseBackend
from tiepcan.jobs.models import Artifact
from tiepcan.jobs.worker import Worker
from tiepcan.ops import backup
from tiepcan.ops.tests import s3server
from tiepcan.ops.tests.s3server import S3Server
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


def _objects(server: S3Server, bucket: str) -> dict[str, bytes]:
    """Every object in the bucket, read with a client of its own (not through Django)."""
    client = server.client()
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
    return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _upload(client: Any, assessment_pk: int, content: bytes) -> Any:
    return client.post(
        reverse("assessments:evidence_upload", kwargs={"pk": assessment_pk}),
        {
            "indicator": "1.1",
            "title": "Biên bản họp",
            "file": SimpleUploadedFile("Biên bản họp.pdf", content),
        },
    )


def test_an_evidence_upload_lands_in_the_bucket_and_downloads_byte_identical(
    world: World, login, s3_server: S3Server, s3_bucket: str
) -> None:
    build_period(world)
    assessment = own(world)
    content = b"%PDF-1.7\n" + os.urandom(300_000)  # binary, larger than one network read
    response = _upload(login(world.users[Role.COMMUNE_OFFICER]), assessment.pk, content)
    assert response.status_code in {200, 302}
    evidence = Evidence.objects.get()
    assert _objects(s3_server, s3_bucket) == {evidence.file.name: content}  # in the bucket, nowhere else

    download = login(world.users[Role.REVIEWER]).get(
        reverse("assessments:evidence_download", kwargs={"pk": evidence.pk})
    )
    assert download.status_code == 200
    assert _body(download) == content


def test_a_decision_pdf_made_by_the_worker_is_stored_in_the_bucket_and_served_from_it(
    world: World,
    db_backend: DatabaseBackend,
    django_capture_on_commit_callbacks,
    login,
    s3_server: S3Server,
    s3_bucket: str,
) -> None:
    build_forwarded(world)
    decision = issue(world, django_capture_on_commit_callbacks)
    Worker(db_backend).run(burst=True)
    stored = _objects(s3_server, s3_bucket)
    pdf = Artifact.objects.get(content_type="application/pdf")
    assert pdf.file.name in stored
    assert hashlib.sha256(stored[pdf.file.name]).hexdigest() == pdf.sha256

    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    served = client.get(reverse("assessments:decision_pdf", kwargs={"pk": decision.pk}))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert _body(served) == stored[pdf.file.name]
    assert served["Content-Length"] == str(len(stored[pdf.file.name]))


def test_an_artifact_stored_twice_under_one_key_is_one_object(s3_server: S3Server, s3_bucket: str) -> None:
    first = artifacts.store("decision-9-pdf-v1", b"%PDF one", "application/pdf", "Quyết định.pdf")
    second = artifacts.store("decision-9-pdf-v1", b"%PDF one", "application/pdf", "Quyết định.pdf")
    assert first.pk == second.pk
    assert list(_objects(s3_server, s3_bucket).values()) == [b"%PDF one"]


def test_readiness_checks_the_live_server_and_leaves_nothing_in_the_bucket(
    client, s3_server: S3Server, s3_bucket: str
) -> None:
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "storage": "ok", "queue": "ok"}
    assert _objects(s3_server, s3_bucket) == {}  # the probe file is gone


@pytest.mark.django_db(transaction=True)  # as in production: each request commits or rolls back
def test_the_server_stopping_mid_test_gives_a_vietnamese_503_and_keeps_nothing_half_done(
    world: World, login, client, settings, own_s3_server: S3Server
) -> None:
    bucket = own_s3_server.create_bucket("tiepcan-outage")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3server.storage_through_settings(own_s3_server, bucket),
    }
    build_period(world)
    assessment = own(world)
    assert client.get(reverse("readyz")).status_code == 200

    own_s3_server.stop()
    ready = client.get(reverse("readyz"))
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": "ok", "storage": "fail", "queue": "ok"}
    assert client.get(reverse("healthz")).status_code == 200  # liveness does not depend on storage
    officer = login(world.users[Role.COMMUNE_OFFICER])
    officer.raise_request_exception = False
    response = _upload(officer, assessment.pk, b"%PDF-1.7 lost?")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Kho lưu trữ tệp tạm thời không truy cập được" in response.content.decode()
    assert not Evidence.objects.exists()

    # The server is back (same data folder, new ports): the same upload goes through.
    own_s3_server.start()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3server.storage_through_settings(own_s3_server, bucket),
    }
    assert _upload(officer, assessment.pk, b"%PDF-1.7 kept").status_code in {200, 302}
    evidence = Evidence.objects.get()
    assert _objects(own_s3_server, bucket) == {evidence.file.name: b"%PDF-1.7 kept"}


@pytest.mark.django_db(transaction=True)
def test_backup_reads_s3_media_and_restore_writes_them_back_byte_identical(
    tmp_path: Path, monkeypatch, s3_server: S3Server, settings
) -> None:
    files = {
        "minh-chung/2026/Biên_bản_họp_xã.pdf": b"%PDF-1.7 " + os.urandom(70_000),
        "quyet-dinh/Quyết_định.docx": os.urandom(120_000),
        "a.png": b"\x89PNG" + os.urandom(999),
    }
    source = s3_server.create_bucket("tiepcan-backup-source")
    settings.STORAGES = {**settings.STORAGES, "default": s3server.storage_through_settings(s3_server, source)}
    for name, content in files.items():
        assert default_storage.save(name, ContentFile(content)) == name
    identity = tmp_path / "identity.txt"
    call_command("backup_key", str(identity), stdout=io.StringIO())
    public = str(pyrage.x25519.Identity.from_str(identity.read_text().splitlines()[1]).to_public())
    call_command("backup", output=str(tmp_path / "out"), recipient=[public], stdout=io.StringIO())
    (archive,) = (tmp_path / "out").glob("tiepcan-*.tar.age")

    # Restore into an empty bucket. The database half of a restore needs an empty database,
    # which a test cannot give: .ci/restore-drill.sh restores it; here it is left out.
    target = s3_server.create_bucket("tiepcan-backup-target")
    settings.STORAGES = {**settings.STORAGES, "default": s3server.storage_through_settings(s3_server, target)}
    monkeypatch.setattr(backup, "restore_database", lambda source: None)
    monkeypatch.setattr(backup, "grant_app_role", lambda: None)
    out = io.StringIO()
    call_command("restore", str(archive), identity=str(identity), stdout=out)
    assert "3 files, every checksum identical" in out.getvalue()
    assert _objects(s3_server, target) == files

    # A second restore into the now full bucket is refused; nothing is overwritten.
    with pytest.raises(Exception, match="already holds"):
        call_command("restore", str(archive), identity=str(identity), stdout=io.StringIO())
