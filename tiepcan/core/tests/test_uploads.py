"""Uploads are typed by content: disguised, oversized and empty files are refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tiepcan.core.uploads import check_upload, sniff

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"0" * 20, "jpg"),
        (office("word"), "docx"),
        (office("xl"), "xlsx"),
    ],
)
def test_it_recognises_each_accepted_kind_from_its_bytes(content: bytes, kind: str) -> None:
    assert sniff(io.BytesIO(content)) == kind


def test_it_accepts_a_pdf_named_pdf() -> None:
    assert check_upload(SimpleUploadedFile("quyet-dinh.PDF", PDF)).code == "pdf"


def test_it_refuses_an_executable_named_pdf() -> None:
    with pytest.raises(ValidationError, match="không đúng định dạng cho phép"):
        check_upload(SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 windows program"))


def test_it_refuses_a_png_named_pdf() -> None:
    with pytest.raises(ValidationError, match="không khớp nội dung"):
        check_upload(SimpleUploadedFile("bao-cao.pdf", PNG))


def test_it_refuses_a_plain_zip_named_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("van-ban.docx", buffer.getvalue()))


def test_it_refuses_an_oversized_file_with_the_limit_in_the_message() -> None:
    with pytest.raises(ValidationError, match="vượt giới hạn"):
        check_upload(SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048), max_bytes=1024)


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(ValidationError, match="Tệp rỗng"):
        check_upload(SimpleUploadedFile("rong.pdf", b""))


def test_it_refuses_a_kind_not_allowed_here() -> None:
    with pytest.raises(ValidationError, match="PDF"):
        check_upload(SimpleUploadedFile("anh.png", PNG), allowed=("pdf",))
