"""The menu each person sees, built from their grants (never shown = never allowed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    # Shown to holders of any of these actions (besides ``action``): a page everyone may read is
    # still listed only for the roles that work there, so each role's menu is its own work.
    used_by: tuple[str, ...] = ()

    def shown(self, allowed: set[str]) -> bool:
        if self.action not in allowed:
            return False
        return not self.used_by or any(a in allowed for a in self.used_by)


A = Action
# Who works on the plan's follow-up pages: its managers and the agencies (and communes) reporting.
PLAN_WORK = (A.MANAGE_PLAN, A.REPORT_PROGRESS)


MENU: list[MenuItem] = [
    MenuItem(_("Tổng quan"), "home", "home"),
    MenuItem(_("Đánh giá"), "assessments:period_list", "clipboard-document-check", Action.VIEW_ASSESSMENTS),
    MenuItem(_("Bảng tổng hợp"), "dashboards:province", "chart-bar", Action.VIEW_ASSESSMENTS),
    MenuItem(_("Toàn quốc"), "dashboards:national", "globe-asia-australia", Action.VIEW_NATIONAL),
    MenuItem(
        _("Kế hoạch"),
        icon="document-text",
        children=(
            MenuItem(_("Kế hoạch triển khai"), "plans:plan_list"),
            MenuItem(_("Theo dõi nhiệm vụ"), "plans:task_list", used_by=(*PLAN_WORK, A.MANAGE_BUDGET)),
            MenuItem(_("Tiến độ theo thời gian"), "plans:timeline", used_by=(*PLAN_WORK, A.MANAGE_BUDGET)),
            MenuItem(_("Lịch các mốc hạn"), "plans:calendar"),
            MenuItem(_("Kiểm tra, giám sát"), "plans:inspection_list", used_by=PLAN_WORK),
            MenuItem(_("Xã điểm chỉ đạo"), "plans:pilot_list", used_by=(A.MANAGE_PLAN, A.REVIEW)),
            MenuItem(_("Sơ kết, tổng kết"), "plans:conference_list", used_by=PLAN_WORK),
            MenuItem(_("Kinh phí"), "plans:budget_list", used_by=(A.MANAGE_PLAN, A.MANAGE_BUDGET)),
            MenuItem(_("Báo cáo định kỳ"), "plans:report_request_list", used_by=PLAN_WORK),
            MenuItem(
                _("Khó khăn, vướng mắc"),
                "plans:difficulty_list",
                used_by=(*PLAN_WORK, A.SELF_ASSESS, A.REVIEW),
            ),
            MenuItem(_("Công chức theo dõi"), "plans:staff_list", used_by=(A.MANAGE_PLAN, A.MANAGE_UNITS)),
        ),
    ),
    MenuItem(_("Nhiệm vụ của tôi"), "plans:my_tasks", "check-circle", Action.REPORT_PROGRESS),
    MenuItem(
        _("Danh mục"),
        icon="map",
        children=(
            MenuItem(_("Đơn vị hành chính"), "units:unit_list", used_by=(A.MANAGE_UNITS, A.VIEW_ASSESSMENTS)),
            MenuItem(_("Cơ quan, đơn vị"), "units:agency_list", used_by=(A.MANAGE_UNITS, A.MANAGE_PLAN)),
            MenuItem(_("Bộ tiêu chí"), "frameworks:framework_list", used_by=(A.VIEW_ASSESSMENTS,)),
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


def allowed_actions(user: Any) -> set[str]:
    """The actions the person holds somewhere: what decides which entries they see."""
    grants = grants_for(user)
    return {action for action in Action.values if grants.has_any(action)}
