"""Upload checks: the type comes from the file's content, never from its name.

Accepted kinds are the ones evidence and outputs use: PDF, DOCX, XLSX, JPG, PNG.
A file whose name claims one kind while its bytes are another ("disguised") is
refused, as is anything over the size limit shown to the user before upload.
"""

from __future__ import annotations

import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    code: str
    extensions: tuple[str, ...]
    mime: str


KINDS: dict[str, FileKind] = {
    "pdf": FileKind("pdf", (".pdf",), "application/pdf"),
    "docx": FileKind(
        "docx", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xlsx": FileKind("xlsx", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "jpg": FileKind("jpg", (".jpg", ".jpeg"), "image/jpeg"),
    "png": FileKind("png", (".png",), "image/png"),
}
DEFAULT_KINDS = tuple(KINDS)


def sniff(stream: IO[bytes]) -> str | None:
    """The kind of a file from its first bytes (and, for Office files, its zip directory)."""
    position = stream.tell()
    head = stream.read(8)
    stream.seek(position)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            stream.seek(position)
        if "[Content_Types].xml" not in names:
            return None
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
    return None


def check_upload(
    upload: Any, allowed: tuple[str, ...] = DEFAULT_KINDS, max_bytes: int | None = None
) -> FileKind:
    """Return the detected kind or raise a ValidationError with a Vietnamese message."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("Tệp rỗng."))
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    kind_code = sniff(upload.file if hasattr(upload, "file") else upload)
    allowed_names = ", ".join(k.upper() for k in allowed)
    if kind_code is None or kind_code not in allowed:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng cho phép (%(kinds)s).")
            % {"name": upload.name, "kinds": allowed_names}
        )
    kind = KINDS[kind_code]
    name = upload.name.lower()
    if not name.endswith(kind.extensions):
        raise ValidationError(
            _("Tên tệp “%(name)s” không khớp nội dung (nội dung là %(kind)s). Hãy kiểm tra lại tệp.")
            % {"name": upload.name, "kind": kind_code.upper()}
        )
    return kind


# Room for the folder and Django's "_abc1234" suffix within a file system's 255-byte names.
MAX_NAME_BYTES = 150


def safe_file_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """The name a stored upload gets: its letters kept, nothing a file system or a header chokes on.

    A Vietnamese name typed on a Mac arrives in NFD (letters followed by combining marks);
    Django's ``get_valid_filename`` keeps letters but drops combining marks, so "Biên bản
    họp.pdf" became "Bien_ban_hop.pdf". Composing first (NFC) keeps "Biên_bản_họp.pdf". The
    name is then cut to ``max_bytes`` of UTF-8 (a Vietnamese letter takes up to three),
    keeping the extension.
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    try:
        base = get_valid_filename(base)
    except SuspiciousFileOperation:
        base = ""
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = extension[:10]
    budget = max_bytes - len(extension.encode()) - 1
    while len(stem.encode()) > budget:
        stem = stem[:-1]
    stem = stem.strip("._") or "tep"
    return f"{stem}.{extension}" if extension else stem


def limit_label() -> str:
    return filesizeformat(settings.UPLOAD_MAX_BYTES)


@dataclass(frozen=True)
class UploadRule:
    """Which kinds one upload may be. The file picker's ``accept`` list, the hint shown under it
    and the check of the bytes on the server all come from here, so they cannot disagree."""

    kinds: tuple[str, ...] = DEFAULT_KINDS

    @classmethod
    def for_evidence(cls, evidence: dict[str, Any] | None) -> UploadRule:
        """The rule of an indicator's evidence: its ``file_types`` in the framework, else every kind."""
        wanted = (evidence or {}).get("file_types") or DEFAULT_KINDS
        return cls(tuple(code for code in KINDS if code in wanted))

    @property
    def accept(self) -> str:
        """For ``<input type=file accept=…>``: every extension of the allowed kinds."""
        return ",".join(extension for code in self.kinds for extension in KINDS[code].extensions)

    @property
    def label(self) -> str:
        return ", ".join(code.upper() for code in self.kinds)

    @property
    def hint(self) -> str:
        return _("%(kinds)s; tối đa %(limit)s.") % {"kinds": self.label, "limit": limit_label()}

    def check(self, upload: Any) -> FileKind:
        return check_upload(upload, allowed=self.kinds)
