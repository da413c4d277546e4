"""Frameworks in the application: immutable versions, imports with line errors, activation, diff."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.testing import World
from tiepcan.frameworks import services
from tiepcan.frameworks.models import FrameworkActivation, FrameworkVersion
from tiepcan.lib.engine.sample import sample_values

pytestmark = pytest.mark.django_db
DATA = Path(services.DATA_DIR)


def test_loading_the_shipped_frameworks_twice_changes_nothing() -> None:
    first = services.load_shipped()
    second = services.load_shipped()
    assert [v.pk for v in first] == [v.pk for v in second]
    assert FrameworkVersion.objects.count() == 3
    assert FrameworkVersion.objects.get(code="qd619-2017").unverified_count > 0


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
    version, problems = services.import_framework(changed.replace("version: 1", "version: 2", 1))
    assert problems == [] and version is not None
    assert version.supersedes.code == "qd25-2021" and version.supersedes.version == 1


def test_one_framework_per_province_and_year(world: World) -> None:
    services.load_shipped()
    fw2021 = FrameworkVersion.objects.get(code="qd25-2021")
    fw2025 = FrameworkVersion.objects.get(code="qd27-2025")
    services.activate(fw2025, world.units["P1"], 2026)
    with pytest.raises(ValidationError, match="đã áp dụng bộ tiêu chí"):
        services.activate(fw2025, world.units["P1"], 2026)
    with pytest.raises(ValidationError, match="không áp dụng cho năm 2026"):
        services.activate(fw2021, world.units["P1"], 2026)
    assert services.framework_for(world.units["N1"], 2026) == fw2025
    assert services.framework_for(world.units["N3"], 2026) is None


def test_the_import_page_shows_line_errors_in_vietnamese(world: World, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[Role.PROVINCE_ADMIN])
    text = (DATA / "qd27-2025.yaml").read_text(encoding="utf-8").replace("scoring: pass_fail", "scoring: dat")
    response = client.post(
        reverse("frameworks:framework_import"), {"file": SimpleUploadedFile("bo.yaml", text.encode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "giá trị không hợp lệ" in html and "<td>11</td>" in html
    assert not FrameworkVersion.objects.exists()


def test_the_document_page_marks_unverified_facts(world: World, login) -> None:  # type: ignore[no-untyped-def]
    version = services.load_shipped()[0]
    html = (
        login(world.users[Role.COMMUNE_OFFICER])
        .get(reverse("frameworks:framework_detail", kwargs={"pk": version.pk}))
        .content.decode()
    )
    assert "Bảo đảm thi hành Hiến pháp và pháp luật" in html
    assert "chưa đối chiếu văn bản gốc" in html
    assert "619/QĐ-TTg" in html


def test_export_gives_back_the_imported_file(world: World, login) -> None:  # type: ignore[no-untyped-def]
    version = services.load_shipped()[1]
    response = login(world.users[Role.REVIEWER]).get(
        reverse("frameworks:framework_export", kwargs={"pk": version.pk})
    )
    assert response.content.decode() == (DATA / "qd25-2021.yaml").read_text(encoding="utf-8")


def test_the_diff_lists_changed_indicators(world: World, login) -> None:  # type: ignore[no-untyped-def]
    services.load_shipped()
    text = (DATA / "qd25-2021.yaml").read_text(encoding="utf-8")
    newer, _ = services.import_framework(
        text.replace("version: 1", "version: 2", 1).replace(
            "Tiếp công dân theo đúng lịch và quy định", "Tiếp công dân định kỳ"
        )
    )
    older = FrameworkVersion.objects.get(code="qd25-2021", version=1)
    html = (
        login(world.users[Role.PROVINCE_ADMIN])
        .get(reverse("frameworks:framework_diff", kwargs={"pk": older.pk, "other_pk": newer.pk}))
        .content.decode()
    )
    assert "Tiếp công dân định kỳ" in html and "Chỉ tiêu" in html


def test_activation_through_the_page_is_limited_to_the_admins_province(world: World, login) -> None:  # type: ignore[no-untyped-def]
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
