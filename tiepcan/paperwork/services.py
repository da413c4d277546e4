"""Which template a province uses for a form, replacing it, and rendering a form once per version.

A rendered form is stored as a jobs Artifact under a key made of the form, the object, the
format and a hash of the template's bytes and of the filled-in data: rendering the same version
again stores nothing new; a new template or changed data gives a new key.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.core.scoping import user_can
from tiepcan.core.uploads import UploadRule
from tiepcan.paperwork import builder, contexts, engine
from tiepcan.paperwork.catalog import FORMS, UNVERIFIED_LAYOUT
from tiepcan.paperwork.models import FormTemplate
from tiepcan.units.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"docx": DOCX, "pdf": "application/pdf"}
RENDER_VERSION = 1  # raise with any change of how contexts are built or PDFs drawn
TEMPLATE_RULE = UploadRule(("docx",))


@dataclass(frozen=True)
class Layout:
    """The template in force for a form in a province: built in (``version`` 0) or uploaded."""

    code: str
    content: bytes
    version: int
    custom: bool

    @property
    def digest(self) -> str:
        if self.custom:
            return hashlib.sha256(self.content).hexdigest()
        return _members_digest(self.content)

    @property
    def properties(self) -> dict[str, str]:
        if not self.custom:
            return engine.default_properties(self.code)
        spec = FORMS[self.code]
        return {
            "title": spec.label,
            "subject": spec.article,
            "comments": _("Bố cục do tỉnh tải lên, phiên bản %(v)s.") % {"v": self.version},
        }


@functools.lru_cache(maxsize=32)
def _members_digest(content: bytes) -> str:
    """A built-in layout's hash, once per process (every key of a form asks for it).

    A built-in layout is built again in every process (the web servers, the worker), and a
    .docx archive stamps each member with the time it was written: hash what the members hold,
    not the archive, or the worker stores under a key the web never looks up.
    """
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    return digest.hexdigest()


def builtin_digest(code: str) -> str:
    """The hash of the form's built-in layout in this release (cheap after the first call)."""
    return _members_digest(builder.default_template(code))


def layout(code: str, province: Unit | None) -> Layout:
    active = (
        FormTemplate.objects.filter(province=province, code=code, is_active=True).first()
        if province is not None
        else None
    )
    if active is None:
        return Layout(code, builder.default_template(code), 0, False)
    with active.file.open("rb") as handle:
        return Layout(code, handle.read(), active.version, True)


def _json(context: dict[str, Any]) -> str:
    return json.dumps(context, sort_keys=True, ensure_ascii=False, default=str)


def artifact_key(code: str, subject: str, fmt: str, chosen: Layout, context: dict[str, Any]) -> str:
    digest = hashlib.sha256(f"{RENDER_VERSION}|{chosen.digest}|{_json(context)}".encode()).hexdigest()[:24]
    return f"form-{code}-{subject}-{fmt}-{digest}"


def render(code: str, fmt: str, chosen: Layout, context: dict[str, Any]) -> bytes:
    docx = engine.render_docx(chosen.content, context, properties=chosen.properties)
    if fmt == "docx":
        return docx
    return engine.pdf_from_docx(docx)


# --- templates a province uploads ------------------------------------------------------------------


def provinces_managed(user: Any) -> list[Unit]:
    return [
        unit
        for unit in Unit.objects.for_user(user, Action.MANAGE_FRAMEWORKS)
        .filter(parent__isnull=True)
        .order_by("name")
        if user_can(user, Action.MANAGE_FRAMEWORKS, unit)
    ]


def upload(*, user: Any, province: Unit, code: str, upload: Any, note: str = "") -> FormTemplate:
    """Check and keep a province's new version of a form's template; it becomes the active one."""
    if code not in FORMS:
        raise ValidationError(_("Biểu mẫu không tồn tại."))
    if not user_can(user, Action.MANAGE_FRAMEWORKS, province):
        raise PermissionDenied
    TEMPLATE_RULE.check(upload)
    upload.seek(0)
    content = upload.read()
    try:
        engine.check_template(code, content, contexts.sample_context(code))
    except engine.TemplateProblem as problem:
        raise ValidationError(problem.messages) from problem
    with transaction.atomic():
        # One upload at a time per form and province: the row lock orders concurrent uploads.
        list(FormTemplate.objects.select_for_update().filter(province=province, code=code))
        version = (
            FormTemplate.objects.filter(province=province, code=code).aggregate(v=Max("version"))["v"] or 0
        ) + 1
        for old in FormTemplate.objects.filter(province=province, code=code, is_active=True):
            old.is_active = False
            old.save(update_fields=["is_active", "updated_at"])
        template = FormTemplate(
            province=province,
            code=code,
            version=version,
            original_name=upload.name[:255],
            note=note[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=user,
            is_active=True,
        )
        template.file.save(f"v{version}.docx", ContentFile(content), save=False)
        template.save()
    return template


def activate(*, user: Any, template: FormTemplate, active: bool) -> FormTemplate:
    """Make a kept version the one in force, or stop using it (the built-in layout then applies)."""
    if not user_can(user, Action.MANAGE_FRAMEWORKS, template):
        raise PermissionDenied
    with transaction.atomic():
        rows = FormTemplate.objects.select_for_update().filter(
            province=template.province_id, code=template.code
        )
        for row in rows:
            want = active and row.pk == template.pk
            if row.is_active != want:
                row.is_active = want
                row.save(update_fields=["is_active", "updated_at"])
    template.refresh_from_db()
    return template


__all__ = ["UNVERIFIED_LAYOUT", "Layout", "activate", "artifact_key", "layout", "render", "upload"]
