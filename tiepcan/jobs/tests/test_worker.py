"""The database backend and the worker loop, run in-process for a handful of jobs."""

from __future__ import annotations

import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus, default_task_backend
from django.utils import timezone

from tiepcan.core import audit
from tiepcan.jobs.backend import DatabaseBackend
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Job
from tiepcan.jobs.tests import tasks
from tiepcan.jobs.worker import Worker

pytestmark = pytest.mark.django_db


def test_it_stores_an_enqueued_task_and_runs_it_in_the_worker(db_backend: DatabaseBackend) -> None:
    results = [tasks.add.enqueue(i, 1) for i in range(5)]
    assert Job.objects.filter(status=JobStatus.READY).count() == 5
    assert tasks.CALLS == []

    assert Worker(db_backend, interval=0.01).run(burst=True) == 5

    assert Job.objects.filter(status=JobStatus.SUCCESSFUL).count() == 5
    assert sorted(c[1] for c in tasks.CALLS) == [0, 1, 2, 3, 4]
    result = default_task_backend.get_result(results[2].id)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 3
    assert result.attempts == 1


def test_it_runs_the_urgent_job_first_and_a_deferred_one_only_when_due(db_backend: DatabaseBackend) -> None:
    later = tasks.add.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(9, 9)
    tasks.add.enqueue(1, 1)
    tasks.urgent.enqueue("first")

    Worker(db_backend).run(burst=True)

    assert tasks.CALLS == [("urgent", "first"), ("add", 1, 1)]
    assert Job.objects.get(pk=later.id).status == JobStatus.READY


def test_a_job_enqueued_in_a_transaction_that_rolls_back_never_exists(db_backend: DatabaseBackend) -> None:
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        tasks.add.enqueue(1, 2)
        _ = 1 / 0
    assert not Job.objects.exists()


def test_a_failing_job_is_retried_with_exponential_backoff_then_fails_for_good(
    db_backend: DatabaseBackend,
) -> None:
    result = tasks.always_fails.enqueue()
    worker = Worker(db_backend)
    waits = []
    for _attempt in range(3):
        before = timezone.now()
        assert worker.run(burst=True) == 1
        job = Job.objects.get(pk=result.id)
        if job.status == JobStatus.READY:
            waits.append((job.run_after - before).total_seconds())
            Job.objects.filter(pk=job.pk).update(run_after=timezone.now())  # time passes
    job = Job.objects.get(pk=result.id)
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    assert [round(w / 30) for w in waits] == [1, 2]  # 30 s, then 60 s
    assert "the mail server is down" in job.error_summary
    assert len(job.errors) == 3
    assert worker.run(burst=True) == 0  # a failed job stays failed until someone retries it
    assert default_task_backend.get_result(result.id).errors[-1].exception_class is RuntimeError


def test_a_claimed_job_cannot_be_claimed_by_a_second_worker(db_backend: DatabaseBackend) -> None:
    tasks.add.enqueue(1, 1)
    first, second = Worker(db_backend, worker_id="a"), Worker(db_backend, worker_id="b")
    job = first.claim()
    assert job is not None and job.status == JobStatus.RUNNING and job.worker_ids == ["a"]
    assert second.claim() is None


def test_a_job_left_running_by_a_dead_worker_goes_back_to_the_queue(db_backend: DatabaseBackend) -> None:
    tasks.add.enqueue(2, 2)
    job = Worker(db_backend, worker_id="dead").claim()
    assert job is not None
    Job.objects.filter(pk=job.pk).update(started_at=timezone.now() - timedelta(hours=2))

    assert Worker(db_backend).requeue_stale() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    assert job.errors[-1]["exception_class_path"] == "WorkerLost"


def test_long_jobs_report_their_progress(db_backend: DatabaseBackend) -> None:
    result = tasks.counts_to.enqueue(7)
    Worker(db_backend).run(burst=True)
    job = Job.objects.get(pk=result.id)
    assert (job.progress_done, job.progress_total, job.progress_percent) == (7, 7, 100)


def test_the_job_runs_in_the_audit_context_of_whoever_enqueued_it(
    db_backend: DatabaseBackend, django_user_model
) -> None:
    user = django_user_model.objects.create(username="queuer")
    with audit.audit_context(actor=user, request_id="req-123"):
        result = tasks.who_runs_me.enqueue()
    Worker(db_backend).run(burst=True)
    assert Job.objects.get(pk=result.id).return_value == [user.pk, "queuer", "req-123"]


def test_sigterm_lets_the_running_job_finish_then_stops_the_worker(db_backend: DatabaseBackend) -> None:
    stopping = tasks.asks_to_stop.enqueue()
    waiting = tasks.add.using(priority=-5).enqueue(1, 1)
    worker = Worker(db_backend, interval=0.01)
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    worker.install_signal_handlers()
    try:
        assert worker.run() == 1  # not burst: only the signal ends this loop
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert Job.objects.get(pk=stopping.id).status == JobStatus.SUCCESSFUL
    assert Job.objects.get(pk=waiting.id).status == JobStatus.READY


def test_a_job_naming_code_that_no_longer_exists_fails_without_retrying(db_backend: DatabaseBackend) -> None:
    job = Job.objects.create(task_path="tiepcan.jobs.tests.tasks.gone", max_attempts=5)
    Worker(db_backend).run(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.attempts == 1  # one try, no retry: the code is gone


def test_the_worker_command_runs_due_jobs_in_burst_mode(db_backend: DatabaseBackend, capsys) -> None:
    for i in range(3):
        tasks.add.enqueue(i, i)
    call_command("worker", "--burst", "--interval", "0.01")
    assert "ran 3 job(s)" in capsys.readouterr().out
    assert Job.objects.filter(status=JobStatus.SUCCESSFUL).count() == 3


def test_the_worker_command_refuses_a_backend_that_is_not_the_database() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("worker", "--burst")
