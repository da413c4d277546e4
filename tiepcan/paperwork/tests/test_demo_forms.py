"""Every form renders on the demo province's data (Lạng Sơn, 2025 recognised under 168/QĐ-UBND)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import (
    Assessment,
    CouncilMeeting,
    CouncilMembership,
    DossierSnapshot,
    RecognitionDecision,
)
from tiepcan.paperwork.catalog import AREA, DECISION, MEETING, ROUND, for_scope
from tiepcan.paperwork.tests.test_forms_render import docx_text, render

pytestmark = pytest.mark.django_db


def test_every_form_renders_on_the_demo_province() -> None:
    call_command("demo", "--quiet-accounts", stdout=StringIO())
    decision = RecognitionDecision.objects.select_related("period").get(number="168/QĐ-UBND")
    period = decision.period
    refused = Assessment.objects.select_related("unit").get(period=period, status=Status.NOT_RECOGNISED)
    snapshot = DossierSnapshot.objects.filter(
        assessment__period=period, assessment__status=Status.RECOGNISED
    ).first()
    meeting = CouncilMeeting.objects.filter(period=period).first()
    seat = CouncilMembership.objects.filter(period=period).first()
    assert snapshot is not None and meeting is not None and seat is not None
    texts = {}
    for spec in for_scope(ROUND):
        texts[spec.code] = docx_text(render(spec.code, ROUND, [snapshot.pk]))
    for spec in for_scope(MEETING):
        texts[spec.code] = docx_text(render(spec.code, MEETING, [meeting.pk]))
    texts["06"] = docx_text(render("06", "member", [meeting.pk, seat.pk]))
    for spec in for_scope(DECISION):
        texts[spec.code] = docx_text(render(spec.code, DECISION, [decision.pk]))
    for spec in for_scope(AREA):
        texts[spec.code] = docx_text(render(spec.code, AREA, [period.pk, period.province_id]))
    assert snapshot.assessment.unit.name in texts["01"] and snapshot.assessment.unit.name in texts["02"]
    assert "168/QĐ-UBND" in texts["08"] and refused.unit.name in texts["08"]
    assert "Số đơn vị được công nhận đạt chuẩn tiếp cận pháp luật: 64" in texts["10"]
    assert refused.unit.name in texts["09"] and "Tỉnh Lạng Sơn" in texts["09"]
    assert all("{{" not in text and "{%" not in text for text in texts.values())
