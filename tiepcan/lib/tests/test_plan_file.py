"""The seed plan file is complete and faithful; bad files are refused line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiepcan.lib.plan_file import generate_tasks, validate_plan

SEED = Path(__file__).resolve().parents[2] / "plans" / "data" / "ke-hoach-lang-son-2017.yaml"


@pytest.fixture(scope="module")
def seed() -> dict:
    data, problems = validate_plan(SEED.read_text(encoding="utf-8"))
    assert problems == []
    assert data is not None
    return data


def _activity(seed: dict, group: str, number: int) -> dict:
    return next(
        a for g in seed["groups"] if g["number"] == group for a in g["activities"] if a["number"] == number
    )


def test_the_seed_has_every_activity_of_sections_ii_1_to_ii_4(seed: dict) -> None:
    assert [(g["number"], [a["number"] for a in g["activities"]]) for g in seed["groups"]] == [
        ("1", [1, 2, 3, 4]),
        ("2", [1, 2, 3, 4]),
        ("3", [1, 2, 3, 4]),
        ("4", [1, 2]),
    ]


@pytest.mark.parametrize(
    ("group", "number", "lead", "coordinating"),
    [
        ("1", 1, ["so-tu-phap"], ["@so-nganh", "@ubnd-huyen"]),
        ("1", 3, ["so-tu-phap"], ["so-tt-tt", "bao-lang-son", "dai-ptth", "@ubnd-huyen"]),
        ("2", 1, ["so-tu-phap", "@phong-tu-phap"], ["@lien-quan"]),
        ("2", 2, ["@ubnd-huyen"], ["@lien-quan"]),
        ("2", 3, ["@ubnd-xa", "@hoi-dong-huyen", "@ubnd-huyen"], ["@lien-quan"]),
        ("2", 4, ["so-tu-phap", "@phong-tu-phap", "@ubnd-xa"], []),
        ("3", 2, ["so-tu-phap", "@ubnd-huyen"], ["@lien-quan", "@ubnd-xa"]),
        ("4", 1, ["so-tu-phap", "@ubnd-huyen"], ["@lien-quan", "@ubnd-xa"]),
        ("4", 2, ["so-tai-chinh"], ["so-tu-phap", "@ubnd-huyen"]),
    ],
)
def test_each_activity_names_the_agencies_the_text_names(seed, group, number, lead, coordinating) -> None:
    activity = _activity(seed, group, number)
    assert [r["agency"] for r in activity["lead"]] == lead
    assert [r["agency"] for r in activity.get("coordinating", [])] == coordinating


def test_the_schedules_follow_the_text(seed: dict) -> None:
    assert _activity(seed, "1", 2)["schedule"]["kind"] == "on_request"
    assert _activity(seed, "2", 2)["schedule"] == {"kind": "quarter", "year": 2017, "quarter": 3}
    assert _activity(seed, "2", 3)["schedule"]["kind"] == "legal_window"
    assert [i["year"] for i in _activity(seed, "3", 3)["schedule"]["items"]] == [2018, 2020]
    assert _activity(seed, "3", 1)["schedule"] == {"kind": "periodic", "months": 12, "ad_hoc": True}
    assert _activity(seed, "4", 1)["outputs"] == []


def test_section_iii_and_the_signer_are_data(seed: dict) -> None:
    assert [r["agency"] for r in seed["responsibilities"]] == [
        "so-tu-phap",
        "so-tai-chinh",
        "@so-nganh",
        "@ubnd-huyen",
    ]
    assert seed["plan"]["signer"] == {"name": "Phạm Ngọc Thưởng", "title": "Chủ tịch"}
    assert seed["plan"]["number"] is None  # the source shows none: never invented


def test_tasks_follow_the_schedules_year_by_year(seed: dict) -> None:
    by_year = {year: generate_tasks(seed, year) for year in (2017, 2018, 2019, 2020)}
    assert [len(tasks) for tasks in by_year.values()] == [20, 18, 17, 18]
    labels_2017 = {(t.group, t.activity): t.occurrence.label for t in by_year[2017]}
    assert labels_2017[("2", 2)] == "Quý III/2017"
    assert {(t.group, t.activity) for t in by_year[2018]} >= {("3", 3)}
    assert ("3", 3) not in {(t.group, t.activity) for t in by_year[2019]}


def _broken(replace: str, by: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    assert replace in text
    return text.replace(replace, by, 1)


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_an_unknown_agency_is_reported_on_its_line() -> None:
    text = _broken("{agency: so-tai-chinh, label: Sở Tài chính}", "{agency: so-xyz, label: Sở Tài chính}")
    _, problems = validate_plan(text)
    assert len(problems) == 1
    assert problems[0].line == _line_of(text, "so-xyz")
    assert "cơ quan “so-xyz” không có trong danh mục" in str(problems[0])
    assert str(problems[0]).startswith(f"Dòng {problems[0].line}, groups[3].activities[1].lead[0].agency")


def test_a_missing_field_and_a_wrong_type_are_reported_in_vietnamese() -> None:
    text = _broken("schedule_text: Quý III/2017.", "schedule_txt: Quý III/2017.")
    _, problems = validate_plan(text)
    messages = " | ".join(str(p) for p in problems)
    assert "thiếu trường bắt buộc “schedule_text”" in messages
    assert "có trường không được phép: schedule_txt" in messages
    text = _broken("start: 2017", "start: hai nghìn")
    _, problems = validate_plan(text)
    assert problems[0].line == _line_of(text, "start: hai nghìn")
    assert "sai kiểu dữ liệu (cần số nguyên)" in problems[0].message


def test_a_schedule_outside_the_plan_period_is_refused() -> None:
    text = _broken("{kind: quarter, year: 2017, quarter: 3}", "{kind: quarter, year: 2016, quarter: 3}")
    _, problems = validate_plan(text)
    assert "Năm 2016 nằm ngoài giai đoạn kế hoạch 2017–2020" in problems[0].message
    assert problems[0].line == _line_of(text, "year: 2016")


def test_a_period_ending_before_it_starts_is_refused() -> None:
    _, problems = validate_plan(_broken("end: 2020", "end: 2016"))
    assert "năm kết thúc trước năm bắt đầu" in problems[0].message


def test_broken_yaml_points_at_the_line() -> None:
    _, problems = validate_plan("format: tiepcan-plan/1\nplan: [unclosed\n")
    assert problems[0].line in (2, 3)
    assert "sai cú pháp" in problems[0].message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: \x03b\n", "không phải văn bản YAML"),
        ("[" * 5000, "lồng nhau quá sâu"),
        ("a: " + "[" * 60 + "]" * 60 + "\n", "lồng nhau quá sâu"),
        ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "tham chiếu (& và *)"),
    ],
)
def test_hostile_yaml_is_refused_with_a_message(text: str, message: str) -> None:
    import re

    from tiepcan.lib.yaml_lines import YamlSyntaxError, load_with_lines

    _, problems = validate_plan(text)  # plans and frameworks share the loader
    assert message in problems[0].message
    with pytest.raises(YamlSyntaxError, match=re.escape(message)):
        load_with_lines(text)


def _squash(text: str) -> str:
    import re
    import unicodedata

    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def test_every_wording_is_taken_word_for_word_from_the_seed_text(seed: dict) -> None:
    source = _squash((SEED.parent / "ke-hoach-lang-son-2017.txt").read_text(encoding="utf-8"))
    wordings = [seed["plan"]["title"].replace("Kế hoạch triển khai", "TRIỂN KHAI").upper()]
    for group in seed["groups"]:
        wordings.append(group["title"])
        for activity in group["activities"]:
            wordings += [activity["title"], activity["schedule_text"].rstrip(".").strip()]
            wordings += [
                activity[key]
                for key in ("outputs_text", "coordinating_text", "lead_text")
                if activity.get(key)
            ]
    wordings += seed["plan"]["purposes"] + seed["plan"]["requirements"]
    for responsibility in seed["responsibilities"]:
        wordings += responsibility["duties"]
    missing = [w for w in wordings if _squash(w).rstrip(".") not in source]
    assert not missing, missing
