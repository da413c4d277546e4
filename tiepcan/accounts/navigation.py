"""The menu each person sees, built from their grants (never shown = never allowed)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    icon: str
    action: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU: list[MenuItem] = [
    MenuItem(_("Tổng quan"), "home", "home", Action.VIEW),
    MenuItem(_("Đơn vị hành chính"), "units:unit_list", "map", Action.VIEW),
    MenuItem(_("Cơ quan, đơn vị"), "units:agency_list", "building-office-2", Action.VIEW),
    MenuItem(_("Kế hoạch"), "plans:plan_list", "document-text", Action.VIEW),
    MenuItem(_("Nhiệm vụ của tôi"), "plans:my_tasks", "check-circle", Action.REPORT_PROGRESS),
    MenuItem(_("Người dùng"), "accounts:user_list", "users", Action.MANAGE_USERS),
    MenuItem(_("Nhật ký thay đổi"), "core:audit_list", "clipboard-document-list", Action.VIEW_AUDIT),
]


def menu_for(request: HttpRequest) -> list[dict[str, object]]:
    grants = grants_for(request.user)
    items = []
    for item in MENU:
        if grants.has_any(item.action):
            url = item.url
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "icon": item.icon,
                    "active": request.path == url or (url != "/" and request.path.startswith(url)),
                }
            )
    return items
