"""The user Excel import as a background job: progress, all or nothing, passwords shown once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import User
from tiepcan.accounts.tests.test_user_management import _workbook
from tiepcan.core.tests.markup import squash
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.models import Artifact, Job
from tiepcan.jobs.worker import Worker
from tiepcan.testing import World

pytestmark = pytest.mark.django_db

GOOD = [
    ["ct.dongtam", "Hà Văn Tâm", "0912345678", "", "90010", "Chủ tịch UBND cấp xã", ""],
    ["cb.dongtam", "Lò Văn Bình", "", "", "90010", "Công chức Tư pháp – Hộ tịch", ""],
]


def test_the_import_runs_in_the_background_and_shows_each_password_once(
    world: World, client, db_backend
) -> None:
    admin = world.users[Role.PROVINCE_ADMIN]
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("accounts:user_import"), {"file": _workbook(GOOD)})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/nguoi-dung/nhap-excel/{job.pk}/"
    assert not User.objects.filter(username="ct.dongtam").exists()  # nothing before the worker runs
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page

    Worker(db_backend).run(burst=True)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCESSFUL
    assert "ct.dongtam" in str(job.return_value) and "password" not in str(job.return_value).lower()
    assert not Artifact.objects.filter(key__startswith="import-users-").exists()  # the upload is gone

    first = squash(client.get(response["Location"], HTTP_HX_REQUEST="true").content)
    assert "hx-trigger" not in first and "Đã nhập thành công" in first
    passwords = dict(re.findall(r"<td>([a-z.]+)</td><td><code>([^<]+)</code>", first))
    assert set(passwords) == {"ct.dongtam", "cb.dongtam"}
    tam = User.objects.get(username="ct.dongtam")
    assert tam.check_password(passwords["ct.dongtam"]) and tam.must_change_password
    second = client.get(response["Location"]).content.decode()
    assert passwords["ct.dongtam"] not in second and "đã hiển thị một lần" in second

    # Only the person who imported sees the job.
    client.force_login(world.users[Role.SYSTEM_ADMIN], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(response["Location"]).status_code == 404


def test_a_bad_row_imports_nothing_and_the_result_lists_it(world: World, client, db_backend) -> None:
    client.force_login(world.users[Role.PROVINCE_ADMIN], backend="django.contrib.auth.backends.ModelBackend")
    before = User.objects.count()
    rows = [*GOOD, ["ngoai.tinh", "Người Tỉnh Khác", "", "", "90020", "Công chức Tư pháp – Hộ tịch", ""]]
    location = client.post(reverse("accounts:user_import"), {"file": _workbook(rows)})["Location"]
    Worker(db_backend).run(burst=True)
    page = client.get(location).content.decode()
    assert "Chưa nhập: tệp có lỗi" in page and "nằm ngoài phạm vi quản lý của bạn" in page
    assert User.objects.count() == before


def test_a_retried_import_does_not_import_twice(world: World, client, db_backend) -> None:
    from tiepcan.accounts.tasks import import_users_file

    client.force_login(world.users[Role.PROVINCE_ADMIN], backend="django.contrib.auth.backends.ModelBackend")
    client.post(reverse("accounts:user_import"), {"file": _workbook(GOOD)})
    key = Job.objects.get().args[0]
    Worker(db_backend).run(burst=True)
    again = import_users_file.call(key, world.users[Role.PROVINCE_ADMIN].pk)
    assert again["ok"] is False and again["created"] == []
    assert User.objects.filter(username="ct.dongtam").count() == 1
