"""The shipped frameworks: valid, faithful to the verified facts, and the published golden figures."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tiepcan.lib.engine import DefinitionError, compile_framework, judge, load_definition, score, validate
from tiepcan.lib.engine.cli import main
from tiepcan.lib.engine.sample import sample_values

DATA = Path(__file__).resolve().parents[2] / "frameworks" / "data"


def shipped(code: str):
    return compile_framework(load_definition(DATA / f"{code}.yaml"))


@pytest.mark.parametrize("code", ["qd619-2017", "qd25-2021", "qd27-2025"])
def test_each_shipped_framework_validates_clean(code: str) -> None:
    assert validate(load_definition(DATA / f"{code}.yaml")) == []


def test_2017_has_five_criteria_of_15_30_25_10_20_and_25_indicators() -> None:
    fw = shipped("qd619-2017")
    assert [(c.code, c.max_points) for c in fw.criteria] == [
        ("TC1", Decimal(15)),
        ("TC2", Decimal(30)),
        ("TC3", Decimal(25)),
        ("TC4", Decimal(10)),
        ("TC5", Decimal(20)),
    ]
    assert fw.criteria[0].title == "Bảo đảm thi hành Hiến pháp và pháp luật"
    assert len(fw.indicators()) == 25 and fw.max_total == 100


def test_2021_encodes_article_4_as_verified() -> None:
    fw = shipped("qd25-2021")
    assert len(fw.criteria) == 5 and [len(c.indicators) for c in fw.criteria] == [2, 6, 3, 5, 4]
    assert fw.recognition["total_min"] == 80 and fw.recognition["criterion_min_share"] == 0.5
    assert fw.recognition["verified"] is True
    head = fw.recognition["disqualifiers"][0]
    assert head["verified"] is True and "kỷ luật hành chính" in head["text"]
    assert {f["code"]: f["disqualifies"] for f in head["facts"]} == {
        "head_admin_disciplined": True,
        "head_prosecuted": True,
        "head_party_disciplined": False,
    }


def test_2025_has_three_pass_fail_criteria_with_the_verified_first_indicators() -> None:
    fw = shipped("qd27-2025")
    assert fw.pass_fail and len(fw.criteria) == 3
    first = fw.criteria[0]
    assert first.title == "Ban hành văn bản quy phạm pháp luật"
    assert [i.verified for i in first.indicators] == [True, True, False]
    assert fw.data["applies_to"] == ["xa", "phuong", "dac_khu"]


def test_2025_counts_fourteen_indicators_one_of_them_awaiting_its_text() -> None:
    fw = shipped("qd27-2025")
    assert len(fw.indicators()) == 14 and fw.placeholders() == ["2.7"]
    assert fw.max_total == 13  # the placeholder is not counted until completed
    # Its conditions are not in hand: nothing is copied from QĐ 25 (no discipline condition).
    assert fw.recognition["verified"] is False and "disqualifiers" not in fw.recognition
    assert all(c["verified"] is False for c in fw.recognition["conditions"])
    tt15 = next(d for d in fw.data["legal_basis"] if d["number"] == "15/2025/TT-BTP")
    assert (tt15["date"], tt15["in_force"], tt15["replaces"]) == (
        "2025-09-11",
        "2026-01-01",
        "09/2021/TT-BTP",
    )
    authority = fw.data["authority"]
    assert (authority["council_level"], authority["recognition_level"], authority["verified"]) == (
        "province",
        "province",
        False,
    )


def test_the_generations_cover_the_years_the_law_gives_them() -> None:
    years = {code: shipped(code).data["years"] for code in ("qd619-2017", "qd25-2021", "qd27-2025")}
    # QĐ 25/2021 Điều 8 khoản 3: the 2021 assessment still follows QĐ 619; QĐ 25 from 2022.
    assert years["qd619-2017"] == {"from": 2017, "to": 2021}
    assert years["qd25-2021"] == {"from": 2022, "to": 2025}
    assert years["qd27-2025"]["from"] == 2025  # 2025: QĐ 25 or QĐ 27, the province chooses


def test_the_legal_bases_carry_the_verified_titles_and_dates() -> None:
    tt07 = next(d for d in shipped("qd619-2017").data["legal_basis"] if d["number"] == "07/2017/TT-BTP")
    assert tt07["title"] == (
        "Thông tư quy định về điểm số, hướng dẫn cách tính điểm các chỉ tiêu tiếp cận pháp luật, Hội đồng đánh "
        "giá tiếp cận pháp luật và một số nội dung về xây dựng xã, phường, thị trấn đạt chuẩn tiếp cận pháp luật"
    )
    assert tt07["date"] == "2017-07-28" and tt07["verified"] is True
    qd25 = shipped("qd25-2021").data
    tt09 = next(d for d in qd25["legal_basis"] if d["number"] == "09/2021/TT-BTP")
    assert tt09["date"] == "2021-11-15" and tt09["verified"] is True
    assert tt09["title"].startswith(
        "Thông tư hướng dẫn thi hành Quyết định số 25/2021/QĐ-TTg ngày 22 tháng 7"
    )
    assert qd25["authority"]["council"] == "Hội đồng đánh giá chuẩn tiếp cận pháp luật"
    assert (qd25["authority"]["council_level"], qd25["authority"]["recognition_level"]) == (
        "district",
        "district",
    )


def test_unverified_facts_are_marked_so() -> None:
    fw = shipped("qd619-2017")
    assert fw.recognition["verified"] is False
    assert sum(1 for i in fw.indicators() if not i.verified) > 15


def test_the_published_2017_annex_line_totals_95_45_and_is_recognised() -> None:
    # QĐ 2793/QĐ-UBND (Bình Dương, 20/11/2017), Xã Lai Uyên, Loại I, hài lòng 97,35%.
    result = judge(
        shipped("qd619-2017"),
        {"TC1": 15, "TC2": "29.63", "TC3": "21.25", "TC4": "9.57", "TC5": 20},
        unit_class="I",
        satisfaction="97.35",
    )
    assert result.total == Decimal("95.45")
    assert result.recognised and result.verdict == "Đạt chuẩn tiếp cận pháp luật"
    other = judge(
        shipped("qd619-2017"),
        {"TC1": 15, "TC2": "28.7", "TC3": "21.5", "TC4": 10, "TC5": 20},
        unit_class="I",
        satisfaction="97.82",
    )
    assert other.total == Decimal("95.20") and other.recognised


def test_the_annex_line_fails_when_a_commune_official_was_disciplined() -> None:
    result = judge(
        shipped("qd619-2017"),
        {"TC1": 15, "TC2": "29.63", "TC3": "21.25", "TC4": "9.57", "TC5": 20},
        facts={"official_disciplined": True},
        unit_class="I",
        satisfaction="97.35",
    )
    assert not result.recognised and "bị xử lý kỷ luật" in result.verdict


def test_a_weak_criterion_is_named_in_the_2021_verdict() -> None:
    result = judge(shipped("qd25-2021"), {"TC1": 10, "TC2": 30, "TC3": 15, "TC4": 25, "TC5": 4})
    assert result.verdict == "Không đạt: Tiêu chí 5 đạt 4,00/20 điểm, dưới 50%"


def test_a_definition_error_points_at_its_line_in_vietnamese() -> None:
    text = (
        (DATA / "qd25-2021.yaml")
        .read_text(encoding="utf-8")
        .replace("max_points: 15\n    verified: true", "max_points: 16\n    verified: true", 1)
    )
    problems = validate(load_definition(text))
    assert problems and "khác tổng điểm các chỉ tiêu" in str(problems[0])
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "max_points: 16" in row)
    assert problems[0].line == line
    broken = (
        (DATA / "qd27-2025.yaml")
        .read_text(encoding="utf-8")
        .replace("scoring: pass_fail", "scoring: dat_khong_dat")
    )
    problems = validate(load_definition(broken))
    line = next(n for n, row in enumerate(broken.splitlines(), start=1) if row.startswith("scoring:"))
    assert problems[0].line == line and "giá trị không hợp lệ" in problems[0].message
    with pytest.raises(DefinitionError):
        load_definition("format: [unclosed\n")


def test_the_cli_prints_json_for_a_values_file(tmp_path: Path) -> None:
    values = sample_values(shipped("qd25-2021"), 7, quality=1.0)
    values["unit_class"] = "II"
    path = tmp_path / "xa.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    out = io.StringIO()
    assert main(["--framework", "qd25-2021", "--values", str(path)], out=out) == 0
    result = json.loads(out.getvalue())
    assert result["framework"] == "qd25-2021" and len(result["indicators"]) == 20
    assert result["verdict"].startswith(("Đạt", "Không đạt"))


def test_the_cli_reports_bad_values_with_exit_code_1(tmp_path: Path) -> None:
    path = tmp_path / "xa.json"
    path.write_text(json.dumps({"values": {"3.1": {"received": 3, "successful": 5}}}), encoding="utf-8")
    out = io.StringIO()
    assert main(["--framework", "qd25-2021", "--values", str(path)], out=out) == 1
    assert "Chỉ tiêu 3.1: Số vụ hòa giải thành không được lớn hơn số vụ việc tiếp nhận." in out.getvalue()


def test_scoring_a_shipped_framework_gives_reasons_for_every_indicator() -> None:
    fw = shipped("qd619-2017")
    result = score(fw, sample_values(fw, 3), unit_class="II")
    assert all(item.reason for item in result.indicators)
    assert len(result.to_dict()["indicators"]) == 25


@pytest.mark.parametrize("code", ["qd619-2017", "qd25-2021", "qd27-2025"])
def test_a_result_as_data_is_what_asdict_gives_with_decimals_as_text(code: str) -> None:
    """``to_dict`` walks the result itself (it runs on every autosave); it must give what the
    standard library's ``asdict`` gives, with decimals written as text and tuples as lists."""
    from dataclasses import asdict

    def reference(value: object) -> object:
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, dict):
            return {k: reference(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [reference(v) for v in value]
        return value

    fw = shipped(code)
    for seed in range(4):
        result = score(fw, sample_values(fw, seed), unit_class="II", partial=bool(seed % 2))
        assert result.to_dict() == reference(asdict(result))
        assert json.dumps(result.to_dict()) == json.dumps(reference(asdict(result)))
