"""Part III (the agencies' responsibilities) and the recipients, edited in the browser; amendments recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.plans import editor
from tiepcan.plans.models import PlanAmendment
from tiepcan.plans.tests import test_editor
from tiepcan.plans.tests.test_editor import _copy, _published
from tiepcan.testing import World

pytestmark = pytest.mark.django_db
seeded = test_editor.seeded  # the fixture: the seed plan of P1
AMEND = {
    "amendment_number": "23/KH-UBND",
    "amendment_date": "01/07/2026",
    "amendment_summary": "Sửa phần III",
}


def posted(plan: Any, **changes: Any) -> dict[str, Any]:
    """The form as the page posts it, from the plan's current Part III, with ``changes`` typed in."""
    data: dict[str, Any] = {}
    for index, row in enumerate(editor.plan_data(plan).get("responsibilities", [])):
        data[f"r{index}-agency"] = row["agency"]
        data[f"r{index}-label"] = row["label"]
        data[f"r{index}-duties"] = "\n".join(row["duties"])
    data["recipients"] = "\n".join(plan.recipients)
    data.update(changes)
    return data


def test_a_published_plans_part_three_changes_by_amendment_and_is_in_the_history(
    seeded: World, login: Any
) -> None:
    plan = _published(seeded)
    client = login(seeded.users[Role.PROVINCE_ADMIN])
    url = reverse("plans:part_three_edit", args=[plan.pk])
    assert url in client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    first = editor.plan_data(plan)["responsibilities"][0]
    data = posted(
        plan,
        **{
            "r0-duties": "Chủ trì tổng hợp kết quả\nBáo cáo Ủy ban nhân dân tỉnh",
            "recipients": "Bộ Tư pháp\nThường trực Tỉnh ủy",
        },
    )
    refused = client.post(url, data)
    assert (
        refused.status_code == 400 and PlanAmendment.objects.count() == 0
    )  # the amending document is needed
    assert client.post(url, {**data, **AMEND}).status_code == 302
    plan.refresh_from_db()
    row = plan.responsibilities.order_by("order").first()
    assert row is not None
    assert (
        row.duties == ["Chủ trì tổng hợp kết quả", "Báo cáo Ủy ban nhân dân tỉnh"]
        and row.label == first["label"]
    )
    assert plan.recipients == ["Bộ Tư pháp", "Thường trực Tỉnh ủy"]
    amendment = PlanAmendment.objects.get(plan=plan)
    assert amendment.document_number == "23/KH-UBND" and amendment.document_date == date(2026, 7, 1)
    assert {c["field"] for c in amendment.changes} == {"nhiệm vụ", "nơi nhận"}
    history = client.get(reverse("plans:plan_history", args=[plan.pk])).content.decode()
    assert "23/KH-UBND" in history and "Báo cáo Ủy ban nhân dân tỉnh" in history


def test_an_agency_is_added_and_another_removed(seeded: World, login: Any) -> None:
    plan = _copy(seeded)  # a draft: no amending document
    count = plan.responsibilities.count()
    client = login(seeded.users[Role.PROVINCE_ADMIN])
    url = reverse("plans:part_three_edit", args=[plan.pk])
    new = f"r{count}"
    data = posted(
        plan,
        **{
            "r0-remove": "on",
            f"{new}-agency": "so-tu-phap",
            f"{new}-label": "Sở Tư pháp (bổ sung)",
            f"{new}-duties": "Hướng dẫn các xã",
        },
    )
    assert client.post(url, data).status_code == 302
    labels = list(plan.responsibilities.order_by("order").values_list("label", flat=True))
    assert len(labels) == count and labels[-1] == "Sở Tư pháp (bổ sung)"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"r0-duties": ""}, "Hãy ghi ít nhất một nhiệm vụ."),
        ({"r0-agency": "so-khong-co"}, "Cơ quan đã chọn không thuộc danh sách"),
        ({"r0-label": " "}, "Hãy ghi tên cơ quan như kế hoạch ghi."),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_changes(
    seeded: World,
    login: Any,
    changes: dict[str, str],
    message: str,
) -> None:
    plan = _copy(seeded)
    before = editor.plan_data(plan).get("responsibilities")
    response = login(seeded.users[Role.PROVINCE_ADMIN]).post(
        reverse("plans:part_three_edit", args=[plan.pk]), posted(plan, **changes)
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert editor.plan_data(plan).get("responsibilities") == before
