from __future__ import annotations

from typing import Any

from django import template

from tiepcan.signatures import services
from tiepcan.signatures.models import TrustStoreState

register = template.Library()


@register.simple_tag(takes_context=True)
def verification(context: Any, evidence: Any) -> dict[str, Any] | None:
    """The verification to show beside ``evidence`` (see services.describe)."""
    version = context.get("trust_version")
    if version is None:
        # One query per page: remembered in the outermost context.
        version = TrustStoreState.current()
        context.dicts[0]["trust_version"] = version
    return services.describe(evidence, version)
