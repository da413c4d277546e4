"""Shared set-up for the signature tests: one test PKI, a framework whose first indicator needs
signed evidence, and signed PDFs from the commune."""

from __future__ import annotations

import copy
from typing import Any

from tiepcan.lib.tests.pki import Pki, issue, minimal_pdf

_PKI: list[Pki] = []


def pki() -> Pki:
    if not _PKI:
        _PKI.append(Pki.build())
    return _PKI[0]


def commune_pdf(org: str = "UBND xã Đồng Tâm") -> bytes:
    """A PDF signed (and timestamped) by an officer of ``org``."""
    signer = issue("Nguyễn Văn An", pki().intermediate, org=org)
    return pki().sign(minimal_pdf(), signer=signer)


def require_signed_evidence(period: Any) -> str:
    """Make the period's framework ask for signed evidence on its first indicator; its code."""
    from tiepcan.frameworks.models import FrameworkVersion

    framework = period.framework
    definition = copy.deepcopy(framework.definition)
    first = definition["criteria"][0]["indicators"][0]
    first["evidence"] = {**first.get("evidence", {}), "signed": True}
    # Versions never change in the application; the test rewrites one under a new checksum so the
    # compiled cache (keyed by checksum) picks the change up.
    FrameworkVersion.objects.filter(pk=framework.pk).update(
        definition=definition, checksum="signed-" + framework.checksum[:50]
    )
    period.framework.refresh_from_db()
    return str(first["code"])


def trust_everything(user: Any) -> None:
    from tiepcan.signatures import services

    services.import_certificate(data=pki().root.der, kind="root", source="Thử", user=user)
    services.import_certificate(data=pki().intermediate.der, kind="intermediate", source="Thử", user=user)
    for crl in pki().crls():
        services.import_crl(data=crl, source="Thử", user=user)
