"""Verifying an evidence PDF's signatures against the trust store: what the background tasks run.

The tasks call it and ``services`` enqueues the tasks, so the imports go one way:
``services`` → ``tasks`` → ``verification``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone

from tiepcan.assessments.models import Evidence
from tiepcan.lib import pdfsig
from tiepcan.lib.text import fold
from tiepcan.signatures.choices import CertificateKind, VerificationStatus
from tiepcan.signatures.models import (
    EvidenceVerification,
    RevocationList,
    TrustedCertificate,
    TrustStoreState,
)

# Logged under the name it always had, so the operators' log queries (the "logger" field) still find it.
log = logging.getLogger("tiepcan.signatures.services")

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


def is_pdf(evidence: Any) -> bool:
    return bool(evidence.file) and (
        evidence.content_type == PDF_MIME or evidence.file.name.lower().endswith(".pdf")
    )


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
