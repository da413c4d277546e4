"""The crosswalk between framework generations: shipped as data, checked, edited, and followed by trends."""

from __future__ import annotations

import copy

import pytest
import yaml

from tiepcan.frameworks import crosswalk, editor, services
from tiepcan.lib import engine
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def _definitions() -> dict[str, dict]:
    return {
        code: yaml.safe_load((services.DATA_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
        for code in services.SHIPPED
    }


@pytest.mark.parametrize("code", ["qd25-2021", "qd27-2025"])
def test_the_shipped_links_are_valid_framework_data_naming_real_earlier_codes(code: str) -> None:
    definitions = _definitions()
    data = crosswalk.with_shipped_links(copy.deepcopy(definitions[code]))
    assert [str(p) for p in engine.validate(data)] == []
    earlier = definitions[data["crosswalk_from"]["framework"]]
    assert crosswalk.problems_against(data, earlier) == []
    # Every criterion and indicator of the framework is linked, and nothing is claimed as verified.
    links = data["crosswalk_from"]
    assert {link["code"] for link in links["criteria"]} == {c["code"] for c in data["criteria"]}
    assert {link["code"] for link in links["indicators"]} == {
        i["code"] for c in data["criteria"] for i in c["indicators"]
    }
    assert not links["verified"] and not any(
        link["verified"] for link in links["criteria"] + links["indicators"]
    )


def test_a_relation_names_as_many_earlier_codes_as_it_says() -> None:
    data = crosswalk.with_shipped_links(copy.deepcopy(_definitions()["qd27-2025"]))
    data["crosswalk_from"]["indicators"][0] = {
        "code": "1.1",
        "from": ["1.1", "1.2"],
        "relation": "equivalent",
        "verified": False,
    }
    data["crosswalk_from"]["indicators"][1] = {"code": "9.9", "relation": "merged", "verified": False}
    messages = [p.message for p in engine.validate(data)]
    assert "quan hệ “equivalent” cần đúng một mã cũ" in messages
    assert (
        "không có mã “9.9” trong bộ tiêu chí này" in messages
        and "quan hệ “merged” cần ít nhất hai mã cũ" in messages
    )
    data["crosswalk_from"]["indicators"][1]["relation"] = "hybrid"
    assert any("crosswalk_from.indicators[1].relation" in str(p) for p in engine.validate(data))


def test_trends_follow_any_link_for_criteria_but_only_equivalents_for_indicators() -> None:
    definitions = _definitions()
    criteria = crosswalk.lineage(definitions, "qd27-2025", "criteria", equivalent_only=False)
    assert [(s.framework, s.code) for s in criteria["TC2"]] == [
        ("qd27-2025", "TC2"),
        ("qd25-2021", "TC2"),
        ("qd619-2017", "TC3"),
    ]
    indicators = crosswalk.lineage(definitions, "qd27-2025", "indicators", equivalent_only=True)
    assert [(s.framework, s.code) for s in indicators["2.3"]] == [
        ("qd27-2025", "2.3"),
        ("qd25-2021", "2.2"),
        ("qd619-2017", "3.5"),
    ]
    assert len(indicators["2.2"]) == 1  # split from 2.1: not followed at indicator level
    assert "chưa đối chiếu" in crosswalk.describe(indicators["2.3"])


def test_a_draft_carries_the_shipped_links_and_the_editor_checks_them(world: World) -> None:
    from tiepcan.accounts.choices import Role

    services.load_shipped()
    base = services.latest("qd27-2025")
    assert base is not None
    draft = services.start_draft(base, world.units["P1"], world.users[Role.PROVINCE_ADMIN])
    data = draft.definition
    assert data["crosswalk_from"]["framework"] == "qd25-2021"
    assert editor.problems(data, base.definition) == []
    data["crosswalk_from"]["indicators"][0]["from"] = ["7.7"]
    found = editor.problems(data, base.definition)
    assert [(p.anchor, p.message) for p in found] == [
        ("section-crosswalk_from", "mã “7.7” không có trong bộ tiêu chí “qd25-2021”")
    ]


def test_an_indicator_renamed_in_the_editor_keeps_its_link(world: World) -> None:
    from tiepcan.accounts.choices import Role

    services.load_shipped()
    admin = world.users[Role.PROVINCE_ADMIN]
    base = services.latest("qd27-2025")
    assert base is not None
    draft = services.start_draft(base, world.units["P1"], admin)

    def rename(data: dict) -> tuple[str, None, None]:
        for criterion in data["criteria"]:
            for indicator in criterion["indicators"]:
                if indicator["code"] == "2.3":
                    indicator["code"] = "2.9"
        return "rename", None, None

    draft = services.edit_draft(draft.pk, draft.lock_version, admin, rename)
    codes = [link["code"] for link in draft.definition["crosswalk_from"]["indicators"]]
    assert "2.9" in codes and "2.3" not in codes
    assert editor.problems(draft.definition, draft.base.definition) == []
