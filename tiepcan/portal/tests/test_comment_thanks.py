"""The citizen is thanked in the name of the right People's Committee: xã, phường or đặc khu."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments import services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import PublicComment
from tiepcan.assessments.tests.test_cycle import fill_completely, own
from tiepcan.testing import World, build_period
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "name", "short_name", "committee"),
    [
        (UnitKind.WARD, "Phường Kỳ Lừa", "Kỳ Lừa", "UBND phường Kỳ Lừa"),
        (UnitKind.COMMUNE, "Xã Bình Gia", "", "UBND xã Bình Gia"),
        (UnitKind.SPECIAL_ZONE, "Đặc khu Vân Đồn", "Vân Đồn", "UBND đặc khu Vân Đồn"),
        (UnitKind.TOWNSHIP, "Thị trấn Na Sầm", "", "UBND thị trấn Na Sầm"),
    ],
)
def test_a_units_committee_is_named_after_its_kind(
    kind: str, name: str, short_name: str, committee: str
) -> None:
    assert Unit(kind=kind, name=name, short_name=short_name).committee_name == committee


def test_a_ward_thanks_the_citizen_as_a_ward(world: World, client, login) -> None:
    cache.clear()
    ward = world.units["N1"]
    ward.kind, ward.name = UnitKind.WARD, "Phường Đồng Tâm"
    ward.save()
    build_period(world)
    assessment = fill_completely(own(world), world.users[Role.COMMUNE_OFFICER])
    for to in (Status.APPROVED, Status.POSTED):
        services.transition(assessment_id=assessment.pk, user=world.users[Role.COMMUNE_CHAIRMAN], to=to)
    stamp = signing.b62_encode(int(time.time()) - 30)
    value = str(assessment.pk)
    token = (
        f"{value}:{stamp}:{signing.TimestampSigner(salt='portal-comment-form').signature(f'{value}:{stamp}')}"
    )

    response = client.post(
        reverse("portal:comment", kwargs={"pk": assessment.pk}),
        {"name": "Nguyễn Thị Dân", "text": "Đề nghị công khai thêm sổ hòa giải.", "token": token},
        follow=True,
    )

    html = response.content.decode()
    assert "Ý kiến đã được gửi tới UBND phường Đồng Tâm." in html
    assert "UBND xã" not in html
    comment = PublicComment.objects.get()
    comment.answer = "Đã bổ sung trên bảng tin."
    comment.save()
    page = client.get(reverse("portal:posting", kwargs={"pk": assessment.pk})).content.decode()
    assert "UBND phường Đồng Tâm trả lời:" in page
    # The comment form posts: its page keeps the CSRF token (the results pages have none).
    assert "csrfmiddlewaretoken" in page and 'name="csrf-token"' in page
