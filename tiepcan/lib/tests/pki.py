"""A throw-away PKI for the signature tests: root → intermediate → signers, a timestamp authority,
CRLs, and PDFs signed with pyHanko's signing API. Everything is generated in memory per test run;
no certificate file is shipped."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DER = serialization.Encoding.DER


def minimal_pdf(text: str = "Bien ban hop") -> bytes:
    """A one-page PDF written by hand, with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _name(common: str, org: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(parts)


@dataclass
class Party:
    """A certificate and its private key."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(DER)

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.der)

    @property
    def asn1_key(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(
            self.key.private_bytes(DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def issue(
    common: str,
    issuer: Party | None,
    *,
    org: str = "",
    ca: bool = False,
    tsa: bool = False,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> Party:
    """A certificate for ``common`` signed by ``issuer`` (self-signed when None)."""
    now = datetime.now(UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(common, org)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=30))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    if ca:
        usage = {
            "digital_signature": True,
            "key_cert_sign": True,
            "crl_sign": True,
            "content_commitment": False,
        }
    else:
        usage = {
            "digital_signature": True,
            "key_cert_sign": False,
            "crl_sign": False,
            "content_commitment": not tsa,
        }
    builder = builder.add_extension(
        x509.KeyUsage(
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            encipher_only=False,
            decipher_only=False,
            **usage,
        ),
        critical=True,
    )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    cert = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    return Party(cert, key)


def crl(
    issuer: Party,
    revoked: Sequence[tuple[Party, datetime]] = (),
    *,
    this_update: datetime | None = None,
    next_update: datetime | None = None,
) -> bytes:
    """A CRL of ``issuer`` (DER) listing ``revoked`` certificates with their revocation time."""
    now = datetime.now(UTC)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(this_update or now - timedelta(hours=1))
        .next_update(next_update or now + timedelta(days=7))
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False
        )
    )
    for party, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(party.cert.serial_number)
            .revocation_date(when)
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256()).public_bytes(DER)


@dataclass
class Pki:
    """Root → intermediate → signer, a timestamp authority under the same intermediate."""

    root: Party
    intermediate: Party
    signer: Party
    tsa: Party
    revoked_at: dict[int, datetime] = field(default_factory=dict)

    @classmethod
    def build(cls) -> Pki:
        now = datetime.now(UTC)
        root = issue("Test Root CA", None, org="Test PKI", ca=True, not_after=now + timedelta(days=3650))
        intermediate = issue("Test Intermediate CA", root, org="Test PKI", ca=True)
        signer = issue("Nguyễn Văn An", intermediate, org="UBND xã Hòa Bình")
        tsa = issue("Test TSA", intermediate, org="Test PKI", tsa=True, not_after=now + timedelta(days=3650))
        return cls(root, intermediate, signer, tsa)

    def crls(
        self,
        revoked: Sequence[tuple[Party, datetime]] = (),
        *,
        this_update: datetime | None = None,
        next_update: datetime | None = None,
    ) -> list[bytes]:
        return [
            crl(self.root, this_update=this_update, next_update=next_update),
            crl(self.intermediate, revoked, this_update=this_update, next_update=next_update),
        ]

    def timestamper(self, at: datetime | None = None):
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        return DummyTimeStamper(
            tsa_cert=self.tsa.asn1,
            tsa_key=self.tsa.asn1_key,
            certs_to_embed=SimpleCertificateStore.from_certs([self.tsa.asn1, self.intermediate.asn1]),
            fixed_dt=at,
        )

    def sign(
        self,
        pdf: bytes,
        *,
        signer: Party | None = None,
        timestamp: bool = True,
        field_name: str = "ChuKy1",
        embed_crls: list[bytes] | None = None,
    ) -> bytes:
        """``pdf`` signed (incrementally) by ``signer``, with a timestamp from the test TSA."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko_certvalidator import ValidationContext
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        signer = signer or self.signer
        simple = signers.SimpleSigner(
            signing_cert=signer.asn1,
            signing_key=signer.asn1_key,
            cert_registry=SimpleCertificateStore.from_certs([self.intermediate.asn1]),
        )
        validation = (
            None
            if embed_crls is None
            else ValidationContext(
                trust_roots=[self.root.asn1],
                other_certs=[self.intermediate.asn1],
                crls=embed_crls,
                allow_fetching=False,
            )
        )
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            embed_validation_info=validation is not None,
            validation_context=validation,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.sign_pdf(
            writer, meta, signer=simple, timestamper=self.timestamper() if timestamp else None
        )
        return out.getvalue()
