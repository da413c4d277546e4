"""Moving an open period onto a corrected version of its framework, from the browser.

The work is ``services.move_period`` (row locks, values carried by indicator code or by the new
version's crosswalk, every carried and dropped value listed, audited, refused once the council
has concluded). This page shows the same report as a dry run first, then moves on confirmation.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.accounts.choices import Action
from tiepcan.assessments import services
from tiepcan.assessments.models import AssessmentPeriod
from tiepcan.core.forms import field_of
from tiepcan.core.scoping import get_for_user_or_404
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.frameworks.models import FrameworkVersion


class MoveForm(forms.Form):
    to = forms.ModelChoiceField(
        label=gettext_lazy("Chuyển sang phiên bản"), queryset=FrameworkVersion.objects.none()
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, period: AssessmentPeriod, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "to", forms.ModelChoiceField).queryset = (
            FrameworkVersion.objects.for_user(actor, Action.VIEW)
            .filter(code=period.framework.code, version__gt=period.framework.version)
            .order_by("-version")
        )


@require_action(Action.MANAGE_PERIODS)
def period_move(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_for_user_or_404(
        AssessmentPeriod.objects.select_related("province", "framework"),
        request.user,
        Action.MANAGE_PERIODS,
        pk=pk,
    )
    data = request.POST if request.method == "POST" else (request.GET if "to" in request.GET else None)
    form = MoveForm(data, period=period, actor=request.user)
    report = None
    if data is not None and form.is_valid():
        target = form.cleaned_data["to"]
        reason = form.cleaned_data["reason"]
        try:
            report = services.move_period(
                period_id=period.pk,
                target=target,
                user=request.user,
                # A preview needs no reason; the move itself refuses an empty one (services.move_period).
                reason=reason if request.method == "POST" else (reason or _("Xem trước")),
                dry_run=request.method != "POST",
            )
        except ValidationError as refused:
            flash_errors(request, refused)
            report = None
            if request.method == "POST":
                # Keep the preview on the page with the reason to fix (the move itself was refused).
                try:
                    report = services.move_period(
                        period_id=period.pk,
                        target=target,
                        user=request.user,
                        reason=_("Xem trước"),
                        dry_run=True,
                    )
                except ValidationError:
                    report = None
        else:
            if request.method == "POST":
                dropped = sum(len(m.dropped) for m in report.assessments)
                messages.success(
                    request,
                    _(
                        "Đã chuyển kỳ đánh giá sang phiên bản %(v)s: %(n)s hồ sơ, %(d)s số liệu không chuyển được (xem danh sách)."
                    )
                    % {"v": target.version, "n": len(report.assessments), "d": dropped},
                )
                return redirect("assessments:period_detail", pk=period.pk)
    elif request.method == "POST":
        flash_errors(request, form)
    return render(request, "assessments/period_move.html", {"period": period, "form": form, "report": report})
