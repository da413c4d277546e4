"""Background tasks (django.tasks): signature verification takes 0,5–1 s a file, never in a request
when a worker runs them; with the immediate backend (development, tests) they run on commit."""

from __future__ import annotations

from django.tasks import task

from tiepcan.signatures import verification


@task()
def verify_evidence(evidence_id: int) -> str:
    """Verify one evidence PDF against the current trust store."""
    return verification.verify(evidence_id)


@task()
def reverify_stale() -> int:
    """Verify again every file checked against an earlier trust store (after an import or removal)."""
    return verification.reverify_stale()
