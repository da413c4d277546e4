"""From the editor to the open period: publish, move by the crosswalk, and the commune's quiet line."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import Assessment, FrameworkMove
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.core.models import AuditEntry
from tiepcan.frameworks import services
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.frameworks.tests.test_editor import position
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


def publish_with(world: World, change: Any) -> FrameworkVersion:
    """A new qd27-2025 version made through the editor's services, ``change`` applied to the definition."""
    admin = world.users[Role.PROVINCE_ADMIN]
    base = services.latest("qd27-2025")  # the shipped version the period was opened on
    assert base is not None
    draft = services.start_draft(base, world.units["P1"], admin)

    def edit(data: dict[str, Any]) -> tuple[str, Any, Any]:
        change(data)
        return "test", None, None

    draft = services.edit_draft(draft.pk, draft.lock_version, admin, edit)
    return services.publish_draft(
        draft.pk, draft.lock_version, admin, note="Sửa theo Thông tư 15/2025/TT-BTP"
    )


def renumber_and_complete(data: dict[str, Any]) -> None:
    """Indicator 1.2 becomes 1.4 (its values follow by the crosswalk); 2.7 is completed."""
    ci, ii = position(data, "1.2")
    data["criteria"][ci]["indicators"][ii]["code"] = "1.4"
    data["criteria"][ci]["indicators"][ii]["crosswalk"] = ["1.2"]
    ci, ii = position(data, "2.7")
    indicator = data["criteria"][ci]["indicators"][ii]
    indicator.pop("placeholder")
    indicator.update(
        title="Chỉ tiêu bổ sung (thử)",
        fields=[{"name": "met", "type": "boolean", "label": "Đã thực hiện"}],
        rule={"kind": "boolean", "field": "met"},
    )


def test_moving_the_period_carries_values_by_the_crosswalk(world: World) -> None:
    build_period(world)
    FrameworkActivation.objects.get_or_create(
        province=world.units["P1"], year=2026, defaults={"framework": world.periods["own"].framework}
    )
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    before = assessment.values["1.2"]
    target = publish_with(world, renumber_and_complete)
    from tiepcan.assessments import services as assessments

    report = assessments.move_period(
        period_id=world.periods["own"].pk, target=target, user=world.users[Role.PROVINCE_ADMIN], reason="Sửa"
    )
    moved = Assessment.objects.get(pk=assessment.pk)
    assert moved.values["1.4"] == before and "1.2" not in moved.values
    entry = next(m for m in report.assessments if m.assessment_id == assessment.pk)
    assert {v.indicator for v in entry.carried} >= {"1.4"}
    assert FrameworkActivation.objects.get(province=world.units["P1"], year=2026).framework == target


def test_the_move_page_previews_then_moves_and_audits(world: World, login: Any) -> None:
    build_period(world)
    target = publish_with(world, renumber_and_complete)
    period = world.periods["own"]
    client = login(world.users[Role.PROVINCE_ADMIN])
    url = reverse("assessments:period_move", args=[period.pk])
    preview = client.get(url, {"to": target.pk})
    assert preview.status_code == 200 and "move-report" in preview.content.decode()
    period.refresh_from_db()
    assert period.framework_id != target.pk  # a preview changes nothing
    refused = client.post(url, {"to": target.pk, "reason": ""})
    assert refused.status_code == 200 and not FrameworkMove.objects.exists()
    response = client.post(url, {"to": target.pk, "reason": "Bổ sung chỉ tiêu 2.7"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.framework_id == target.pk
    assert FrameworkMove.objects.get(period=period).reason == "Bổ sung chỉ tiêu 2.7"
    assert AuditEntry.objects.filter(reason="Bổ sung chỉ tiêu 2.7").exists()
    # Someone who may not manage periods: refused before anything is read.
    assert login(world.users[Role.REVIEWER]).get(url).status_code == 403


def test_commune_officers_see_one_quiet_line_when_texts_are_pending(world: World, login: Any) -> None:
    build_period(world)
    client = login(world.users[Role.COMMUNE_OFFICER])
    page = client.get(reverse("assessments:assessment_detail", args=[own(world).pk])).content.decode()
    assert page.count('id="texts-pending"') == 1
    assert "tc-badge-unverified" not in page  # no badge on each indicator


def test_no_line_when_every_indicator_text_is_verified(world: World, login: Any) -> None:
    def verify_everything(data: dict[str, Any]) -> None:
        for criterion in data["criteria"]:
            for indicator in criterion["indicators"]:
                indicator["verified"] = True
        renumber_and_complete(data)
        ci, ii = position(data, "2.7")
        data["criteria"][ci]["indicators"][ii]["verified"] = True

    build_period(world)
    target = publish_with(world, verify_everything)
    from tiepcan.assessments import services as assessments

    assessments.move_period(
        period_id=world.periods["own"].pk, target=target, user=world.users[Role.PROVINCE_ADMIN], reason="Sửa"
    )
    client = login(world.users[Role.COMMUNE_OFFICER])
    page = client.get(reverse("assessments:assessment_detail", args=[own(world).pk])).content.decode()
    assert 'id="texts-pending"' not in page
