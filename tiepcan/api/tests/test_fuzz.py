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
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.core.result import Ok
from schemathesis.generation.stateful.state_machine import StepOutput
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.specs.openapi.stateful import collect_transitions

from tiepcan.accounts.choices import Role
from tiepcan.api.tests.conftest import make_key
from tiepcan.frameworks.services import load_shipped
from tiepcan.testing import World, build_period, build_plan, build_world

# The commune's officer (writes values), the province's administrator (reviews, reads all the
# province), the justice department's focal point (reports progress) and the finance officer.
FUZZ_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_ADMIN, Role.AGENCY_FOCAL_POINT, Role.FINANCE_OFFICER)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 15
# Seconds a request may take: the CI machine runs other suites at the same time.
TIMEOUT = 120


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
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", timeout=TIMEOUT)
    failures: list[str] = []
    operations = _operations(schema)
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
            response = case.call(base_url=base_url, headers=headers, timeout=TIMEOUT)
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as error:
                failures.append(f"{operation.label} [{response.status_code}]: {str(error)[:600]}")

    run()


# --- Stateful: the OpenAPI links of the autosave flow ---------------------------------------------

# The roles whose keys run the link-driven scenarios: the commune's officer (saves values),
# the province's administrator (reads the province, may not save) and the justice department's
# focal point (reports progress on tasks).
STATEFUL_ROLES = (Role.COMMUNE_OFFICER, Role.PROVINCE_ADMIN, Role.AGENCY_FOCAL_POINT)
SAVE = "POST /api/v1/assessments/{assessment_id}/values"
LIST_STARTS = {"GET /api/v1/assessments", "GET /api/v1/tasks"}
FLOW = ["assessments", "assessment", "save_value", "tasks", "task", "progress", "output_file"]
SCENARIOS = 15  # scenarios per role
STEPS = 8  # calls per scenario at most
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _live_world(settings: Any, tmp_path: Any) -> World:
    settings.API_RATE_LIMIT = 0
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
    return world


def _operations(schema: Any) -> list[Any]:
    """Every operation of the document; one schemathesis cannot read fails the test."""
    results = list(schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), [r for r in results if not isinstance(r, Ok)]
    return [result.ok() for result in results if isinstance(result, Ok)]


def _value(extracted: Any) -> Any:
    """A value a link extracted; a link whose expression finds nothing fails the test."""
    assert isinstance(extracted.value, Ok), extracted.value
    return extracted.value.ok()


class _Walk:
    """Follows the OpenAPI document's links by name, with schemathesis's own link machinery."""

    def __init__(self, schema: Any, base_url: str, token: str) -> None:
        operations = _operations(schema)
        self.transitions = collect_transitions(operations)
        self.schema = schema
        self.base_url = base_url
        self.headers = {"Authorization": f"Bearer {token}"}

    def call(self, case: Any, status: int) -> StepOutput:
        response = case.call(base_url=self.base_url, headers=self.headers, timeout=TIMEOUT)
        case.validate_response(response, checks=CHECKS)
        assert response.status_code == status, (case.operation.label, response.status_code, response.text)
        return StepOutput(response, case)

    def start(self, path: str, query: dict[str, Any] | None = None) -> StepOutput:
        return self.call(self.schema[path]["GET"].Case(query=query or {}), 200)

    def follow(
        self, output: StepOutput, name: str, expect: int, body: dict[str, Any] | None = None
    ) -> StepOutput:
        """The link ``name`` of ``output``'s operation, its extracted values merged with ``body``."""
        source = output.case.operation.label
        found = [link for link in self.transitions.operations[source].outgoing if link.name == name]
        assert found, f"{source} declares no link {name}"
        transition = found[0].extract(output)
        path = {key: _value(extracted) for key, extracted in transition.parameters["path_parameters"].items()}
        linked = _value(transition.request_body) if transition.request_body is not None else {}
        target = found[0].target
        case = target.Case(
            path_parameters=path, body={**linked, **(body or {})} if linked or body else NOT_SET
        )
        return self.call(case, expect)


@pytest.mark.django_db(transaction=True)
def test_the_documents_links_chain_a_read_to_an_autosave_and_a_stale_version_answers_409(
    live_server: Any, settings: Any, tmp_path: Any
) -> None:
    world = _live_world(settings, tmp_path)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", timeout=TIMEOUT)
    walk = _Walk(schema, live_server.url, make_key(world.users[Role.COMMUNE_OFFICER]))
    listed = walk.start("/api/v1/assessments", {"year": 2026})
    read = walk.follow(listed, "ReadAssessment", 200)
    version = read.response.json()["version"]
    value = {"indicator": "3.1", "field": "villages"}
    saved = walk.follow(read, "SaveValue", 200, {**value, "value": 59})
    assert saved.response.json()["version"] == version + 1
    # The save's own link carries the new version on: the next save is accepted too.
    again = walk.follow(saved, "SaveValue", 200, {**value, "value": 60})
    assert again.response.json()["version"] == version + 2
    # The first read's version is stale now: 409, nothing saved.
    stale = walk.follow(read, "SaveValue", 409, {**value, "value": 1})
    assert isinstance(stale.response.json()["detail"], str)
    reread = walk.follow(again, "ReadAssessment", 200)
    assert reread.response.json()["values"]["3.1"]["villages"] == 60
    assert reread.response.json()["version"] == version + 2

    # The task's links: read a task, report progress with an output file, download it, stale again.
    walk = _Walk(schema, live_server.url, make_key(world.users[Role.AGENCY_FOCAL_POINT]))
    task = walk.follow(
        walk.start("/api/v1/tasks", {"q": world.tasks["stp1"].activity.title}), "ReadTask", 200
    )
    report = {
        "progress": 40,
        "status": "in_progress",
        "note": "Đã dự thảo.",
        "output_kind": "report",
        "output_title": "Báo cáo sơ kết",
        "output_file": PDF,
    }
    reported = walk.follow(task, "ReportProgress", 201, report)
    file = walk.follow(reported, "DownloadOutput", 200)
    assert file.response.content == PDF
    walk.follow(task, "ReportProgress", 409, report)
    assert walk.follow(reported, "ReadTask", 200).response.json()["progress"] == 40


@pytest.mark.django_db(transaction=True)
def test_link_driven_scenarios_with_three_roles_keys_break_nothing(
    live_server: Any, settings: Any, tmp_path: Any
) -> None:
    """Schemathesis's state machine chains the linked operations (reads → saves → reads, tasks →
    progress → files) with generated data and each role's key: no server error, nothing off the document."""
    world = _live_world(settings, tmp_path)
    document = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", timeout=TIMEOUT)
    # The autosave and progress flows, along the links the document declares: schemathesis's own
    # inference would chain every operation (the stateless fuzzing above covers each) and spread
    # the few steps too thin to reach a save through a read.
    schema: Any = document.include(operation_id=FLOW)
    schema.config.phases.stateful.inference.algorithms = []
    failures: list[str] = []
    calls: dict[str, int] = {}
    for role in STATEFUL_ROLES:
        scenarios = _scenarios(schema, live_server.url, role, make_key(world.users[role]), failures, calls)
        scenarios.run(
            settings=hypothesis_settings(
                max_examples=SCENARIOS,
                stateful_step_count=STEPS,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.generate],
            )
        )
    assert not failures, f"{len(failures)} failures:\n" + "\n\n".join(dict.fromkeys(failures))
    # The scenarios went past their first step: the lists' links led to reads (and from there on).
    summary = "\n".join(f"{name}: {count}" for name, count in sorted(calls.items()))
    followed = [name for name in calls if " -> " in name]
    assert any("ReadAssessment" in name for name in followed), summary
    assert any("ReadTask" in name for name in followed), summary


def _scenarios(
    schema: Any, base_url: str, role: str, token: str, failures: list[str], calls: dict[str, int]
) -> Any:
    """The schema's state machine calling with ``role``'s key and collecting, not raising, failures."""
    headers = {"Authorization": f"Bearer {token}"}

    class Scenarios(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"base_url": base_url, "headers": headers, "timeout": TIMEOUT}

        def before_call(self, case: Any) -> None:
            # A scenario starts from the caller's first page: generated filters (a year, page 4000)
            # mostly empty the list and leave its link nothing to carry. The stateless fuzzing
            # above sends those filters.
            if case.operation.label in LIST_STARTS:
                case.query = {}
            # A save names an input the framework has, so the version decides: the one a link
            # carried saves (200) while current and is refused once stale (409); a generated one, 409.
            if case.operation.label == SAVE and isinstance(case.body, dict):
                case.body = {**case.body, "indicator": "3.1", "field": "villages", "value": 7}
                case.body.pop("not_arisen", None)
                case.body.pop("fact", None)
                case.body.pop("companions", None)

        def step(self, input: Any) -> Any:
            if input.transition is not None and input.is_applied:  # a step that followed a link
                name = input.transition.id
                calls[name] = calls.get(name, 0) + 1
            return super().step(input)

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            key = f"{case.operation.label} {response.status_code}"
            calls[key] = calls.get(key, 0) + 1
            try:
                case.validate_response(response, checks=CHECKS)
            except Exception as error:
                failures.append(f"{role} {case.operation.label} [{response.status_code}]: {str(error)[:600]}")

    return Scenarios
