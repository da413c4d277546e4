"""What a Vietnamese user reads on the plan's pages is Vietnamese."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


def test_the_award_form_labels_every_field_in_vietnamese(world: World, login) -> None:
    build_plan(world)
    html = login(world.users[Role.PROVINCE_ADMIN]).get(reverse("plans:award_create")).content.decode()
    labels = [label.strip() for label in re.findall(r'<label class="form-label"[^>]*>([^<*]+)', html)]
    assert "Hội nghị sơ kết, tổng kết" in labels and "Đơn vị" in labels
    assert not {"Conference", "Unit"} & set(labels)
    assert "Select an option" not in html
