"""Django's own messages reach a Vietnamese user in Vietnamese.

Django's Vietnamese catalogue lags behind its English one (Django 6.1's "- Select an option -" has
no Vietnamese there) and has a few wrong or badly spaced messages. ``tiepcan/locale/vi`` supplies
them; these tests fail when a Django upgrade adds a message it lacks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import django
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation, TranslationCatalog

from tiepcan.plans.forms import AwardForm, BudgetEstimateForm

DJANGO_DIR = Path(django.__file__).resolve().parent


def _entries(po_file: Path) -> Iterator[tuple[str, str, bool]]:
    """(context, msgid, has plural) of every entry of a .po file (obsolete ones excluded)."""
    entry: dict[str, str] = {}
    key = ""
    for line in [*po_file.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                yield entry.get("msgctxt", ""), entry["msgid"], "msgid_plural" in entry
            entry = {}
            continue
        if line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key = word
            entry[key] = ast.literal_eval(rest)


def _django_catalogues(domain: str) -> list[Path]:
    """Django's English catalogues (the complete list of its msgids) for Django and installed contrib apps."""
    roots = [DJANGO_DIR / "conf"] + [
        Path(config.path) for config in apps.get_app_configs() if config.name.startswith("django.contrib.")
    ]
    return [
        root / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        for root in roots
        if (root / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po").exists()
    ]


def _messages(translation: DjangoTranslation) -> TranslationCatalog:
    """The merged messages of a translation (Django keeps them in an attribute its stubs leave out)."""
    catalog: TranslationCatalog = vars(translation)["_catalog"]
    return catalog


def _untranslated(domain: str, catalog: TranslationCatalog) -> list[str]:
    missing = []
    for po_file in _django_catalogues(domain):
        for context, msgid, plural in _entries(po_file):
            key = f"{context}\x04{msgid}" if context else msgid
            if not catalog.get((key, 0) if plural else key):
                missing.append(f"{po_file.relative_to(DJANGO_DIR)}: {msgid}")
    return missing


def test_every_django_message_has_vietnamese() -> None:
    assert _django_catalogues("django"), "Django's English catalogues were not found"
    assert _untranslated("django", _messages(DjangoTranslation("vi"))) == []


def test_every_message_of_the_admin_scripts_has_vietnamese() -> None:
    admin_locale = str(Path(apps.get_app_config("admin").path) / "locale")
    catalog = DjangoTranslation(
        "vi", domain="djangojs", localedirs=[admin_locale, *map(str, settings.LOCALE_PATHS)]
    )
    assert _untranslated("djangojs", _messages(catalog)) == []


@pytest.mark.django_db
def test_it_shows_the_empty_choice_of_a_dropdown_in_vietnamese() -> None:
    with translation.override("vi"):
        html = str(BudgetEstimateForm()["activity"]) + str(AwardForm()["awardee_kind"])
    assert "Select an option" not in html
    assert "- Chọn một mục -" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (forms.IntegerField(max_value=100), "101", "Giá trị phải nhỏ hơn hoặc bằng 100."),
        (forms.IntegerField(min_value=0), "-5", "Giá trị phải lớn hơn hoặc bằng 0."),
        (forms.IntegerField(), "1,5", "Nhập một số nguyên."),
        (forms.EmailField(), "a@", "Nhập một địa chỉ thư điện tử hợp lệ."),
        (forms.DateField(), "31/02/2026", "Nhập một ngày hợp lệ, ví dụ 25/11/2026."),
    ],
)
def test_it_words_djangos_validation_messages_in_plain_vietnamese(
    field: forms.Field, value: str, message: str
) -> None:
    with translation.override("vi"), pytest.raises(forms.ValidationError) as caught:
        field.clean(value)
    assert caught.value.messages == [message]
