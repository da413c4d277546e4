from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Roles a person holds at a unit (DOMAIN.md §4). A role at a unit covers its subtree."""

    COMMUNE_OFFICER = "commune_officer", _("Công chức Tư pháp – Hộ tịch")
    COMMUNE_CHAIRMAN = "commune_chairman", _("Chủ tịch UBND cấp xã")
    REVIEWER = "reviewer", _("Chuyên viên thẩm định (Phòng/Sở Tư pháp)")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng đánh giá")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng đánh giá")
    RECOGNISING_AUTHORITY = "recognising_authority", _("Người có thẩm quyền công nhận")
    AGENCY_FOCAL_POINT = "agency_focal_point", _("Đầu mối cơ quan, đơn vị")
    FINANCE_OFFICER = "finance_officer", _("Cán bộ tài chính")
    PROVINCE_ADMIN = "province_admin", _("Quản trị cấp tỉnh (Sở Tư pháp)")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    # The Ministry of Justice follows every province's results: aggregates only, read-only, no unit.
    NATIONAL_VIEWER = "national_viewer", _("Cán bộ theo dõi toàn quốc (Bộ Tư pháp)")


class Action(models.TextChoices):
    """What a grant allows. Views ask for one action; roles map to sets of actions."""

    VIEW = "view", _("Xem")
    # Reading communes' assessments, evidence and dossiers: not every role that reads the plan.
    VIEW_ASSESSMENTS = "view_assessments", _("Xem hồ sơ đánh giá")
    MANAGE_UNITS = "manage_units", _("Quản lý đơn vị, cơ quan")
    MANAGE_USERS = "manage_users", _("Quản lý tài khoản")
    VIEW_AUDIT = "view_audit", _("Xem nhật ký thay đổi")
    MANAGE_FRAMEWORKS = "manage_frameworks", _("Quản lý bộ tiêu chí")
    MANAGE_PERIODS = "manage_periods", _("Quản lý kỳ đánh giá")
    # Earlier years' results from spreadsheets (tiepcan/reports/importing.py).
    IMPORT_RESULTS = "import_results", _("Nhập kết quả các năm trước")
    SELF_ASSESS = "self_assess", _("Tự đánh giá")
    APPROVE_SELF_ASSESSMENT = "approve_self_assessment", _("Duyệt kết quả tự đánh giá")
    REVIEW = "review", _("Thẩm định hồ sơ")
    COUNCIL_SCORE = "council_score", _("Chấm điểm Hội đồng")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng")
    RECOGNISE = "recognise", _("Công nhận, thu hồi")
    MANAGE_PLAN = "manage_plan", _("Quản lý kế hoạch")
    REPORT_PROGRESS = "report_progress", _("Báo cáo tiến độ")
    MANAGE_BUDGET = "manage_budget", _("Quản lý kinh phí")
    # Background jobs are the whole system's (every province's mail and documents): only the
    # system administrator, who holds every action, sees and retries them.
    MANAGE_JOBS = "manage_jobs", _("Quản lý tác vụ nền")
    # One trust store for the whole installation: only the system administrator manages it.
    MANAGE_TRUST_STORE = "manage_trust_store", _("Quản lý kho chứng thư số")
    # Every province's aggregates (shares per year, reports to the Ministry): no commune's dossier,
    # evidence or person, so it is not ``view``/``view_assessments`` of any unit.
    VIEW_NATIONAL = "view_national", _("Xem tổng hợp toàn quốc")
