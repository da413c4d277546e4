"""Excel exports: the page's scoped, filtered rows; Vietnamese headers and formats; no formula;
large ones in the background with progress, downloadable by the requester only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Artifact, Job
from tiepcan.jobs.worker import Worker
from tiepcan.testing import World, make_user

pytestmark = pytest.mark.django_db

USERS = "/nguoi-dung/"


def sheet_of(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def rows_of(content: bytes) -> list[tuple[object, ...]]:
    return list(sheet_of(content).iter_rows(values_only=True))


def test_users_export_is_the_managers_scope_with_the_pages_filters(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.get(USERS, {"xuat": "xlsx", "trang": "3"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "nguoi-dung-" in response["Content-Disposition"]
    rows = rows_of(response.content)
    assert rows[0][:3] == ("Họ và tên", "Tên đăng nhập", "Số điện thoại")
    usernames = {row[1] for row in rows[1:]}
    assert "u_target" in usernames and "u_commune_officer" in usernames
    # Outside the province admin's scope: the other province's officer, people without a role.
    assert "u_foreign_officer" not in usernames and "u_outsider" not in usernames
    # The page's filters: the search box and the role.
    rows = rows_of(client.get(USERS, {"xuat": "xlsx", "q": "duoc quan ly"}).content)
    assert [row[1] for row in rows[1:]] == ["u_target"]
    rows = rows_of(client.get(USERS, {"xuat": "xlsx", "vai_tro": Role.REVIEWER}).content)
    assert [row[1] for row in rows[1:]] == ["u_reviewer"]


def test_cells_have_vietnamese_formats_and_text_is_never_a_formula(world: World, login) -> None:
    hostile = make_user("u_hostile", '=HYPERLINK("http://evil","bấm")', phone="+84912345678")
    RoleAssignment.objects.create(user=hostile, role=Role.COMMUNE_OFFICER, unit=world.units["N1"])
    content = login(world.users[Role.PROVINCE_ADMIN]).get(USERS, {"xuat": "xlsx", "q": "u_hostile"}).content
    sheet = sheet_of(content)
    name, _, phone = sheet["A2"], sheet["B2"], sheet["C2"]
    assert name.value == '=HYPERLINK("http://evil","bấm")' and name.data_type == "s" and name.quotePrefix
    assert phone.value == "+84912345678" and phone.data_type == "s" and phone.quotePrefix
    assert sheet["F2"].value == "Công chức Tư pháp – Hộ tịch – Xã Đồng Tâm"
    assert sheet["G2"].value == "Có"
    joined = sheet["H2"]
    assert isinstance(joined.value, dt.datetime) and joined.number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == "A2"


def test_a_person_without_the_right_gets_no_export(world: World, login) -> None:
    response = login(world.users[Role.REVIEWER]).get(USERS, {"xuat": "xlsx"})
    assert response.status_code == 403
    page = login(world.users[Role.PROVINCE_ADMIN]).get(USERS).content.decode()
    assert "xuat=xlsx" in page and "Xuất Excel" in page


def test_a_large_export_runs_in_the_background_and_only_the_requester_downloads_it(
    world: World, client, settings, db_backend, django_user_model
) -> None:
    settings.EXPORT_INLINE_MAX_ROWS = 2
    admin = world.users[Role.PROVINCE_ADMIN]
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(USERS, {"xuat": "xlsx"})
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/xuat-excel/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert (
        'hx-trigger="every 2s"' in page
        and "<progress" in page
        and "<script" not in page.split("</main>")[0][-3000:]
    )
    assert client.get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 404  # not made yet

    Worker(db_backend).run(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCESSFUL and job.progress_done == job.progress_total > 2
    partial = client.get(f"/xuat-excel/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and f"/xuat-excel/{job.pk}/tai-ve/" in partial
    download = client.get(f"/xuat-excel/{job.pk}/tai-ve/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    rows = rows_of(b"".join(download.streaming_content))
    assert len(rows) - 1 == job.progress_total and "u_target" in {row[1] for row in rows}
    assert Artifact.objects.filter(key=f"export-{job.pk}").count() == 1

    # Anyone else — even a system administrator — gets a 404 for the page and the file.
    for other in (world.users[Role.SYSTEM_ADMIN], world.users[Role.REVIEWER]):
        client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(f"/xuat-excel/{job.pk}/").status_code == 404
        assert client.get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 404
    client.logout()
    assert client.get(f"/xuat-excel/{job.pk}/tai-ve/").status_code == 302  # to the sign-in page


def test_the_worker_fetches_rows_again_in_the_requesters_scope(
    world: World, client, settings, db_backend
) -> None:
    settings.EXPORT_INLINE_MAX_ROWS = 1
    admin = world.users[Role.PROVINCE_ADMIN]
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    client.get(USERS, {"xuat": "xlsx"})
    job = Job.objects.get()
    # The role that reached u_target ends before the worker runs: the row is left out.
    RoleAssignment.objects.filter(user__username="u_target").delete()
    Worker(db_backend).run(burst=True)
    job.refresh_from_db()
    content = b"".join(client.get(f"/xuat-excel/{job.pk}/tai-ve/").streaming_content)
    assert "u_target" not in {row[1] for row in rows_of(content)}


def test_with_the_immediate_backend_a_large_export_is_served_at_once(world: World, login, settings) -> None:
    settings.EXPORT_INLINE_MAX_ROWS = 1
    response = login(world.users[Role.PROVINCE_ADMIN]).get(USERS, {"xuat": "xlsx"})
    assert response.status_code == 200
    assert len(rows_of(b"".join(response.streaming_content))) > 2


@pytest.mark.parametrize("pk", ["nope", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_export_is_a_404(world: World, login, pk: str) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    assert client.get(f"/xuat-excel/{pk}/").status_code == 404
    assert client.get(f"/xuat-excel/{pk}/tai-ve/").status_code == 404


def test_stored_exports_are_deleted_after_a_day(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from tiepcan.jobs import artifacts
    from tiepcan.jobs.exports import forget_old_exports

    old = artifacts.store("export-old", b"PK", "application/zip", "a.xlsx")
    Artifact.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    artifacts.store("export-new", b"PK", "application/zip", "b.xlsx")
    artifacts.store("decision-1-pdf-x", b"%PDF", "application/pdf", "c.pdf")
    Artifact.objects.filter(key="decision-1-pdf-x").update(created_at=timezone.now() - timedelta(days=9))
    assert forget_old_exports() == 1
    assert set(Artifact.objects.values_list("key", flat=True)) == {"export-new", "decision-1-pdf-x"}
