"""Schema-driven fuzzing: every operation of the OpenAPI document, with the keys of several roles.

Schemathesis reads the API's own OpenAPI document from the live test server and generates
requests for every operation (valid and invalid parameters and bodies, files included); each is
sent with the key of each role and with none. Every answer must be no server error, carry a
status code the document declares, and match the declared schema and content type.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tiepcan.accounts.choices import Role
from tiepcan.api.tests.conftest import make_key
from tiepcan.frameworks.services import load_shipped
from tiepcan.testing import build_period, build_plan, build_world

# The commune's officer (writes values), the province's administrator (reviews, reads all the
# province), the justice department's focal point (reports progress) and the finance officer.
FUZZ_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_ADMIN, Role.AGENCY_FOCAL_POINT, Role.FINANCE_OFFICER)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 15


@pytest.mark.django_db(transaction=True)
def test_it_answers_every_generated_request_without_error_and_as_documented(
    live_server: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.API_RATE_LIMIT = 0  # the limit is tested in test_keys.py; here it would answer 429s only
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    cache.clear()
    world = build_world()
    build_plan(world)
    build_period(world)
    load_shipped()
    tokens = [make_key(world.users[role]) for role in FUZZ_ROLES]
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20, [op.label for op in operations]
    for operation in operations:
        _fuzz(operation, tokens, live_server.url, failures)
    assert not failures, f"{len(failures)} failures:\n" + "\n\n".join(dict.fromkeys(failures))


def _fuzz(operation: Any, tokens: list[str], base_url: str, failures: list[str]) -> None:
    """Send the generated requests of one operation with every key and with none."""

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        for token in [*tokens, None]:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = case.call(base_url=base_url, headers=headers)
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as error:
                failures.append(f"{operation.label} [{response.status_code}]: {str(error)[:600]}")

    run()
