"""In real Chromium: the reviewer's dossier page shows a file as pending, then (polled, no inline
script) the verification of its digital signature once the background task has run."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from tiepcan.accounts.choices import Role
from tiepcan.assessments.models import Evidence
from tiepcan.signatures import services, verification
from tiepcan.signatures.models import EvidenceVerification
from tiepcan.signatures.tests.helpers import commune_pdf, trust_everything
from tiepcan.testing import PASSWORD, World, build_period, build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


@pytest.fixture
def world_with_period(transactional_db: None, settings, tmp_path) -> tuple[World, bytes]:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    world = build_world()
    build_period(world)
    signed_pdf = commune_pdf()  # before the page: pyHanko's signing runs its own event loop
    return world, signed_pdf


def test_the_reviewer_sees_each_files_signature_verification(
    world_with_period: tuple[World, bytes], page, live_server, tmp_path
) -> None:
    world, signed_pdf = world_with_period
    trust_everything(world.users[Role.SYSTEM_ADMIN])
    assessment = world.periods["own"].assessments.get(unit=world.units["N1"])
    evidence = Evidence(
        assessment=assessment,
        indicator="1.1",
        title="Biên bản họp có chữ ký số",
        content_type="application/pdf",
        uploaded_by=world.users[Role.COMMUNE_OFFICER],
    )
    evidence.file.save("bien-ban.pdf", ContentFile(signed_pdf), save=True)
    EvidenceVerification.objects.create(evidence=evidence)  # uploaded, the task not yet run

    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", world.users[Role.REVIEWER].username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/danh-gia/ho-so/{assessment.pk}/")
    badge = page.locator(f"#sig-{evidence.pk} .badge").first
    assert badge.inner_text() == "Chữ ký số: đang kiểm tra"

    verification.verify(evidence.pk)  # what the worker does
    page.wait_for_function(
        f"() => document.querySelector('#sig-{evidence.pk} [data-status]').dataset.status === 'valid'",
        timeout=15_000,
    )
    assert page.locator(f"#sig-{evidence.pk} .badge").first.inner_text() == "Chữ ký số: hợp lệ"
    page.locator(f"#sig-{evidence.pk} summary").click()
    detail = page.locator(f"#sig-{evidence.pk} .tc-sig-detail").inner_text()
    assert "Nguyễn Văn An, UBND xã Đồng Tâm" in detail
    assert "Test Intermediate CA" in detail and "gốc tin cậy: Test Root CA" in detail
    assert "nội dung đã ký không thay đổi" in detail
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(f"#sig-{evidence.pk}").scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"verification-{width}.png"))


def test_the_trust_store_page_warns_of_an_out_of_date_crl(
    world_with_period: tuple[World, bytes], page, live_server, tmp_path
) -> None:
    from datetime import UTC, datetime, timedelta

    from tiepcan.signatures.tests.helpers import pki

    world, _signed_pdf = world_with_period
    admin = world.users[Role.SYSTEM_ADMIN]
    services.import_certificate(data=pki().root.der, kind="root", source="Trang chính thức (thử)", user=admin)
    now = datetime.now(UTC)
    stale = pki().crls(this_update=now - timedelta(days=30), next_update=now - timedelta(days=23))[0]
    services.import_crl(data=stale, source="Trang chính thức (thử)", user=admin)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/chu-ky-so/kho-chung-thu/")
    assert "Danh sách thu hồi đã quá hạn cập nhật" in page.locator(".alert-warning").inner_text()
    assert page.locator("code.tc-fingerprint").first.inner_text().count(":") == 31
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"trust-store-{width}.png"), full_page=True)
