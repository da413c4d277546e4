"""``manage.py score`` on the shipped QĐ 25/2021 framework gives the law's verdicts at the edges.

QĐ 25/2021/QĐ-TTg, Điều 4: total ≥ 80; each criterion ≥ 50% of its maximum; no head of the
commune's Party committee or government disciplined *administratively* or prosecuted in the year.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tiepcan.frameworks import services

pytestmark = pytest.mark.django_db

FULL: dict[str, dict[str, Any]] = {
    "1.1": {
        "documents": [
            {"title": "Nghị quyết 01/2026/NQ-HĐND", "due_on": "2026-03-31", "issued_on": "2026-03-20"}
        ]
    },
    "1.2": {"issued": 10, "lawful": 10},
    "2.1": {"required": 10, "disclosed": 10},
    "2.2": {"requests": 4, "answered": 4},
    "2.3": {"plan_issued": True, "tasks": 10, "done": 10},
    "2.4": {"effective": True},
    "2.5": {"propagandists": 10, "trained": 10},
    "2.6": {"funded": True, "equipped": True},
    "3.1": {"received": 500, "successful": 500},
    "3.2": {"funded": True},
    "3.3": {"informed": True},
    "4.1": {"held": True},
    "4.2": {"done": True},
    "4.3": {"done": True},
    "4.4": {"done": True},
    "4.5": {"done": True},
    "5.1": {"received": 10, "resolved": 10},
    "5.2": {"received": 500, "on_time": 500},
    "5.3": {"no_discipline": True, "no_prosecution": True},
    "5.4": {"recognised": True, "decision_number": "35/QĐ-CAH", "decision_date": "2026-12-15"},
}


def run(
    tmp_path: Path,
    changes: dict[str, dict[str, Any]] | None = None,
    facts: dict[str, bool] | None = None,
    framework: str = "qd25-2021",
) -> dict[str, Any]:
    values = copy.deepcopy(FULL)
    for code, fields in (changes or {}).items():
        values[code].update(fields)
    path = tmp_path / "xa.json"
    path.write_text(json.dumps({"values": values, "facts": facts or {}}), encoding="utf-8")
    out = io.StringIO()
    call_command("score", framework=framework, values=str(path), stdout=out)
    return json.loads(out.getvalue())


def criterion(result: dict[str, Any], code: str) -> str:
    return next(c["points"] for c in result["criteria"] if c["code"] == code)


# Five points off TC2, TC3, TC4 and TC5 each: every criterion stays above half, the total is 80.
AT_80 = {
    "2.4": {"effective": False},
    "3.2": {"funded": False},
    "4.1": {"held": False},
    "5.3": {"no_discipline": False},
}


def test_full_marks_are_100_and_recognised(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert result["total"] == "100.00" and result["max_total"] == "100"
    assert result["recognised"] and result["verdict"] == "Đạt chuẩn tiếp cận pháp luật"


def test_a_total_of_80_00_is_recognised(tmp_path: Path) -> None:
    result = run(tmp_path, AT_80)
    assert result["total"] == "80.00"
    assert result["recognised"] is True and result["verdict"] == "Đạt chuẩn tiếp cận pháp luật"


def test_a_total_of_79_99_is_not(tmp_path: Path) -> None:
    services.load_shipped()  # the stored version this time, not the file
    result = run(tmp_path, {**AT_80, "5.2": {"received": 500, "on_time": 499}})
    assert result["total"] == "79.99" and criterion(result, "TC5") == "14.99"
    assert result["recognised"] is False
    assert result["verdict"] == "Không đạt: Tổng điểm 79,99, dưới 80 điểm"


def test_exactly_half_of_a_criterion_passes(tmp_path: Path) -> None:
    result = run(tmp_path, {"3.1": {"received": 500, "successful": 250}, "3.3": {"informed": False}})
    assert criterion(result, "TC3") == "7.50" and result["total"] == "92.50"
    assert result["recognised"] is True


def test_just_under_half_of_a_criterion_fails(tmp_path: Path) -> None:
    result = run(tmp_path, {"3.1": {"received": 500, "successful": 249}, "3.3": {"informed": False}})
    assert criterion(result, "TC3") == "7.49" and result["total"] == "92.49"
    assert result["recognised"] is False
    assert result["verdict"] == "Không đạt: Tiêu chí 3 đạt 7,49/15 điểm, dưới 50%"


def test_administrative_discipline_of_the_head_refuses_recognition(tmp_path: Path) -> None:
    result = run(tmp_path, facts={"head_admin_disciplined": True})
    assert result["recognised"] is False and result["total"] == "100.00"
    assert result["verdict"] == (
        "Không đạt: Không đủ điều kiện: Người đứng đầu cấp ủy hoặc chính quyền cấp xã bị xử lý kỷ luật "
        "hành chính do vi phạm pháp luật trong thi hành công vụ"
    )
    assert run(tmp_path, facts={"head_prosecuted": True})["recognised"] is False


def test_party_discipline_alone_does_not(tmp_path: Path) -> None:
    result = run(tmp_path, facts={"head_party_disciplined": True})
    assert result["recognised"] is True and result["verdict"] == "Đạt chuẩn tiếp cận pháp luật"


def test_the_scored_indicator_on_disciplined_officials_is_not_the_article_4_condition(tmp_path: Path) -> None:
    # TC5 CT3 loses its points for any official disciplined administratively; recognition still
    # follows the totals, since the official is not the head (Điều 3 khoản 5 điểm c vs Điều 4 khoản 3).
    result = run(tmp_path, {"5.3": {"no_discipline": False}})
    indicator = next(i for i in result["indicators"] if i["code"] == "5.3")
    assert indicator["points"] == "0.00" and result["total"] == "95.00" and result["recognised"] is True


def test_the_security_recognition_needs_its_decision_number_and_date(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_code:
        run(tmp_path, {"5.4": {"recognised": True, "decision_number": "", "decision_date": None}})
    assert exit_code.value.code == 1
    result = run(tmp_path, {"5.4": {"recognised": False, "decision_number": "", "decision_date": None}})
    assert criterion(result, "TC5") == "15.00" and result["recognised"] is True


@pytest.mark.parametrize(
    "framework",
    [
        str(services.DATA_DIR / "qd25-2021.yaml"),  # the shipped file (version 3), by path
        str(services.DATA_DIR / "superseded" / "qd25-2021.v2.yaml"),  # version 2 as published
    ],
    ids=["shipped-v3", "published-v2"],
)
def test_every_edge_by_file_and_version_2_judges_like_version_3(tmp_path: Path, framework: str) -> None:
    """Version 3 only adds procedure data: the law's edges give the same verdicts under both."""
    edges: list[tuple[dict[str, dict[str, Any]], dict[str, bool], str, bool]] = [
        ({**AT_80}, {}, "80.00", True),
        ({**AT_80, "5.2": {"received": 500, "on_time": 499}}, {}, "79.99", False),
        ({"3.1": {"received": 500, "successful": 250}, "3.3": {"informed": False}}, {}, "92.50", True),
        ({"3.1": {"received": 500, "successful": 249}, "3.3": {"informed": False}}, {}, "92.49", False),
        ({}, {"head_admin_disciplined": True}, "100.00", False),
        ({}, {"head_prosecuted": True}, "100.00", False),
        ({}, {"head_party_disciplined": True}, "100.00", True),
    ]
    for changes, facts, total, recognised in edges:
        result = run(tmp_path, changes, facts, framework=framework)
        assert (result["total"], result["recognised"]) == (total, recognised), (changes, facts)
