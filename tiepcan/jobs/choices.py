from django.db import models
from django.tasks import TaskResultStatus
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """The states of Django's ``TaskResultStatus``, with the words administrators read."""

    READY = TaskResultStatus.READY.value, _("Đang chờ")
    RUNNING = TaskResultStatus.RUNNING.value, _("Đang chạy")
    FAILED = TaskResultStatus.FAILED.value, _("Lỗi")
    SUCCESSFUL = TaskResultStatus.SUCCESSFUL.value, _("Hoàn thành")
