"""A built-in layout has the same key in every process: the worker stores what the web looks up."""

from __future__ import annotations

import time

import pytest

from tiepcan.paperwork import builder, services


@pytest.mark.parametrize("code", ["08", "01"])
def test_a_builtin_layout_built_again_later_has_the_same_digest(code: str) -> None:
    first = services.Layout(code, builder.default_template(code), 0, False)
    builder.default_template.cache_clear()  # as a second process (the worker) builds it
    time.sleep(2.1)  # a .docx member's time stamp has a two-second resolution
    second = services.Layout(code, builder.default_template(code), 0, False)
    assert second.digest == first.digest


def test_an_uploaded_layout_is_hashed_byte_for_byte() -> None:
    content = builder.default_template("08")
    assert (
        services.Layout("08", content, 2, True).digest
        != services.Layout("08", content + b" ", 2, True).digest
    )
