"""Forms parse input; invariants live on the models and services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.accounts.permissions import GLOBAL_ROLES, grants_for
from tiepcan.accounts.rules import role_target_problems
from tiepcan.core.forms import field_of
from tiepcan.units.models import Agency, Unit
from tiepcan.units.widgets import use_agency_picker, use_unit_picker


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khoá. Vui lòng liên hệ quản trị viên."),
    }


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "email", "position"]


class UserCreateForm(forms.ModelForm):
    """A new person with a first role at a unit inside the creator's scope."""

    role = forms.ChoiceField(label=_("Vai trò"))
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    agency = forms.ModelChoiceField(
        label=_("Cơ quan (đối với đầu mối)"), queryset=Agency.objects.none(), required=False
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "email", "position"]

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        field_of(self, "role", forms.ChoiceField).choices = grantable_role_choices(actor)
        use_unit_picker(field_of(self, "unit", forms.ModelChoiceField), actor, Action.MANAGE_USERS)
        field_of(self, "agency", forms.ModelChoiceField).queryset = Agency.objects.for_user(
            actor, "manage_users"
        ).vi_ordered()
        # Agencies acting this year, searched on the server (a country's worth for the system
        # administrator); a focal point of a dissolved district's office is no longer created.
        use_agency_picker(field_of(self, "agency", forms.ModelChoiceField), actor, timezone.localdate().year)
        self.fields["username"].help_text = _("Chữ thường không dấu, số, dấu chấm hoặc gạch dưới.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        clean_role_target(data.get("role"), data.get("unit"), data.get("agency"), self.add_error)
        return data


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["role", "unit", "agency", "valid_from", "valid_to", "note"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
            "valid_to": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "role", forms.ChoiceField).choices = grantable_role_choices(actor)
        # Only the system administrator grants the nation-wide roles, which have no unit; the rules
        # (role_target_problems) still ask every other role for one.
        self.fields["unit"].required = not grants_for(actor).is_global(Action.MANAGE_USERS)
        use_unit_picker(field_of(self, "unit", forms.ModelChoiceField), actor, Action.MANAGE_USERS)
        field_of(self, "agency", forms.ModelChoiceField).queryset = Agency.objects.for_user(
            actor, "manage_users"
        ).vi_ordered()
        use_agency_picker(field_of(self, "agency", forms.ModelChoiceField), actor, timezone.localdate().year)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        clean_role_target(data.get("role"), data.get("unit"), data.get("agency"), self.add_error)
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data


class UserImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn: tối đa 5 MB."))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("Tệp không phải Excel .xlsx (nội dung không đúng định dạng)."))
        return upload


def grantable_role_choices(actor: User) -> list[tuple[str, StrOrPromise]]:
    """System administrators grant every role; others every role held at a unit (not the global ones:
    system administration, the national viewer)."""
    grants = grants_for(actor)
    return [
        (value, label)
        for value, label in Role.choices
        if value not in GLOBAL_ROLES or grants.is_global("manage_users")
    ]


def clean_role_target(role: str | None, unit: Unit | None, agency: Agency | None, add_error: Any) -> None:
    """Shared rules of where a role may be held (forms and the Excel import use them)."""
    for field, message in role_target_problems(role, unit, agency):
        add_error(field, message)


class SwitchUnitForm(forms.Form):
    """The unit switcher in the header: which of the person's units to act for, and where to go back."""

    unit = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    next = forms.CharField(required=False, max_length=2000)

    def unit_id(self) -> int:
        """The unit asked for; 0 (no unit) when the value was not a whole number in range."""
        self.is_valid()  # each field is read on its own: a bad ``next`` keeps a good ``unit``
        return self.cleaned_data.get("unit") or 0

    def target(self) -> str:
        """Where to go back: a path on this site, else the home page (never another host)."""
        self.is_valid()
        target = self.cleaned_data.get("next") or "/"
        return target if target.startswith("/") and not target.startswith("//") else "/"


class ReasonForm(forms.Form):
    """The reason an administrator gives for a change, written to the audit log."""

    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)
