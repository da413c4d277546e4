"""The menu each person sees, built from their grants (never shown = never allowed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str = ""
    icon: str = ""
    action: str = Action.VIEW
    children: tuple[MenuItem, ...] = field(default_factory=tuple)


MENU: list[MenuItem] = [
    MenuItem(_("Tổng quan"), "home", "home"),
    MenuItem(_("Đánh giá"), "assessments:period_list", "clipboard-document-check", Action.VIEW_ASSESSMENTS),
    MenuItem(
        _("Kế hoạch"),
        icon="document-text",
        children=(
            MenuItem(_("Kế hoạch triển khai"), "plans:plan_list"),
            MenuItem(_("Theo dõi nhiệm vụ"), "plans:task_list"),
            MenuItem(_("Tiến độ theo thời gian"), "plans:timeline"),
            MenuItem(_("Lịch các mốc hạn"), "plans:calendar"),
            MenuItem(_("Kiểm tra, giám sát"), "plans:inspection_list"),
            MenuItem(_("Xã điểm chỉ đạo"), "plans:pilot_list"),
            MenuItem(_("Sơ kết, tổng kết"), "plans:conference_list"),
            MenuItem(_("Kinh phí"), "plans:budget_list"),
            MenuItem(_("Báo cáo định kỳ"), "plans:report_request_list"),
            MenuItem(_("Khó khăn, vướng mắc"), "plans:difficulty_list"),
            MenuItem(_("Công chức theo dõi"), "plans:staff_list"),
        ),
    ),
    MenuItem(_("Nhiệm vụ của tôi"), "plans:my_tasks", "check-circle", Action.REPORT_PROGRESS),
    MenuItem(
        _("Danh mục"),
        icon="map",
        children=(
            MenuItem(_("Đơn vị hành chính"), "units:unit_list"),
            MenuItem(_("Cơ quan, đơn vị"), "units:agency_list"),
            MenuItem(_("Bộ tiêu chí"), "frameworks:framework_list"),
        ),
    ),
    MenuItem(
        _("Quản trị"),
        icon="cog-6-tooth",
        action=Action.MANAGE_USERS,
        children=(
            MenuItem(_("Người dùng"), "accounts:user_list", action=Action.MANAGE_USERS),
            MenuItem(_("Nhật ký thay đổi"), "core:audit_list", action=Action.VIEW_AUDIT),
            MenuItem(_("Tác vụ nền"), "jobs:job_list", action=Action.MANAGE_JOBS),
            MenuItem(_("Khóa API"), "api:key_list", action=Action.MANAGE_USERS),
            MenuItem(_("Nhập kết quả các năm trước"), "reports:result_import", action=Action.IMPORT_RESULTS),
            MenuItem(_("Kho chứng thư số"), "signatures:trust_store", action=Action.MANAGE_TRUST_STORE),
            MenuItem(_("Lịch ngày làm việc"), "workdays:calendar", action=Action.MANAGE_FRAMEWORKS),
        ),
    ),
]


def _entry(request: HttpRequest, item: MenuItem, allowed: set[str]) -> dict[str, object] | None:
    if item.action not in allowed:
        return None
    if item.children:
        children = [c for c in (_entry(request, child, allowed) for child in item.children) if c]
        if not children:
            return None
        return {
            "label": item.label,
            "icon": item.icon,
            "children": children,
            "active": any(c["active"] for c in children),
        }
    url = reverse(item.url_name)
    return {
        "label": item.label,
        "url": url,
        "icon": item.icon,
        "active": request.path == url or (url != "/" and request.path.startswith(url)),
    }


def menu_for(request: HttpRequest) -> list[dict[str, object]]:
    grants = grants_for(request.user)
    allowed = {action for action in Action.values if grants.has_any(action)}
    return [entry for entry in (_entry(request, item, allowed) for item in MENU) if entry]
