"""Reminders before a task falls due and when it is overdue (in the application and by e-mail)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import AGENCY_BOUND_ACTIONS, ROLE_ACTIONS
from tiepcan.core.notifications import notify
from tiepcan.plans.models import Task

REPORTING_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.REPORT_PROGRESS in actions]
AGENCY_REPORTING_ROLES = [
    r for r, actions in AGENCY_BOUND_ACTIONS.items() if Action.REPORT_PROGRESS in actions
]


def reporting_assignments() -> Any:
    """Active role assignments that report on agencies' work (the finance officer's only for an agency)."""
    return RoleAssignment.objects.active().filter(
        Q(role__in=REPORTING_ROLES) | Q(role__in=AGENCY_REPORTING_ROLES, agency__isnull=False)
    )


def people_of_agencies(agencies: list[Any]) -> dict[int, list[Any]]:
    """People who report for each agency: its own focal points, else role holders at its unit."""
    agency_ids = {a.pk for a in agencies}
    unit_ids = {a.unit_id for a in agencies if a.unit_id}
    by_agency: dict[int, list[Any]] = defaultdict(list)
    by_unit: dict[int, list[Any]] = defaultdict(list)
    for assignment in reporting_assignments().select_related("user"):
        if assignment.agency_id in agency_ids:
            by_agency[assignment.agency_id].append(assignment.user)
        elif assignment.agency_id is None and assignment.unit_id in unit_ids:
            by_unit[assignment.unit_id].append(assignment.user)
    return {a.pk: by_agency.get(a.pk) or by_unit.get(a.unit_id, []) for a in agencies}


def responsible_people(tasks: list[Task]) -> dict[int, list[Any]]:
    """People who report on each task's agency: its focal points, or role holders at its unit."""
    people = people_of_agencies(list({t.agency_id: t.agency for t in tasks}.values()))
    return {t.pk: people.get(t.agency_id, []) for t in tasks}


def send_task_reminders(today: date, days_ahead: int = 7) -> dict[str, int]:
    """Notify once per task "due soon" (within ``days_ahead``) and once "overdue"; safe to run often."""
    soon = list(
        Task.objects.open()
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=days_ahead))
        .select_related("activity__group", "agency")
    )
    late = list(Task.objects.overdue(today).select_related("activity__group", "agency"))
    people = responsible_people(soon + late)
    counts = {"due_soon": 0, "overdue": 0}
    for task in soon:
        counts["due_soon"] += notify(
            people[task.pk],
            _("Nhiệm vụ sắp đến hạn (%(due)s): %(ref)s")
            % {"due": f"{task.due_on:%d/%m/%Y}", "ref": task.activity.reference},
            _("%(title)s – %(agency)s, kỳ %(label)s.")
            % {"title": task.activity.title[:200], "agency": task.agency.name, "label": task.label},
            reverse("plans:task_detail", kwargs={"pk": task.pk}),
            dedupe_key=f"task-due-{task.pk}",
        )
    for task in late:
        counts["overdue"] += notify(
            people[task.pk],
            _("Nhiệm vụ quá hạn từ %(due)s: %(ref)s")
            % {"due": f"{task.due_on:%d/%m/%Y}", "ref": task.activity.reference},
            _("%(title)s – %(agency)s, kỳ %(label)s. Hãy báo cáo tiến độ.")
            % {"title": task.activity.title[:200], "agency": task.agency.name, "label": task.label},
            reverse("plans:task_detail", kwargs={"pk": task.pk}),
            dedupe_key=f"task-overdue-{task.pk}",
        )
    return counts
