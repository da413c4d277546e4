"""Every API route, for every role, answers as designed (the API's own permission matrix).

The same style as ``tiepcan/core/tests/test_permission_matrix.py``: each route of the API's
URL namespace must have a row, each role calls it with its own read-write key, and routes that
take an object are called again with an object of the foreign province, which must answer 404
(or 403 from the action check) to everybody but the system administrator. Anonymous callers
get 401, except on the open data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tiepcan.accounts.choices import Action, Role
from tiepcan.accounts.permissions import ROLE_ACTIONS
from tiepcan.api.tests.conftest import make_key
from tiepcan.frameworks.services import load_shipped
from tiepcan.testing import World, build_period, build_plan

ANON = "anonymous"
OUTSIDER = "outsider"
SYSADMIN = Role.SYSTEM_ADMIN
ROLES: list[str] = [*Role.values, OUTSIDER, ANON]

Objects = Callable[[World], tuple[dict[str, Any], dict[str, Any] | None]]


@dataclass
class Case:
    expect: dict[str, int]
    method: str = "get"
    objects: Objects | None = None
    body: dict[str, Any] | None = None


def with_action(action: str, status: int = 200, denied: int = 403) -> dict[str, int]:
    out = {ANON: 401}
    for role in ROLES:
        if role != ANON:
            out[role] = status if action in ROLE_ACTIONS.get(role, ()) else denied
    return out


def signed_in(status: int = 200) -> dict[str, int]:
    return {**dict.fromkeys(ROLES, status), ANON: 401}


def only(action: str, status: int, roles: set[str], hidden: int = 404) -> dict[str, int]:
    """``with_action`` where, among the roles holding the action, only ``roles`` reach the object."""
    out = with_action(action, status)
    for role, code in out.items():
        if code == status and role != ANON and role not in roles:
            out[role] = hidden
    return out


def _period(w: World) -> None:
    if not w.periods:
        build_period(w)


def unit_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"unit_id": w.units["N1"].pk}, {"unit_id": w.units["N3"].pk}


def framework_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.frameworks.models import FrameworkVersion

    national = FrameworkVersion.objects.get(code="qd25-2021")
    foreign = FrameworkVersion.objects.create(
        code="bien-gioi-2026",
        version=1,
        title="Bộ tiêu chí tỉnh bạn",
        province=w.units["P2"],
        year_from=2026,
        unit_kinds=["xa"],
        definition=national.definition,
        source_text=national.source_text + "\n# tỉnh bạn",
    )
    return {"framework_id": national.pk}, {"framework_id": foreign.pk}


def framework_diff_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.frameworks.models import FrameworkVersion

    own, foreign = framework_pair(w)
    older = FrameworkVersion.objects.get(code="qd619-2017").pk
    return {"framework_id": older, "other_id": own["framework_id"]}, {
        "framework_id": older,
        "other_id": foreign["framework_id"],
    }


def period_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    _period(w)
    return {"period_id": w.periods["own"].pk}, {"period_id": w.periods["foreign"].pk}


def assessment_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    _period(w)
    own = w.periods["own"].assessments.get(unit=w.units["N1"])
    foreign = w.periods["foreign"].assessments.get(unit=w.units["N3"])
    return {"assessment_id": own.pk}, {"assessment_id": foreign.pk}


def decision_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    from tiepcan.assessments.models import RecognitionDecision

    _period(w)
    out = []
    for key in ("own", "foreign"):
        decision = RecognitionDecision.objects.create(
            period=w.periods[key],
            number=f"1{key}/QĐ-UBND",
            signed_on=date(2027, 1, 20),
            issuer_name="Ủy ban nhân dân tỉnh",
            place="Thử Nghiệm",
            signer_name="Nguyễn Văn Ký",
            signer_title="Chủ tịch",
            created_by=w.users[SYSADMIN],
        )
        out.append({"decision_id": decision.pk})
    return out[0], out[1]


def task_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"task_id": w.tasks["stp1"].pk}, {"task_id": w.tasks["foreign"].pk}


def output_pair(w: World) -> tuple[dict[str, Any], dict[str, Any]]:
    """An output document with its file on a task of each province."""
    from django.core.files.base import ContentFile

    from tiepcan.plans.models import OutputDocument, ProgressReport

    out = []
    for key in ("stp1", "foreign"):
        report = ProgressReport.objects.create(
            task=w.tasks[key],
            reported_by=w.users[SYSADMIN],
            progress=10,
            status="in_progress",
            note="Đang làm",
        )
        document = OutputDocument(
            report=report, kind="plan", title="Kế hoạch", content_type="application/pdf"
        )
        document.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.7\n%%EOF"), save=True)
        out.append({"output_id": document.pk})
    return out[0], out[1]


# Tasks of P1's justice department: roles held at P1 without an agency, the department's own
# focal point and the system administrator; not the commune's people.
TASK_VIEWERS = {r for r in Role.values if r not in {Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN}}
ASSESSMENT_READERS = with_action(Action.VIEW_ASSESSMENTS)

MATRIX: dict[str, Case] = {
    "units": Case(signed_in()),
    # The national viewer (Bộ Tư pháp) reads aggregates only: a province's objects are hidden as from an outsider.
    "unit": Case({**signed_in(), OUTSIDER: 404, Role.NATIONAL_VIEWER: 404}, objects=unit_pair),
    "agencies": Case(signed_in()),
    "frameworks": Case(signed_in()),
    # A person without any role reads no framework (frameworks are read through a grant).
    "framework": Case({**signed_in(), OUTSIDER: 404, Role.NATIONAL_VIEWER: 404}, objects=framework_pair),
    "framework_diff": Case(
        {**signed_in(), OUTSIDER: 404, Role.NATIONAL_VIEWER: 404}, objects=framework_diff_pair
    ),
    "periods": Case(ASSESSMENT_READERS),
    "period": Case(ASSESSMENT_READERS, objects=period_pair),
    "period_result_reports": Case(ASSESSMENT_READERS, objects=period_pair),
    "assessments": Case(ASSESSMENT_READERS),
    "assessment": Case(ASSESSMENT_READERS, objects=assessment_pair),
    "council_results": Case(ASSESSMENT_READERS),
    "decisions": Case(ASSESSMENT_READERS),
    "decision": Case(ASSESSMENT_READERS, objects=decision_pair),
    "activities": Case(signed_in()),
    "tasks": Case(signed_in()),
    "task": Case(
        {**only(Action.VIEW, 200, TASK_VIEWERS), OUTSIDER: 404, Role.NATIONAL_VIEWER: 404}, objects=task_pair
    ),
    "budget": Case(with_action(Action.MANAGE_BUDGET)),
    # An empty body is refused by the schema (422) once the key is known; the version is checked later.
    "assessment_values": Case(
        with_action(Action.SELF_ASSESS, 409),
        method="post",
        objects=assessment_pair,
        body={"version": 0, "indicator": "1.1", "field": "x", "value": "1"},
    ),
    "assessment_document_add": Case(
        with_action(Action.SELF_ASSESS, 409),
        method="post",
        objects=assessment_pair,
        body={"version": 0, "indicator": "1.1", "field": "x", "title": "Nghị quyết"},
    ),
    "assessment_document_remove": Case(
        with_action(Action.SELF_ASSESS, 409),
        method="post",
        objects=assessment_pair,
        body={"version": 0, "indicator": "1.1", "field": "x", "index": 0},
    ),
    # A step the draft cannot take (to "recognised"): refused by the state machine, after the scope.
    "assessment_transition": Case(
        with_action(Action.VIEW_ASSESSMENTS, 422),
        method="post",
        objects=assessment_pair,
        body={"to": "recognised"},
    ),
    # The indicator "0.0" is not in the framework: 404 after the scope and the grant.
    "assessment_evidence": Case(
        {**with_action(Action.SELF_ASSESS, 404)},
        method="multipart",
        objects=assessment_pair,
        body={"indicator": "0.0", "title": "Nghị quyết", "link": "https://tinh.gov.vn/a"},
    ),
    "task_progress": Case(
        only(Action.REPORT_PROGRESS, 409, {Role.AGENCY_FOCAL_POINT, Role.SYSTEM_ADMIN})
        | {Role.COMMUNE_OFFICER: 404, Role.COMMUNE_CHAIRMAN: 404},
        method="multipart",
        objects=task_pair,
        body={"version": 0, "progress": 10, "status": "in_progress", "note": "Đang làm"},
    ),
    # An output file: whoever may see the task downloads it (as the task page's link).
    "output_file": Case(
        {**only(Action.VIEW, 200, TASK_VIEWERS), OUTSIDER: 404, Role.NATIONAL_VIEWER: 404},
        objects=output_pair,
    ),
    "public_recognised": Case(dict.fromkeys(ROLES, 200)),
    "public_decisions": Case(dict.fromkeys(ROLES, 200)),
    "public_aggregates": Case(dict.fromkeys(ROLES, 200)),
}


def api_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace == "api-v1:":
                names.add(entry.name)

    walk(get_resolver().url_patterns, "")
    # The schema and the interactive docs are public pages, not data (test_docs.py).
    return names - {"openapi-json", "openapi-view", "api-root"}


def test_it_lists_every_api_route_in_the_matrix() -> None:
    names = api_names()
    assert names, "no API routes found"
    assert not sorted(names - MATRIX.keys()), (
        f"API routes without expectations: {sorted(names - MATRIX.keys())}"
    )
    assert not sorted(MATRIX.keys() - names), (
        f"MATRIX names routes that do not exist: {sorted(MATRIX.keys() - names)}"
    )


def _call(world: World, role: str, case: Case, url: str, tokens: dict[str, str]) -> int:
    client = Client()
    headers: dict[str, Any] = {} if role == ANON else {"HTTP_AUTHORIZATION": f"Bearer {tokens[role]}"}
    if case.method == "post":
        return client.post(
            url, json.dumps(case.body or {}), content_type="application/json", **headers
        ).status_code
    if case.method == "multipart":
        return client.post(url, case.body or {}, **headers).status_code
    return client.get(url, **headers).status_code


def foreign_expectation(role: str, own: int, name: str) -> set[int]:
    if name.startswith("public_"):
        return {own}
    if role == ANON:
        return {401}
    if role == SYSADMIN:
        return {own}
    if own == 403:
        return {403, 404}
    return {404}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_answers_each_role_as_designed(world: World, name: str, media: None) -> None:
    build_plan(world)
    load_shipped()
    case = MATRIX[name]
    own_kwargs, foreign_kwargs = case.objects(world) if case.objects else ({}, None)
    tokens = {
        role: make_key(world.users[role] if role != OUTSIDER else world.users["outsider"])
        for role in ROLES
        if role != ANON
    }
    failures = []
    for role in ROLES:
        status = _call(world, role, case, reverse(f"api-v1:{name}", kwargs=own_kwargs), tokens)
        if status != case.expect[role]:
            failures.append(f"{role}: got {status}, expected {case.expect[role]}")
        if foreign_kwargs is not None:
            expected = foreign_expectation(role, case.expect[role], name)
            status = _call(world, role, case, reverse(f"api-v1:{name}", kwargs=foreign_kwargs), tokens)
            if status not in expected:
                failures.append(f"{role} on another province's object: got {status}, expected {expected}")
    assert not failures, f"{name}:\n" + "\n".join(failures)
