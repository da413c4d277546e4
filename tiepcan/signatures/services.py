"""Trust store changes and what a page shows of a verification: the operations behind the views.

Verifying a file is ``verification`` (what the tasks run); this module enqueues those tasks
when the trust store changes or a new evidence PDF arrives.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tiepcan.assessments.models import Evidence
from tiepcan.lib import pdfsig
from tiepcan.signatures import tasks
from tiepcan.signatures.choices import CertificateKind, VerificationStatus
from tiepcan.signatures.models import (
    EvidenceVerification,
    RevocationList,
    TrustedCertificate,
    TrustStoreState,
)
from tiepcan.signatures.verification import is_pdf


def _text(value: Any) -> str:
    return pdfsig.name_text(value) or str(value)


def import_certificate(*, data: bytes, kind: str, source: str, user: Any) -> TrustedCertificate:
    """Check and store a root or intermediate certificate; every file is verified again after it."""
    try:
        cert = pdfsig.load_certificate(data)
    except ValueError as error:
        raise ValidationError(_("Tệp không phải chứng thư số X.509 (DER hoặc PEM).")) from error
    if not cert.ca:
        raise ValidationError(
            _("Chứng thư này không phải của tổ chức cung cấp dịch vụ chứng thực (không có CA=true).")
        )
    if kind == CertificateKind.ROOT and not cert.self_issued:
        raise ValidationError(
            _("Chứng thư gốc phải tự ký (chủ thể trùng tổ chức cấp); đây là chứng thư trung gian.")
        )
    if kind == CertificateKind.INTERMEDIATE and cert.self_issued:
        raise ValidationError(_("Chứng thư này tự ký: hãy nhập là chứng thư gốc."))
    der = cert.dump()
    digest = hashlib.sha256(der).hexdigest()
    validity = cert["tbs_certificate"]["validity"]
    with transaction.atomic():
        if TrustedCertificate.objects.filter(sha256=digest).exists():
            raise ValidationError(_("Chứng thư này đã có trong kho."))
        row = TrustedCertificate.objects.create(
            kind=kind,
            subject=_text(cert.subject)[:500],
            issuer=_text(cert.issuer)[:500],
            serial=format(cert.serial_number, "X")[:80],
            sha256=digest,
            not_before=validity["not_before"].native,
            not_after=validity["not_after"].native,
            der=der,
            source=source.strip(),
            imported_by=user,
        )
        trust_store_changed()
    return row


def import_crl(*, data: bytes, source: str, user: Any) -> RevocationList:
    """Check and store a CRL; a newer CRL of the same issuer replaces the older ones."""
    try:
        crl = pdfsig.load_crl(data)
    except ValueError as error:
        raise ValidationError(_("Tệp không phải danh sách thu hồi chứng thư (CRL, DER hoặc PEM).")) from error
    der = crl.dump()
    digest = hashlib.sha256(der).hexdigest()
    tbs = crl["tbs_cert_list"]
    issuer = _text(crl.issuer)[:500]
    this_update = tbs["this_update"].native
    next_update = tbs["next_update"].native if tbs["next_update"].native else None
    with transaction.atomic():
        if RevocationList.objects.filter(sha256=digest).exists():
            raise ValidationError(_("Danh sách thu hồi này đã có trong kho."))
        if RevocationList.objects.filter(issuer=issuer, this_update__gt=this_update).exists():
            raise ValidationError(_("Kho đã có danh sách thu hồi mới hơn của tổ chức cấp này."))
        RevocationList.objects.filter(issuer=issuer).delete()
        row = RevocationList.objects.create(
            issuer=issuer,
            this_update=this_update,
            next_update=next_update,
            revoked_count=len(tbs["revoked_certificates"] or []),
            sha256=digest,
            der=der,
            source=source.strip(),
            imported_by=user,
        )
        trust_store_changed()
    return row


def remove_certificate(*, pk: int) -> None:
    with transaction.atomic():
        TrustedCertificate.objects.filter(pk=pk).delete()
        trust_store_changed()


def remove_crl(*, pk: int) -> None:
    with transaction.atomic():
        RevocationList.objects.filter(pk=pk).delete()
        trust_store_changed()


def trust_store_changed() -> int:
    """Raise the trust store's version: every verification made before is now out of date,
    shown as pending until the background task has verified its file again."""
    version = TrustStoreState.bump()
    transaction.on_commit(lambda: tasks.reverify_stale.enqueue())
    return version


def schedule(evidence: Any) -> None:
    """Mark a new evidence PDF as pending and verify it in the background once it is committed."""
    if not is_pdf(evidence):
        return
    EvidenceVerification.objects.update_or_create(
        evidence=evidence, defaults={"status": VerificationStatus.PENDING, "trust_version": 0}
    )
    evidence_id = evidence.pk
    transaction.on_commit(lambda: tasks.verify_evidence.enqueue(evidence_id))


_CSS = {
    VerificationStatus.PENDING: "tc-badge-pending",
    VerificationStatus.VALID: "text-bg-success",
    VerificationStatus.INDETERMINATE: "tc-badge-unverified",
    VerificationStatus.INVALID: "text-bg-danger",
    VerificationStatus.UNSIGNED: "text-bg-light border",
}


def describe(evidence: Any, version: int) -> dict[str, Any] | None:
    """What to show beside an evidence file: None for links and files that are not PDF.

    Reads ``evidence.verification`` (select it with the evidence); a file whose verification is
    missing or was made against an earlier trust store shows as pending, never as valid.
    """
    if not is_pdf(evidence):
        return None
    row = getattr(evidence, "verification", None) if _has_verification(evidence) else None
    status = VerificationStatus.PENDING if row is None else row.shown_status(version)
    signatures = [] if row is None or status == VerificationStatus.PENDING else row.signatures
    return {
        "status": str(status),
        "label": VerificationStatus(status).label,
        "css": _CSS.get(status, "text-bg-light border"),
        "pending": status == VerificationStatus.PENDING,
        "valid": status == VerificationStatus.VALID,
        "reason": "" if status == VerificationStatus.PENDING or row is None else row.reason,
        "mismatch": bool(row and row.org_mismatch and status != VerificationStatus.PENDING),
        "signatures": [
            {
                **sig,
                "outcome_label": pdfsig.OUTCOME_LABELS.get(pdfsig.Outcome(sig["outcome"]), sig["outcome"]),
                "modification_label": pdfsig.MODIFICATION_LABELS.get(sig.get("modification", ""), ""),
                "revocation_label": pdfsig.REVOCATION_LABELS.get(sig.get("revocation", ""), ""),
                "claimed_dt": _parse(sig.get("claimed_time", "")),
                "timestamp_dt": _parse(sig.get("timestamp_time", "")),
            }
            for sig in signatures
        ],
        "checked_at": row.checked_at if row is not None else None,
    }


def _parse(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _has_verification(evidence: Any) -> bool:
    try:
        evidence.verification  # noqa: B018
    except EvidenceVerification.DoesNotExist:
        return False
    return True


def summary(evidence: Any, version: int) -> dict[str, Any] | None:
    """A JSON-safe line for the dossier snapshot and the ZIP: outcome, reason and signers."""
    described = describe(evidence, version)
    if described is None:
        return None
    return {
        "status": described["status"],
        "label": str(described["label"]),
        "reason": described["reason"],
        "org_mismatch": described["mismatch"],
        "signers": [
            {
                "name": s.get("signer_name", ""),
                "org": s.get("signer_org", ""),
                "issuer": s.get("issuer", ""),
                "outcome": str(s.get("outcome_label", "")),
                "timestamp": s.get("timestamp_time", "") if s.get("timestamp_trusted") else "",
                "claimed_time": s.get("claimed_time", ""),
            }
            for s in described["signatures"]
        ],
    }


def signature_problems(assessment: Any, codes: set[str]) -> dict[str, list[tuple[str, str]]]:
    """For indicators whose evidence must be signed (``evidence: {signed: true}``), the files that
    stop sending: ``{code: [(title, what), …]}`` with ``what`` one of pending, not_pdf, or a status."""
    version = TrustStoreState.current()
    out: dict[str, list[tuple[str, str]]] = {}
    rows = Evidence.objects.filter(assessment=assessment, indicator__in=codes).exclude(file="")
    for evidence in rows.select_related("verification"):
        described = describe(evidence, version)
        if described is None:
            out.setdefault(evidence.indicator, []).append((evidence.title, "not_pdf"))
        elif not described["valid"]:
            out.setdefault(evidence.indicator, []).append((evidence.title, described["status"]))
    return out
