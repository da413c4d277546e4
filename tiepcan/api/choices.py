from django.db import models
from django.utils.translation import gettext_lazy as _


class KeyKind(models.TextChoices):
    """Whose key it is: a person's own, or a system's (a client such as the provincial LGSP)."""

    PERSONAL = "personal", _("Khóa cá nhân")
    CLIENT = "client", _("Khóa hệ thống kết nối")


class KeyAccess(models.TextChoices):
    READ = "read", _("Chỉ đọc")
    WRITE = "write", _("Đọc và ghi")
