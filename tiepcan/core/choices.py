from django.db import models
from django.utils.translation import gettext_lazy as _

# The grant that reads the audit trail. Core names it without importing accounts, whose
# ``Action.VIEW_AUDIT`` has the same value (a test checks it).
VIEW_AUDIT = "view_audit"


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo mới")
    UPDATE = "update", _("Sửa")
    DELETE = "delete", _("Xoá")
    IMPORT = "import", _("Nhập dữ liệu")
    LOGIN = "login", _("Đăng nhập")
    LOGOUT = "logout", _("Đăng xuất")
    LOGIN_FAILED = "login_failed", _("Đăng nhập không thành công")
    LOCKOUT = "lockout", _("Bị khoá do đăng nhập sai nhiều lần")
    UNLOCK = "unlock", _("Mở khoá đăng nhập")
    PASSWORD_CHANGE = "password_change", _("Tự đổi mật khẩu")
    PASSWORD_RESET = "password_reset", _("Quản trị viên đặt lại mật khẩu")
    OTHER = "other", _("Khác")


# Events of signing in and of passwords: they carry the IP address and browser of the request.
SECURITY_ACTIONS = frozenset(
    {
        AuditAction.LOGIN,
        AuditAction.LOGOUT,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOCKOUT,
        AuditAction.UNLOCK,
        AuditAction.PASSWORD_CHANGE,
        AuditAction.PASSWORD_RESET,
    }
)
