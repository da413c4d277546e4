"""One demo account per role, at believable units of the demo province."""

from __future__ import annotations

from dataclasses import dataclass

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.units.models import Agency, Unit

# Shared by all demo accounts so a visitor can try every role; printed by `make run`. It must pass
# the project's own password rules for every demo account (a test runs them), or nobody could set
# it back through the user interface: "TiepCan@2026" was refused as too close to the e-mail domain.
DEMO_PASSWORD = "PhapLuat@2026"  # noqa: S105 - demo data only, never used outside `manage.py demo`
# Demo databases loaded before the change move to the current password when the demo is loaded again.
FORMER_DEMO_PASSWORDS = ("TiepCan@2026",)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    phone: str
    position: str
    roles: tuple[tuple[str, str, str | None], ...]  # (role, unit code, agency code)
    legacy: bool = False  # the unit is a pre-2025 one (district era)


ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "quantri", "Quản trị Hệ thống", "0205000001", "Quản trị viên", ((Role.SYSTEM_ADMIN, "", None),)
    ),
    DemoAccount(
        "qt.sotuphap",
        "Hoàng Thị Mai",
        "0205000002",
        "Chuyên viên Sở Tư pháp",
        ((Role.PROVINCE_ADMIN, "20", None),),
    ),
    DemoAccount(
        "cb.kylua",
        "Nông Văn Hùng",
        "0912000101",
        "Công chức Tư pháp – Hộ tịch",
        ((Role.COMMUNE_OFFICER, "06187", None), (Role.COMMUNE_OFFICER, "05983", None)),
    ),
    DemoAccount(
        "ct.kylua",
        "Lương Văn Đức",
        "0912000102",
        "Chủ tịch UBND phường",
        ((Role.COMMUNE_CHAIRMAN, "06187", None),),
    ),
    DemoAccount(
        "cb.binhgia",
        "Hoàng Thị Lan",
        "0912000103",
        "Công chức Tư pháp – Hộ tịch",
        ((Role.COMMUNE_OFFICER, "06112", None),),
    ),
    DemoAccount(
        "ct.binhgia",
        "Vy Văn Thành",
        "0912000104",
        "Chủ tịch UBND xã",
        ((Role.COMMUNE_CHAIRMAN, "06112", None),),
    ),
    DemoAccount(
        "thamdinh.tinh",
        "Đinh Thị Hương",
        "0205000003",
        "Chuyên viên Sở Tư pháp",
        ((Role.REVIEWER, "20", None),),
    ),
    DemoAccount(
        "thamdinh.caoloc",
        "Lý Văn Bình",
        "0205000004",
        "Trưởng phòng Tư pháp (đến 30/6/2025)",
        ((Role.REVIEWER, "183", None),),
        legacy=True,
    ),
    DemoAccount(
        "hd.thanhvien",
        "Chu Thị Ngọc",
        "0205000005",
        "Thành viên Hội đồng",
        ((Role.COUNCIL_MEMBER, "20", None),),
    ),
    DemoAccount(
        "hd.thuky", "Triệu Văn Tuấn", "0205000006", "Thư ký Hội đồng", ((Role.COUNCIL_SECRETARY, "20", None),)
    ),
    DemoAccount(
        "ct.tinh",
        "Nguyễn Văn An",
        "0205000007",
        "Chủ tịch UBND tỉnh",
        ((Role.RECOGNISING_AUTHORITY, "20", None),),
    ),
    DemoAccount(
        "daumoi.bao",
        "Mã Thị Hoa",
        "0205000008",
        "Phóng viên, đầu mối tuyên truyền",
        ((Role.AGENCY_FOCAL_POINT, "20", "bao-lang-son"),),
    ),
    DemoAccount(
        "daumoi.stp",
        "Lăng Thị Thu",
        "0205000010",
        "Chuyên viên Sở Tư pháp, đầu mối kế hoạch",
        ((Role.AGENCY_FOCAL_POINT, "20", "so-tu-phap"),),
    ),
    DemoAccount(
        "taichinh",
        "Phùng Văn Long",
        "0205000009",
        "Chuyên viên Sở Tài chính",
        ((Role.FINANCE_OFFICER, "20", "so-tai-chinh"),),
    ),
    DemoAccount(
        "botuphap",
        "Trần Thị Minh",
        "0243000001",
        "Chuyên viên Bộ Tư pháp, theo dõi toàn quốc",
        ((Role.NATIONAL_VIEWER, "", "bo-tu-phap"),),
    ),
]


def _unit(code: str, legacy: bool) -> Unit | None:
    if not code:
        return None
    units = Unit.objects.filter(code=code)
    units = units.filter(valid_to__isnull=False) if legacy else units.filter(valid_to__isnull=True)
    return units.get()


def describe(user: User, account: DemoAccount) -> User:
    """Give ``user`` the demo account's name, contacts and staff flags (what the password rules compare)."""
    user.full_name, user.phone, user.position = account.full_name, account.phone, account.position
    user.email = f"{account.username}@demo.tiepcan.vn"
    user.is_superuser = user.is_staff = any(role == Role.SYSTEM_ADMIN for role, _, _ in account.roles)
    return user


def load() -> list[tuple[DemoAccount, list[RoleAssignment]]]:
    out = []
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username)
            user.set_password(DEMO_PASSWORD)
        elif any(user.check_password(former) for former in FORMER_DEMO_PASSWORDS):
            user.set_password(DEMO_PASSWORD)
        describe(user, account).save()
        assignments = []
        for role, unit_code, agency_code in account.roles:
            unit = _unit(unit_code, account.legacy)
            # A nation-wide role's agency is a central one (no unit): Bộ Tư pháp.
            agency = Agency.objects.get(code=agency_code, unit=unit) if agency_code else None
            assignment, _ = RoleAssignment.objects.get_or_create(
                user=user, role=role, unit=unit, agency=agency
            )
            assignments.append(assignment)
        out.append((account, assignments))
    return out
