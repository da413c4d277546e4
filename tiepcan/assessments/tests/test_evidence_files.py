"""Evidence as files and as a list: names keep their Vietnamese letters, the CSV list cannot be forged."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.dossier import dossier_zip
from tiepcan.assessments.models import DossierSnapshot, Evidence
from tiepcan.assessments.tests.test_cycle import own
from tiepcan.core.uploads import safe_file_name
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"


@pytest.fixture
def period(world: World, settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    build_period(world)
    return world


def test_a_name_typed_on_a_mac_keeps_its_vietnamese_letters(period: World, login) -> None:
    assessment = own(period)
    decomposed = unicodedata.normalize("NFD", "Biên bản họp.pdf")
    login(period.users[Role.COMMUNE_OFFICER]).post(
        reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk}),
        {"indicator": "1.1", "title": "Biên bản họp", "file": SimpleUploadedFile(decomposed, PDF)},
    )
    name = Evidence.objects.get().file.name
    assert name is not None
    stored = name.rsplit("/", 1)[-1]
    assert stored == unicodedata.normalize("NFC", "Biên_bản_họp.pdf")
    response = login(period.users[Role.REVIEWER]).get(
        reverse("assessments:evidence_download", kwargs={"pk": Evidence.objects.get().pk})
    )
    assert "filename*=utf-8''Bi%C3%AAn_b%E1%BA%A3n_h%E1%BB%8Dp.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("???", "tep"),
        (".pdf", "tep.pdf"),
        ("Quyết định số 12/QĐ-UBND.docx", "QĐ-UBND.docx"),
    ],
)
def test_a_stored_name_is_safe(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


def test_a_long_vietnamese_name_fits_a_file_system_name() -> None:
    name = safe_file_name("Đề án " * 80 + ".docx")
    assert len(name.encode()) <= 150 and name.endswith(".docx") and name.startswith("Đề_án_")


@pytest.mark.parametrize("title", ["Dòng một\nDòng hai", "Một;\r\n3.2;Giả mạo", "Tab\there"])
def test_an_evidence_title_must_fit_on_one_line(period: World, login, title: str) -> None:
    assessment = own(period)
    response = login(period.users[Role.COMMUNE_OFFICER]).post(
        reverse("assessments:evidence_upload", kwargs={"pk": assessment.pk}),
        {"indicator": "1.1", "title": title, "link": "https://example.vn/a"},
    )
    assert [m.message for m in get_messages(response.wsgi_request)] == [
        "Tên tài liệu phải nằm trên một dòng (không xuống dòng)."
    ]
    assert not Evidence.objects.exists()


def test_the_evidence_list_of_a_dossier_cannot_be_forged_or_run_as_formulas(period: World) -> None:
    assessment = own(period)
    officer = period.users[Role.COMMUNE_OFFICER]
    titles = [
        "Nghị quyết; số 12",
        "Dòng một\n1.1;Minh chứng giả;https://evil.example",  # an old title with a line break
        '=HYPERLINK("https://evil.example","Bấm vào")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        '"Trích" dẫn',
    ]
    evidence = []
    for title in titles:
        item = Evidence(
            assessment=assessment,
            indicator="1.1",
            title=title,
            uploaded_by=officer,
            link="https://example.vn/x",
        )
        item.save()
        evidence.append(
            {
                "id": item.pk,
                "indicator": "1.1",
                "title": title,
                "link": item.link,
                "has_file": False,
                "round": 1,
            }
        )
    file_item = Evidence(assessment=assessment, indicator="1.2", title="Tệp", uploaded_by=officer)
    file_item.file.save("Biên_bản.pdf", ContentFile(PDF), save=True)
    evidence.append(
        {"id": file_item.pk, "indicator": "1.2", "title": "Tệp", "link": "", "has_file": True, "round": 1}
    )
    snapshot = DossierSnapshot.objects.create(
        assessment=assessment, round=1, score=assessment.score, evidence=evidence, submitted_by=officer
    )
    archive = zipfile.ZipFile(io.BytesIO(dossier_zip(snapshot)))
    text = archive.read("danh-muc-minh-chung.csv").decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows) == 1 + len(titles) + 1  # the header, one row per document: nothing forged
    assert [row[1] for row in rows[1:4]] == [titles[0], titles[1], "'" + titles[2]]
    assert [row[1] for row in rows[4:7]] == ["'" + t for t in titles[3:6]]
    assert rows[7][1] == titles[6]
    assert rows[8][2].startswith("minh-chung/1.2/") and rows[8][2] in archive.namelist()
    assert all(len(row) == 4 for row in rows)  # the fourth: the signature verification at sending
