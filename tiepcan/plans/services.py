"""Operations on plans that span several rows: loading a plan file, generating tasks, reporting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.plans.choices import TaskStatus
from tiepcan.plans.models import OutputDocument, ProgressReport, Task


class StaleTask(ValidationError):
    """Someone else saved the task after this person opened it."""


@dataclass
class OutputInput:
    kind: str
    title: str
    number: str = ""
    issued_on: Any = None
    issuer: str = ""
    file: Any = None
    content_type: str = ""


def report_progress(
    *,
    task_id: int,
    user: Any,
    expected_version: int,
    progress: int,
    status: str,
    note: str,
    outputs: list[OutputInput],
) -> ProgressReport:
    """Record a progress report and move the task, atomically and under a row lock.

    The version check is optimistic locking: if the task changed since the form was
    opened, nothing is written and the person is told to reload.
    """
    if not 0 <= progress <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100%."))
    if status == TaskStatus.DONE and progress != 100:
        raise ValidationError(_("Nhiệm vụ hoàn thành phải có tiến độ 100%."))
    if status == TaskStatus.NOT_STARTED and progress > 0:
        raise ValidationError(_("Nhiệm vụ chưa thực hiện không thể có tiến độ lớn hơn 0%."))
    if not note.strip():
        raise ValidationError(_("Hãy ghi nội dung báo cáo."))
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("agency__unit").get(pk=task_id)
        # Re-check inside the transaction: the grant may have been withdrawn meanwhile.
        if not grants_for(user).allows_agency(Action.REPORT_PROGRESS, task.agency):
            raise PermissionDenied
        if task.version != expected_version:
            raise StaleTask(
                _(
                    "Nhiệm vụ vừa được người khác cập nhật. Hãy tải lại trang để xem thông tin mới nhất rồi báo cáo lại."
                )
            )
        if task.status == TaskStatus.CANCELLED:
            raise ValidationError(_("Nhiệm vụ đã huỷ, không nhận báo cáo tiến độ."))
        report = ProgressReport.objects.create(
            task=task, reported_by=user, progress=progress, status=status, note=note.strip()
        )
        for item in outputs:
            OutputDocument.objects.create(
                report=report,
                kind=item.kind,
                title=item.title,
                number=item.number,
                issued_on=item.issued_on,
                issuer=item.issuer,
                file=item.file,
                content_type=item.content_type,
            )
        task.progress = progress
        task.status = status
        task.completed_on = timezone.localdate() if status == TaskStatus.DONE else None
        task.version += 1
        task.save(update_fields=["progress", "status", "completed_on", "version", "updated_at"])
    return report
