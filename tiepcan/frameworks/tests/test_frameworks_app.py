"""Frameworks in the application: immutable versions, imports with line errors, activation, diff."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import ModelChoiceField
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.forms import field_of, offered_rows
from tiepcan.frameworks import services
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.lib.engine.sample import sample_values
from tiepcan.testing import World

pytestmark = pytest.mark.django_db
DATA = Path(services.DATA_DIR)


def latest(code: str) -> FrameworkVersion:
    """The newest stored version of ``code``, which the test has loaded."""
    version = services.latest(code)
    assert version is not None, code
    return version


def test_loading_the_shipped_frameworks_twice_changes_nothing() -> None:
    first = services.load_shipped()
    second = services.load_shipped()
    assert [v.pk for v in first] == [v.pk for v in second]
    assert FrameworkVersion.objects.count() == 3
    assert FrameworkVersion.objects.get(code="qd619-2017").unverified_count > 0
    # A fresh database gets the current versions only, each with the reason it was corrected.
    assert [(v.code, v.version) for v in first] == [("qd619-2017", 2), ("qd25-2021", 3), ("qd27-2025", 3)]
    assert all(v.supersedes is None and v.note for v in first)


def load_superseded(code: str, version: int = 1) -> FrameworkVersion:
    stored, problems = services.import_framework(
        (DATA / "superseded" / f"{code}.v{version}.yaml").read_text(encoding="utf-8")
    )
    assert problems == [] and stored is not None and stored.version == version
    return stored


def test_a_database_with_the_old_versions_keeps_them_and_gets_the_corrections_as_new_versions() -> None:
    old = {code: load_superseded(code) for code in services.SHIPPED}
    definitions = {code: dict(v.definition) for code, v in old.items()}
    current = {"qd619-2017": 2, "qd25-2021": 3, "qd27-2025": 3}
    for version in services.load_shipped():
        assert version.version == current[version.code] and version.supersedes == old[version.code]
        assert f"Phiên bản {current[version.code]}" in version.note
    for code, version in old.items():
        version.refresh_from_db()
        assert version.definition == definitions[code]  # untouched
    assert latest("qd25-2021").version == 3
    assert FrameworkVersion.objects.count() == 6


def test_a_database_that_loaded_version_2_keeps_it_and_gets_version_3() -> None:
    """Version 2 as published (before the procedure's deadlines were added) stays; 3 supersedes it."""
    v1 = {code: load_superseded(code) for code in ("qd25-2021", "qd27-2025")}
    v2 = {code: load_superseded(code, 2) for code in ("qd25-2021", "qd27-2025")}
    assert all(v2[code].supersedes == v1[code] for code in v2)
    kept = {code: (v.checksum, v.definition) for code, v in v2.items()}
    loaded = {v.code: v for v in services.load_shipped()}
    for code, old in v2.items():
        new = loaded[code]
        assert (new.version, new.supersedes) == (3, old)
        old.refresh_from_db()
        assert (old.checksum, old.definition) == kept[code]
        # Version 3 adds the procedure's deadlines and posting modes; the criteria are the same.
        assert "posting" not in old.definition and new.definition["posting"]["office_days"] == 5
        steps = {d["step"] for d in new.definition["deadlines"]} - {
            d["step"] for d in old.definition["deadlines"]
        }
        assert {"supplement", "council_papers", "publication", "report_to_ministry"} <= steps
        assert new.definition["criteria"] == old.definition["criteria"]
        assert new.definition["recognition"] == old.definition["recognition"]
    assert "report_to_province" in {d["step"] for d in loaded["qd25-2021"].definition["deadlines"]}
    assert services.load_shipped()[1] == loaded["qd25-2021"]  # idempotent
    assert FrameworkVersion.objects.count() == 7


def test_a_stored_version_cannot_be_edited() -> None:
    version = services.load_shipped()[0]
    version.definition = {**version.definition, "title": "Sửa lén"}
    with pytest.raises(ValidationError, match="không được sửa"):
        version.save()


def test_a_changed_file_with_the_same_version_is_refused_and_a_new_version_supersedes() -> None:
    services.load_shipped()
    text = (DATA / "qd25-2021.yaml").read_text(encoding="utf-8")
    changed = text.replace("total_min: 80", "total_min: 85")
    version, problems = services.import_framework(changed)
    assert version is None and "hãy tăng số phiên bản" in problems[0].message
    version, problems = services.import_framework(
        changed.replace("version: 3", "version: 4", 1), note="Sửa ngưỡng"
    )
    assert problems == [] and version is not None and version.supersedes is not None
    assert version.supersedes.code == "qd25-2021" and version.supersedes.version == 3
    assert version.note == "Sửa ngưỡng"  # the administrator's reason wins over the file's change note


def test_one_framework_per_province_and_year(world: World) -> None:
    services.load_shipped()
    fw2021 = FrameworkVersion.objects.get(code="qd25-2021")
    fw2025 = FrameworkVersion.objects.get(code="qd27-2025")
    first = services.activate(fw2025, world.units["P1"], 2026)
    assert services.activate(fw2025, world.units["P1"], 2026) == first  # the same choice again
    assert FrameworkActivation.objects.count() == 1
    with pytest.raises(ValidationError, match="không áp dụng cho năm 2026"):
        services.activate(fw2021, world.units["P1"], 2026)
    assert services.framework_for(world.units["N1"], 2026) == fw2025
    assert services.framework_for(world.units["N3"], 2026) is None


@pytest.mark.parametrize(
    ("year", "lawful", "refused"),
    [
        (2017, ["qd619-2017"], ["qd25-2021", "qd27-2025"]),
        # QĐ 25/2021 Điều 8 khoản 3, TT 09/2021 Điều 7: the 2021 assessment still follows QĐ 619.
        (2021, ["qd619-2017"], ["qd25-2021", "qd27-2025"]),
        (2022, ["qd25-2021"], ["qd619-2017", "qd27-2025"]),
        (2024, ["qd25-2021"], ["qd619-2017", "qd27-2025"]),
        # 2025: QĐ 25 or QĐ 27 (not settled): both may be chosen.
        (2025, ["qd25-2021", "qd27-2025"], ["qd619-2017"]),
        (2026, ["qd27-2025"], ["qd619-2017", "qd25-2021"]),
    ],
)
def test_every_lawful_generation_can_be_activated_for_its_years(
    world: World, year: int, lawful: list[str], refused: list[str]
) -> None:
    services.load_shipped()
    for code in refused:
        with pytest.raises(ValidationError, match=f"không áp dụng cho năm {year}"):
            services.activate(latest(code), world.units["P1"], year)
    for code in lawful:
        # Before a period is opened the province may change its mind: the last choice stands.
        activation = services.activate(latest(code), world.units["P1"], year)
        assert activation.framework.code == code
    assert FrameworkActivation.objects.get(province=world.units["P1"], year=year).framework.code == lawful[-1]


def test_the_choice_is_fixed_once_a_period_is_open_and_a_superseded_version_is_refused(world: World) -> None:
    from tiepcan.frameworks.forms import ActivationForm
    from tiepcan.testing import build_period

    old = load_superseded("qd27-2025")
    services.load_shipped()
    with pytest.raises(ValidationError, match="đã có phiên bản 3 đã sửa"):
        services.activate(old, world.units["P1"], 2027)
    offered = offered_rows(
        field_of(ActivationForm(actor=world.users[Role.PROVINCE_ADMIN]), "framework", ModelChoiceField)
    )
    assert old not in offered and latest("qd27-2025") in offered
    build_period(world, year=2025)  # P1 opens 2025 on qd27-2025 v3
    services.activate(latest("qd27-2025"), world.units["P1"], 2025)
    with pytest.raises(ValidationError, match="đã mở kỳ đánh giá"):
        services.activate(latest("qd25-2021"), world.units["P1"], 2025)


def test_the_import_page_shows_line_errors_in_vietnamese(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    text = (DATA / "qd27-2025.yaml").read_text(encoding="utf-8").replace("scoring: pass_fail", "scoring: dat")
    response = client.post(
        reverse("frameworks:framework_import"), {"file": SimpleUploadedFile("bo.yaml", text.encode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("scoring:"))
    assert "giá trị không hợp lệ" in html and f"<td>{line}</td>" in html
    assert not FrameworkVersion.objects.exists()


def test_the_document_page_marks_unverified_facts(world: World, login) -> None:
    version = services.load_shipped()[0]
    html = (
        login(world.users[Role.COMMUNE_OFFICER])
        .get(reverse("frameworks:framework_detail", kwargs={"pk": version.pk}))
        .content.decode()
    )
    assert "Bảo đảm thi hành Hiến pháp và pháp luật" in html
    assert "chưa đối chiếu văn bản gốc" in html
    assert "619/QĐ-TTg" in html


def test_export_gives_back_the_imported_file(world: World, login) -> None:
    version = services.load_shipped()[1]
    response = login(world.users[Role.REVIEWER]).get(
        reverse("frameworks:framework_export", kwargs={"pk": version.pk})
    )
    assert response.content.decode() == (DATA / "qd25-2021.yaml").read_text(encoding="utf-8")
    assert response["Content-Disposition"].endswith('qd25-2021-v3.yaml"')


def test_the_diff_lists_changed_indicators(world: World, login) -> None:
    services.load_shipped()
    text = (DATA / "qd25-2021.yaml").read_text(encoding="utf-8")
    newer, _ = services.import_framework(
        text.replace("version: 3", "version: 4", 1).replace(
            "Số yêu cầu cung cấp thông tin nhận được", "Số yêu cầu"
        ),
        note="Rút gọn nhãn chỉ tiêu 2.2",
    )
    assert newer is not None
    older = FrameworkVersion.objects.get(code="qd25-2021", version=3)
    html = (
        login(world.users[Role.PROVINCE_ADMIN])
        .get(reverse("frameworks:framework_diff", kwargs={"pk": older.pk, "other_pk": newer.pk}))
        .content.decode()
    )
    assert "Số yêu cầu" in html and "Chỉ tiêu" in html and "Rút gọn nhãn chỉ tiêu 2.2" in html


def test_the_diff_page_says_why_the_shipped_correction_was_made(world: World, login) -> None:
    older = load_superseded("qd25-2021")
    newer = load_superseded("qd25-2021", 2)
    html = (
        login(world.users[Role.COMMUNE_OFFICER])
        .get(reverse("frameworks:framework_diff", kwargs={"pk": older.pk, "other_pk": newer.pk}))
        .content.decode()
    )
    assert "Lý do thay đổi" in html and "dựng lại theo văn bản gốc" in html
    # The criterion the law calls TC3 replaces the old grouping; old indicators are listed as removed.
    assert "Hòa giải ở cơ sở, trợ giúp pháp lý" in html and "Bỏ" in html


@pytest.mark.parametrize("code", ["qd25-2021", "qd27-2025"])
def test_the_diff_page_from_version_2_to_3_says_the_deadlines_were_added_and_why(
    world: World, login: Any, code: str
) -> None:
    load_superseded(code)
    older = load_superseded(code, 2)
    newer = next(v for v in services.load_shipped() if v.code == code)
    html = (
        login(world.users[Role.PROVINCE_ADMIN])
        .get(reverse("frameworks:framework_diff", kwargs={"pk": older.pk, "other_pk": newer.pk}))
        .content.decode()
    )
    # Why: the deadlines had been written into version 2 after it was published.
    assert "Lý do thay đổi" in html and "Phiên bản 3" in html and "sau khi phiên bản 2 đã ban hành" in html
    # What: the deadlines and posting modes (worded), and nothing about the criteria or indicators.
    assert "Thời hạn" in html and "Niêm yết công khai" in html
    assert "tại trụ sở ít nhất 5 ngày" in html and "Thông báo trên Đài truyền thanh cấp xã" in html
    assert "03 ngày làm việc kể từ ngày nhận được yêu cầu" in html
    from tiepcan.lib.engine.diff import diff

    changes = diff(older.definition, newer.definition)
    assert {c.level for c in changes} == {"metadata"}  # no criterion, indicator or condition changed
    expected = {"deadlines", "posting"} | ({"legal_basis"} if code == "qd27-2025" else set())
    assert {c.code for c in changes} == expected


def test_the_document_page_shows_the_placeholder_as_awaiting_and_asks_the_admin_to_complete_it(
    world: World,
    login,
) -> None:
    version = next(v for v in services.load_shipped() if v.code == "qd27-2025")
    url = reverse("frameworks:framework_detail", kwargs={"pk": version.pk})
    html = login(world.users[Role.PROVINCE_ADMIN]).get(url).content.decode()
    assert "chờ bổ sung" in html and "2.7" in html
    assert "Hãy bổ sung nội dung chỉ tiêu 2.7" in html
    assert "15/2025/TT-BTP" in html and "có hiệu lực từ 01/01/2026" in html
    assert "Cấp tỉnh" in html  # the council's and the recognising authority's level
    officer = login(world.users[Role.COMMUNE_OFFICER]).get(url).content.decode()
    assert "chờ bổ sung" in officer and "Hãy bổ sung nội dung" not in officer


def test_the_document_page_gives_the_law_words_of_the_conditions_and_marks_guessed_points(
    world: World, login
) -> None:
    version = next(v for v in services.load_shipped() if v.code == "qd25-2021")
    html = (
        login(world.users[Role.COMMUNE_OFFICER])
        .get(reverse("frameworks:framework_detail", kwargs={"pk": version.pk}))
        .content.decode()
    )
    assert "bị xử lý kỷ luật hành chính do vi phạm pháp luật trong thi hành công vụ" in html
    assert "Tổng số điểm của từng tiêu chí đạt từ 50% số điểm tối đa trở lên" in html
    assert "điểm chưa đối chiếu" in html and "Hội đồng đánh giá chuẩn tiếp cận pháp luật" in html


def test_activation_through_the_page_is_limited_to_the_admins_province(world: World, login) -> None:
    services.load_shipped()
    fw = FrameworkVersion.objects.get(code="qd27-2025")
    client = login(world.users[Role.PROVINCE_ADMIN])
    client.post(
        reverse("frameworks:activation_create"),
        {"framework": fw.pk, "province": world.units["P2"].pk, "year": 2026},
    )
    assert not FrameworkActivation.objects.exists()
    client.post(
        reverse("frameworks:activation_create"),
        {"framework": fw.pk, "province": world.units["P1"].pk, "year": 2026},
    )
    assert FrameworkActivation.objects.get().province == world.units["P1"]


def test_the_score_command_prints_json(tmp_path: Path) -> None:
    from tiepcan.lib.engine import compile_framework, load_definition

    services.load_shipped()
    values = sample_values(compile_framework(load_definition(DATA / "qd27-2025.yaml")), 11, quality=1.0)
    path = tmp_path / "xa.json"
    path.write_text(json.dumps(values), encoding="utf-8")
    out = io.StringIO()
    call_command("score", framework="qd27-2025", values=str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["framework"] == "qd27-2025" and len(result["criteria"]) == 3
