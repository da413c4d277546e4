"""The unit switcher and the reason of a role change read their input through forms."""

from __future__ import annotations

from tiepcan.accounts.forms import ReasonForm, SwitchUnitForm


def test_the_switcher_keeps_a_good_unit_when_next_is_bad_and_never_leaves_the_site() -> None:
    form = SwitchUnitForm({"unit": "12", "next": "x" * 3000})
    assert form.unit_id() == 12
    assert form.target() == "/"
    assert SwitchUnitForm({"unit": "1e309", "next": "//evil.example/"}).unit_id() == 0
    assert SwitchUnitForm({"unit": "9" * 40, "next": "//evil.example/"}).target() == "/"
    assert SwitchUnitForm({"unit": "3", "next": "/ke-hoach/"}).target() == "/ke-hoach/"


def test_a_reason_too_long_is_refused() -> None:
    assert ReasonForm({"reason": "Chuyển công tác"}).is_valid()
    assert not ReasonForm({"reason": "x" * 1001}).is_valid()
