from django.db import models
from django.utils.translation import gettext_lazy as _


class DaySource(models.TextChoices):
    """Where a calendar row came from: the holiday library, or an administrator's decision."""

    LIBRARY = "library", _("Theo thư viện ngày lễ")
    ADMIN = "admin", _("Quản trị viên nhập")
