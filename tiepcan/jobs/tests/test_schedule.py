"""Recurring jobs: the schedule, the command the timers call, the systemd units that match it."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import Assessment
from tiepcan.assessments.scoring import rescore
from tiepcan.assessments.tasks import check_derived_data
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.core.models import Notification
from tiepcan.jobs.backend import DatabaseBackend
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Job
from tiepcan.jobs.schedule import SCHEDULE
from tiepcan.jobs.worker import Worker
from tiepcan.testing import World, build_period

UNITS = Path(settings.BASE_DIR) / "deploy" / "systemd"


class CaseKeepingParser(configparser.ConfigParser):
    """systemd's keys are case-sensitive (``OnCalendar``): keep them as written."""

    def optionxform(self, optionstr: str) -> str:
        return optionstr


def unit(path: Path) -> configparser.ConfigParser:
    parser = CaseKeepingParser(interpolation=None, strict=False)
    parser.read(path, encoding="utf-8")
    return parser


@pytest.mark.parametrize("name", sorted(SCHEDULE))
def test_each_recurring_job_has_a_timer_and_a_service_that_runs_it(name: str) -> None:
    item = SCHEDULE[name]
    timer = unit(UNITS / f"tiepcan-job-{name}.timer")
    service = unit(UNITS / f"tiepcan-job-{name}.service")
    assert timer["Timer"]["OnCalendar"] == item.on_calendar
    command = service["Service"]["ExecStart"]
    assert command.endswith(f"manage.py run_scheduled {name}" + (" --inline" if item.inline else ""))
    assert service["Service"]["Type"] == "oneshot"


def test_the_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    # The units name the install folder of a VM; point them at this checkout so the check can
    # find the interpreter they run.
    for source in UNITS.glob("tiepcan-job-*"):
        text = source.read_text(encoding="utf-8").replace("/opt/tiepcan", str(settings.BASE_DIR))
        text = text.replace("/etc/tiepcan/tiepcan.env", str(Path(settings.BASE_DIR) / ".env.example"))
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_schedule_command_lists_every_job(capsys) -> None:
    call_command("schedule")
    out = capsys.readouterr().out
    assert all(name in out for name in SCHEDULE)


@pytest.mark.django_db
def test_run_scheduled_queues_the_job_for_the_worker(db_backend: DatabaseBackend, capsys) -> None:
    call_command("run_scheduled", "reminders")
    job = Job.objects.get()
    assert (
        job.task_path == "tiepcan.plans.tasks.send_reminders" and "queued as job" in capsys.readouterr().out
    )
    Worker(db_backend).run(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCESSFUL and job.return_value == {"due_soon": 0, "overdue": 0}


@pytest.mark.django_db
def test_run_scheduled_refuses_an_unknown_name() -> None:
    with pytest.raises(CommandError):
        call_command("run_scheduled", "nope")


@pytest.mark.django_db
def test_the_reminders_job_reminds_once_however_often_it_runs(world: World) -> None:
    from tiepcan.plans.models import Task
    from tiepcan.testing import build_plan

    build_plan(world)
    task = Task.objects.first()
    assert task is not None
    Task.objects.filter(pk=task.pk).update(due_on=timezone.localdate() + timedelta(days=2))
    call_command("run_scheduled", "reminders")
    first = Notification.objects.count()
    call_command("run_scheduled", "reminders")
    assert first > 0 and Notification.objects.count() == first


@pytest.mark.django_db(transaction=True)
def test_the_nightly_backup_job_writes_an_encrypted_archive_and_keeps_backup_keep(
    tmp_path: Path, settings, capsys
) -> None:
    import pyrage

    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_RECIPIENTS = [str(pyrage.x25519.Identity.generate().to_public())]
    settings.BACKUP_KEEP = 1
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    (tmp_path / "tiepcan-20250101T000000Z.tar.age").write_bytes(b"old")
    call_command("run_scheduled", "backup", "--inline")
    assert "backup: done" in capsys.readouterr().out
    kept = list(tmp_path.glob("tiepcan-*.tar.age"))
    assert len(kept) == 1 and kept[0].name != "tiepcan-20250101T000000Z.tar.age"


def test_the_backup_job_is_skipped_with_a_log_line_when_no_backup_command_exists(monkeypatch, caplog) -> None:
    from tiepcan.jobs import tasks

    monkeypatch.setattr(tasks, "get_commands", dict)
    assert tasks.nightly_backup.call() == "skipped: no backup command"
    assert "nightly backup skipped" in caplog.text


@pytest.mark.django_db
def test_the_derived_data_check_reports_a_stored_score_that_differs(world: World) -> None:
    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    assert [m["id"] for m in check_derived_data.call()["mismatches"]] == [assessment.pk]  # filled, not scored
    for row in Assessment.objects.all():  # what saving through the application does
        rescore(row)
        row.save(update_fields=["score", "total", "recognisable"])
    assessment.refresh_from_db()
    assert check_derived_data.call()["mismatches"] == []
    Notification.objects.all().delete()

    assert assessment.total is not None
    Assessment.objects.filter(pk=assessment.pk).update(total=assessment.total + 7)  # a hand edit
    report = check_derived_data.call()
    assert [m["id"] for m in report["mismatches"]] == [assessment.pk]
    told = Notification.objects.get(user=world.users[Role.SYSTEM_ADMIN])
    assert "1 hồ sơ" in told.title and assessment.unit.name in told.body
    check_derived_data.call()  # the same night again: told once
    assert Notification.objects.filter(user=world.users[Role.SYSTEM_ADMIN]).count() == 1
