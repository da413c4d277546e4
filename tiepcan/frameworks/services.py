"""Importing framework versions and activating them for a province and year."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tiepcan.core import audit, rules
from tiepcan.frameworks import crosswalk, editor
from tiepcan.frameworks.models import FrameworkActivation, FrameworkDraft, FrameworkVersion, latest_version
from tiepcan.lib import engine
from tiepcan.lib.engine.definition import Problem

DATA_DIR = Path(__file__).resolve().parent / "data"
# The current shipped files. Their earlier versions are kept in data/superseded/ for the record:
# a database that stored them keeps them (assessments made under them keep them too), and a
# corrected file is loaded next to them as a new version that supersedes them.
SHIPPED = ("qd619-2017", "qd25-2021", "qd27-2025")


def count_unverified(data: dict[str, Any]) -> int:
    """Facts marked ``verified: false`` anywhere in the definition."""
    if isinstance(data, dict):
        return int(data.get("verified") is False) + sum(count_unverified(v) for v in data.values())
    if isinstance(data, list):
        return sum(count_unverified(v) for v in data)
    return 0


def import_framework(
    text: str, *, user: Any = None, province: Any = None, note: str = ""
) -> tuple[FrameworkVersion | None, list[Problem]]:
    """Store a new immutable version; the same file twice is a no-op, a changed file needs a new version."""
    try:
        definition = engine.load_definition(text)
    except engine.DefinitionError as exc:
        return None, exc.problems
    problems = engine.validate(definition)
    if problems:
        return None, problems
    data = definition.data
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = FrameworkVersion.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        if existing.checksum == checksum:
            return existing, []
        return None, [
            Problem(
                definition.lines.get(("version",)),
                "version",
                _(
                    "Phiên bản %(v)s của bộ tiêu chí “%(c)s” đã có với nội dung khác. Bộ tiêu chí đã nhập không được sửa; hãy tăng số phiên bản."
                )
                % {"v": data["version"], "c": data["code"]},
            )
        ]
    previous = (
        FrameworkVersion.objects.filter(code=data["code"], version__lt=data["version"])
        .order_by("-version")
        .first()
    )
    try:
        with transaction.atomic():
            version = FrameworkVersion.objects.create(
                code=data["code"],
                version=data["version"],
                title=data["title"],
                province=province,
                year_from=data["years"]["from"],
                year_to=data["years"].get("to"),
                unit_kinds=data["applies_to"],
                definition=data,
                source_text=text,
                unverified_count=count_unverified(data),
                supersedes=previous,
                imported_by=user,
                # Why this version exists: the administrator's note, else the file's own change note.
                note=note.strip() or data.get("change_note", ""),
            )
    except IntegrityError:  # a concurrent import of the same version won the race
        return FrameworkVersion.objects.get(code=data["code"], version=data["version"]), []
    return version, []


def load_shipped(user: Any = None) -> list[FrameworkVersion]:
    out = []
    for code in SHIPPED:
        version, problems = import_framework(
            (DATA_DIR / f"{code}.yaml").read_text(encoding="utf-8"), user=user
        )
        if version is None:  # pragma: no cover - the shipped files are tested
            raise RuntimeError("; ".join(str(p) for p in problems))
        out.append(version)
    return out


def latest(code: str) -> FrameworkVersion | None:
    """The newest stored version of a framework code."""
    return latest_version(code)


def activate(framework: FrameworkVersion, province: Any, year: int, user: Any = None) -> FrameworkActivation:
    """Make ``framework`` the one a province uses in ``year`` (one per province and year).

    Every generation whose years include ``year`` may be chosen (2025: QĐ 25/2021 or QĐ 27/2025,
    which is not settled): the province decides. A choice can be changed as long as no period of
    that year has been opened; after that, an open period moves to a corrected version of the same
    framework with ``move_period`` (assessments/services), which also updates the activation.
    """
    if not framework.applies_in(year):
        if framework.year_to:
            message = _("Bộ tiêu chí này áp dụng từ năm %(a)s đến năm %(b)s, không áp dụng cho năm %(y)s.")
        else:
            message = _("Bộ tiêu chí này áp dụng từ năm %(a)s, không áp dụng cho năm %(y)s.")
        raise ValidationError(message % {"a": framework.year_from, "b": framework.year_to, "y": year})
    if framework.province_id and framework.province_id != province.pk:
        raise ValidationError(_("Bộ tiêu chí địa phương này thuộc tỉnh khác."))
    with transaction.atomic():
        existing = (
            FrameworkActivation.objects.select_for_update()
            .filter(province=province, year=year)
            .select_related("framework")
            .first()
        )
        if existing is not None and existing.framework_id == framework.pk:
            return existing
        newer = FrameworkVersion.objects.filter(code=framework.code, version__gt=framework.version).first()
        if newer is not None:
            raise ValidationError(
                _("Bộ tiêu chí này đã có phiên bản %(v)s đã sửa; hãy áp dụng phiên bản mới nhất.")
                % {"v": newer.version}
            )
        if existing is not None:
            period_model = apps.get_model("assessments", "AssessmentPeriod")
            if period_model.objects.filter(province=province, year=year).exists():
                raise ValidationError(
                    _(
                        "Năm %(y)s của tỉnh đã áp dụng bộ tiêu chí “%(f)s” và đã mở kỳ đánh giá; chỉ có thể "
                        "chuyển kỳ đánh giá sang phiên bản đã sửa của cùng bộ tiêu chí."
                    )
                    % {"y": year, "f": existing.framework.title}
                )
            # No period yet: the province may still change its choice (the update is audited).
            existing.framework, existing.activated_by = framework, user
            existing.save(update_fields=["framework", "activated_by", "updated_at"])
            return existing
    try:
        # The unique constraint (province, year) settles a race between two administrators.
        with transaction.atomic():
            return FrameworkActivation.objects.create(
                framework=framework, province=province, year=year, activated_by=user
            )
    except IntegrityError:
        existing = FrameworkActivation.objects.select_related("framework").get(province=province, year=year)
    raise ValidationError(
        _("Năm %(y)s của tỉnh đã áp dụng bộ tiêu chí “%(f)s”.") % {"y": year, "f": existing.framework.title}
    )


def framework_for(unit: Any, year: int) -> FrameworkVersion | None:
    """The framework that applies to a commune in a year: its province's activation for that year."""
    province_id = unit.ancestor_ids()[0]
    activation = (
        FrameworkActivation.objects.filter(province_id=province_id, year=year)
        .select_related("framework")
        .first()
    )
    if activation is None:
        return None
    kinds = activation.framework.unit_kinds
    return activation.framework if not kinds or unit.kind in kinds else None


class StaleDraft(ValidationError):
    """The page was opened before someone else's edit: the edit is refused, nothing is overwritten."""


def start_draft(base: FrameworkVersion, province: Any, user: Any) -> FrameworkDraft:
    """A new draft version of ``base``'s framework: a copy of its definition, for ``province``'s administrators."""
    rules.check(user, "frameworks.start_draft", province)
    # The shipped links to the previous generation come along, to be checked and edited like the rest.
    data = crosswalk.with_shipped_links(copy.deepcopy(base.definition))
    newest = latest(base.code)
    data["version"] = (newest.version if newest else base.version) + 1
    data.pop("change_note", None)
    with transaction.atomic(), audit.reason(_("Soạn phiên bản mới từ phiên bản %(v)s") % {"v": base.version}):
        return FrameworkDraft.objects.create(
            base=base,
            province=province,
            definition=data,
            created_by=user,
            updated_by=user,
            last_change={"what": "start", "base": base.pk},
        )


Edit = Callable[[dict[str, Any]], tuple[str, Any, Any]]


def edit_draft(draft_id: int, lock: int, user: Any, edit: Edit) -> FrameworkDraft:
    """Apply one edit to a draft under a row lock, if the editor's page is not stale.

    ``edit`` changes the definition in place and says what it changed (label, before, after);
    that goes to ``last_change`` and so to the audit trail. The lock version is bumped, so a
    second page opened before this edit is refused (``StaleDraft``) instead of overwriting it.
    Published drafts are refused here as in ``FrameworkDraft.save``.
    """
    with transaction.atomic():
        draft = FrameworkDraft.objects.select_for_update().select_related("province").get(pk=draft_id)
        rules.check(user, "frameworks.edit_draft", draft)
        if lock != draft.lock_version:
            who = draft.updated_by.get_username() if draft.updated_by else "?"
            raise StaleDraft(
                _(
                    "Bản nháp vừa được %(who)s sửa (lần sửa %(n)s) sau khi anh/chị mở trang: thay đổi này chưa được "
                    "lưu để không ghi đè. Nội dung anh/chị đã nhập vẫn còn trên trang; hãy sao lại rồi tải lại trang."
                )
                % {"who": who, "n": draft.lock_version}
            )
        data = copy.deepcopy(draft.definition)
        label, before, after = edit(data)
        # A criterion or indicator renamed in place keeps its links to the previous generation.
        crosswalk.follow_renames(draft.definition, data)
        draft.definition = data
        draft.lock_version += 1
        draft.updated_by = user
        draft.last_change = json.loads(
            json.dumps({"what": label, "before": before, "after": after}, cls=DjangoJSONEncoder)
        )
        draft.save()
    return draft


def publish_draft(draft_id: int, lock: int, user: Any, note: str = "") -> FrameworkVersion:
    """Publish a valid draft as the framework's next version (immutable from then on)."""

    with transaction.atomic():
        draft = FrameworkDraft.objects.select_for_update().select_related("province", "base").get(pk=draft_id)
        rules.check(user, "frameworks.publish_draft", draft)
        if lock != draft.lock_version:
            raise StaleDraft(
                _("Bản nháp vừa được sửa sau khi anh/chị mở trang: hãy tải lại trang rồi ban hành.")
            )
        found = editor.problems(draft.definition, draft.base.definition)
        if found:
            raise ValidationError(
                _("Bản nháp còn %(n)s lỗi: sửa hết rồi mới ban hành được.") % {"n": len(found)}
            )
        data = copy.deepcopy(draft.definition)
        newest = latest(data["code"])
        data["version"] = (newest.version if newest else 0) + 1
        if note.strip():
            data["change_note"] = note.strip()
        if not data.get("change_note"):
            raise ValidationError(_("Hãy ghi lý do của phiên bản mới (hiện trên trang so sánh)."))
        version, import_problems = import_framework(editor.dump_definition(data), user=user, note=note)
        if version is None:
            raise ValidationError([str(p) for p in import_problems])
        draft.definition = data
        draft.published = version
        draft.updated_by = user
        draft.lock_version += 1
        draft.last_change = {"what": "publish", "version": version.version}
        with audit.reason(data["change_note"]):
            draft.save()
    return version
