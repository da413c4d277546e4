"""The trust store page, the background verification of evidence PDFs and what it blocks."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tiepcan.accounts.choices import Role
from tiepcan.assessments import services as assessment_services
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, Evidence
from tiepcan.lib.tests.pki import minimal_pdf
from tiepcan.signatures import services, verification
from tiepcan.signatures.choices import VerificationStatus
from tiepcan.signatures.models import (
    EvidenceVerification,
    RevocationList,
    TrustedCertificate,
    TrustStoreState,
)
from tiepcan.signatures.tests.helpers import commune_pdf, pki, require_signed_evidence, trust_everything
from tiepcan.testing import World, build_period

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture
def cycle(world: World, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_period(world)
    return world


def own(world: World) -> Assessment:
    return world.periods["own"].assessments.get(unit=world.units["N1"])


def upload(client, assessment: Assessment, indicator: str, data: bytes, title: str = "Biên bản họp"):
    return client.post(
        reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk}),
        {
            "indicator": indicator,
            "title": title,
            "file": SimpleUploadedFile("bien-ban.pdf", data),
            "link": "",
        },
    )


# --- The trust store -------------------------------------------------------------------------------


def test_it_imports_a_root_and_shows_its_fingerprint_validity_and_source(world: World, login) -> None:
    client = login(world.users[Role.SYSTEM_ADMIN])
    response = client.post(
        reverse("signatures:certificate_import"),
        {
            "cert-file": SimpleUploadedFile("goc.cer", pki().root.pem),
            "cert-kind": "root",
            "cert-source": "Trang chính thức của NEAC, 05/12/2026",
        },
    )
    assert response.status_code == 302
    row = TrustedCertificate.objects.get()
    assert row.subject.endswith("Test Root CA") or "Test Root CA" in row.subject
    page = client.get(reverse("signatures:trust_store")).content.decode()
    assert row.fingerprint in page and len(row.sha256) == 64
    assert "Trang chính thức của NEAC, 05/12/2026" in page
    assert timezone.localtime(row.not_after).strftime("%d/%m/%Y") in page  # the page shows local dates
    assert TrustStoreState.current() == 2


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"not a certificate", "root", "không phải chứng thư số"),
        (b"", "root", ""),  # Django's own check: the file is empty
        ("intermediate", "root", "phải tự ký"),
        ("root", "intermediate", "tự ký"),
        ("signer", "intermediate", "không phải của tổ chức"),
    ],
)
def test_it_refuses_what_is_not_the_certificate_it_claims(world: World, login, data, kind, message) -> None:
    if isinstance(data, str):
        data = getattr(pki(), data).der
    client = login(world.users[Role.SYSTEM_ADMIN])
    response = client.post(
        reverse("signatures:certificate_import"),
        {"cert-file": SimpleUploadedFile("x.cer", data), "cert-kind": kind, "cert-source": "Thử"},
        follow=True,
    )
    assert message in response.content.decode()
    assert not TrustedCertificate.objects.exists()


def test_it_refuses_the_same_certificate_twice(world: World) -> None:
    user = world.users[Role.SYSTEM_ADMIN]
    services.import_certificate(data=pki().root.der, kind="root", source="Thử", user=user)
    with pytest.raises(ValidationError, match="đã có trong kho"):
        services.import_certificate(data=pki().root.pem, kind="root", source="Thử", user=user)


def test_it_warns_when_a_crl_is_out_of_date(world: World, login) -> None:
    now = datetime.now(UTC)
    stale = pki().crls(this_update=now - timedelta(days=30), next_update=now - timedelta(days=23))[1]
    client = login(world.users[Role.SYSTEM_ADMIN])
    response = client.post(
        reverse("signatures:crl_import"),
        {"crl-file": SimpleUploadedFile("tg.crl", stale), "crl-source": "Thử"},
        follow=True,
    )
    page = response.content.decode()
    assert "đã quá hạn cập nhật" in page
    assert RevocationList.objects.get().out_of_date()
    # A newer list of the same issuer replaces it; an older one is refused.
    services.import_crl(data=pki().crls()[1], source="Thử", user=world.users[Role.SYSTEM_ADMIN])
    assert RevocationList.objects.count() == 1 and not RevocationList.objects.get().out_of_date()
    with pytest.raises(ValidationError, match="mới hơn"):
        services.import_crl(data=stale, source="Thử", user=world.users[Role.SYSTEM_ADMIN])


def test_the_trust_store_page_names_the_vietnamese_roots_and_ships_no_certificate(
    world: World, login
) -> None:
    page = login(world.users[Role.SYSTEM_ADMIN]).get(reverse("signatures:trust_store")).content.decode()
    for text in (
        "Trung tâm Chứng thực điện tử quốc gia",
        "cấp lại năm 2025",
        "Ban Cơ yếu Chính phủ",
        "VNPT-CA",
        "Viettel-CA",
        "FPT-CA",
        "BKAV-CA",
        "SHA-256",
    ):
        assert text in page
    assert not TrustedCertificate.objects.exists()


@pytest.mark.parametrize("role", [Role.PROVINCE_ADMIN, Role.REVIEWER, Role.COMMUNE_OFFICER])
def test_only_the_system_administrator_manages_the_trust_store(world: World, login, role) -> None:
    client = login(world.users[role])
    assert client.get(reverse("signatures:trust_store")).status_code == 403
    assert not TrustedCertificate.objects.for_user(world.users[role], "view").exists()


# --- Verification of evidence ----------------------------------------------------------------------


def test_an_uploaded_pdf_is_pending_until_the_task_has_run_then_valid(
    cycle: World, login, django_capture_on_commit_callbacks
) -> None:
    trust_everything(cycle.users[Role.SYSTEM_ADMIN])
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(client, assessment, "1.1", commune_pdf())
    evidence = Evidence.objects.get(assessment=assessment)
    assert evidence.verification.status == VerificationStatus.PENDING
    detail = reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})
    page = client.get(detail).content.decode()
    assert "đang kiểm tra" in page and 'hx-trigger="every 3s"' in page
    for callback in callbacks:
        callback()  # the commit: the task runs (immediate backend)
    evidence.verification.refresh_from_db()
    assert evidence.verification.status == VerificationStatus.VALID
    partial = client.get(
        reverse("signatures:evidence_verification", kwargs={"pk": evidence.pk}), HTTP_HX_REQUEST="true"
    )
    text = partial.content.decode()
    assert "hợp lệ" in text and "Nguyễn Văn An" in text and "UBND xã Đồng Tâm" in text
    assert "every 3s" not in text  # polling stops once there is a result
    assert "tổ chức ký khác đơn vị" not in text


def test_it_shows_a_signers_organisation_other_than_the_commune(
    cycle: World, login, django_capture_on_commit_callbacks
) -> None:
    trust_everything(cycle.users[Role.SYSTEM_ADMIN])
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, assessment, "1.1", commune_pdf(org="UBND xã Biên Giới"))
    row = EvidenceVerification.objects.get()
    assert row.status == VerificationStatus.VALID and row.org_mismatch
    page = client.get(reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk})).content.decode()
    assert "tổ chức ký khác đơn vị" in page


def test_a_change_of_the_trust_store_verifies_every_file_again(
    cycle: World, login, django_capture_on_commit_callbacks
) -> None:
    assessment = own(cycle)
    client = login(cycle.users[Role.COMMUNE_OFFICER])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, assessment, "1.1", commune_pdf())
    row = EvidenceVerification.objects.get()
    assert row.status == VerificationStatus.INDETERMINATE  # nothing is trusted yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        trust_everything(cycle.users[Role.SYSTEM_ADMIN])
    row.refresh_from_db()
    assert row.is_pending(TrustStoreState.current())  # out of date: shown as pending, not as before
    for callback in callbacks:
        callback()
    row.refresh_from_db()
    assert row.status == VerificationStatus.VALID and not row.is_pending(TrustStoreState.current())


def test_a_file_that_is_not_pdf_or_a_link_gets_no_verification(cycle: World) -> None:
    assessment = own(cycle)
    link = Evidence.objects.create(
        assessment=assessment,
        indicator="1.1",
        title="Trang",
        link="https://example.vn",
        uploaded_by=cycle.users[Role.COMMUNE_OFFICER],
    )
    services.schedule(link)
    assert not EvidenceVerification.objects.exists()
    assert services.describe(link, 1) is None


def test_signed_evidence_blocks_sending_while_pending_or_not_valid(
    cycle: World, django_capture_on_commit_callbacks
) -> None:
    from tiepcan.assessments.tests.test_cycle import fill_completely

    officer = cycle.users[Role.COMMUNE_OFFICER]
    assessment = own(cycle)
    code = require_signed_evidence(assessment.period)
    fill_completely(assessment, officer)
    assert not assessment_services.missing(assessment)  # a link only: no file to verify yet

    def add(data: bytes) -> Evidence:
        evidence = Evidence(
            assessment=assessment,
            indicator=code,
            title="Nghị quyết",
            uploaded_by=officer,
            content_type="application/pdf",
        )
        evidence.file.save("nghi-quyet.pdf", ContentFile(data), save=True)
        services.schedule(evidence)
        return evidence

    with django_capture_on_commit_callbacks(execute=False):
        pending = add(commune_pdf())
    texts = [item.text for item in assessment_services.missing(assessment)]
    assert any("đang được kiểm tra chữ ký số" in t for t in texts), texts
    verification.verify(pending.pk)  # nothing trusted: "chưa xác định"
    texts = [item.text for item in assessment_services.missing(assessment)]
    assert any("chưa hợp lệ (chưa xác định)" in t for t in texts), texts
    with pytest.raises(ValidationError, match="chưa hợp lệ"):
        assessment_services.transition(
            assessment_id=assessment.pk, user=cycle.users[Role.COMMUNE_CHAIRMAN], to=Status.APPROVED
        )
    with django_capture_on_commit_callbacks(execute=True):
        trust_everything(cycle.users[Role.SYSTEM_ADMIN])
    assert not assessment_services.missing(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        unsigned = add(minimal_pdf())
    assert any("không có chữ ký số" in item.text for item in assessment_services.missing(assessment))
    unsigned.delete()
    assert not assessment_services.missing(assessment)


def test_the_dossier_snapshot_and_zip_keep_each_files_verification(
    cycle: World, login, django_capture_on_commit_callbacks
) -> None:
    from tiepcan.assessments.dossier import dossier_zip
    from tiepcan.assessments.tests.helpers import send
    from tiepcan.assessments.tests.test_cycle import fill_completely

    trust_everything(cycle.users[Role.SYSTEM_ADMIN])
    officer, chairman = cycle.users[Role.COMMUNE_OFFICER], cycle.users[Role.COMMUNE_CHAIRMAN]
    assessment = own(cycle)
    fill_completely(assessment, officer)
    client = login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, assessment, "1.1", commune_pdf(), title="Biên bản có chữ ký")
    with django_capture_on_commit_callbacks(execute=True):
        send(assessment.pk, chairman)
    snapshot = assessment.snapshots.get()
    (item,) = [e for e in snapshot.evidence if e["title"] == "Biên bản có chữ ký"]
    assert item["signature"]["status"] == "valid"
    assert item["signature"]["signers"][0]["org"] == "UBND xã Đồng Tâm"
    snapshot.assessment = assessment
    archive = zipfile.ZipFile(io.BytesIO(dossier_zip(snapshot)))
    rows = list(
        csv.reader(io.StringIO(archive.read("danh-muc-minh-chung.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0][3] == "Chữ ký số (khi gửi)"
    (row,) = [r for r in rows if r[1] == "Biên bản có chữ ký"]
    assert row[3].startswith("hợp lệ") and "Nguyễn Văn An" in row[3]


def test_a_broken_or_vanished_file_never_crashes_the_task(cycle: World) -> None:
    assessment = own(cycle)
    evidence = Evidence(
        assessment=assessment,
        indicator="1.1",
        title="Hỏng",
        content_type="application/pdf",
        uploaded_by=cycle.users[Role.COMMUNE_OFFICER],
    )
    evidence.file.name = "evidence/khong-co.pdf"
    evidence.save()
    assert verification.verify(evidence.pk) == "invalid"
    assert verification.verify(999_999) == "gone"
