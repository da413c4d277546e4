"""The yearly reports on a period's results: who sends what to whom, by when, and when it was sent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.accounts.choices import Action
from tiepcan.assessments import result_reports
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.core.forms import DayField
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import require_action


class ResultReportForm(forms.Form):
    """Which report (a sender and its step, among those the person may record) and when it went."""

    sender = forms.ChoiceField(label=gettext_lazy("Báo cáo"))
    sent_on = DayField(
        label=gettext_lazy("Ngày gửi"),
        error_messages={"invalid": gettext_lazy("Nhập ngày theo dạng dd/mm/yyyy.")},
    )
    number = forms.CharField(label=gettext_lazy("Số văn bản"), max_length=100, required=False)
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, rows: list[result_reports.ReportRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sender = self.fields["sender"]
        assert isinstance(sender, forms.ChoiceField)
        sender.choices = [
            (f"{row.step}:{row.unit.pk}", f"{row.unit.name} → {row.recipient}")
            for row in rows
            if row.may_record
        ]

    def clean_sender(self) -> tuple[str, int]:
        step, _sep, unit = self.cleaned_data["sender"].partition(":")
        return step, int(unit)


def _page(
    request: HttpRequest, period: AssessmentPeriod, form: ResultReportForm | None = None, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    rows = result_reports.rows(period, request.user)
    for row in rows:
        row.state_now, row.status_now = row.state(today), row.status(today)
    form = form or ResultReportForm(rows=rows, initial={"sent_on": today})
    context = {
        "period": period,
        "rows": rows,
        "form": form,
        "can_record": any(row.may_record for row in rows),
        "sent": sum(1 for row in rows if row.report),
        "overdue": sum(1 for row in rows if row.state_now == "overdue"),
    }
    return render(request, "assessments/result_reports.html", context, status=status)


@require_action(Action.VIEW_ASSESSMENTS)
def result_reports_page(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province", "framework"), request.user, Action.VIEW, pk=pk
    )
    if request.method != "POST":
        return _page(request, period)
    rows = result_reports.rows(period, request.user)
    form = ResultReportForm(request.POST, rows=rows)
    if not form.is_valid():
        messages.error(request, _("Chưa ghi: hãy sửa các ô được đánh dấu."))
        return _page(request, period, form=form, status=400)
    step, unit_id = form.cleaned_data["sender"]
    try:
        report, created = result_reports.record(
            period=period,
            unit_id=unit_id,
            step=step,
            sent_on=form.cleaned_data["sent_on"],
            number=form.cleaned_data["number"].strip(),
            note=form.cleaned_data["note"].strip(),
            user=request.user,
            today=timezone.localdate(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _page(request, period, form=form, status=400)
    text = (
        _("Đã ghi nhận %(u)s gửi báo cáo ngày %(d)s.")
        if created
        else _("Đã sửa ngày gửi báo cáo của %(u)s: %(d)s.")
    )
    messages.success(request, text % {"u": report.unit.name, "d": f"{report.sent_on:%d/%m/%Y}"})
    return redirect("assessments:result_reports", pk=period.pk)
