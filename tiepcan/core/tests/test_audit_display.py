"""The audit detail reads as Vietnamese: field labels, numbers, dates, choices and names, not raw JSON."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import CouncilScore
from tiepcan.core import audit
from tiepcan.core.models import AuditEntry
from tiepcan.testing import World, build_period, build_plan

pytestmark = pytest.mark.django_db

RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\d{4}-\d{2}-\d{2}|\b\d+\.\d{2}\b")


def _detail(client, entry: AuditEntry) -> str:
    response = client.get(reverse("core:audit_detail", kwargs={"pk": entry.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index("tc-diff")
    return html[start : html.index("</table>", start)]


def test_it_shows_a_council_score_with_labels_names_and_vietnamese_numbers_and_dates(
    world: World, login
) -> None:
    period = build_period(world)["own"]
    assessment = period.assessments.get(unit=world.units["N1"])
    member = world.users[Role.COUNCIL_MEMBER]
    score = CouncilScore.objects.create(
        assessment=assessment, member=member, indicator="1.1", points=Decimal("1")
    )
    entry = AuditEntry.objects.filter(content_type__model="councilscore", object_id=str(score.pk)).get()
    assert entry.after is not None
    entry_time = datetime.fromisoformat(entry.after["created_at"]).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))

    html = _detail(login(world.users[Role.SYSTEM_ADMIN]), entry)

    assert "Điểm" in html and "1,00" in html
    assert "Thành viên Hội đồng" in html and member.full_name in html
    assert "Tạo lúc" in html and entry_time.strftime("%d/%m/%Y %H:%M") in html
    assert "Hồ sơ đánh giá" in html and str(assessment) in html
    assert "<td>Mã số</td>" in html and "<td>ID</td>" not in html
    assert RAW.findall(html) == []
    assert "1,00" in entry.object_repr  # the row's own name, kept in the log, is Vietnamese too


def test_it_shows_amounts_grouped_and_choices_by_their_label(world: World, login) -> None:
    build_plan(world)
    estimate = world.followups["own"]["estimate"]
    with audit.reason("Điều chỉnh theo khả năng ngân sách"):
        estimate.approved = 400_000_000
        estimate.status = "adjusted"
        estimate.decision_reason = "Giảm kinh phí hội nghị"
        estimate.decided_by = world.users[Role.FINANCE_OFFICER]
        estimate.save()
    entry = AuditEntry.objects.filter(
        content_type__model="budgetestimate", object_id=str(estimate.pk)
    ).latest("id")

    html = _detail(login(world.users[Role.SYSTEM_ADMIN]), entry)

    assert "Số được duyệt (đồng)" in html and "400.000.000 đ" in html
    assert "400000000" not in html
    assert "Phê duyệt có điều chỉnh" in html  # the status's label, not "adjusted"
    assert world.users[Role.FINANCE_OFFICER].full_name in html
    assert RAW.findall(html) == []


def test_an_allocation_is_named_with_its_amount_grouped(world: World) -> None:
    from tiepcan.plans.models import BudgetAllocation

    build_plan(world)
    estimate = world.followups["own"]["estimate"]
    allocation = BudgetAllocation.objects.create(
        estimate=estimate, amount=125_000_000, allocated_on="2026-03-02"
    )
    entry = AuditEntry.objects.filter(
        content_type__model="budgetallocation", object_id=str(allocation.pk)
    ).get()
    assert entry.object_repr.endswith(": 125.000.000 đ")


def test_every_field_a_person_can_see_has_a_vietnamese_name() -> None:
    """Form labels and audit rows come from verbose names; Django's default is the English attribute name."""
    unnamed = []
    for model in apps.get_models():
        if not model.__module__.startswith("tiepcan."):
            continue
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if field.auto_created:
                continue
            shown = field.editable or (model in audit._registry and field.name not in audit._registry[model])
            if shown and str(field.verbose_name) == field.name.replace("_", " "):
                unnamed.append(f"{model._meta.label}.{field.name}")
    assert unnamed == []
