"""The plans app's forms, one module per part of the plan (as in ``tiepcan.plans.models``).

The follow-up and task forms are re-exported here; the editor's and the difficulty forms are
imported from their modules (``tiepcan.plans.forms.editor``, ``tiepcan.plans.forms.difficulty``).
"""

from tiepcan.plans.forms.base import DATE, agency_label, check_plan_year, unit_label
from tiepcan.plans.forms.budget import (
    AllocationForm,
    BudgetAppraisalForm,
    BudgetDecisionForm,
    BudgetEstimateForm,
)
from tiepcan.plans.forms.conferences import AwardForm, ConferenceForm
from tiepcan.plans.forms.improvement import ImprovementActionForm, ImprovementUpdateForm
from tiepcan.plans.forms.inspections import FollowUpForm, InspectionForm
from tiepcan.plans.forms.pilots import PilotForm
from tiepcan.plans.forms.plan import PlanImportForm
from tiepcan.plans.forms.reports import ReportRequestForm, SubmissionForm
from tiepcan.plans.forms.staff import StaffForm
from tiepcan.plans.forms.tasks import ProgressReportForm

__all__ = [
    "DATE",
    "AllocationForm",
    "AwardForm",
    "BudgetAppraisalForm",
    "BudgetDecisionForm",
    "BudgetEstimateForm",
    "ConferenceForm",
    "FollowUpForm",
    "ImprovementActionForm",
    "ImprovementUpdateForm",
    "InspectionForm",
    "PilotForm",
    "PlanImportForm",
    "ProgressReportForm",
    "ReportRequestForm",
    "StaffForm",
    "SubmissionForm",
    "agency_label",
    "check_plan_year",
    "unit_label",
]
