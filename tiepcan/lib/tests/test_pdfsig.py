"""The PDF signature verifier against a test PKI built per session (root → intermediate → signer, TSA)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from tiepcan.lib.pdfsig import Outcome, TrustMaterial, load_certificate, load_crl, verify
from tiepcan.lib.tests.pki import Pki, issue, minimal_pdf

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def pki() -> Pki:
    return Pki.build()


@pytest.fixture(scope="module")
def signed(pki: Pki) -> bytes:
    return pki.sign(minimal_pdf())


def trust(pki: Pki, crls: list[bytes] | None = None) -> TrustMaterial:
    return TrustMaterial([pki.root.der], [pki.intermediate.der], pki.crls() if crls is None else crls)


def test_it_finds_a_trusted_timestamped_signature_valid(pki: Pki, signed: bytes) -> None:
    report = verify(signed, trust(pki))
    assert report.outcome == Outcome.VALID
    (sig,) = report.signatures
    assert sig.outcome == Outcome.VALID and sig.reasons == []
    assert sig.signer_name == "Nguyễn Văn An"
    assert sig.signer_org == "UBND xã Hòa Bình"
    assert sig.issuer == "Test Intermediate CA"
    assert sig.trust_anchor == "Test Root CA"
    assert sig.intact and sig.chain_trusted and sig.timestamp_trusted
    assert sig.modification == "none"
    assert sig.revocation == "good" and sig.revocation_source == "imported"
    assert sig.claimed_time and sig.timestamp_time
    assert sig.judged_at == sig.timestamp_time  # judged at the trusted timestamp


def test_it_calls_a_signature_from_an_unknown_root_indeterminate(pki: Pki, signed: bytes) -> None:
    other = Pki.build()
    report = verify(signed, TrustMaterial([other.root.der], [], other.crls()))
    assert report.outcome == Outcome.INDETERMINATE
    assert not report.signatures[0].chain_trusted
    assert "gốc tin cậy" in report.reason


def test_it_calls_a_flipped_byte_in_the_signed_range_invalid(pki: Pki, signed: bytes) -> None:
    position = signed.index(b"Bien ban hop")
    tampered = signed[:position] + b"X" + signed[position + 1 :]
    report = verify(tampered, trust(pki))
    assert report.outcome == Outcome.INVALID
    assert not report.signatures[0].intact
    assert "không còn như lúc ký" in report.reason


def test_it_calls_a_change_of_content_after_signing_invalid(pki: Pki, signed: bytes) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 18 Tf 72 600 Td (Sua) Tj ET")
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    report = verify(out.getvalue(), trust(pki))
    assert report.outcome == Outcome.INVALID
    sig = report.signatures[0]
    assert sig.intact  # the signed revision itself is unchanged …
    assert sig.modification == "other"  # … but what came after is not an allowed change
    assert "sau khi ký" in report.reason


def test_it_calls_a_revoked_signer_invalid(pki: Pki) -> None:
    signer = issue("Trần Thị Bình", pki.intermediate, org="UBND xã Hòa Bình")
    data = pki.sign(minimal_pdf(), signer=signer)
    crls = pki.crls(revoked=[(signer, datetime.now(UTC) - timedelta(days=1))])
    report = verify(data, trust(pki, crls))
    assert report.outcome == Outcome.INVALID
    assert report.signatures[0].revocation == "revoked"
    assert "thu hồi" in report.reason


def test_it_calls_a_certificate_expired_before_signing_invalid(pki: Pki) -> None:
    now = datetime.now(UTC)
    old = issue(
        "Lê Văn Cũ",
        pki.intermediate,
        org="UBND xã Hòa Bình",
        not_before=now - timedelta(days=40),
        not_after=now - timedelta(days=2),
    )
    report = verify(pki.sign(minimal_pdf(), signer=old), trust(pki))
    assert report.outcome == Outcome.INVALID
    assert "hết hạn" in report.reason


def test_it_keeps_valid_a_signature_whose_certificate_expired_after_the_trusted_timestamp(pki: Pki) -> None:
    now = datetime.now(UTC)
    short = issue(
        "Phạm Thị Hạn", pki.intermediate, org="UBND xã Hòa Bình", not_after=now + timedelta(days=10)
    )
    data = pki.sign(minimal_pdf(), signer=short)
    later = now + timedelta(days=60)  # the certificate ended 50 days ago; the CRLs are those of then
    crls = pki.crls(this_update=later - timedelta(hours=1), next_update=later + timedelta(days=7))
    report = verify(data, trust(pki, crls), now=later)
    assert report.outcome == Outcome.VALID, report.reason
    # Without the timestamp the same certificate would only be "not established".
    untimed = pki.sign(minimal_pdf(), signer=short, timestamp=False)
    assert verify(untimed, trust(pki, crls), now=later).outcome == Outcome.INDETERMINATE


def test_it_calls_a_signature_without_a_crl_indeterminate(pki: Pki, signed: bytes) -> None:
    report = verify(signed, trust(pki, crls=[]))
    assert report.outcome == Outcome.INDETERMINATE
    assert report.signatures[0].revocation == "unknown"
    assert "CRL" in report.reason


def test_it_calls_a_signature_with_an_out_of_date_crl_indeterminate(pki: Pki, signed: bytes) -> None:
    now = datetime.now(UTC)
    stale = pki.crls(this_update=now - timedelta(days=30), next_update=now - timedelta(days=23))
    assert verify(signed, trust(pki, stale)).outcome == Outcome.INDETERMINATE


def test_it_uses_the_revocation_data_embedded_in_a_long_term_signature(pki: Pki) -> None:
    data = pki.sign(minimal_pdf(), embed_crls=pki.crls())
    report = verify(data, trust(pki, crls=[]))
    assert report.outcome == Outcome.VALID, report.reason
    assert report.signatures[0].revocation_source == "embedded"


def test_it_says_an_unsigned_pdf_is_unsigned_never_valid() -> None:
    report = verify(minimal_pdf(), TrustMaterial())
    assert report.outcome == Outcome.UNSIGNED
    assert report.signatures == []


def test_it_judges_each_of_two_signatures(pki: Pki, signed: bytes) -> None:
    second = issue("Hoàng Văn Chủ Tịch", pki.intermediate, org="UBND xã Hòa Bình")
    data = pki.sign(signed, signer=second, field_name="ChuKy2")
    report = verify(data, trust(pki))
    assert report.outcome == Outcome.VALID
    first, last = report.signatures
    assert [first.signer_name, last.signer_name] == ["Nguyễn Văn An", "Hoàng Văn Chủ Tịch"]
    assert first.modification == "allowed"  # the second signature is an allowed change
    assert last.modification == "none"


def test_it_reports_the_worst_of_two_signatures(pki: Pki, signed: bytes) -> None:
    stranger = Pki.build()
    data = stranger.sign(signed, field_name="ChuKy2")
    report = verify(data, trust(pki))
    assert [s.outcome for s in report.signatures] == [Outcome.VALID, Outcome.INDETERMINATE]
    assert report.outcome == Outcome.INDETERMINATE


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"not a pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF"])
def test_it_never_crashes_on_broken_files(data: bytes) -> None:
    assert verify(data, TrustMaterial()).outcome in (Outcome.INVALID, Outcome.UNSIGNED)


def test_it_reads_certificates_and_crls_in_pem_and_der(pki: Pki) -> None:
    assert load_certificate(pki.root.pem).subject == load_certificate(pki.root.der).subject
    assert load_crl(pki.crls()[0])
    for junk in (b"", b"junk", pki.crls()[0]):
        with pytest.raises(ValueError):
            load_certificate(junk)
    with pytest.raises(ValueError):
        load_crl(pki.root.der)
