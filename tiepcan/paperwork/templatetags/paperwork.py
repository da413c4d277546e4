"""``{% form_specs "round" as specs %}``: the forms of Phụ lục II about one kind of object."""

from __future__ import annotations

from django import template

from tiepcan.paperwork.catalog import FormSpec, for_scope

register = template.Library()


@register.simple_tag
def form_specs(scope: str) -> list[FormSpec]:
    return for_scope(scope)
