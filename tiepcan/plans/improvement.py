"""Assigning improvement actions (Hoạt động II.2.4): one per commune and indicator, its agency told."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core import rules
from tiepcan.core.notifications import notify
from tiepcan.plans.choices import FollowUpStatus
from tiepcan.plans.models import ImprovementAction
from tiepcan.plans.reminders import people_of_agencies


def assign(
    *, period: Any, unit: Any, indicator: str, title: str, responsible: Any, due_on: date | None, actor: Any
) -> ImprovementAction:
    """Give an action to an agency and tell the people who report for it (in the app and by e-mail).

    A commune's indicator gets one action a period: a second one is refused (the unique
    constraint settles two administrators assigning at once).
    """
    rules.check(actor, "plans.improvement_assign", period)
    if indicator and ImprovementAction.objects.filter(period=period, unit=unit, indicator=indicator).exists():
        raise ValidationError(
            _("Chỉ tiêu %(code)s của %(unit)s đã được giao giải pháp.")
            % {"code": indicator, "unit": unit.name}
        )
    try:
        with transaction.atomic():
            action = ImprovementAction.objects.create(
                period=period,
                unit=unit,
                indicator=indicator,
                title=title,
                responsible=responsible,
                due_on=due_on,
                created_by=actor,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Chỉ tiêu %(code)s của %(unit)s đã được giao giải pháp.")
            % {"code": indicator, "unit": unit.name}
        ) from error
    people = people_of_agencies([responsible]).get(responsible.pk, [])
    url = reverse("plans:improvement", kwargs={"pk": period.pk})
    transaction.on_commit(
        lambda: notify(
            people,
            _("Được giao giải pháp khắc phục: %(unit)s%(code)s")
            % {"unit": unit.name, "code": f" · {indicator}" if indicator else ""},
            _("%(title)s%(due)s")
            % {"title": title, "due": _(" – hạn %(d)s") % {"d": f"{due_on:%d/%m/%Y}"} if due_on else ""},
            url,
            dedupe_key=f"improvement-{action.pk}",
        )
    )
    return action


def open_actions_for(user: Any) -> Any:
    """Open improvement actions of the agencies the person reports for ("Nhiệm vụ của tôi")."""
    grants = grants_for(user)
    rows = ImprovementAction.objects.for_user(user, Action.VIEW).filter(status=FollowUpStatus.OPEN)
    if not grants.is_global(Action.REPORT_PROGRESS):
        rows = rows.filter(grants.agency_q(Action.REPORT_PROGRESS, "responsible"))
    return rows.select_related("unit", "responsible", "period").order_by("due_on", "id")
