"""Verify the digital signatures of a PDF, offline, against a trust store given by the caller.

Pure Python (no Django): pyHanko checks each signature's integrity and the changes made after
signing; pyhanko-certvalidator builds the chain to a trusted root and checks revocation, with
fetching disabled (the intranet has no internet). Revocation data comes from the PDF itself
(long-term-validation signatures: the signature's archived revocation data and the document
security store) and from the CRLs the administrator imported.

A signature is judged at the time of its trusted timestamp when it has one: a certificate that
expired after that moment still gives a valid signature. The result is one of three outcomes,
never "not checked shown as valid": Decree 23/2025/NĐ-CP, Art. 3.3, a valid certificate is one
neither expired, suspended nor revoked, so anything that could not be established stays
"chưa xác định" with its reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "Outcome",
    "PdfReport",
    "SignatureReport",
    "TrustMaterial",
    "load_certificate",
    "load_crl",
    "verify",
]


class Outcome(StrEnum):
    """The verdict on one signature, or on a file (its worst signature)."""

    VALID = "valid"
    INDETERMINATE = "indeterminate"
    INVALID = "invalid"
    UNSIGNED = "unsigned"  # a file only: no signature at all


OUTCOME_LABELS = {
    Outcome.VALID: "hợp lệ",
    Outcome.INDETERMINATE: "chưa xác định",
    Outcome.INVALID: "không hợp lệ",
    Outcome.UNSIGNED: "không có chữ ký số",
}

_SEVERITY = {Outcome.VALID: 0, Outcome.INDETERMINATE: 1, Outcome.INVALID: 2}

MODIFICATION_LABELS = {
    "none": "không có thay đổi sau khi ký",
    "allowed": "chỉ có thay đổi được phép sau khi ký (điền biểu mẫu, chú thích, dữ liệu kiểm tra dài hạn)",
    "other": "có thay đổi không được phép sau khi ký",
    "unknown": "không xác định được thay đổi sau khi ký",
}

REVOCATION_LABELS = {
    "good": "chưa bị thu hồi",
    "revoked": "đã bị thu hồi",
    "unknown": "không có thông tin thu hồi",
}


@dataclass(frozen=True)
class TrustMaterial:
    """What the administrator imported: trusted roots, intermediates and CRLs, as DER bytes."""

    roots: list[bytes] = field(default_factory=list)
    intermediates: list[bytes] = field(default_factory=list)
    crls: list[bytes] = field(default_factory=list)


@dataclass
class SignatureReport:
    """What is known of one signature, in words a commune officer and a reviewer can read."""

    field_name: str
    signer_name: str = ""
    signer_org: str = ""
    issuer: str = ""
    serial: str = ""
    claimed_time: str = ""  # ISO 8601, as the signer's software wrote it (untrusted)
    timestamp_time: str = ""  # ISO 8601, from a timestamp token
    timestamp_trusted: bool = False
    intact: bool = False
    modification: str = "unknown"  # none | allowed | other | unknown
    chain_trusted: bool = False
    trust_anchor: str = ""
    revocation: str = "unknown"  # good | revoked | unknown
    revocation_source: str = ""  # embedded | imported | embedded+imported
    judged_at: str = ""
    outcome: Outcome = Outcome.INDETERMINATE
    reasons: list[str] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass
class PdfReport:
    """The verdict on one PDF: its worst signature, or ``UNSIGNED``, or ``INVALID`` if unreadable."""

    outcome: Outcome
    reason: str = ""
    signatures: list[SignatureReport] = field(default_factory=list)
    checked_at: str = ""

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["outcome"] = str(self.outcome)
        for item in data["signatures"]:
            item["outcome"] = str(item["outcome"])
        return data


def load_certificate(data: bytes) -> Any:
    """A certificate from DER or PEM bytes (an asn1crypto ``Certificate``); ``ValueError`` if not one."""
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    if pem.detect(data):
        try:
            kind, _headers, data = pem.unarmor(data)
        except ValueError as error:
            raise ValueError("not a certificate") from error
        if kind != "CERTIFICATE":
            raise ValueError("not a certificate")
    try:
        cert = asn1_x509.Certificate.load(data, strict=True)
        cert.native  # noqa: B018 -- parse every field now, not later inside the validator
    except Exception as error:
        raise ValueError("not a certificate") from error
    return cert


def load_crl(data: bytes) -> Any:
    """A CRL from DER or PEM bytes (an asn1crypto ``CertificateList``); ``ValueError`` if not one."""
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from asn1crypto import crl as asn1_crl
    from asn1crypto import pem

    if pem.detect(data):
        try:
            kind, _headers, data = pem.unarmor(data)
        except ValueError as error:
            raise ValueError("not a CRL") from error
        if kind != "X509 CRL":
            raise ValueError("not a CRL")
    try:
        crl = asn1_crl.CertificateList.load(data, strict=True)
        crl.native  # noqa: B018
    except Exception as error:
        raise ValueError("not a CRL") from error
    return crl


def _name_part(name: Any, part: str) -> str:
    try:
        value = name.native.get(part, "")
    except Exception:
        return ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value)


_SHORT_NAMES = {
    "common_name": "CN",
    "organization_name": "O",
    "organizational_unit_name": "OU",
    "country_name": "C",
    "state_or_province_name": "ST",
    "locality_name": "L",
    "email_address": "E",
    "serial_number": "SERIALNUMBER",
}


def name_text(name: Any) -> str:
    """A distinguished name as people read it on certificates: "CN=…, O=…, C=VN"."""
    try:
        parts = []
        for rdn in reversed(list(name.chosen)):
            for ava in rdn:
                key = ava["type"].native
                parts.append(f"{_SHORT_NAMES.get(key, key)}={ava['value'].native}")
        return ", ".join(parts)
    except Exception:
        return ""


def _iso(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat() if moment else ""


def _timestamp_time(embedded: Any) -> datetime | None:
    """The time a signature timestamp token states, read without judging it (that comes later)."""
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from pyhanko.sign.validation.generic_cms import extract_tst_data_iter

    try:
        for signed_data in extract_tst_data_iter(embedded.signer_info, signed=False):
            return signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    except Exception:  # noqa: S110 -- an unreadable token is reported as no timestamp
        pass
    return None


def _embedded_revinfo(reader: Any, embedded: Any) -> tuple[list[Any], list[Any], list[Any]]:
    """CRLs, OCSP responses and certificates the PDF carries for long-term validation."""
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.sign.general import find_unique_cms_attribute
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    crls: list[Any] = []
    ocsps: list[Any] = []
    certs: list[Any] = list(embedded.other_embedded_certs)
    with contextlib.suppress(Exception):
        archival = find_unique_cms_attribute(
            embedded.signer_info["signed_attrs"], "adobe_revocation_info_archival"
        )
        crls.extend(archival["crl"] or [])
        ocsps.extend(archival["ocsp"] or [])
    with contextlib.suppress(Exception):
        dss = DocumentSecurityStore.read_dss(reader)
        certs.extend(dss.load_certs())
        crls.extend(asn1_crl.CertificateList.load(ref.get_object().data) for ref in dss.crls)
        ocsps.extend(asn1_ocsp.OCSPResponse.load(ref.get_object().data) for ref in dss.ocsps)
    return crls, ocsps, certs


def _context(
    trust: TrustMaterial,
    *,
    moment: datetime,
    crls: list[Any],
    ocsps: list[Any],
    certs: list[Any],
    revocation_mode: str = "require",
    retroactive: bool = False,
) -> Any:
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from pyhanko_certvalidator import ValidationContext

    roots = [load_certificate(der) for der in trust.roots]
    others = [load_certificate(der) for der in trust.intermediates] + certs
    return ValidationContext(
        trust_roots=roots,
        other_certs=others,
        crls=crls,
        ocsps=ocsps,
        moment=moment,
        best_signature_time=moment,
        allow_fetching=False,  # offline: never reach out to a CA's CRL or OCSP address
        revocation_mode=revocation_mode,
        retroactive_revinfo=retroactive,
    )


def _validate(embedded: Any, signer_context: Any, ts_context: Any) -> Any:
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from pyhanko.sign.validation import validate_pdf_signature

    return validate_pdf_signature(embedded, signer_context, ts_validation_context=ts_context)


def _modification(status: Any) -> str:
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage not in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION):
        return "other"
    level = status.modification_level
    if level is None:
        return "unknown"
    if level == ModificationLevel.NONE:
        return "none"
    if level == ModificationLevel.OTHER or status.docmdp_ok is False:
        return "other"
    return "allowed"


def _judge_signature(reader: Any, embedded: Any, trust: TrustMaterial, now: datetime) -> SignatureReport:
    report = SignatureReport(field_name=str(embedded.field_name or ""))
    try:
        cert = embedded.signer_cert
        report.signer_name = _name_part(cert.subject, "common_name")
        report.signer_org = _name_part(cert.subject, "organization_name")
        report.issuer = _name_part(cert.issuer, "common_name") or name_text(cert.issuer)
        report.serial = format(cert.serial_number, "X")
        not_after = cert["tbs_certificate"]["validity"]["not_after"].native
        not_before = cert["tbs_certificate"]["validity"]["not_before"].native
    except Exception:
        report.outcome = Outcome.INVALID
        report.reasons.append("không đọc được chứng thư số của người ký")
        return report

    embedded_crls, ocsps, certs = _embedded_revinfo(reader, embedded)
    imported_crls = [load_crl(der) for der in trust.crls]
    crls = embedded_crls + imported_crls
    ts_time = _timestamp_time(embedded)
    moment = ts_time or now
    ts_context = _context(trust, moment=now, crls=crls, ocsps=ocsps, certs=certs)
    status = _validate(
        embedded,
        _context(trust, moment=moment, crls=crls, ocsps=ocsps, certs=certs, retroactive=ts_time is not None),
        ts_context,
    )
    ts_status = status.timestamp_validity
    report.timestamp_trusted = bool(
        ts_status is not None and ts_status.intact and ts_status.valid and ts_status.trusted
    )
    if ts_status is not None:
        report.timestamp_time = _iso(ts_status.timestamp)
    if ts_time is not None and not report.timestamp_trusted:
        # A timestamp nobody can vouch for proves nothing: judge the signature as of now.
        moment = now
        status = _validate(
            embedded, _context(trust, moment=now, crls=crls, ocsps=ocsps, certs=certs), ts_context
        )
    report.judged_at = _iso(moment)
    claimed = status.signer_reported_dt
    report.claimed_time = _iso(claimed)
    report.intact = bool(status.intact and status.valid)
    report.modification = _modification(status)
    report.chain_trusted = status.validation_path is not None and status.trust_problem_indic is None
    if status.validation_path is not None:
        report.trust_anchor = _anchor_name(status)
    report.revocation_source = "+".join(
        source
        for source, present in (("embedded", embedded_crls or ocsps), ("imported", imported_crls))
        if present
    )

    reasons = report.reasons
    indic = status.trust_problem_indic
    indic_name = getattr(indic, "name", "") if indic is not None else ""
    if status.revoked:
        report.revocation = "revoked"
        when = status.revocation_details.revocation_date
        reasons.append(f"chứng thư số đã bị thu hồi từ {when.astimezone(UTC):%d/%m/%Y %H:%M} UTC")
        report.outcome = Outcome.INVALID
    elif report.chain_trusted:
        report.revocation = "good"

    if not report.intact:
        reasons.insert(0, "nội dung đã ký bị thay đổi hoặc chữ ký sai: tệp không còn như lúc ký")
        report.outcome = Outcome.INVALID
    if report.modification == "other":
        reasons.append("tệp bị sửa đổi sau khi ký ngoài những thay đổi được phép")
        report.outcome = Outcome.INVALID
    if report.outcome == Outcome.INVALID:
        return report

    if report.chain_trusted and report.modification in ("none", "allowed"):
        report.outcome = Outcome.VALID
        return report

    report.outcome = Outcome.INDETERMINATE
    if indic_name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED") or (
        not_after and moment > not_after
    ):
        if report.timestamp_trusted or (claimed and claimed > not_after):
            # Signed (as proved by the timestamp, or as the signer says) after the certificate ended.
            report.outcome = Outcome.INVALID
            reasons.append(f"chứng thư số đã hết hạn ngày {not_after:%d/%m/%Y} trước thời điểm ký")
        else:
            reasons.append(
                f"chứng thư số đã hết hạn ngày {not_after:%d/%m/%Y}; không có dấu thời gian tin cậy "
                "chứng minh tệp được ký trước ngày đó"
            )
    elif indic_name == "NOT_YET_VALID" or (not_before and moment < not_before):
        report.outcome = Outcome.INVALID
        reasons.append(f"chứng thư số chưa có hiệu lực tại thời điểm ký (hiệu lực từ {not_before:%d/%m/%Y})")
    elif indic_name == "NO_CERTIFICATE_CHAIN_FOUND":
        reasons.append(
            "không dẫn được tới chứng thư gốc tin cậy nào trong kho chứng thư (gốc chưa được nhập)"
        )
    elif indic_name in ("REVOKED_NO_POE", "REVOKED_CA_NO_POE"):
        report.outcome = Outcome.INVALID
        report.revocation = "revoked"
        reasons.append("chứng thư số (hoặc của tổ chức cấp) đã bị thu hồi")
    else:
        # Was it only the revocation data that was missing or stale? Try again without requiring it.
        relaxed = _validate(
            embedded,
            _context(
                trust,
                moment=moment,
                crls=crls,
                ocsps=ocsps,
                certs=certs,
                revocation_mode="soft-fail",
                retroactive=ts_time is not None and moment != now,
            ),
            ts_context,
        )
        if relaxed.validation_path is not None and relaxed.trust_problem_indic is None:
            report.trust_anchor = report.trust_anchor or _anchor_name(relaxed)
            reasons.append(
                "chuỗi chứng thư dẫn tới gốc tin cậy nhưng thiếu danh sách thu hồi (CRL) còn hiệu lực "
                "để kiểm tra tình trạng thu hồi"
            )
        elif indic is not None:
            reasons.append(f"không kiểm tra được chuỗi chứng thư ({indic_name})")
        else:
            reasons.append("không kiểm tra được chuỗi chứng thư")
    if report.modification == "unknown":
        reasons.append(MODIFICATION_LABELS["unknown"])
    return report


def _anchor_name(status: Any) -> str:
    with contextlib.suppress(Exception):
        name = status.validation_path.trust_anchor.authority.name
        return _name_part(name, "common_name") or name_text(name)
    return ""


def verify(data: bytes, trust: TrustMaterial, *, now: datetime | None = None) -> PdfReport:
    """Verify every signature of the PDF ``data`` against ``trust``; ``now`` for tests.

    pyHanko's synchronous API starts an event loop of its own: called where a loop already runs
    (an async worker, a browser test's thread), the verification runs in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _verify(data, trust, now)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_verify, data, trust, now).result()


def _verify(data: bytes, trust: TrustMaterial, now: datetime | None) -> PdfReport:
    # lazy: pyHanko and asn1crypto (~1 s of CPU) load only when signatures are read
    from pyhanko.pdf_utils.reader import PdfFileReader

    now = now or datetime.now(UTC)
    checked_at = _iso(datetime.now(UTC))
    # pyHanko logs every failed path at ERROR level: the report says it, the log need not.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:
        return PdfReport(Outcome.INVALID, "không đọc được tệp PDF", checked_at=checked_at)
    if not signatures:
        return PdfReport(Outcome.UNSIGNED, "tệp không có chữ ký số", checked_at=checked_at)
    reports = []
    for embedded in signatures:
        try:
            reports.append(_judge_signature(reader, embedded, trust, now))
        except Exception:
            reports.append(
                SignatureReport(
                    field_name=str(getattr(embedded, "field_name", "") or ""),
                    outcome=Outcome.INVALID,
                    reasons=["chữ ký bị lỗi cấu trúc, không kiểm tra được"],
                )
            )
    worst = max(reports, key=lambda r: _SEVERITY[r.outcome])
    reason = "; ".join(worst.reasons) if worst.outcome != Outcome.VALID else ""
    return PdfReport(worst.outcome, reason, reports, checked_at=checked_at)
