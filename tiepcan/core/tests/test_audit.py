"""The audit trail: automatic, with actor, request id and reason, and never editable."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core import audit
from tiepcan.core.choices import AuditAction
from tiepcan.core.models import AuditEntry
from tiepcan.core.testing import World
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
    assert entries[2].after is None and entries[2].before["name"] == "Tỉnh Mới"


def test_it_writes_nothing_when_a_save_changes_nothing() -> None:
    unit = Unit.objects.create(kind=UnitKind.PROVINCE, code="77", name="Tỉnh Cũ")
    count = AuditEntry.objects.count()
    unit.save()
    assert AuditEntry.objects.count() == count


def test_it_names_the_actor_and_request_of_a_web_change(world: World, client) -> None:  # type: ignore[no-untyped-def]
    admin = world.users[Role.PROVINCE_ADMIN]
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    target = world.users["target"]
    response = client.post(
        reverse("accounts:password_reset", kwargs={"pk": target.pk}), HTTP_X_REQUEST_ID="req-test-12345"
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(content_type__model="user", object_id=str(target.pk)).latest("id")
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


def test_the_audit_page_lets_a_province_admin_filter_by_person(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[Role.PROVINCE_ADMIN])
    client.post(reverse("accounts:password_reset", kwargs={"pk": world.users["target"].pk}))
    page = client.get(reverse("core:audit_list"), {"nguoi": world.users[Role.PROVINCE_ADMIN].username})
    assert page.status_code == 200
    assert "Người được quản lý" in page.content.decode()
    other = client.get(reverse("core:audit_list"), {"nguoi": "khong-ai-ca"})
    assert "Người được quản lý" not in other.content.decode()


def test_the_audit_page_hides_other_provinces(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[Role.PROVINCE_ADMIN])
    html = client.get(reverse("core:audit_list"), {"doi_tuong": "units.unit"}).content.decode()
    assert "Xã Đồng Tâm" in html
    assert "Xã Biên Giới" not in html
