"""Decisions, dossiers and e-mails made by the worker: stored once per version, served from storage."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import council, tasks
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import RecognitionDecision
from tiepcan.assessments.tests.helpers import send
from tiepcan.assessments.tests.test_council_and_decision import build_forwarded
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.core.models import Notification
from tiepcan.core.notifications import notify
from tiepcan.jobs.backend import DatabaseBackend
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Artifact, Job
from tiepcan.jobs.worker import Worker
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


def issue(world: World, capture: Any) -> RecognitionDecision:
    assessment = own(world)
    period = world.periods["own"]
    assessment.status = Status.RECOMMENDED
    assessment.save(update_fields=["status"])
    with capture(execute=True):
        return council.issue_decision(
            period=period,
            user=world.users[Role.RECOGNISING_AUTHORITY],
            number="7/QĐ-UBND",
            signed_on=date(2027, 1, 31),
            signer_name="Nguyễn Văn An",
            signer_title="Chủ tịch",
            issuer_name="",
            place="",
            assessments=[assessment],
        )


def test_a_new_decision_is_rendered_by_the_worker_and_downloads_come_from_storage(
    world: World,
    db_backend: DatabaseBackend,
    django_capture_on_commit_callbacks,
    login,
) -> None:
    build_forwarded(world)
    decision = issue(world, django_capture_on_commit_callbacks)
    assert Job.objects.filter(task_path="tiepcan.assessments.tasks.render_decision").count() == 2
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    url = reverse("assessments:decision_pdf", kwargs={"pk": decision.pk})

    waiting = client.get(url)  # before the worker ran: no render in the request
    assert waiting.status_code == 202 and waiting["Refresh"] == "5"
    assert "Đang tạo tệp" in waiting.content.decode()
    page = client.get(reverse("assessments:decisions", kwargs={"pk": decision.period_id})).content.decode()
    assert "Đang tạo tệp .docx và PDF" in page and url not in page
    renders = Job.objects.filter(task_path="tiepcan.assessments.tasks.render_decision")
    assert renders.filter(status=JobStatus.READY).count() == 2  # the page queued nothing more

    Worker(db_backend).run(burst=True)
    assert renders.filter(status=JobStatus.SUCCESSFUL).count() == 2
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served.getvalue().startswith(b"%PDF")
    page = client.get(reverse("assessments:decisions", kwargs={"pk": decision.period_id})).content.decode()
    assert url in page and "Đang tạo tệp" not in page
    public = client.get(reverse("portal:decision_pdf", kwargs={"pk": decision.pk}))
    assert public.status_code == 200 and public["Content-Disposition"].startswith("inline;")


def test_rendering_the_same_version_twice_stores_one_file_and_a_new_wording_another(
    world: World,
    django_capture_on_commit_callbacks,
) -> None:
    build_forwarded(world)
    decision = issue(world, django_capture_on_commit_callbacks)  # immediate backend: rendered at once
    assert Artifact.objects.count() == 2
    first = tasks.render_decision.call(decision.pk, "pdf")
    again = tasks.render_decision.call(decision.pk, "pdf")
    assert first == again and Artifact.objects.count() == 2

    RecognitionDecision.objects.filter(pk=decision.pk).update(signer_name="Trần Thị Bình")
    decision.refresh_from_db()
    changed = tasks.render_decision.call(decision.pk, "pdf")
    assert changed != first and Artifact.objects.count() == 3


def test_the_dossier_zip_is_built_once_after_sending_with_progress(
    world: World,
    db_backend: DatabaseBackend,
    django_capture_on_commit_callbacks,
    login,
) -> None:
    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        send(assessment.pk, world.users[Role.COMMUNE_CHAIRMAN])  # approve, post, meet, send
    job = Job.objects.get(task_path="tiepcan.assessments.tasks.build_dossier_zip")
    Worker(db_backend).run(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCESSFUL
    assert Artifact.objects.filter(key__startswith="dossier-").count() == 1
    url = reverse("assessments:dossier_download", kwargs={"pk": assessment.pk, "round_number": 1})
    response = login(world.users[Role.REVIEWER]).get(url)
    assert response.status_code == 200 and response.getvalue()[:2] == b"PK"
    assert tasks.build_dossier_zip.call(job.args[0]) == job.return_value  # again: nothing new
    assert Artifact.objects.filter(key__startswith="dossier-").count() == 1


def test_an_email_is_retried_while_the_mail_server_is_down_and_sent_once(
    world: World,
    db_backend: DatabaseBackend,
    monkeypatch,
) -> None:
    user = world.users[Role.REVIEWER]
    user.email = "thamdinh@example.vn"
    user.save(update_fields=["email"])
    assert notify([user], "Hồ sơ mới", "Xã Đồng Tâm đã gửi hồ sơ.", "/danh-gia/") == 1
    notification = Notification.objects.get(user=user)
    assert not notification.emailed and mail.outbox == []  # the request does not wait for the server

    def down(*args: Any, **kwargs: Any) -> None:
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("tiepcan.core.tasks.send_mail", down)
    Worker(db_backend).run(burst=True)
    job = Job.objects.get(task_path="tiepcan.core.tasks.email_notification")
    assert job.status == JobStatus.READY and job.attempts == 1 and "SMTP down" in job.error_summary

    monkeypatch.undo()
    Job.objects.filter(pk=job.pk).update(run_after=job.enqueued_at)  # the backoff has passed
    Worker(db_backend).run(burst=True)
    job.refresh_from_db()
    notification.refresh_from_db()
    assert job.status == JobStatus.SUCCESSFUL and notification.emailed
    assert len(mail.outbox) == 1
    from tiepcan.core.tasks import email_notification

    assert email_notification.call(notification.pk) is False  # run twice: no second e-mail
    assert len(mail.outbox) == 1


def test_a_download_streams_the_remembered_version_without_reading_the_decisions_data(
    world: World, django_capture_on_commit_callbacks, login
) -> None:
    """A decision's key hashes every dossier of its area: a download must not work it out again
    while the version remembered by the page (or the render job) is current. A browser's gzip is
    not applied to a PDF, which is compressed already."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build_forwarded(world)
    decision = issue(world, django_capture_on_commit_callbacks)  # immediate backend: rendered at once
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    page = client.get(reverse("assessments:decisions", kwargs={"pk": decision.period_id}))
    assert page.status_code == 200 and page.get("Content-Encoding") in (None, "gzip")
    url = reverse("assessments:decision_pdf", kwargs={"pk": decision.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        body = response.getvalue()
    assert response.status_code == 200 and body.startswith(b"%PDF")
    assert "Content-Encoding" not in response and response["Content-Length"] == str(len(body))
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"assessments_assessment"' not in sql and '"assessments_decisionentry"' not in sql
    # the session, the person, the decision (scoped), the province's results counter and active
    # layout (the stamp of the remembered version), the stored file's row
    assert len(queries) <= 7

    # A change made behind the page's back is served at the next download: the decision's own
    # fields and the province's stamp name the remembered version.
    RecognitionDecision.objects.filter(pk=decision.pk).update(signer_name="Trần Thị Bình")
    served = client.get(url).getvalue()
    assert served.startswith(b"%PDF") and served != body
    assert served == Artifact.objects.get(key=tasks.decision_key(decision, "pdf")).file.open("rb").read()

    # Another commune's step bumps the province's results counter (the "not meeting" list may
    # change): the next download works the version out again instead of trusting the cache.
    from tiepcan.reports.models import ResultsVersion

    ResultsVersion.objects.update_or_create(
        province_id=decision.period.province_id, defaults={"version": 10**6}
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert '"assessments_assessment"' in " ".join(q["sql"] for q in queries.captured_queries)


def test_pages_are_still_compressed_for_a_browser_that_asks(world: World, login) -> None:
    response = login(world.users[Role.PROVINCE_ADMIN]).get(
        reverse("home"), headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"


def test_the_decisions_page_works_a_files_version_out_once_then_reads_the_remembered_one(
    world: World, django_capture_on_commit_callbacks, login, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Working a decision's key out builds its whole text (every commune of its area): the list
    of decisions does it only when the remembered version's alias is not current."""
    build_forwarded(world)
    decision = issue(world, django_capture_on_commit_callbacks)  # immediate backend: rendered at once
    worked_out: list[int] = []
    exact = tasks.decision_keys

    def counting(d: RecognitionDecision) -> dict[str, str]:
        worked_out.append(d.pk)
        return exact(d)

    monkeypatch.setattr(tasks, "decision_keys", counting)
    client = login(world.users[Role.RECOGNISING_AUTHORITY])
    page_url = reverse("assessments:decisions", kwargs={"pk": decision.period_id})
    pdf_url = reverse("assessments:decision_pdf", kwargs={"pk": decision.pk})

    from django.core.cache import cache

    cache.clear()  # nothing remembered: the page works the keys out and remembers them
    first = client.get(page_url).content.decode()
    assert worked_out == [decision.pk] and pdf_url in first and "Đang tạo tệp" not in first
    second = client.get(page_url).content.decode()
    assert worked_out == [decision.pk] and pdf_url in second  # read from the remembered version

    # The decision's own fields are in the alias: a change is worked out again at once.
    RecognitionDecision.objects.filter(pk=decision.pk).update(signer_name="Trần Thị Bình")
    client.get(page_url)
    assert worked_out == [decision.pk, decision.pk]
