"""A unit's breadcrumb links only to units the person may open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.testing import World, make_user

pytestmark = pytest.mark.django_db


def test_a_district_reviewer_sees_the_province_in_the_breadcrumb_without_a_link_to_a_404(
    world: World, login
) -> None:
    reviewer = make_user("u_district_reviewer", "Lý Văn Bình")
    RoleAssignment.objects.create(user=reviewer, role=Role.REVIEWER, unit=world.units["D1"])
    client = login(reviewer)
    province = world.units["P1"]
    assert client.get(reverse("units:unit_detail", kwargs={"pk": province.pk})).status_code == 404

    html = client.get(reverse("units:unit_detail", kwargs={"pk": world.units["C1"].pk})).content.decode()

    breadcrumb = html[html.index('class="breadcrumb"') : html.index("</ol>")]
    assert province.name in breadcrumb
    assert reverse("units:unit_detail", kwargs={"pk": province.pk}) not in breadcrumb
    assert reverse("units:unit_detail", kwargs={"pk": world.units["D1"].pk}) in breadcrumb
