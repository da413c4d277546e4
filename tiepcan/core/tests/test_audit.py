"""The audit trail: automatic, with actor, request id and reason, and never editable."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core import audit
from tiepcan.core.choices import SECURITY_ACTIONS, AuditAction
from tiepcan.core.models import AuditEntry
from tiepcan.testing import PASSWORD, World
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


def test_it_records_creation_update_and_deletion_with_before_and_after() -> None:
    unit = Unit.objects.create(kind=UnitKind.PROVINCE, code="77", name="Tỉnh Cũ")
    with audit.reason("Sửa chính tả"):
        unit.name = "Tỉnh Mới"
        unit.save()
    pk = unit.pk
    unit.delete()
    entries = list(AuditEntry.objects.filter(object_id=str(pk)).order_by("id"))
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    update = entries[1]
    assert ("name", "Tỉnh Cũ", "Tỉnh Mới") in update.changes()
    assert update.reason == "Sửa chính tả"
    deleted = entries[2]
    assert deleted.after is None and deleted.before is not None and deleted.before["name"] == "Tỉnh Mới"


def test_it_writes_nothing_when_a_save_changes_nothing() -> None:
    unit = Unit.objects.create(kind=UnitKind.PROVINCE, code="77", name="Tỉnh Cũ")
    count = AuditEntry.objects.count()
    unit.save()
    assert AuditEntry.objects.count() == count


def test_it_names_the_actor_and_request_of_a_web_change(world: World, client) -> None:
    admin = world.users[Role.PROVINCE_ADMIN]
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    target = world.users["target"]
    response = client.post(
        reverse("accounts:password_reset", kwargs={"pk": target.pk}), HTTP_X_REQUEST_ID="req-test-12345"
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(
        content_type__model="user", object_id=str(target.pk), action=AuditAction.UPDATE
    ).latest("id")
    assert entry.actor_id == admin.pk
    assert entry.actor_label == admin.username
    assert entry.request_id == "req-test-12345"
    assert entry.reason == "Quản trị viên đặt lại mật khẩu"
    assert "password" not in (entry.after or {})  # secrets never reach the log


def test_an_entry_cannot_be_changed_or_deleted_through_the_orm() -> None:
    Unit.objects.create(kind=UnitKind.PROVINCE, code="77", name="Tỉnh Cũ")
    entry = AuditEntry.objects.latest("id")
    entry.reason = "giả mạo"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="giả mạo")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_to_update_an_entry() -> None:
    Unit.objects.create(kind=UnitKind.PROVINCE, code="77", name="Tỉnh Cũ")
    entry = AuditEntry.objects.latest("id")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET reason = %s WHERE id = %s", ["giả mạo", entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_commands_get_a_request_id_of_their_own() -> None:
    with audit.audit_context(reason="nhập dữ liệu"):
        Unit.objects.create(kind=UnitKind.PROVINCE, code="77", name="Tỉnh Cũ")
    entry = AuditEntry.objects.latest("id")
    assert entry.request_id.startswith("cmd-")
    assert entry.reason == "nhập dữ liệu"


def test_the_audit_page_lets_a_province_admin_filter_by_person(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    client.post(reverse("accounts:password_reset", kwargs={"pk": world.users["target"].pk}))
    page = client.get(reverse("core:audit_list"), {"nguoi": world.users[Role.PROVINCE_ADMIN].username})
    assert page.status_code == 200
    assert "Người được quản lý" in page.content.decode()
    other = client.get(reverse("core:audit_list"), {"nguoi": "khong-ai-ca"})
    assert "Người được quản lý" not in other.content.decode()


def test_the_audit_page_hides_other_provinces(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("core:audit_list"), {"doi_tuong": "units.unit"}).content.decode()
    assert "Xã Đồng Tâm" in html
    assert "Xã Biên Giới" not in html


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Thử nghiệm"


def _events(user_pk: int | None = None) -> list[AuditEntry]:
    entries = AuditEntry.objects.filter(action__in=SECURITY_ACTIONS).order_by("id")
    return list(entries.filter(object_id=str(user_pk)) if user_pk else entries)


def test_it_records_sign_in_failed_sign_in_and_sign_out_with_address_and_browser(world: World) -> None:
    from django.test import Client

    officer = world.users[Role.COMMUNE_OFFICER]
    client = Client(HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.23")
    client.post(reverse("accounts:login"), {"username": officer.username, "password": "sai-mat-khau-123"})
    client.post(reverse("accounts:login"), {"username": officer.username, "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    entries = _events(officer.pk)
    assert [e.action for e in entries] == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.LOGOUT]
    failed, signed_in, signed_out = entries
    assert (failed.actor_id, failed.actor_label) == (None, officer.username)
    assert (signed_in.actor_id, signed_out.actor_id) == (officer.pk, officer.pk)
    for entry in entries:
        assert (entry.ip_address, entry.user_agent) == ("198.51.100.23", BROWSER)
        assert entry.unit_path == world.units["N1"].path  # the officer's province administrators see it
        for secret in ("sai-mat-khau-123", PASSWORD):
            assert secret not in f"{entry.before} {entry.after} {entry.object_repr} {entry.reason}"


def test_it_records_a_failed_sign_in_for_a_username_that_names_nobody(client) -> None:
    client.post(reverse("accounts:login"), {"username": "khong.ton.tai", "password": "sai-mat-khau"})
    entry = _events()[-1]
    assert (entry.action, entry.object_repr, entry.object_id, entry.unit_path) == (
        AuditAction.LOGIN_FAILED,
        "khong.ton.tai",
        "",
        "",
    )


def test_it_records_a_lockout(world: World) -> None:
    from django.test import Client

    target = world.users["target"]
    client = Client(REMOTE_ADDR="198.51.100.24")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": target.username, "password": "sai-mat-khau"})
    actions = [e.action for e in _events(target.pk)]
    assert actions.count(AuditAction.LOGIN_FAILED) == 5 and actions.count(AuditAction.LOCKOUT) == 1
    lock = next(e for e in _events(target.pk) if e.action == AuditAction.LOCKOUT)
    assert (lock.ip_address, lock.actor_label) == ("198.51.100.24", target.username)


def test_it_records_a_password_change_and_an_administrators_reset_apart(world: World) -> None:
    from django.test import Client

    officer = world.users[Role.COMMUNE_OFFICER]
    own = Client(HTTP_USER_AGENT=BROWSER)
    own.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    new = "Mot-mat-khau-moi-2026!"
    own.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    admin = Client()
    admin.force_login(world.users[Role.PROVINCE_ADMIN], backend="django.contrib.auth.backends.ModelBackend")
    admin.post(reverse("accounts:password_reset", kwargs={"pk": officer.pk}))
    changed, reset = [e for e in _events(officer.pk) if e.action.startswith("password")]
    assert (changed.action, changed.actor_id, changed.user_agent) == (
        AuditAction.PASSWORD_CHANGE,
        officer.pk,
        BROWSER,
    )
    assert (reset.action, reset.actor_id) == (AuditAction.PASSWORD_RESET, world.users[Role.PROVINCE_ADMIN].pk)
    assert all(new not in f"{e.before} {e.after}" for e in AuditEntry.objects.all())


def test_the_audit_browser_shows_sign_in_events_in_vietnamese(world: World, login) -> None:
    from django.test import Client

    target = world.users["target"]
    Client(HTTP_USER_AGENT=BROWSER).post(
        reverse("accounts:login"), {"username": target.username, "password": "sai-mat-khau"}
    )
    client = login(world.users[Role.PROVINCE_ADMIN])
    page = client.get(reverse("core:audit_list"), {"hanh_dong": AuditAction.LOGIN_FAILED}).content.decode()
    assert "Đăng nhập không thành công" in page and target.username in page
    assert "Sửa" not in page.split("<tbody>", 1)[1]  # only the chosen kind of event
    entry = _events(target.pk)[-1]
    detail = client.get(reverse("core:audit_detail", kwargs={"pk": entry.pk})).content.decode()
    assert "Địa chỉ IP" in detail and "127.0.0.1" in detail and "Thử nghiệm" in detail
