"""A small world of units, agencies and one person per role, built in code for tests.

Province P1 (code 91) had district D1 with communes C1, C2 until 30/6/2025;
since 1/7/2025 it has communes N1 (formed from C1 and C2) and N2. Province P2
(code 92) with commune N3 is "foreign": nobody but the system administrator
holds a role there, so every object in it must answer 404 to everyone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment, User
from tiepcan.assessments import services
from tiepcan.frameworks.models import FrameworkVersion
from tiepcan.frameworks.services import load_shipped
from tiepcan.plans.choices import AgencyRole
from tiepcan.plans.models import (
    Activity,
    ActivityAgency,
    ActivityGroup,
    BudgetEstimate,
    Inspection,
    InspectionFollowUp,
    Plan,
    ReportRequest,
    StaffAssignment,
    Task,
)
from tiepcan.units.choices import AgencyKind, UnitKind
from tiepcan.units.models import Agency, Unit, UnitSuccession

PASSWORD = "Mat-khau-thu-nghiem-2026"  # noqa: S105 - test data

ROLE_HOME: dict[str, str] = {
    Role.COMMUNE_OFFICER: "N1",
    Role.COMMUNE_CHAIRMAN: "N1",
    Role.REVIEWER: "P1",
    Role.COUNCIL_MEMBER: "P1",
    Role.COUNCIL_SECRETARY: "P1",
    Role.RECOGNISING_AUTHORITY: "P1",
    Role.AGENCY_FOCAL_POINT: "P1",
    Role.FINANCE_OFFICER: "P1",
    Role.PROVINCE_ADMIN: "P1",
}


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)
    plan: Any = None
    foreign_plan: Any = None
    followups: dict[str, Any] = field(default_factory=dict)
    frameworks: dict[str, Any] = field(default_factory=dict)
    periods: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        units = self.__dict__.get("units", {})  # dataclass fields are found before this hook
        if name in units:
            return units[name]
        raise AttributeError(name)


def make_user(username: str, full_name: str = "", **extra: Any) -> User:
    user = User(username=username, full_name=full_name or username.title(), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def build_world() -> World:
    world = World()
    end = date(2025, 6, 30)
    start = date(2025, 7, 1)

    def unit(key: str, kind: str, code: str, name: str, parent: str | None = None, **kw: Any) -> Unit:
        obj = Unit.objects.create(
            kind=kind, code=code, name=name, parent=world.units[parent] if parent else None, **kw
        )
        world.units[key] = obj
        return obj

    unit("P1", UnitKind.PROVINCE, "91", "Tỉnh Thử Nghiệm")
    unit("D1", UnitKind.RURAL_DISTRICT, "901", "Huyện Đồi Núi", "P1", valid_to=end)
    unit("C1", UnitKind.COMMUNE, "90001", "Xã Ăn Uống", "D1", valid_to=end)
    unit("C2", UnitKind.TOWNSHIP, "90002", "Thị trấn Bản Làng", "D1", valid_to=end)
    unit("N1", UnitKind.COMMUNE, "90010", "Xã Đồng Tâm", "P1", valid_from=start)
    unit("N2", UnitKind.WARD, "90011", "Phường Âu Cơ", "P1", valid_from=start)
    unit("P2", UnitKind.PROVINCE, "92", "Tỉnh Láng Giềng")
    unit("N3", UnitKind.COMMUNE, "90020", "Xã Biên Giới", "P2", valid_from=start)
    for old in ("C1", "C2"):
        UnitSuccession.objects.create(
            predecessor=world.units[old], successor=world.units["N1"], effective_on=start
        )

    def agency(key: str, unit_key: str, code: str, name: str, kind: str) -> None:
        world.agencies[key] = Agency.objects.create(
            unit=world.units[unit_key], code=code, name=name, kind=kind
        )

    agency("stp1", "P1", "so-tu-phap", "Sở Tư pháp tỉnh Thử Nghiệm", AgencyKind.JUSTICE_DEPARTMENT)
    agency("ubnd_n1", "N1", "ubnd-xa", "Ủy ban nhân dân xã Đồng Tâm", AgencyKind.PEOPLES_COMMITTEE)
    agency("stp2", "P2", "so-tu-phap", "Sở Tư pháp tỉnh Láng Giềng", AgencyKind.JUSTICE_DEPARTMENT)

    for role, home in ROLE_HOME.items():
        user = make_user(f"u_{role}", f"Người {Role(role).label}")
        RoleAssignment.objects.create(
            user=user,
            role=role,
            unit=world.units[home],
            agency=world.agencies["stp1"] if role == Role.AGENCY_FOCAL_POINT else None,
        )
        world.users[role] = user
    admin = make_user("u_system_admin", "Quản trị hệ thống", is_superuser=True, is_staff=True)
    RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN)
    world.users[Role.SYSTEM_ADMIN] = admin
    ministry = Agency.objects.create(code="bo-tu-phap", name="Bộ Tư pháp", kind=AgencyKind.MINISTRY)
    world.agencies["ministry"] = ministry
    national = make_user("u_national_viewer", "Cán bộ Bộ Tư pháp")
    RoleAssignment.objects.create(user=national, role=Role.NATIONAL_VIEWER, agency=ministry)
    world.users[Role.NATIONAL_VIEWER] = national
    world.users["outsider"] = make_user("u_outsider", "Người ngoài")
    # Someone managed only by the foreign province: province P1's admin must not reach them.
    foreign = make_user("u_foreign_officer", "Công chức tỉnh bạn")
    RoleAssignment.objects.create(user=foreign, role=Role.COMMUNE_OFFICER, unit=world.units["N3"])
    world.users["foreign_officer"] = foreign
    # A person inside P1 that management views may change without disturbing the role users.
    target = make_user("u_target", "Người được quản lý")
    RoleAssignment.objects.create(user=target, role=Role.COMMUNE_OFFICER, unit=world.units["N2"])
    world.users["target"] = target
    return world


def build_plan(world: World) -> Any:
    """A two-activity plan of province P1 with tasks for P1's justice department and N1's committee."""
    plan = Plan.objects.create(
        province=world.units["P1"],
        title="Kế hoạch triển khai xây dựng xã đạt chuẩn tiếp cận pháp luật",
        start_year=2025,
        end_year=2026,
        signer_name="Nguyễn Văn Ký",
        signer_title="Chủ tịch",
        issuer=world.agencies["stp1"],
    )
    group = ActivityGroup.objects.create(plan=plan, number="1", title="Hướng dẫn, tuyên truyền", order=1)
    guide = Activity.objects.create(
        plan=plan,
        group=group,
        number=1,
        title="Ban hành văn bản hướng dẫn",
        schedule_text="Hằng năm",
        outputs_text="Văn bản được ban hành",
        schedule={"kind": "yearly"},
    )
    ActivityAgency.objects.create(
        activity=guide, role=AgencyRole.LEAD, agency=world.agencies["stp1"], label="Sở Tư pháp"
    )
    ActivityAgency.objects.create(
        activity=guide, role=AgencyRole.COORDINATING, group_code="@ubnd-xa", label="UBND cấp xã"
    )
    world.tasks = {
        "stp1": Task.objects.create(
            activity=guide,
            agency=world.agencies["stp1"],
            year=2026,
            label="Năm 2026",
            starts_on=date(2026, 1, 1),
            due_on=date(2026, 12, 31),
        ),
        "stp1_overdue": Task.objects.create(
            activity=guide,
            agency=world.agencies["stp1"],
            year=2025,
            label="Năm 2025",
            starts_on=date(2025, 1, 1),
            due_on=date(2025, 12, 31),
        ),
        "ubnd_n1": Task.objects.create(
            activity=guide,
            agency=world.agencies["ubnd_n1"],
            year=2026,
            label="Năm 2026",
            starts_on=date(2026, 1, 1),
            due_on=date(2026, 12, 31),
        ),
    }
    foreign_plan = Plan.objects.create(
        province=world.units["P2"], title="Kế hoạch tỉnh bạn", start_year=2026, end_year=2026
    )
    foreign_group = ActivityGroup.objects.create(plan=foreign_plan, number="1", title="Nhóm")
    foreign_activity = Activity.objects.create(
        plan=foreign_plan, group=foreign_group, number=1, title="Hoạt động tỉnh bạn"
    )
    world.tasks["foreign"] = Task.objects.create(
        activity=foreign_activity,
        agency=world.agencies["stp2"],
        year=2026,
        label="Năm 2026",
        due_on=date(2026, 12, 31),
    )
    world.plan = plan
    world.foreign_plan = foreign_plan
    build_followups(world)
    return plan


def build_followups(world: World) -> None:
    """One inspection, follow-up, estimate, report request and staff row per province."""
    world.followups = {}
    for key, plan, agency, unit in (
        ("own", world.plan, world.agencies["stp1"], world.units["P1"]),
        ("foreign", world.foreign_plan, world.agencies["stp2"], world.units["P2"]),
    ):
        inspection = Inspection.objects.create(
            plan=plan,
            kind="planned",
            inspecting_agency=agency,
            held_on=date(2026, 5, 10),
            findings="Đạt yêu cầu",
        )
        follow_up = InspectionFollowUp.objects.create(
            inspection=inspection, title="Bổ sung hồ sơ", responsible=agency
        )
        estimate = BudgetEstimate.objects.create(plan=plan, year=2026, agency=agency, requested=150_000_000)
        report_request = ReportRequest.objects.create(
            plan=plan,
            period="half_year",
            year=2026,
            title="Báo cáo 6 tháng đầu năm 2026",
            deadline=date(2026, 6, 20),
        )
        report_request.agencies.add(agency)
        staff = StaffAssignment.objects.create(
            unit=unit, agency=agency, full_name="Người Theo Dõi", phone="0912000000"
        )
        world.followups[key] = {
            "inspection": inspection,
            "follow_up": follow_up,
            "estimate": estimate,
            "report_request": report_request,
            "staff": staff,
        }


def build_period(world: World, year: int = 2026) -> Any:
    """A 2026 period of province P1 (framework qd27-2025) and one of P2, with their assessments."""
    load_shipped()
    framework = FrameworkVersion.objects.filter(code="qd27-2025").order_by("-version").first()
    periods = {}
    for key, province, admin in (
        ("own", "P1", world.users[Role.PROVINCE_ADMIN]),
        ("foreign", "P2", world.users[Role.SYSTEM_ADMIN]),
    ):
        periods[key] = services.open_period(
            province=world.units[province],
            year=year,
            framework=framework,
            user=admin,
            title=f"Đánh giá năm {year}",
            self_assessment_due=date(year, 12, 15),
            dossier_due=date(year, 12, 31),
        )
    world.periods = periods
    return periods
