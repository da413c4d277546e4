"""The jobs page: lists and filters jobs, shows progress and errors, retries a failed job (audited)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.core.tests.markup import squash
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Job
from tiepcan.testing import World

pytestmark = pytest.mark.django_db

URL = "/he-thong/tac-vu/"


def make(status: str, name: str = "send_mail", **extra: object) -> Job:
    return Job.objects.create(task_path=f"tiepcan.core.tasks.{name}", status=status, **extra)


def test_it_lists_jobs_of_every_state_with_counts_and_progress(world: World, login) -> None:
    make(JobStatus.READY)
    make(JobStatus.RUNNING, "render_decision", progress_done=40, progress_total=165)
    make(
        JobStatus.FAILED,
        errors=[{"exception_class_path": "OSError", "traceback": "Traceback\nOSError: SMTP down"}],
    )
    make(JobStatus.SUCCESSFUL)
    response = login(world.users[Role.SYSTEM_ADMIN]).get(URL)
    text = squash(response.content)
    assert response.status_code == 200
    for label in ("Đang chờ", "Đang chạy", "Lỗi", "Hoàn thành"):
        assert squash(f"{label}: <strong>1</strong>") in text
    assert '<progress max="165" value="40"' in text
    assert "OSError: SMTP down" in text
    assert text.count("Chạy lại</button>") == 1  # only the failed job


def test_it_filters_by_status_task_and_queue(world: World, login) -> None:
    make(JobStatus.FAILED, "send_mail", queue_name="mail")
    make(JobStatus.FAILED, "render_decision", queue_name="documents")
    make(JobStatus.SUCCESSFUL, "send_mail", queue_name="mail")
    client = login(world.users[Role.SYSTEM_ADMIN])
    text = client.get(URL, {"trang_thai": "FAILED", "hang_doi": "mail"}).content.decode()
    assert text.count("<code>send_mail</code>") == 1 and "render_decision" not in text
    text = client.get(URL, {"tac_vu": "render"}).content.decode()
    assert "<code>render_decision</code>" in text and "<code>send_mail</code>" not in text
    # A value that is no choice is no filter, never an error.
    assert client.get(URL, {"trang_thai": "NOPE", "hang_doi": "x"}).status_code == 200


def test_the_list_runs_a_bounded_number_of_queries(world: World, login) -> None:
    client = login(world.users[Role.SYSTEM_ADMIN])
    make(JobStatus.FAILED)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(30):
        make(JobStatus.SUCCESSFUL, progress_done=1, progress_total=2)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_retrying_a_failed_job_queues_it_again_and_writes_the_audit_trail(world: World, login) -> None:
    job = make(JobStatus.FAILED, attempts=5, errors=[{"exception_class_path": "OSError", "traceback": "x"}])
    admin = world.users[Role.SYSTEM_ADMIN]
    response = login(admin).post(f"{URL}{job.pk}/chay-lai/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.READY, 0)
    entry = AuditEntry.objects.get(object_id=str(job.pk))
    assert entry.actor_id == admin.pk and entry.after == {"status": "READY", "attempts": 0}


def test_only_a_failed_job_can_be_retried(world: World, login) -> None:
    job = make(JobStatus.SUCCESSFUL, attempts=1)
    login(world.users[Role.SYSTEM_ADMIN]).post(f"{URL}{job.pk}/chay-lai/")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCESSFUL
    assert not AuditEntry.objects.filter(object_id=str(job.pk)).exists()


def test_retry_is_refused_to_a_get_and_to_a_province_administrator(world: World, login) -> None:
    job = make(JobStatus.FAILED)
    assert login(world.users[Role.SYSTEM_ADMIN]).get(f"{URL}{job.pk}/chay-lai/").status_code == 405
    assert login(world.users[Role.PROVINCE_ADMIN]).post(f"{URL}{job.pk}/chay-lai/").status_code == 403
    assert login(world.users[Role.PROVINCE_ADMIN]).get(URL).status_code == 403


def test_the_detail_shows_every_attempts_traceback_and_a_bad_id_is_a_404(world: World, login) -> None:
    job = make(
        JobStatus.FAILED,
        errors=[
            {"exception_class_path": "OSError", "traceback": "first"},
            {"exception_class_path": "OSError", "traceback": "second"},
        ],
    )
    client = login(world.users[Role.SYSTEM_ADMIN])
    text = client.get(f"{URL}{job.pk}/").content.decode()
    assert text.index("second") < text.index("first")
    assert client.get(f"{URL}not-a-uuid/").status_code == 404


def test_the_menu_shows_the_jobs_page_to_the_system_administrator_only(world: World, login) -> None:
    assert URL in login(world.users[Role.SYSTEM_ADMIN]).get("/").content.decode()
    assert URL not in login(world.users[Role.PROVINCE_ADMIN]).get("/").content.decode()
