"""Widgets written in Python rather than through the form templates, for rows repeated by the hundred.

Django renders each widget with its form templates: a template and an include of the attributes
per widget, and one include more per option of a select. The minutes of a council before which
100 dossiers wait hold 500 widgets, and rendering them was two thirds of the council page's time.
These write the markup Django's templates write (``django/forms/widgets/input.html``,
``attrs.html``, ``select.html``, ``select_option.html``), escaped the same way;
``core/tests/test_widgets.py`` compares the two.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    html = []
    for name, value in attrs.items():
        if value is False:
            continue
        html.append(f" {conditional_escape(name)}")
        if value is not True:
            html.append(f'="{conditional_escape(value)}"')
    return "".join(html)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict[str, Any]) -> str:
    html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            html.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"  # the option template's last line
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


class TextInput(forms.TextInput):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        return mark_safe(_input(self.get_context(name, value, attrs)["widget"]))  # noqa: S308 - escaped above


class HiddenInput(forms.HiddenInput):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        return mark_safe(_input(self.get_context(name, value, attrs)["widget"]))  # noqa: S308 - escaped above


class Select(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        return mark_safe(_select(self.get_context(name, value, attrs)["widget"]))  # noqa: S308 - escaped above
