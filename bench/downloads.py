"""Downloading a stored decision (Mẫu 08) of many communes, against reading its file from storage.

Inside a transaction that is rolled back at the end, the benchmark gathers ``communes``
dossiers of the demo period with the most communes into one recognition decision, renders its
.docx and PDF once as the worker does (the time is printed: it used to be spent in every
download), then downloads each file ``repeat`` times through the whole middleware stack
(``django.test.Client``, a browser's ``Accept-Encoding: gzip``, the body read to the end) as a
province administrator. The floor is opening the same file from storage and reading it. It also
times finding the stored file's key alone (what a download checks before streaming).

The rendered files are deleted from storage afterwards. Figures only; never asserted in tests.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from bench.autosave import describe_database, exclusive, percentile

FORMATS = ("docx", "pdf")


class _RollBack(Exception):
    """Raised to leave the benchmark's transaction without keeping anything."""


def _admin(province: Any) -> str:
    from tiepcan.accounts.choices import Role
    from tiepcan.accounts.models import RoleAssignment, User

    username = f"bench.admin.{province.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=f"Quản trị (đo hiệu năng) {province.code}")
        user.set_unusable_password()
        user.save()
    RoleAssignment.objects.get_or_create(user=user, role=Role.PROVINCE_ADMIN, unit=province, agency=None)
    return username


def _decision(period: Any, communes: int, user: Any) -> Any:
    """One decision recognising ``communes`` dossiers of the period (entries moved from the
    demo's own decisions, or made): rolled back with the rest."""
    from tiepcan.assessments.models import Assessment, DecisionEntry, RecognitionDecision

    decision = RecognitionDecision.objects.create(
        period=period,
        number="9999/QĐ-UBND (đo hiệu năng)",
        signed_on=date(period.year + 1, 3, 1),
        issuer_name="Ủy ban nhân dân tỉnh",
        place="Thành phố",
        signer_name="Người Ký Thử",
        signer_title="Chủ tịch",
        created_by=user,
    )
    chosen = list(
        Assessment.objects.filter(period=period)
        .order_by("unit__name_sort")
        .values_list("pk", "total")[:communes]
    )
    ids = [pk for pk, _total in chosen]
    DecisionEntry.objects.filter(assessment_id__in=ids).update(decision=decision)
    have = set(DecisionEntry.objects.filter(assessment_id__in=ids).values_list("assessment_id", flat=True))
    DecisionEntry.objects.bulk_create(
        DecisionEntry(decision=decision, assessment_id=pk, total=total or 0)
        for pk, total in chosen
        if pk not in have
    )
    return decision


def _timed(action: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        result = action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, result


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms, p95 {percentile(samples, 95) * 1000:.1f} ms"


def run(out: Callable[[str], Any] = print, communes: int = 165, repeat: int = 20) -> dict[str, float]:
    with exclusive() as alone:
        if not alone:
            out("downloads: another benchmark is running against this database; try again when it is done")
            return {}
        return _run(out, communes, repeat)


def _run(out: Callable[[str], Any], communes: int, repeat: int) -> dict[str, float]:
    import logging

    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from tiepcan.accounts.models import User
    from tiepcan.assessments import tasks
    from tiepcan.assessments.models import AssessmentPeriod
    from tiepcan.core import audit
    from tiepcan.jobs import artifacts
    from tiepcan.paperwork import tasks as paperwork

    logging.getLogger("django.request").setLevel(logging.ERROR)
    period = (
        AssessmentPeriod.objects.annotate(n=Count("assessments"))
        .select_related("province")
        .order_by("-n", "year")
        .first()
    )
    if period is None or period.n == 0:
        out("downloads: no demo data (run `manage.py demo` first)")
        return {}
    communes = min(communes, period.n)
    out(describe_database())
    figures: dict[str, float] = {}
    stored: list[str] = []
    try:
        with transaction.atomic(), audit.audit_context(reason="manage.py bench downloads (rolled back)"):
            username = _admin(period.province)
            user = User.objects.get(username=username)
            decision = _decision(period, communes, user)
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            out(
                f"downloads: decision of {communes} communes ({period.year}, province {period.province.code}); "
                f"{repeat} downloads per format through django.test.Client with Accept-Encoding: gzip"
            )
            for fmt in FORMATS:
                started = time.perf_counter()
                key = paperwork.render_form.call("08", "decision", [decision.pk], fmt)
                rendered = time.perf_counter() - started
                artifact = artifacts.find(key)
                assert artifact is not None
                name = str(artifact.file.name)
                stored.append(name)
                url = reverse(f"assessments:decision_{fmt}", args=[decision.pk])

                def download(url: str = url) -> tuple[int, int]:
                    response = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
                    body = response.getvalue()  # the streamed file read to the end
                    return response.status_code, len(body)

                def floor(name: str = name) -> int:
                    with default_storage.open(name, "rb") as handle:
                        return len(handle.read())

                download()  # warm: templates, the first query of each kind
                walls, cpus, (status, sent) = _timed(download, repeat)
                floor_walls, _cpu, size = _timed(floor, repeat)
                key_walls, _cpu, _key = _timed(lambda: tasks.decision_key(decision, fmt), repeat)  # noqa: B023
                out(
                    f"downloads: {fmt} {size / 1024:.0f} KiB (rendered once in {rendered:.1f} s): "
                    f"status {status}, {sent / 1024:.0f} KiB sent; download {_ms(walls)} "
                    f"(CPU median {statistics.median(cpus) * 1000:.1f} ms); floor (read from storage) "
                    f"{_ms(floor_walls)}; finding the stored key {_ms(key_walls)}"
                )
                figures[f"{fmt}_ms"] = statistics.median(walls) * 1000
                figures[f"{fmt}_floor_ms"] = statistics.median(floor_walls) * 1000
                figures[f"{fmt}_key_ms"] = statistics.median(key_walls) * 1000
                figures[f"{fmt}_render_s"] = rendered
            raise _RollBack
    except _RollBack:
        pass
    finally:
        for name in stored:
            default_storage.delete(name)
    return figures
