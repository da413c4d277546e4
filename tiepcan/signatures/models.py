"""The trust store (certificates and CRLs the administrator imported) and each evidence file's
signature verification. See docs/signatures.md."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core import audit
from tiepcan.core.models import TimeStampedModel
from tiepcan.core.scoping import ScopedQuerySet
from tiepcan.signatures.choices import CertificateKind, VerificationStatus

MANAGE = Action.MANAGE_TRUST_STORE


class TrustQuerySet(models.QuerySet):
    """The trust store is one for the whole installation: only its managers read it here."""

    def for_user(self, user: Any, action: str = "view") -> TrustQuerySet:

        return self if grants_for(user).is_global(MANAGE) else self.none()


class TrustStoreState(models.Model):
    """One row: the trust store's version, raised by every import or removal.

    A verification made at an older version is out of date and shown as "đang kiểm tra"
    until the background task has verified the file again against the current store.
    """

    version = models.PositiveIntegerField(_("phiên bản kho chứng thư"), default=1)

    class Meta:
        verbose_name = _("phiên bản kho chứng thư")

    def __str__(self) -> str:
        return str(self.version)

    @classmethod
    def current(cls) -> int:
        # No row yet: the store was never changed, version 1 (the field's default).
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 1

    @classmethod
    def bump(cls) -> int:
        cls.objects.get_or_create(pk=1)
        cls.objects.filter(pk=1).update(version=F("version") + 1)
        return cls.current()


@audit.register(exclude=("der",))
class TrustedCertificate(TimeStampedModel):
    """A root (trust anchor) or intermediate CA certificate imported by an administrator."""

    kind = models.CharField(_("loại"), max_length=16, choices=CertificateKind.choices)
    subject = models.CharField(_("chủ thể"), max_length=500)
    issuer = models.CharField(_("tổ chức cấp"), max_length=500)
    serial = models.CharField(_("số hiệu"), max_length=80)
    sha256 = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    der = models.BinaryField(_("nội dung (DER)"))
    source = models.CharField(_("nguồn"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )

    objects = TrustQuerySet.as_manager()

    class Meta:
        verbose_name = _("chứng thư tin cậy")
        verbose_name_plural = _("chứng thư tin cậy")
        ordering = ["kind", "subject", "id"]

    def __str__(self) -> str:
        return self.subject

    def audit_unit_path(self) -> str:
        return ""

    @property
    def expired(self) -> bool:
        return self.not_after < timezone.now()

    @property
    def fingerprint(self) -> str:
        """The SHA-256 fingerprint in the usual notation (AB:CD:…), to compare with the publisher's."""
        return ":".join(self.sha256[i : i + 2] for i in range(0, len(self.sha256), 2)).upper()


@audit.register(exclude=("der",))
class RevocationList(TimeStampedModel):
    """A certificate revocation list (CRL) imported by an administrator."""

    issuer = models.CharField(_("tổ chức cấp"), max_length=500)
    this_update = models.DateTimeField(_("ban hành lúc"))
    next_update = models.DateTimeField(_("cập nhật tiếp theo trước"), null=True, blank=True)
    revoked_count = models.PositiveIntegerField(_("số chứng thư bị thu hồi"), default=0)
    sha256 = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True)
    der = models.BinaryField(_("nội dung (DER)"))
    source = models.CharField(_("nguồn"), max_length=255)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )

    objects = TrustQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh sách thu hồi (CRL)")
        verbose_name_plural = _("danh sách thu hồi (CRL)")
        ordering = ["issuer", "-this_update", "id"]

    def __str__(self) -> str:
        return f"CRL {self.issuer} {self.this_update:%d/%m/%Y}"

    def audit_unit_path(self) -> str:
        return ""

    def out_of_date(self, now: datetime | None = None) -> bool:
        """Past its next update: the CA has published a newer list that should be imported."""
        return self.next_update is not None and self.next_update < (now or timezone.now())

    @property
    def fingerprint(self) -> str:
        return ":".join(self.sha256[i : i + 2] for i in range(0, len(self.sha256), 2)).upper()


class EvidenceVerification(models.Model):
    """The result of verifying one evidence file's digital signatures (tiepcan.lib.pdfsig).

    Written by the background task only; ``trust_version`` says against which trust store.
    """

    evidence = models.OneToOneField(
        "assessments.Evidence",
        verbose_name=_("minh chứng"),
        on_delete=models.CASCADE,
        related_name="verification",
    )
    status = models.CharField(
        _("kết quả"), max_length=16, choices=VerificationStatus.choices, default=VerificationStatus.PENDING
    )
    reason = models.TextField(_("lý do"), blank=True)
    report = models.JSONField(_("chi tiết"), default=dict, blank=True)
    org_mismatch = models.BooleanField(_("tổ chức ký khác đơn vị"), default=False)
    trust_version = models.PositiveIntegerField(_("phiên bản kho chứng thư"), default=0)
    checked_at = models.DateTimeField(_("kiểm tra lúc"), null=True, blank=True)

    # Visible exactly when its evidence file is (the choke point of tiepcan.core.scoping).
    scope_unit_field = "evidence__assessment__unit"
    scope_owner = "evidence"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết quả kiểm tra chữ ký số")
        verbose_name_plural = _("kết quả kiểm tra chữ ký số")

    def __str__(self) -> str:
        return f"{self.evidence_id}: {self.status}"

    def is_pending(self, version: int) -> bool:
        """Not yet verified, or verified against an earlier trust store (shown as pending)."""
        return self.status == VerificationStatus.PENDING or self.trust_version < version

    def shown_status(self, version: int) -> str:
        return VerificationStatus.PENDING if self.is_pending(version) else self.status

    @property
    def signatures(self) -> list[dict[str, Any]]:
        return list(self.report.get("signatures", []))
