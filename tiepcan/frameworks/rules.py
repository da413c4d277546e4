"""The framework editor's steps (see :mod:`tiepcan.core.rules`): a draft belongs to a province's
administrators, and a published draft is the record of its version, never edited again."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.core.rules import require, rule
from tiepcan.frameworks.models import FrameworkDraft
from tiepcan.units.models import Unit


@rule("frameworks.start_draft")
def start_draft(user: Any, province: Unit) -> None:
    """Start a new version from a published one, as a draft of ``province``: its administrators."""
    require(grants_for(user).allows(Action.MANAGE_FRAMEWORKS, province))


@rule("frameworks.edit_draft")
def edit_draft(user: Any, draft: FrameworkDraft) -> None:
    """Edit a draft: its province's administrators, until it is published."""
    require(grants_for(user).allows(Action.MANAGE_FRAMEWORKS, draft.province))
    if draft.is_published:
        raise ValidationError(_("Bản nháp đã ban hành thành phiên bản chính thức: không được sửa nữa."))


@rule("frameworks.publish_draft")
def publish_draft(user: Any, draft: FrameworkDraft) -> None:
    """Publish a draft as the framework's next version: its province's administrators, once."""
    require(grants_for(user).allows(Action.MANAGE_FRAMEWORKS, draft.province))
    if draft.is_published:
        raise ValidationError(_("Bản nháp này đã được ban hành."))
