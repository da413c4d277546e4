"""Trust store changes and evidence verification: the operations behind the views and the tasks."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.lib import pdfsig
from tiepcan.lib.text import fold
from tiepcan.signatures.choices import CertificateKind, VerificationStatus
from tiepcan.signatures.models import (
    EvidenceVerification,
    RevocationList,
    TrustedCertificate,
    TrustStoreState,
)

log = logging.getLogger(__name__)

PDF_MIME = "application/pdf"
# The kind words that lead a commune's name ("Xã Đồng Tâm"), folded: the signer's organisation
# is compared with the proper name only ("UBND xã Đồng Tâm", "Ủy ban nhân dân xã Đồng Tâm").
_KIND_WORDS = ("xa ", "phuong ", "thi tran ", "dac khu ")


def trust_material() -> pdfsig.TrustMaterial:
    """The whole trust store, as the verifier takes it (three queries)."""
    roots = list(TrustedCertificate.objects.filter(kind=CertificateKind.ROOT).values_list("der", flat=True))
    others = list(
        TrustedCertificate.objects.filter(kind=CertificateKind.INTERMEDIATE).values_list("der", flat=True)
    )
    crls = list(RevocationList.objects.values_list("der", flat=True))
    return pdfsig.TrustMaterial(
        [bytes(d) for d in roots], [bytes(d) for d in others], [bytes(d) for d in crls]
    )


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
    from tiepcan.signatures.tasks import reverify_stale

    version = TrustStoreState.bump()
    transaction.on_commit(lambda: reverify_stale.enqueue())
    return version


def is_pdf(evidence: Any) -> bool:
    return bool(evidence.file) and (
        evidence.content_type == PDF_MIME or evidence.file.name.lower().endswith(".pdf")
    )


def schedule(evidence: Any) -> None:
    """Mark a new evidence PDF as pending and verify it in the background once it is committed."""
    from tiepcan.signatures.tasks import verify_evidence

    if not is_pdf(evidence):
        return
    EvidenceVerification.objects.update_or_create(
        evidence=evidence, defaults={"status": VerificationStatus.PENDING, "trust_version": 0}
    )
    evidence_id = evidence.pk
    transaction.on_commit(lambda: verify_evidence.enqueue(evidence_id))


def commune_name_matches(org: str, unit_name: str) -> bool:
    """Whether the signer's organisation names the commune (diacritics and case ignored)."""
    name = fold(unit_name)
    for word in _KIND_WORDS:
        if name.startswith(word):
            name = name[len(word) :]
            break
    return bool(name) and name in fold(org)


def verify(evidence_id: int) -> str:
    """Verify one evidence file against the current trust store and store the result.

    Idempotent: a file already verified against the current version is left alone.
    """
    from tiepcan.assessments.models import Evidence

    evidence = Evidence.objects.select_related("assessment__unit").filter(pk=evidence_id).first()
    if evidence is None or not is_pdf(evidence):
        return "gone"
    version = TrustStoreState.current()
    row, _created = EvidenceVerification.objects.get_or_create(evidence=evidence)
    if row.status != VerificationStatus.PENDING and row.trust_version >= version:
        return row.status
    try:
        with evidence.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        log.warning("evidence %s: file unreadable", evidence_id)
        report = pdfsig.PdfReport(pdfsig.Outcome.INVALID, "không đọc được tệp đã lưu")
    else:
        report = pdfsig.verify(data, trust_material())
    mismatch = report.signed and not any(
        commune_name_matches(sig.signer_org, evidence.assessment.unit.name) for sig in report.signatures
    )
    EvidenceVerification.objects.filter(pk=row.pk).update(
        status=str(report.outcome),
        reason=report.reason,
        report=report.to_dict(),
        org_mismatch=mismatch,
        trust_version=version,
        checked_at=timezone.now(),
    )
    return str(report.outcome)


def reverify_stale(limit: int | None = None) -> int:
    """Verify again every file checked against an earlier trust store; the number done."""
    version = TrustStoreState.current()
    ids = list(
        EvidenceVerification.objects.filter(trust_version__lt=version)
        .order_by("id")
        .values_list("evidence_id", flat=True)[:limit]
    )
    for evidence_id in ids:
        verify(evidence_id)
    return len(ids)


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
    from tiepcan.assessments.models import Evidence

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
