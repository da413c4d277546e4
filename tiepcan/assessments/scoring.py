"""What a period's framework decides: its compiled form, an assessment's score, who recognises.

The workflow (``services``), the council, the background checks (``tasks``) and the forms'
contexts (``paperwork.contexts``) all read these. The module imports only models, the engine
and ``frameworks``, so each of them imports it at module level.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.lib import engine
from tiepcan.lib.engine.definition import CompiledFramework
from tiepcan.units.models import Unit


def compiled(period: AssessmentPeriod) -> CompiledFramework:
    """The period's framework, compiled once per process and version (versions never change)."""
    return period.framework.compiled()


def rescore(assessment: Assessment) -> engine.ScoreResult:
    """Score the assessment's values again and set its score, total and verdict (nothing is saved)."""
    framework = compiled(assessment.period)
    result = engine.score(
        framework,
        {"values": assessment.values, "not_arisen": assessment.not_arisen},
        facts=assessment.facts,
        unit_class=assessment.unit_class or None,
        partial=True,
    )
    assessment.score = result.to_dict()
    assessment.total = result.total
    assessment.recognisable = result.recognised
    return result


def recognising_unit(period: AssessmentPeriod, assessments: list[Assessment]) -> Unit:
    """The unit whose chairman recognises these communes, at the level the framework gives.

    QĐ 25/2021 Điều 5 khoản 3 (and QĐ 619): the district chairman, so one decision covers the
    communes of one district. QĐ 27/2025 as read, and frameworks without a level: the province.
    """
    if authority_of(compiled(period).data).recognition_level != Level.DISTRICT:
        return period.province
    paths = [a.unit.ancestor_ids() for a in assessments]
    district_ids = {ids[1] for ids in paths if len(ids) >= 3}
    if len(district_ids) != 1 or any(len(parts) < 3 for parts in paths):
        raise ValidationError(
            _(
                "Theo bộ tiêu chí, Chủ tịch Ủy ban nhân dân cấp huyện công nhận: mỗi quyết định chỉ gồm các xã, "
                "phường, thị trấn của một huyện."
            )
        )
    return Unit.objects.get(pk=district_ids.pop())
