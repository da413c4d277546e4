"""Raising difficulties to the province and handling them: answer, forward, close (with steps)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.accounts.permissions import grants_for
from tiepcan.core import rules
from tiepcan.core.notifications import notify
from tiepcan.plans.models import Activity, Difficulty, DifficultyStatus, DifficultyStep, Task
from tiepcan.plans.reminders import people_of_agencies
from tiepcan.units.models import Agency

# Which step leads from which states (a closed difficulty stays closed).
STEPS = {
    "answer": ({DifficultyStatus.OPEN, DifficultyStatus.FORWARDED}, DifficultyStatus.ANSWERED),
    "forward": ({DifficultyStatus.OPEN, DifficultyStatus.FORWARDED}, DifficultyStatus.FORWARDED),
    "close": (
        {DifficultyStatus.OPEN, DifficultyStatus.FORWARDED, DifficultyStatus.ANSWERED},
        DifficultyStatus.CLOSED,
    ),
}


def _justice_department(province: Any) -> list[Any]:
    """The province's administrators (Sở Tư pháp), who receive difficulties for the People's Committee."""
    return [
        a.user
        for a in RoleAssignment.objects.active()
        .filter(role=Role.PROVINCE_ADMIN, unit=province)
        .select_related("user")
    ]


def raise_difficulty(
    *, user: Any, agency: Agency, activity: Activity, task: Task | None, title: str, description: str
) -> Difficulty:
    if not grants_for(user).allows_agency(Action.REPORT_PROGRESS, agency):
        raise PermissionDenied
    if task is not None and task.activity_id != activity.pk:
        raise ValidationError(_("Nhiệm vụ không thuộc hoạt động đã chọn."))
    with transaction.atomic():
        difficulty = Difficulty.objects.create(
            unit=agency.unit or activity.plan.province,
            agency=agency,
            activity=activity,
            task=task,
            title=title.strip(),
            description=description.strip(),
            raised_by=user,
        )
        DifficultyStep.objects.create(difficulty=difficulty, to_status=DifficultyStatus.OPEN, actor=user)
        url = reverse("plans:difficulty_detail", kwargs={"pk": difficulty.pk})
        people = _justice_department(activity.plan.province)
        transaction.on_commit(
            lambda: notify(
                people,
                _("Khó khăn, vướng mắc mới: %(title)s") % {"title": difficulty.title[:120]},
                _("%(agency)s nêu về hoạt động %(ref)s.")
                % {"agency": agency.name, "ref": activity.reference},
                url,
                dedupe_key=f"difficulty-{difficulty.pk}-open",
            )
        )
    return difficulty


def step(
    *, difficulty_id: int, user: Any, kind: str, note: str, forwarded_to: Agency | None = None
) -> Difficulty:
    """Move a difficulty one step under a row lock, writing the step row with the status change."""
    if kind not in STEPS:
        raise ValidationError(_("Thao tác không hợp lệ."))
    with transaction.atomic():
        difficulty = (
            Difficulty.objects.select_for_update(of=("self",))
            .select_related("activity__plan__province", "agency__unit", "forwarded_to__unit", "raised_by")
            .get(pk=difficulty_id)
        )
        rules.check(user, f"plans.difficulty_{kind}", difficulty)
        _sources, target = STEPS[kind]
        if kind == "answer" and not note.strip():
            raise ValidationError(_("Hãy ghi nội dung trả lời."))
        if kind == "forward":
            if forwarded_to is None:
                raise ValidationError(_("Hãy chọn cơ quan được chuyển để giải quyết."))
            difficulty.forwarded_to = forwarded_to
        previous = difficulty.status
        difficulty.status = target
        difficulty.save(update_fields=["status", "forwarded_to", "updated_at"])
        DifficultyStep.objects.create(
            difficulty=difficulty,
            from_status=previous,
            to_status=target,
            actor=user,
            note=note.strip(),
            forwarded_to=forwarded_to if kind == "forward" else None,
        )
        url = reverse("plans:difficulty_detail", kwargs={"pk": difficulty.pk})
        if kind == "forward" and forwarded_to is not None:
            people = people_of_agencies([forwarded_to]).get(forwarded_to.pk, [])
            title = _("Được chuyển giải quyết khó khăn: %(t)s") % {"t": difficulty.title[:120]}
        else:
            people = [
                difficulty.raised_by,
                *people_of_agencies([difficulty.agency]).get(difficulty.agency_id, []),
            ]
            title = _("Khó khăn “%(t)s”: %(s)s") % {
                "t": difficulty.title[:120],
                "s": difficulty.get_status_display(),
            }
        people = [p for p in people if p.pk != user.pk]
        transaction.on_commit(
            lambda: notify(
                people,
                title,
                note.strip()[:500],
                url,
                dedupe_key=f"difficulty-{difficulty.pk}-{target}-{previous}",
            )
        )
    return difficulty
