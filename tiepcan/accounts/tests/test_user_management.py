"""Province administrators manage people and roles inside their province only."""

from __future__ import annotations

import html
import re
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tiepcan.accounts.choices import Role
from tiepcan.accounts.excel_import import COLUMNS, HEADERS, template_workbook
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.core.choices import AuditAction
from tiepcan.core.models import AuditEntry
from tiepcan.testing import PASSWORD, World, make_user

pytestmark = pytest.mark.django_db


def _workbook(rows: list[list[str]]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append([HEADERS[c] for c in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "nguoi-dung.xlsx"
    return buffer


def test_the_template_downloads_with_vietnamese_headers(world: World, login) -> None:
    response = login(world.users[Role.PROVINCE_ADMIN]).get(reverse("accounts:user_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == [HEADERS[c] for c in COLUMNS]
    assert template_workbook()[:2] == b"PK"


def test_it_imports_every_row_when_all_are_valid(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    upload = _workbook(
        [
            [
                "ct.dongtam",
                "Hà Văn Tâm",
                "0912 345 678",
                "tam@example.vn",
                "90010",
                "Chủ tịch UBND cấp xã",
                "",
            ],
            ["ct.dongtam", "Hà Văn Tâm", "0912345678", "tam@example.vn", "90011", "commune_chairman", ""],
            ["daumoi.stp", "Lò Thị Hạnh", "", "", "91", "Đầu mối cơ quan, đơn vị", "so-tu-phap"],
        ]
    )
    response = client.post(reverse("accounts:user_import"), {"file": upload})
    assert response.status_code == 200, response.content.decode()
    tam = User.objects.get(username="ct.dongtam")
    assert tam.full_name == "Hà Văn Tâm" and tam.must_change_password and tam.phone == "0912345678"
    assert RoleAssignment.objects.filter(user=tam, role=Role.COMMUNE_CHAIRMAN).count() == 2
    assert RoleAssignment.objects.get(user__username="daumoi.stp").agency == world.agencies["stp1"]
    assert "ct.dongtam" in response.content.decode()


def test_it_imports_nothing_and_lists_every_bad_row(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    before = User.objects.count()
    upload = _workbook(
        [
            ["hop.le", "Người Hợp Lệ", "", "", "90010", "Công chức Tư pháp – Hộ tịch", ""],
            ["Sai Ten", "", "abc", "khong-phai-email", "99999", "Vai trò lạ", ""],
            ["ngoai.tinh", "Người Tỉnh Khác", "", "", "90020", "Công chức Tư pháp – Hộ tịch", ""],
            ["sai.cap", "Người Sai Cấp", "", "", "91", "Công chức Tư pháp – Hộ tịch", ""],
            ["thieu.coquan", "Người Thiếu Cơ Quan", "", "", "91", "Đầu mối cơ quan, đơn vị", ""],
            ["u_target", "Trùng Tên", "", "", "90010", "Công chức Tư pháp – Hộ tịch", ""],
        ]
    )
    response = client.post(reverse("accounts:user_import"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert User.objects.count() == before
    for text in [
        "Tên đăng nhập “Sai Ten” không hợp lệ",
        "Thiếu họ và tên",
        "Số điện thoại “abc” không hợp lệ",
        "Thư điện tử “khong-phai-email” không hợp lệ",
        "Không tìm thấy đơn vị có mã “99999”",
        "Vai trò “Vai trò lạ” không có trong danh sách",
        "nằm ngoài phạm vi quản lý của bạn",
        "chỉ gán ở: Cấp xã",
        "Đầu mối phải gắn với một cơ quan, đơn vị",
        "Tên đăng nhập “u_target” đã có trong hệ thống",
    ]:
        assert text in html, text


def test_a_file_that_is_not_excel_is_refused(world: World, login) -> None:
    fake = BytesIO(b"%PDF-1.7 not a workbook")
    fake.name = "nguoi-dung.xlsx"
    response = login(world.users[Role.PROVINCE_ADMIN]).post(reverse("accounts:user_import"), {"file": fake})
    assert response.status_code == 400
    assert "Tệp không phải Excel .xlsx" in response.content.decode()


def test_a_role_cannot_be_granted_outside_the_admins_province(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    target = world.users["target"]
    response = client.post(
        reverse("accounts:role_add", kwargs={"pk": target.pk}),
        {"role": Role.COMMUNE_OFFICER, "unit": world.units["N3"].pk},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=target, unit=world.units["N3"]).exists()


def test_a_province_admin_cannot_grant_system_administration(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    target = world.users["target"]
    response = client.post(
        reverse("accounts:role_add", kwargs={"pk": target.pk}),
        {"role": Role.SYSTEM_ADMIN, "unit": world.units["P1"].pk},
    )
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=target, role=Role.SYSTEM_ADMIN).exists()


def test_creating_a_user_gives_a_temporary_password(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "cb.autam",
            "full_name": "Đỗ Thị Âu",
            "role": Role.COMMUNE_OFFICER,
            "unit": world.units["N2"].pk,
        },
    )
    assert "Mật khẩu tạm thời" in response.content.decode()
    user = User.objects.get(username="cb.autam")
    assert user.check_password(shown_password(response))
    assert_shown_once(response, shown_password(response))
    assert user.must_change_password
    assert RoleAssignment.objects.get(user=user).unit == world.units["N2"]


def test_the_user_list_uses_a_bounded_number_of_queries(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    client.get(reverse("accounts:user_list"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:user_list"))
    for i in range(30):
        user = make_user(f"them_{i}", f"Người Thêm {i}")
        RoleAssignment.objects.create(user=user, role=Role.COMMUNE_OFFICER, unit=world.units["N1"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert len(many) == len(few) <= 12


def test_the_unit_list_uses_a_bounded_number_of_queries(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    client.get(reverse("units:unit_list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("units:unit_list"))
    assert response.status_code == 200
    assert len(queries) <= 10


def test_the_unit_switcher_accepts_only_the_users_own_units(world: World, login) -> None:
    officer = world.users[Role.COMMUNE_OFFICER]
    RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=world.units["N2"])
    client = login(officer)
    client.post(reverse("accounts:switch_unit"), {"unit": world.units["N2"].pk})
    assert client.session["active_unit_id"] == world.units["N2"].pk
    response = client.post(reverse("accounts:switch_unit"), {"unit": world.units["N3"].pk}, follow=True)
    assert client.session["active_unit_id"] == world.units["N2"].pk
    assert "Bạn không có vai trò tại đơn vị này" in response.content.decode()


def shown_password(response) -> str:
    match = re.search(r'<code class="fs-5">([^<]+)</code>', response.content.decode())
    assert match, "the temporary password is shown on the response page"
    return html.unescape(match.group(1))


def assert_shown_once(response, password: str) -> None:
    """Not in a cookie (message storage decoded), the session, the audit, nor any cache."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    request = response.wsgi_request
    for cookie in response.cookies.values():
        assert password not in cookie.value
        if cookie.key == "messages" and cookie.value:
            # The messages a next request would read from this cookie (none if it does not decode).
            reader = RequestFactory().get("/")
            reader.COOKIES[cookie.key] = cookie.value
            assert all(password not in str(m) for m in CookieStorage(reader))
    assert password not in str(dict(request.session))
    for entry in AuditEntry.objects.all():
        assert password not in f"{entry.before} {entry.after} {entry.reason} {entry.object_repr}"


def test_a_reset_password_is_shown_once_on_the_response_page_only(world: World, login) -> None:
    target = world.users["target"]
    client = login(world.users[Role.PROVINCE_ADMIN])
    response = client.post(reverse("accounts:password_reset", kwargs={"pk": target.pk}))
    password = shown_password(response)
    assert_shown_once(response, password)
    target.refresh_from_db()
    assert target.check_password(password) and target.must_change_password
    # Coming back to the person's page does not show it again.
    assert (
        password not in client.get(reverse("accounts:user_detail", kwargs={"pk": target.pk})).content.decode()
    )


def _lock_out(client, username: str) -> None:
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": username, "password": "sai-mat-khau"})


def test_an_administrator_sees_a_lockout_and_lifts_it(world: World, login) -> None:
    from django.test import Client

    target = world.users["target"]
    person = Client()
    _lock_out(person, target.username)
    assert (
        person.post(
            reverse("accounts:login"), {"username": target.username, "password": PASSWORD}
        ).status_code
        == 429
    )

    admin = login(world.users[Role.PROVINCE_ADMIN])
    page = admin.get(reverse("accounts:user_detail", kwargs={"pk": target.pk})).content.decode()
    assert "Đang bị khoá đăng nhập từ địa chỉ 127.0.0.1 sau 6 lần sai" in page  # the 6th was refused too
    response = admin.post(reverse("accounts:user_unlock", kwargs={"pk": target.pk}), follow=True)
    assert f"Đã mở khoá đăng nhập cho {target.username}." in response.content.decode()
    assert "Không bị khoá" in response.content.decode()
    assert (
        person.post(
            reverse("accounts:login"), {"username": target.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    entry = AuditEntry.objects.filter(action=AuditAction.UNLOCK).get()
    assert entry.actor_id == world.users[Role.PROVINCE_ADMIN].pk and entry.object_id == str(target.pk)


def test_resetting_the_password_of_a_locked_out_person_lifts_the_lock(world: World, login) -> None:
    from django.test import Client

    target = world.users["target"]
    person = Client()
    _lock_out(person, target.username)
    response = login(world.users[Role.PROVINCE_ADMIN]).post(
        reverse("accounts:password_reset", kwargs={"pk": target.pk})
    )
    password = shown_password(response)
    assert (
        person.post(
            reverse("accounts:login"), {"username": target.username, "password": password}
        ).status_code
        == 302
    )


def test_an_administrator_of_another_province_cannot_lift_a_lock(world: World, login) -> None:
    from django.test import Client

    foreign = world.users["foreign_officer"]
    _lock_out(Client(), foreign.username)
    response = login(world.users[Role.PROVINCE_ADMIN]).post(
        reverse("accounts:user_unlock", kwargs={"pk": foreign.pk})
    )
    assert response.status_code == 404
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.filter(username=foreign.username).exists()
