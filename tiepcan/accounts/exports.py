"""The users list as .xlsx (the manager's scope and the page's search and role filter)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.jobs.exports import BOOL, DATE, DATETIME, TEXT, Column, Export


def _columns(context: dict[str, Any]) -> list[Column]:
    return [
        Column(_("Họ và tên"), TEXT, 28),
        Column(_("Tên đăng nhập"), TEXT, 20),
        Column(_("Số điện thoại"), TEXT, 14),
        Column(_("Thư điện tử"), TEXT, 28),
        Column(_("Chức vụ"), TEXT, 20),
        Column(_("Vai trò đang hiệu lực"), TEXT, 50),
        Column(_("Đang hoạt động"), BOOL, 12),
        Column(_("Ngày tạo"), DATE, 12),
        Column(_("Đăng nhập lần cuối"), DATETIME, 17),
    ]


def _rows(users: list[User], context: dict[str, Any]) -> Any:
    for person in users:
        roles = "; ".join(
            f"{r.get_role_display()}"
            + (f" – {r.unit.name}" if r.unit else "")
            + (f" ({r.agency.name})" if r.agency else "")
            for r in person.active_roles
        )
        yield [
            person.full_name,
            person.username,
            person.phone,
            person.email,
            person.position,
            roles,
            person.is_active,
            person.date_joined.date() if person.date_joined else None,
            person.last_login,
        ]


USERS = Export(
    name="tiepcan.accounts.exports.USERS",
    title=_("Người dùng"),
    model=User,
    action=Action.MANAGE_USERS,
    columns=_columns,
    rows=_rows,
    related=lambda qs: qs.prefetch_related(
        Prefetch(
            "roles",
            queryset=RoleAssignment.objects.filter(is_active=True)
            .select_related("unit", "agency")
            .order_by("role"),
            to_attr="active_roles",
        )
    ),
)
