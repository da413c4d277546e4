"""The to-do home: each role opens on its own work, counted, linked, with days left; constant queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments.choices import CouncilRole, Status
from tiepcan.assessments.models import Assessment, CouncilMeeting, CouncilMembership, CouncilScore
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models import Activity, ActivityGroup, BudgetEstimate, Plan, Task
from tiepcan.reports import todo
from tiepcan.testing import World, build_period, build_plan, make_user
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db

STATUSES = [
    Status.DRAFT,
    Status.APPROVED,
    Status.POSTED,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.FORWARDED,
    Status.RECOMMENDED,
    Status.NOT_RECOMMENDED,
]


@pytest.fixture
def home(world: World) -> World:
    build_plan(world)
    build_period(world)
    period = world.periods["own"]
    chair = make_user("u_council_chair", "Chủ Tịch Hội Đồng")
    RoleAssignment.objects.create(user=chair, role=Role.COUNCIL_MEMBER, unit=world.units["P1"])
    world.users["council_chair"] = chair
    CouncilMembership.objects.create(period=period, user=world.users[Role.COUNCIL_MEMBER])
    CouncilMembership.objects.create(
        period=period, user=world.users[Role.COUNCIL_SECRETARY], role=CouncilRole.SECRETARY
    )
    CouncilMembership.objects.create(period=period, user=chair, role=CouncilRole.CHAIR)
    _more(world, 1)
    return world


def _more(world: World, n: int) -> None:
    """``n`` more communes of P1 at every step, with scores, a meeting, tasks and estimates."""
    period = world.periods["own"]
    start = Unit.objects.filter(parent=world.units["P1"]).count()
    for i in range(n):
        for j, status in enumerate(STATUSES):
            unit = Unit.objects.create(
                kind=UnitKind.COMMUNE,
                code=f"8{start:02d}{i:02d}{j}",
                parent=world.units["P1"],
                name=f"Xã Thêm {start}-{i}-{j}",
                valid_from=date(2025, 7, 1),
            )
            assessment = Assessment.objects.create(period=period, unit=unit, status=status, round=2)
            if status == Status.FORWARDED:
                CouncilScore.objects.create(
                    assessment=assessment, member=world.users[Role.COUNCIL_MEMBER], indicator="1.1", points=1
                )
        CouncilMeeting.objects.create(
            period=period,
            held_on=timezone.localdate() + timedelta(days=10),
            minutes="…",
            recorded_by=world.users[Role.COUNCIL_SECRETARY],
        )
        task = world.tasks["stp1"]
        Task.objects.create(
            activity=task.activity,
            agency=task.agency,
            year=2026,
            label=f"Thêm {start}-{i}",
            due_on=timezone.localdate() + timedelta(days=3),
        )
        for budget_status in (BudgetStatus.SUBMITTED, BudgetStatus.APPRAISED):
            BudgetEstimate.objects.create(
                plan=world.plan,
                year=2026,
                agency=world.agencies["stp1"],
                requested=100_000_000,
                status=budget_status,
            )


ROLES = [
    Role.COMMUNE_OFFICER,
    Role.COMMUNE_CHAIRMAN,
    Role.REVIEWER,
    Role.COUNCIL_MEMBER,
    "council_chair",
    Role.COUNCIL_SECRETARY,
    Role.RECOGNISING_AUTHORITY,
    Role.AGENCY_FOCAL_POINT,
    Role.FINANCE_OFFICER,
    Role.PROVINCE_ADMIN,
    Role.SYSTEM_ADMIN,
]

EXPECTED = {
    Role.COMMUNE_OFFICER: {"commune_officer", "focal_point"},
    Role.COMMUNE_CHAIRMAN: {"commune_chairman", "focal_point"},
    Role.REVIEWER: {"reviewer"},
    Role.COUNCIL_MEMBER: {"council_member"},
    "council_chair": {"council_member", "council_chair"},
    Role.COUNCIL_SECRETARY: {"council_member", "council_secretary"},
    Role.RECOGNISING_AUTHORITY: {"recognising_authority"},
    Role.AGENCY_FOCAL_POINT: {"focal_point"},
    Role.FINANCE_OFFICER: {"finance_officer"},
    Role.PROVINCE_ADMIN: {"reviewer", "administrator"},
}


def _home(client: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(queries), response


# Queries of a second visit to the home page: the session and the person (the menu, the unit
# switcher, the person's roles, the grants and the bell read nothing more: accounts.chrome,
# accounts migration 0005), then the page's own counts and sections (the open periods read once for the
# summary and the sections, their frameworks' definitions once per process; the dossiers by period
# and status once for every action reaching the same units: the summary, reviewing, administering).
# Where the page reads a recognition deadline the periods leave empty (lateness, days left), the
# framework's day is carried over a day off on the working calendar, read once for all the periods
# (procedure.prepare_calendar). The chairman's steps and the recommendations are sums of the same
# counts when the person's units are the same (a commune chairman, a system administrator), and the
# focal point's tasks and the administrator's overdue ones one aggregate; of the person's working
# unit, its communes are counted (not its agencies: the page does not show them).
HOME_QUERIES = {
    Role.COMMUNE_OFFICER: 9,
    Role.COMMUNE_CHAIRMAN: 8,
    Role.REVIEWER: 7,
    Role.COUNCIL_MEMBER: 9,
    "council_chair": 9,
    Role.COUNCIL_SECRETARY: 10,
    Role.RECOGNISING_AUTHORITY: 7,
    Role.AGENCY_FOCAL_POINT: 4,
    Role.FINANCE_OFFICER: 4,
    Role.PROVINCE_ADMIN: 8,
    Role.SYSTEM_ADMIN: 9,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_own_sections_and_more_data_costs_no_more_queries(
    home: World, login, role: str
) -> None:
    client = login(home.users[role])
    _home(client)  # the person's grants are read once and kept across requests (accounts.permissions)
    before, response = _home(client)
    assert before == HOME_QUERIES[role], (role, before)
    keys = {s.key for s in response.context["todo"]}
    if role in EXPECTED:
        assert keys == EXPECTED[role]
    _more(home, 3)
    after, _response = _home(client)
    assert after == before, (role, before, after)


def test_the_council_member_sees_x_of_y_scored_and_the_link_to_the_council(home: World) -> None:
    sections = {s.key: s for s in todo.sections_for(home.users[Role.COUNCIL_MEMBER])}
    item = sections["council_member"].items[0]
    # Two forwarded dossiers? One per `_more` call; the member scored it.
    assert item.count == 0 and "1/1 hồ sơ đã chấm" in item.detail
    assert item.url == reverse("assessments:council", args=[home.periods["own"].pk])


def test_the_finance_officer_sees_the_amounts_in_dong(home: World, login) -> None:
    html = login(home.users[Role.FINANCE_OFFICER]).get(reverse("home")).content.decode()
    assert "Dự toán chờ thẩm định" in html and "100.000.000 đ" in html
    assert f"{reverse('plans:budget_list')}?trang_thai=submitted" in html


def test_the_reviewer_sees_the_dossiers_to_review_with_days_left(home: World, login) -> None:
    section = next(s for s in todo.sections_for(home.users[Role.REVIEWER]) if s.key == "reviewer")
    to_review = section.items[0]
    assert to_review.count == 1  # the one submitted commune of `_more`
    resent = next(i for i in section.items if i.label == "Đã bổ sung, gửi lại")
    assert resent.count == 1


def test_the_recognising_authority_sees_recommendations_with_the_deadline(home: World) -> None:
    section = next(s for s in todo.sections_for(home.users[Role.RECOGNISING_AUTHORITY]))
    item = section.items[0]
    assert item.count == 2 and item.url == reverse("assessments:decisions", args=[home.periods["own"].pk])
    # The period left the recognition deadline empty: the framework's fixed day applies (or none).
    assert item.due is None or item.days_left == (item.due - timezone.localdate()).days


def test_the_chairman_of_one_dossier_is_linked_straight_to_it(home: World) -> None:
    section = next(
        s for s in todo.sections_for(home.users[Role.COMMUNE_CHAIRMAN]) if s.key == "commune_chairman"
    )
    # N1's own dossier is a draft waiting for approval: the item links to it.
    own = home.periods["own"].assessments.get(unit=home.units["N1"])
    assert section.items[0].url == reverse("assessments:assessment_detail", args=[own.pk])
    assert section.items[0].days_left == (date(2026, 12, 31) - timezone.localdate()).days


def test_the_commune_officer_sees_what_is_missing_each_a_link_to_its_field(home: World, login) -> None:
    html = login(home.users[Role.COMMUNE_OFFICER]).get(reverse("home")).content.decode()
    own = home.periods["own"].assessments.get(unit=home.units["N1"])
    url = reverse("assessments:assessment_detail", args=[own.pk])
    assert f'href="{url}#f-11-' in html and f'href="{url}#ev-11"' in html
    assert "chỉ tiêu chưa nhập đủ" in html and "hạn 31/12/2026" in html


def test_a_person_with_several_roles_sees_each_section(home: World) -> None:
    person = home.users[Role.REVIEWER]
    RoleAssignment.objects.create(user=person, role=Role.FINANCE_OFFICER, unit=home.units["P1"])
    from tiepcan.accounts.permissions import forget_grants

    forget_grants(person)
    assert {s.key for s in todo.sections_for(person)} == {"reviewer", "finance_officer"}


def test_the_system_administrators_home_costs_the_same_whatever_the_number_of_open_periods(
    home: World, login
) -> None:
    from tiepcan.assessments import services
    from tiepcan.frameworks.models import FrameworkVersion

    admin = home.users[Role.SYSTEM_ADMIN]
    client = login(admin)
    _home(client)  # the person's grants are read once and kept across requests
    before, response = _home(client)
    # Self-assessing everywhere, the administrator has no commune of their own: no list of every dossier.
    assert "commune_officer" not in {s.key for s in response.context["todo"]}
    framework = FrameworkVersion.objects.filter(code="qd27-2025").order_by("-version").first()
    services.open_period(
        province=home.units["P2"],
        year=2027,
        framework=framework,
        user=admin,
        title="Đánh giá năm 2027",
        self_assessment_due=date(2027, 12, 15),
        dossier_due=date(2027, 12, 31),
    )
    after, response = _home(client)
    assert "Đánh giá năm 2027" in response.content.decode()
    assert after == before, (before, after)


def test_every_council_link_opens_a_page(home: World, login) -> None:
    # The minutes' own URL takes only the POST: a link there answered 405.
    visited = set()
    for role in ("council_chair", Role.COUNCIL_SECRETARY):
        client = login(home.users[role])
        for section in todo.sections_for(home.users[role]):
            for item in section.items:
                if item.url and "/hoi-dong/" in item.url:
                    assert client.get(item.url.split("#")[0]).status_code == 200, (role, item.url)
                    visited.add(str(item.label))
    assert {"Biên bản chờ ký", "Phiên họp cần ghi biên bản"} & visited, visited


def test_minutes_missing_rows_send_the_secretary_to_them_and_are_not_yet_to_sign(home: World, login) -> None:
    """Minutes are written a page of dossiers at a time and signed once every dossier has its row."""
    period = home.periods["own"]
    assert Assessment.objects.filter(period=period, status=Status.FORWARDED).exists()
    meeting = CouncilMeeting.objects.filter(
        period=period, chair_signed_at=None, secretary_signed_at=None
    ).first()
    assert meeting is not None
    secretary = {s.key: s for s in todo.sections_for(home.users[Role.COUNCIL_SECRETARY])}
    items = {str(i.label): i for i in secretary["council_secretary"].items}
    missing = items["Hồ sơ chưa có dòng kết luận trong biên bản"]
    assert missing.url == reverse("assessments:council_conclusions", args=[meeting.pk])
    assert missing.count == Assessment.objects.filter(period=period, status=Status.FORWARDED).count()
    assert "Biên bản chờ thư ký ký" not in items and "Phiên họp cần ghi biên bản" not in items
    chair = {s.key: s for s in todo.sections_for(home.users["council_chair"])}
    assert [i.count for i in chair["council_chair"].items] == [0]
    assert login(home.users[Role.COUNCIL_SECRETARY]).get(missing.url).status_code == 200
    # Every dossier concluded: the minutes are to sign.
    Assessment.objects.filter(period=period, status=Status.FORWARDED).update(status=Status.RECOMMENDED)
    secretary = {s.key: s for s in todo.sections_for(home.users[Role.COUNCIL_SECRETARY])}
    assert "Biên bản chờ thư ký ký" in {str(i.label) for i in secretary["council_secretary"].items}
    chair = {s.key: s for s in todo.sections_for(home.users["council_chair"])}
    assert chair["council_chair"].items[0].count >= 1


def _ended_plan_task(world: World) -> Task:
    """An open task of P1's plan that ended last year, long past its due date."""
    year = timezone.localdate().year
    Plan.objects.filter(pk=world.plan.pk).update(end_year=year + 1)  # the world's plan stays in effect
    ended = Plan.objects.create(
        province=world.units["P1"], title="Kế hoạch đã kết thúc", start_year=year - 5, end_year=year - 1
    )
    group = ActivityGroup.objects.create(plan=ended, number="1", title="Nhóm cũ")
    activity = Activity.objects.create(plan=ended, group=group, number=1, title="Hoạt động của kế hoạch cũ")
    return Task.objects.create(
        activity=activity,
        agency=world.agencies["stp1"],
        year=year - 2,
        label="Năm cũ",
        due_on=date(year - 2, 12, 31),
    )


@pytest.mark.parametrize(
    ("role", "section", "list_url"),
    [
        (Role.PROVINCE_ADMIN, "administrator", "plans:task_list"),
        (Role.AGENCY_FOCAL_POINT, "focal_point", "plans:my_tasks"),
    ],
)
def test_overdue_tasks_count_only_plans_in_effect_and_an_ended_plans_are_one_quiet_line(
    home: World, login, role: str, section: str, list_url: str
) -> None:
    old = _ended_plan_task(home)
    found = {s.key: s for s in todo.sections_for(home.users[role])}[section]
    overdue = next(i for i in found.items if i.urgent and i.label.startswith("Nhiệm vụ"))
    # Only the world plan's task of 2025 (its plan runs on): the ended plan's task is no alert.
    assert overdue.count == 1 and overdue.url.endswith("ke_hoach=con-hieu-luc")
    quiet = next(i for i in found.items if i.quiet)
    assert quiet.count == 1 and not quiet.urgent
    assert quiet.label == "nhiệm vụ của kế hoạch đã kết thúc chưa báo cáo"
    assert quiet.url == f"{reverse(list_url)}?trang_thai=overdue&ke_hoach=da-ket-thuc"
    client = login(home.users[role])
    html = client.get(reverse("home")).content.decode()
    assert "1 nhiệm vụ của kế hoạch đã kết thúc chưa báo cáo" in html
    listed = client.get(quiet.url).context["page"]
    assert [t.pk for t in listed] == [old.pk]
    in_force = client.get(overdue.url).context["page"]
    assert [t.pk for t in in_force] == [home.tasks["stp1_overdue"].pk]


def test_no_quiet_line_when_no_ended_plan_left_a_task_open(home: World) -> None:
    old = _ended_plan_task(home)
    Task.objects.filter(pk=old.pk).update(status="done")
    found = {s.key: s for s in todo.sections_for(home.users[Role.PROVINCE_ADMIN])}["administrator"]
    assert not any(i.quiet for i in found.items)


def _open_periods(world: World, years: range) -> None:
    from tiepcan.assessments import services
    from tiepcan.frameworks.models import FrameworkVersion

    framework = FrameworkVersion.objects.filter(code="qd27-2025").order_by("-version").first()
    for year in years:
        services.open_period(
            province=world.units["P2"],
            year=year,
            framework=framework,
            user=world.users[Role.SYSTEM_ADMIN],
            title=f"Đánh giá năm {year}",
            self_assessment_due=date(year, 12, 15),
            dossier_due=date(year, 12, 31),
        )


def test_with_many_open_periods_each_kind_of_work_is_one_line_counted_over_them(
    home: World, login, monkeypatch
) -> None:
    _open_periods(home, range(2027, 2031))
    admin = home.users[Role.SYSTEM_ADMIN]
    periods = todo.open_periods(admin)
    assert len(periods) > todo.PERIODS_LISTED
    monkeypatch.setattr(todo, "PERIODS_LISTED", 100)
    listed = {s.key: s for s in todo.sections_for(admin)}
    monkeypatch.undo()
    folded = {s.key: s for s in todo.sections_for(admin)}
    for key in ("administrator", "reviewer", "commune_chairman", "recognising_authority"):
        labels = list(dict.fromkeys(i.label for i in listed[key].items))
        assert [i.label for i in folded[key].items] == labels, key
        for item in folded[key].items:
            lines = [i for i in listed[key].items if i.label == item.label]
            assert item.count == sum(i.count for i in lines), (key, item.label)
            if item.period_id is None and lines[0].period_id is None:
                continue  # the tasks' lines, of no period
            assert item.url == reverse("assessments:period_list")
            busy = sum(1 for i in lines if i.count)
            assert item.detail == (f"ở {busy} trong {len(periods)} kỳ đánh giá đang mở" if busy else "")
            dated = [i.due for i in lines if i.count and i.due]
            assert item.due == (min(dated) if dated else None)
    # Each period's lines stay one click further: the list of periods links every period's queue.
    html = login(admin).get(reverse("assessments:period_list")).content.decode()
    for period in periods:
        assert reverse("assessments:period_detail", args=[period.pk]) in html
    response = login(admin).get(reverse("home"))
    html = response.content.decode()
    assert html.count('href="' + reverse("assessments:period_list") + '"') >= 5


def test_the_home_counts_a_step_as_soon_as_a_dossier_takes_it(home: World, login) -> None:
    client = login(home.users[Role.PROVINCE_ADMIN])
    _home(client)
    _count, response = _home(client)
    before = {i.label: i.count for s in response.context["todo"] for i in s.items}
    Assessment.objects.filter(period=home.periods["own"], status=Status.SUBMITTED).update(
        status=Status.FORWARDED
    )
    _count, response = _home(client)
    after = {i.label: i.count for s in response.context["todo"] for i in s.items}
    assert after["Đang ở Hội đồng"] == before["Đang ở Hội đồng"] + before["Hồ sơ chờ thẩm định"]
    assert after["Hồ sơ chờ thẩm định"] == 0


def test_a_role_granted_shows_on_the_next_home(home: World, login) -> None:
    """The roles come with the frame, kept per grants stamp: a new assignment changes the stamp."""
    user = home.users[Role.REVIEWER]
    client = login(user)
    html = _home(client)[1].content.decode()
    assert "Cán bộ theo dõi toàn quốc" not in html
    RoleAssignment.objects.create(user=user, role=Role.NATIONAL_VIEWER)
    html = _home(client)[1].content.decode()
    assert "Cán bộ theo dõi toàn quốc" in html
