"""Sign-in, profile, the unit switcher and the management of people and roles."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts import lockout, session
from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.excel_import import ImportResult, RowProblem, hand_out_passwords, template_workbook
from tiepcan.accounts.exports import USERS
from tiepcan.accounts.filters import user_filter
from tiepcan.accounts.forms import (
    LoginForm,
    ProfileForm,
    ReasonForm,
    RoleAssignmentForm,
    SwitchUnitForm,
    UserCreateForm,
    UserImportForm,
)
from tiepcan.accounts.http import AuthenticatedHttpRequest
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.accounts.permissions import forget_grants, grants_for
from tiepcan.accounts.tasks import import_users_file
from tiepcan.api.services import may_issue_own
from tiepcan.core import audit
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, paginate, querystring_without_page, require_action
from tiepcan.jobs import artifacts, exports
from tiepcan.jobs.backend import database_backend
from tiepcan.jobs.choices import JobStatus
from tiepcan.jobs.exports import XLSX
from tiepcan.jobs.models import Job


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu thông tin cá nhân."))
        return redirect("accounts:profile")
    roles = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("unit", "agency")
        .order_by("-is_active", "role")
    )

    return render(
        request,
        "accounts/profile.html",
        {"form": form, "roles": roles, "api_keys": may_issue_own(request.user)},
    )


@login_required
def password_change(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if user.must_change_password:
            user.must_change_password = False
            user.save(update_fields=["must_change_password"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_POST
def switch_unit(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SwitchUnitForm(request.POST)
    if not session.set_active_unit(request, form.unit_id()):
        messages.error(request, _("Bạn không có vai trò tại đơn vị này."))
    return redirect(form.target())


@require_action(Action.MANAGE_USERS)
def user_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    found = user_filter(request)
    if exports.requested(request):
        return exports.respond(request, USERS, found.qs)
    found.warn_invalid(request)
    page = paginate(request, found.qs)
    return render(
        request,
        "accounts/user_list.html",
        {"page": page, "roles": Role.choices, "querystring": querystring_without_page(request)},
    )


@require_action(Action.MANAGE_USERS)
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        password = secrets.token_urlsafe(9)
        with transaction.atomic():
            user = form.save(commit=False)
            user.set_password(password)
            user.must_change_password = True
            user.save()
            RoleAssignment.objects.create(
                user=user,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
                agency=form.cleaned_data["agency"],
            )
        return _show_once(request, user, password, created=True)
    return render(request, "accounts/user_form.html", {"form": form})


@require_action(Action.MANAGE_USERS)
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    roles = person.roles.select_related("unit", "agency").order_by("-is_active", "role")
    form = RoleAssignmentForm(actor=request.user)
    return render(
        request,
        "accounts/user_detail.html",
        {"person": person, "roles": roles, "form": form, "locks": lockout.locks(person)},
    )


@require_action(Action.MANAGE_USERS)
@require_POST
def role_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = RoleAssignmentForm(request.POST, actor=request.user)
    if form.is_valid():
        assignment = form.save(commit=False)
        assignment.user = person
        if RoleAssignment.objects.filter(
            user=person, role=assignment.role, unit=assignment.unit, agency=assignment.agency
        ).exists():
            messages.error(request, _("Người này đã có vai trò này tại đơn vị này."))
        else:
            assignment.save()
            forget_grants(person)
            messages.success(request, _("Đã gán vai trò."))
        return redirect("accounts:user_detail", pk=person.pk)
    roles = person.roles.select_related("unit", "agency")
    return render(
        request,
        "accounts/user_detail.html",
        {"person": person, "roles": roles, "form": form, "locks": lockout.locks(person)},
        status=400,
    )


@require_action(Action.MANAGE_USERS)
@require_POST
def role_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assignment = get_for_user_or_404(
        RoleAssignment.objects.select_related("user", "unit"), request.user, Action.MANAGE_USERS, pk=pk
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("accounts:user_detail", pk=assignment.user_id)
    with audit.reason(form.cleaned_data["reason"]):
        assignment.is_active = not assignment.is_active
        assignment.save(update_fields=["is_active", "updated_at"])
    messages.success(request, _("Đã cập nhật vai trò."))
    return redirect("accounts:user_detail", pk=assignment.user_id)


@require_action(Action.MANAGE_USERS)
@require_POST
def password_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if person.is_superuser and not grants_for(request.user).is_global(Action.MANAGE_USERS):
        raise PermissionDenied
    password = secrets.token_urlsafe(9)
    with transaction.atomic(), audit.reason(_("Quản trị viên đặt lại mật khẩu")):
        person.set_password(password)
        person.must_change_password = True
        person.save()
        # A person locked out after failed sign-ins is given a new password to sign in with.
        lockout.unlock(person, request)
    return _show_once(request, person, password, created=False)


def _show_once(request: HttpRequest, person: User, password: str, *, created: bool) -> HttpResponse:
    """The temporary password, on this response only: never in a message cookie, the session,
    the audit or a cache (the page is ``no-store``); reloading it does not show it again."""
    response = render(
        request,
        "accounts/temporary_password.html",
        {"person": person, "password": password, "created": created},
    )
    add_never_cache_headers(response)
    return response


@require_action(Action.MANAGE_USERS)
@require_POST
def user_toggle_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    if person.pk == request.user.pk:
        messages.error(request, _("Bạn không thể tự khoá tài khoản của mình."))
        return redirect("accounts:user_detail", pk=person.pk)
    if person.is_superuser and not grants_for(request.user).is_global(Action.MANAGE_USERS):
        raise PermissionDenied
    person.is_active = not person.is_active
    person.save(update_fields=["is_active"])
    messages.success(request, _("Đã mở khoá tài khoản.") if person.is_active else _("Đã khoá tài khoản."))
    return redirect("accounts:user_detail", pk=person.pk)


@require_action(Action.MANAGE_USERS)
@require_POST
def user_unlock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Lift a lockout after failed sign-ins (the lockout page sends people to their administrator)."""
    person = _person(request, pk)
    if person.is_superuser and not grants_for(request.user).is_global(Action.MANAGE_USERS):
        raise PermissionDenied
    if lockout.unlock(person, request):
        messages.success(request, _("Đã mở khoá đăng nhập cho %(u)s.") % {"u": person.username})
    else:
        messages.info(request, _("Tài khoản %(u)s không bị khoá đăng nhập.") % {"u": person.username})
    return redirect("accounts:user_detail", pk=person.pk)


@require_action(Action.MANAGE_USERS)
def user_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload the workbook; the import runs in the background (all or nothing) and its page shows
    the progress, then the result. With the immediate backend (tests) the result shows at once."""
    form = UserImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            key = f"import-users-{uuid.uuid4().hex}"
            artifacts.store(key, upload.read(), XLSX, "nhap-nguoi-dung.xlsx")
            job = import_users_file.enqueue(key, request.user.pk)
            if database_backend() is not None:
                return redirect("accounts:user_import_status", pk=job.id)
            result = _import_result(job.return_value, request.user, hand_out=True)
            status = 200 if result.ok else 400
        else:
            status = 400
    if result is not None and result.ok:
        messages.success(request, _("Đã nhập %(n)s tài khoản.") % {"n": len(result.created)})
    response = render(request, "accounts/user_import.html", {"form": form, "result": result}, status=status)
    add_never_cache_headers(response)  # the page lists the new accounts' temporary passwords
    return response


def _import_result(value: dict[str, Any], actor: User, *, hand_out: bool) -> ImportResult:
    """What a finished import job says, with the temporary passwords when they are handed out now."""
    problems = [RowProblem(row, column, message) for row, column, message in value.get("problems", [])]
    created: list[tuple[str, str | None]] = [(name, None) for name in value.get("created", [])]
    if hand_out and value.get("ok"):
        passwords = dict(hand_out_passwords(value.get("created", []), actor))
        created = [(name, passwords.get(name)) for name, _none in created]
    return ImportResult(problems=problems, created=created)


@require_action(Action.MANAGE_USERS)
def user_import_status(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """A background import: its progress, then its result (the passwords once, to the requester only)."""
    try:
        job_id = uuid.UUID(pk)
    except ValueError:
        raise Http404 from None
    if not Job.objects.filter(
        pk=job_id, task_path=import_users_file.module_path, actor_id=request.user.pk
    ).exists():
        raise Http404
    result = None
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.SUCCESSFUL and isinstance(job.return_value, dict):
            value = dict(job.return_value)
            first_view = not value.get("handed_out")
            result = _import_result(value, request.user, hand_out=first_view)
            if first_view and value.get("ok"):
                job.return_value = {**value, "handed_out": True}
                job.save(update_fields=["return_value"])
    context = {"job": job, "Status": JobStatus, "result": result, "poll": 2}
    template = (
        "accounts/_import_progress.html"
        if request.headers.get("HX-Request")
        else "accounts/user_import_status.html"
    )
    response = render(request, template, context)
    add_never_cache_headers(response)
    return response


@require_action(Action.MANAGE_USERS)
def user_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nguoi-dung.xlsx"'
    return response


def _person(request: AuthenticatedHttpRequest, pk: int) -> User:
    """A person holding a role inside the manager's scope, else 404."""
    person = User.objects.for_user(request.user, Action.MANAGE_USERS).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
