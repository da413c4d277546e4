"""Sums of money are typed and shown the Vietnamese way: 1.250.000.000 đ."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

import tiepcan
from tiepcan.accounts.choices import Role
from tiepcan.core.fields import VndAmountField
from tiepcan.core.forms import VndAmountField as VndAmountFormField
from tiepcan.lib.money import parse_vnd
from tiepcan.plans.choices import BudgetStatus
from tiepcan.plans.models import BudgetAllocation, BudgetEstimate
from tiepcan.testing import World, build_plan

ASK_FOR_DIGITS = "Nhập số tiền bằng chữ số, ví dụ 1.250.000.000."


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.250.000.000", 1_250_000_000),
        ("1 250 000 000", 1_250_000_000),
        ("1\u00a0250\u00a0000\u00a0000", 1_250_000_000),
        ("1250000000", 1_250_000_000),
        (" 1.250.000.000 đ ", 1_250_000_000),
        ("400.000.000 đồng", 400_000_000),
        ("400.000.000 VNĐ", 400_000_000),
        ("0", 0),
    ],
)
def test_it_reads_an_amount_grouped_by_dots_or_spaces(typed: str, amount: int) -> None:
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(
    "typed",
    ["1,5", "1.25", "1,250,000", "12.50.000", "-5", "1e9", "mười triệu", "١٢٣", "", "9" * 60, "NaN", "0x10"],
)
def test_it_refuses_anything_else_with_a_clear_message(typed: str) -> None:
    field = VndAmountFormField()
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typed)
    assert caught.value.messages[0] in (ASK_FOR_DIGITS, "Trường này là bắt buộc.")


def test_it_refuses_an_amount_beyond_any_budget() -> None:
    with pytest.raises(forms.ValidationError) as caught:
        VndAmountFormField().clean("1" + "0" * 20)
    assert caught.value.messages == ["Số tiền không được vượt quá 999.999.999.999.999 đ."]


def test_every_amount_field_takes_vietnamese_grouping() -> None:
    """Every field counted in đồng, in models and in forms, is the shared amount field."""
    model_fields = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if "(đồng)" in str(field.verbose_name)
    ]
    assert len(model_fields) >= 3
    assert [f for f in model_fields if not isinstance(f, VndAmountField)] == []
    form_modules = [
        importlib.import_module(module.name)
        for module in pkgutil.walk_packages(tiepcan.__path__, "tiepcan.")
        if module.name.rpartition(".")[2].startswith("forms")
    ]
    form_fields = {
        f"{form.__module__}.{form.__name__}.{name}": field
        for module in form_modules
        for form in vars(module).values()
        if isinstance(form, type) and issubclass(form, (forms.Form, forms.ModelForm))
        for name, field in form.base_fields.items()
        if "(đồng)" in str(field.label or "")
    }
    assert len(form_fields) >= 3
    assert [name for name, f in form_fields.items() if not isinstance(f, VndAmountFormField)] == []


@pytest.mark.django_db
def test_a_budget_is_drafted_decided_and_allocated_with_grouped_amounts(world: World, login) -> None:
    build_plan(world)
    admin = login(world.users[Role.PROVINCE_ADMIN])
    response = admin.post(
        reverse("plans:budget_create"),
        {
            "plan": world.plan.pk,
            "year": 2026,
            "agency": world.agencies["stp1"].pk,
            "requested": "1.250.000.000",
        },
    )
    assert response.status_code == 302, response.content.decode()
    estimate = BudgetEstimate.objects.latest("id")
    assert estimate.requested == 1_250_000_000

    BudgetEstimate.objects.filter(pk=estimate.pk).update(status=BudgetStatus.SUBMITTED)
    finance = login(world.users[Role.FINANCE_OFFICER])
    detail = reverse("plans:budget_detail", kwargs={"pk": estimate.pk})
    assert 'value="1.250.000.000"' in finance.get(detail).content.decode()  # the appraisal form's amount

    finance.post(
        reverse("plans:budget_decide", kwargs={"pk": estimate.pk}),
        {"version": estimate.version, "amount": "1 250 000 000"},
    )
    estimate.refresh_from_db()
    assert estimate.appraised == 1_250_000_000
    finance.post(
        reverse("plans:budget_approve", kwargs={"pk": estimate.pk}),
        {
            "version": estimate.version,
            "decision": "approved",
            "document_number": "9/QĐ-UBND",
            "document_date": "01/03/2026",
        },
    )
    estimate.refresh_from_db()
    assert (estimate.status, estimate.approved) == (BudgetStatus.APPROVED, 1_250_000_000)

    allocate = reverse("plans:budget_allocate", kwargs={"pk": estimate.pk})
    finance.post(allocate, {"amount": "400.000.000 đ", "allocated_on": "15/03/2026"})
    assert BudgetAllocation.objects.get(estimate=estimate).amount == 400_000_000
    refused = finance.post(allocate, {"amount": "1,5", "allocated_on": "15/03/2026"}, follow=True)
    assert ASK_FOR_DIGITS in refused.content.decode()
    assert BudgetAllocation.objects.filter(estimate=estimate).count() == 1
    assert "400.000.000 đ" in finance.get(detail).content.decode()


@pytest.mark.django_db
def test_a_refused_amount_is_explained_at_the_field(world: World, login) -> None:
    build_plan(world)
    response = login(world.users[Role.PROVINCE_ADMIN]).post(
        reverse("plans:budget_create"),
        {"plan": world.plan.pk, "year": 2026, "agency": world.agencies["stp1"].pk, "requested": "1,25 tỷ"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert ASK_FOR_DIGITS in html and "Nhập một số tổng thể" not in html
    assert 'value="1,25 tỷ"' in html  # what was typed stays in the box to be corrected
