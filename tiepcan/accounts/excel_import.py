"""Excel import of people and their roles: validate every row, then import all or nothing."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.accounts.permissions import GLOBAL_ROLES, grants_for
from tiepcan.accounts.rules import role_target_problems
from tiepcan.lib.spreadsheet import SheetTooLarge, SheetUnreadable, read_rows
from tiepcan.lib.text import fold, nfc
from tiepcan.units.models import Agency, Unit

COLUMNS = ["username", "full_name", "phone", "email", "unit_code", "role", "agency_code"]
HEADERS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
    "phone": "Số điện thoại",
    "email": "Thư điện tử",
    "unit_code": "Mã đơn vị",
    "role": "Vai trò",
    "agency_code": "Mã cơ quan (đầu mối)",
}
_USERNAME = re.compile(r"^[a-z0-9._]{3,150}$")
_PHONE = re.compile(r"^(\+84|0)[0-9]{8,10}$")
MAX_ROWS = 2000


@dataclass
class RowProblem:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    row: int
    username: str
    full_name: str
    phone: str
    email: str
    unit: Unit | None
    role: str
    agency: Agency | None


@dataclass
class ImportResult:
    problems: list[RowProblem] = field(default_factory=list)
    # (username, temporary password); no password when it is not handed out with this answer
    created: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def template_workbook() -> bytes:
    """The downloadable template: headers, one example row, a sheet of roles, role validation."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Nguoi dung"
    sheet.append([HEADERS[c] for c in COLUMNS])
    sheet.append(
        [
            "nguyenvana",
            "Nguyễn Văn A",
            "0912345678",
            "nguyenvana@example.vn",
            "06187",
            "Công chức Tư pháp – Hộ tịch",
            "",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for letter, width in zip("ABCDEFG", [18, 28, 16, 30, 12, 38, 22], strict=True):
        sheet.column_dimensions[letter].width = width
    roles = book.create_sheet("Vai tro")
    roles.append(["Vai trò (ghi ở cột F)", "Mã vai trò (cũng được chấp nhận)"])
    for value, label in Role.choices:
        if value not in GLOBAL_ROLES:
            roles.append([str(label), value])
    validation = DataValidation(
        type="list",
        formula1=f"='Vai tro'!$A$2:$A${len(Role.choices) - len(GLOBAL_ROLES) + 1}",
        allow_blank=False,
    )
    validation.error = "Chọn vai trò trong danh sách."
    sheet.add_data_validation(validation)
    validation.add(f"F2:F{MAX_ROWS + 1}")
    guide = book.create_sheet("Huong dan")
    for line in [
        "Mỗi dòng là một người và một vai trò. Một người nhiều vai trò: lặp lại dòng với cùng tên đăng nhập.",
        "Tên đăng nhập: chữ thường không dấu, số, dấu chấm, gạch dưới; từ 3 ký tự.",
        "Mã đơn vị: mã tỉnh (2 số), mã huyện cũ (3 số) hoặc mã xã, phường (5 số) theo danh mục hành chính.",
        "Đầu mối cơ quan phải ghi mã cơ quan (ví dụ: so-tu-phap).",
        "Nếu có bất kỳ dòng nào sai, hệ thống không nhập dòng nào và liệt kê lỗi theo từng dòng.",
    ]:
        guide.append([line])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in Role.choices:
        lookup[value] = value
        lookup[fold(str(label))] = value
    return lookup


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _find_unit(code: str) -> Unit | None:
    # Codes are reused across the 2025 merger: prefer the unit in force, else the latest retired one.
    return Unit.objects.filter(code=code).order_by("valid_to").first() if code else None


def parse(
    stream: IO[bytes], actor: User, progress: Callable[[int, int], None] | None = None
) -> tuple[list[ParsedRow], list[RowProblem]]:
    """Read and check every row; nothing is written here. ``progress(done, total)`` every 50 rows."""
    problems: list[RowProblem] = []
    try:
        rows = read_rows(stream, max_rows=MAX_ROWS, width=len(COLUMNS))
    except SheetUnreadable:
        return [], [
            RowProblem(0, "", _("Không đọc được tệp Excel. Hãy dùng tệp mẫu và lưu dưới dạng .xlsx."))
        ]
    except SheetTooLarge:
        return [], [RowProblem(0, "", _("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS})]
    if not rows:
        return [], [RowProblem(0, "", _("Tệp không có dữ liệu."))]
    header = [fold(_cell(v)) for v in rows[0]]
    expected = [fold(HEADERS[c]) for c in COLUMNS]
    if header[: len(expected)] != expected:
        return [], [
            RowProblem(1, "", _("Dòng tiêu đề không đúng mẫu. Hãy tải tệp mẫu và giữ nguyên các cột."))
        ]

    roles = _role_lookup()
    grants = grants_for(actor)
    existing_usernames = set(User.objects.values_list("username", flat=True))
    seen: dict[str, tuple[str, int]] = {}
    seen_roles: set[tuple[str, str, str, str]] = set()
    parsed: list[ParsedRow] = []
    for number, raw in enumerate(rows[1:], start=2):
        if progress is not None and number % 50 == 0:
            progress(number - 1, len(rows) - 1)
        values = {c: _cell(raw[i]) if i < len(raw) else "" for i, c in enumerate(COLUMNS)}
        if not any(values.values()):
            continue
        row_problems: list[RowProblem] = []

        def problem(
            column: str, message: str, number: int = number, row_problems: list[RowProblem] = row_problems
        ) -> None:
            row_problems.append(RowProblem(number, HEADERS.get(column, column), message))

        username = values["username"].strip().lower()
        if not _USERNAME.match(username):
            problem(
                "username",
                _(
                    "Tên đăng nhập “%(v)s” không hợp lệ: chỉ dùng chữ thường không dấu, số, dấu chấm, gạch dưới (3–150 ký tự)."
                )
                % {"v": values["username"]},
            )
        elif username in existing_usernames:
            problem("username", _("Tên đăng nhập “%(v)s” đã có trong hệ thống.") % {"v": username})
        if not values["full_name"]:
            problem("full_name", _("Thiếu họ và tên."))
        elif username in seen and seen[username][0] != values["full_name"]:
            problem(
                "full_name",
                _("Cùng tên đăng nhập nhưng khác họ tên với dòng %(n)s.") % {"n": seen[username][1]},
            )
        phone = re.sub(r"[\s.-]", "", values["phone"])
        if phone and not _PHONE.match(phone):
            problem("phone", _("Số điện thoại “%(v)s” không hợp lệ.") % {"v": values["phone"]})
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                problem("email", _("Thư điện tử “%(v)s” không hợp lệ.") % {"v": values["email"]})
        role = roles.get(values["role"]) or roles.get(fold(values["role"]))
        if not role or role in GLOBAL_ROLES:
            problem("role", _("Vai trò “%(v)s” không có trong danh sách.") % {"v": values["role"]})
        unit = _find_unit(values["unit_code"])
        if unit is None:
            problem("unit_code", _("Không tìm thấy đơn vị có mã “%(v)s”.") % {"v": values["unit_code"]})
        elif not grants.allows("manage_users", unit):
            problem("unit_code", _("Đơn vị “%(v)s” nằm ngoài phạm vi quản lý của bạn.") % {"v": unit.name})
        agency = None
        if values["agency_code"]:
            agency = _find_agency(values["agency_code"], unit)
            if agency is None:
                problem(
                    "agency_code",
                    _("Không tìm thấy cơ quan có mã “%(v)s” thuộc đơn vị này.")
                    % {"v": values["agency_code"]},
                )
        if role and unit is not None:
            for field_name, message in role_target_problems(role, unit, agency):
                problem("unit_code" if field_name == "unit" else "agency_code", message)
        key = (username, role or "", str(unit.pk if unit else ""), str(agency.pk if agency else ""))
        if key in seen_roles:
            problem("role", _("Dòng trùng lặp: người này đã được gán vai trò này ở đơn vị này."))
        seen_roles.add(key)
        seen.setdefault(username, (values["full_name"], number))
        if row_problems:
            problems.extend(row_problems)
            continue
        parsed.append(
            ParsedRow(number, username, values["full_name"], phone, values["email"], unit, role or "", agency)
        )
    if not parsed and not problems:
        problems.append(RowProblem(0, "", _("Tệp không có dòng dữ liệu nào.")))
    return parsed, problems


def _find_agency(code: str, unit: Unit | None) -> Agency | None:
    if unit is None:
        return None
    # The agency serves the unit itself or one of its ancestors (e.g. a province department).
    ancestor_ids = unit.ancestor_ids()
    return Agency.objects.filter(code=code, unit_id__in=ancestor_ids).order_by("-unit__level").first()


def import_users(
    stream: IO[bytes],
    actor: User,
    *,
    passwords: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import every row or none. ``passwords=False`` (the background import) creates the accounts
    without a usable password: :func:`hand_out_passwords` sets them when the requester sees the
    result, so no temporary password is ever stored, not even in the jobs table."""
    parsed, problems = parse(stream, actor, progress)
    result = ImportResult(problems=problems)
    if problems:
        return result
    with transaction.atomic():
        users: dict[str, User] = {}
        for row in parsed:
            user = users.get(row.username)
            if user is None:
                password = secrets.token_urlsafe(9) if passwords else ""
                user = User(
                    username=row.username,
                    full_name=row.full_name,
                    phone=row.phone,
                    email=row.email,
                    must_change_password=True,
                )
                if passwords:
                    user.set_password(password)
                else:
                    user.set_unusable_password()
                user.save()
                users[row.username] = user
                result.created.append((row.username, password))
            RoleAssignment.objects.create(user=user, role=row.role, unit=row.unit, agency=row.agency)
    return result


def hand_out_passwords(usernames: list[str], actor: User) -> list[tuple[str, str]]:
    """A temporary password for each imported account that has none yet (once: a second call
    finds them set and returns nothing for them). Only accounts in the actor's scope."""
    created: list[tuple[str, str]] = []
    with transaction.atomic():
        people = (
            User.objects.for_user(actor, "manage_users")
            .select_for_update()
            .filter(username__in=usernames, must_change_password=True)
            .order_by("username")
        )
        for person in people:
            if person.has_usable_password():
                continue
            password = secrets.token_urlsafe(9)
            person.set_password(password)
            person.save(update_fields=["password"])
            created.append((person.username, password))
    order = {name: index for index, name in enumerate(usernames)}
    return sorted(created, key=lambda pair: order.get(pair[0], 0))
