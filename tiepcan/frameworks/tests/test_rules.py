"""The framework editor's step rules, and the framework pages offering the managers' forms to managers only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core import rules
from tiepcan.frameworks import services
from tiepcan.frameworks.models import FrameworkDraft
from tiepcan.frameworks.tests.test_editor import qd27
from tiepcan.testing import World

pytestmark = pytest.mark.django_db

ADMIN, REVIEWER, OFFICER = Role.PROVINCE_ADMIN, Role.REVIEWER, Role.COMMUNE_OFFICER


def test_a_draft_is_started_by_the_provinces_administrators_only(world: World) -> None:
    p1, p2 = world.units["P1"], world.units["P2"]
    assert rules.allowed(world.users[ADMIN], "frameworks.start_draft", p1)
    assert rules.allowed(world.users[Role.SYSTEM_ADMIN], "frameworks.start_draft", p2)
    for user, province in ((world.users[ADMIN], p2), (world.users[REVIEWER], p1), (world.users[OFFICER], p1)):
        with pytest.raises(PermissionDenied):
            rules.check(user, "frameworks.start_draft", province)


def test_a_draft_is_edited_and_published_by_its_province_until_it_is_published(world: World) -> None:
    draft = services.start_draft(qd27(), world.units["P1"], world.users[ADMIN])
    for step in ("frameworks.edit_draft", "frameworks.publish_draft"):
        assert rules.allowed(world.users[ADMIN], step, draft)
        with pytest.raises(PermissionDenied):
            rules.check(world.users[REVIEWER], step, draft)
    draft.published = qd27()  # as publishing leaves it
    with pytest.raises(ValidationError, match="không được sửa nữa"):
        rules.check(world.users[ADMIN], "frameworks.edit_draft", draft)
    with pytest.raises(ValidationError, match="đã được ban hành"):
        rules.check(world.users[ADMIN], "frameworks.publish_draft", draft)
    with pytest.raises(PermissionDenied):  # the person comes first, as the service always checked
        rules.check(world.users[REVIEWER], "frameworks.edit_draft", draft)


def test_the_framework_list_shows_the_managers_parts_to_managers_only(world: World, login) -> None:
    draft = services.start_draft(qd27(), world.units["P1"], world.users[ADMIN])
    url = reverse("frameworks:framework_list")
    activation = reverse("frameworks:activation_create")
    editing = reverse("frameworks:draft_edit", kwargs={"pk": draft.pk})
    importing = reverse("frameworks:framework_import")
    admin_page = login(world.users[ADMIN]).get(url).content.decode()
    assert activation in admin_page and editing in admin_page and importing in admin_page
    for role in (REVIEWER, OFFICER):
        page = login(world.users[role]).get(url).content.decode()
        assert activation not in page and editing not in page and importing not in page
    assert FrameworkDraft.objects.count() == 1
