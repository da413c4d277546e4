"""The plans app's models, one module per part of the plan, re-exported so Django and callers
find every model as ``tiepcan.plans.models.Name``.

Migrations refer to ``tiepcan.plans.models.output_upload_to`` and
``tiepcan.plans.models.submission_upload_to``: keep those names exported here.
"""

from tiepcan.plans.models.base import PlanOwned
from tiepcan.plans.models.budget import (
    BudgetAllocation,
    BudgetEstimate,
    BudgetQuerySet,
    BudgetTransition,
)
from tiepcan.plans.models.conferences import Award, ReviewConference
from tiepcan.plans.models.difficulty import Difficulty, DifficultyStatus, DifficultyStep
from tiepcan.plans.models.editor import PlanAmendment
from tiepcan.plans.models.improvement import ImprovementAction
from tiepcan.plans.models.inspections import Inspection, InspectionFollowUp
from tiepcan.plans.models.pilots import PilotCommune
from tiepcan.plans.models.plan import (
    IN_FORCE_ORDER,
    Activity,
    ActivityAgency,
    ActivityGroup,
    Plan,
    PlanQuerySet,
    Responsibility,
    plans_in_force,
)
from tiepcan.plans.models.reports import (
    ReportRequest,
    ReportRequestQuerySet,
    ReportSubmission,
    ReportSubmissionQuerySet,
    submission_upload_to,
)
from tiepcan.plans.models.staff import StaffAssignment
from tiepcan.plans.models.tasks import (
    OutputDocument,
    OutputQuerySet,
    ProgressReport,
    Task,
    TaskOwnedQuerySet,
    TaskQuerySet,
    output_upload_to,
)

__all__ = [
    "IN_FORCE_ORDER",
    "Activity",
    "ActivityAgency",
    "ActivityGroup",
    "Award",
    "BudgetAllocation",
    "BudgetEstimate",
    "BudgetQuerySet",
    "BudgetTransition",
    "Difficulty",
    "DifficultyStatus",
    "DifficultyStep",
    "ImprovementAction",
    "Inspection",
    "InspectionFollowUp",
    "OutputDocument",
    "OutputQuerySet",
    "PilotCommune",
    "Plan",
    "PlanAmendment",
    "PlanOwned",
    "PlanQuerySet",
    "ProgressReport",
    "ReportRequest",
    "ReportRequestQuerySet",
    "ReportSubmission",
    "ReportSubmissionQuerySet",
    "Responsibility",
    "ReviewConference",
    "StaffAssignment",
    "Task",
    "TaskOwnedQuerySet",
    "TaskQuerySet",
    "output_upload_to",
    "plans_in_force",
    "submission_upload_to",
]
