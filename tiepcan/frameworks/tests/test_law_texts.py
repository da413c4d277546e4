"""The shipped QĐ 25/2021 framework says, letter for letter, what Điều 3 and Điều 4 of the law say.

The official article texts are kept in ``data/law/qd25-2021-tt09-2021.md`` (national law
codification, subject 44.8). The test reads the law file, not a copy of its sentences, so a
one-letter slip in the framework (or a one-letter change of the law file) fails it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tiepcan.lib.engine import load_definition

DATA = Path(__file__).resolve().parents[1] / "data"
LAW = DATA / "law" / "qd25-2021-tt09-2021.md"


def _article(text: str, number: str) -> str:
    """The body of one article of the codification (``Điều 44.8.QĐ.5.3.``) up to the next article."""
    # The codification mixes composed and decomposed accents (“chí” as ``chi`` + U+0301 in places);
    # the product stores NFC, so the law's words are read in NFC. Letters still count one by one.
    text = unicodedata.normalize("NFC", text)
    start = text.index(f"Điều {number}.")
    following = text.find("\nĐiều 44.8.", start + 1)
    return text[start : following if following != -1 else len(text)]


def _clause(line: str) -> str:
    return line.strip().rstrip(";.").strip()


def law_article_3() -> tuple[list[str], list[list[str]]]:
    """The five criterion titles and, per criterion, its indicators' wordings (QĐ 25, Điều 3)."""
    body = _article(LAW.read_text(encoding="utf-8"), "44.8.QĐ.5.3")
    titles: list[str] = []
    indicators: list[list[str]] = []
    for line in body.splitlines():
        criterion = re.match(r"\s*\d\. Tiêu chí (\d): (.+)$", line)
        indicator = re.match(r"\s*[a-zđ]\) Chỉ tiêu (\d): (.+)$", line)
        if criterion:
            assert int(criterion.group(1)) == len(titles) + 1
            titles.append(_clause(criterion.group(2)))
            indicators.append([])
        elif indicator:
            assert int(indicator.group(1)) == len(indicators[-1]) + 1
            indicators[-1].append(_clause(indicator.group(2)))
    return titles, indicators


def law_article_4() -> list[str]:
    """The three conditions of recognition (QĐ 25, Điều 4)."""
    body = _article(LAW.read_text(encoding="utf-8"), "44.8.QĐ.5.4")
    return [_clause(m.group(1)) for m in re.finditer(r"^\s*\d\. (.+)$", body, re.MULTILINE)]


def differences(data: dict[str, Any]) -> list[str]:
    """Every place where the framework's words differ from the law's."""
    titles, indicators = law_article_3()
    found: list[str] = []
    criteria = data["criteria"]
    if len(criteria) != len(titles):
        found.append(f"{len(criteria)} tiêu chí, luật có {len(titles)}")
    for criterion, title, wordings in zip(criteria, titles, indicators, strict=False):
        if criterion["title"] != title:
            found.append(f"{criterion['code']}: “{criterion['title']}” ≠ “{title}”")
        if len(criterion["indicators"]) != len(wordings):
            found.append(
                f"{criterion['code']}: {len(criterion['indicators'])} chỉ tiêu, luật có {len(wordings)}"
            )
        for indicator, wording in zip(criterion["indicators"], wordings, strict=False):
            if indicator["title"] != wording:
                found.append(f"{indicator['code']}: “{indicator['title']}” ≠ “{wording}”")
    conditions = law_article_4()
    stated = [c["text"] for c in data["recognition"].get("conditions", [])]
    if stated != conditions:
        found.append(f"Điều 4: {stated} ≠ {conditions}")
    head = next(d for d in data["recognition"]["disqualifiers"] if d["code"] == "head_disciplined")
    if head["text"] != conditions[2]:
        found.append(f"Điều 4 khoản 3: “{head['text']}” ≠ “{conditions[2]}”")
    return found


@pytest.fixture(scope="module")
def qd25() -> dict[str, Any]:
    return load_definition(DATA / "qd25-2021.yaml").data


def test_the_law_file_holds_five_criteria_twenty_indicators_and_three_conditions() -> None:
    titles, indicators = law_article_3()
    assert len(titles) == 5 and [len(i) for i in indicators] == [2, 6, 3, 5, 4]
    assert len(law_article_4()) == 3
    assert "bị xử lý kỷ luật hành chính do vi phạm pháp luật trong thi hành công vụ" in law_article_4()[2]


def test_the_framework_words_are_the_laws_words(qd25: dict[str, Any]) -> None:
    assert differences(qd25) == []
    assert unicodedata.is_normalized("NFC", (DATA / "qd25-2021.yaml").read_text(encoding="utf-8"))


def test_the_framework_texts_are_verified_with_their_article(qd25: dict[str, Any]) -> None:
    for number, criterion in enumerate(qd25["criteria"], start=1):
        assert criterion["verified"] is True
        assert criterion["source"] == f"Điều 3 khoản {number} Quyết định 25/2021/QĐ-TTg"
        for indicator in criterion["indicators"]:
            assert indicator["verified"] is True
            assert indicator["source"].startswith(f"Điều 3 khoản {number} điểm ")
    for number, condition in enumerate(qd25["recognition"]["conditions"], start=1):
        assert condition["verified"] is True
        assert condition["source"] == f"Điều 4 khoản {number} Quyết định 25/2021/QĐ-TTg"


def test_points_outside_the_published_score_sheet_stay_unverified(qd25: dict[str, Any]) -> None:
    tc1, *others = qd25["criteria"]
    assert tc1["max_points"] == 10 and tc1["scoring_basis"]["verified"] is True
    assert "Mẫu 02" in tc1["scoring_basis"]["source"]
    assert (
        tc1["indicators"][0]["max_points"] == 3
        and "Mẫu 02" in tc1["indicators"][0]["scoring_basis"]["source"]
    )
    assert all(c["scoring_basis"]["verified"] is False for c in others)
    indicators = [i for c in qd25["criteria"] for i in c["indicators"]]
    assert all(i["scoring_basis"]["verified"] is False for i in indicators)
    assert sum(c["max_points"] for c in qd25["criteria"]) == 100


def _mutations(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The framework with one letter changed in one of the 25 texts, for each text in turn."""
    out = []
    for c_index, criterion in enumerate(data["criteria"]):
        targets = [("criteria", c_index, None)] + [
            ("criteria", c_index, i_index) for i_index in range(len(criterion["indicators"]))
        ]
        for _, ci, ii in targets:
            changed = copy.deepcopy(data)
            item = changed["criteria"][ci] if ii is None else changed["criteria"][ci]["indicators"][ii]
            text = item["title"]
            position = len(text) // 2
            while not text[position].isalpha():
                position += 1
            letter = "a" if text[position] != "a" else "e"
            item["title"] = text[:position] + letter + text[position + 1 :]
            out.append((item.get("code", ""), changed))
    return out


def test_a_one_letter_change_to_any_title_or_indicator_is_caught(qd25: dict[str, Any]) -> None:
    mutations = _mutations(qd25)
    assert len(mutations) == 25
    for code, changed in mutations:
        assert differences(changed), code
    dropped = copy.deepcopy(qd25)
    dropped["recognition"]["disqualifiers"][0]["text"] = dropped["recognition"]["disqualifiers"][0][
        "text"
    ].replace(" hành chính", "")
    assert differences(dropped) == [
        f"Điều 4 khoản 3: “{dropped['recognition']['disqualifiers'][0]['text']}” ≠ “{law_article_4()[2]}”"
    ]
