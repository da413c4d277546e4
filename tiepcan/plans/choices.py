from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")


class OutputKind(models.TextChoices):
    GUIDANCE_DOCUMENT = "guidance_document", _("Văn bản hướng dẫn")
    NEWS_ARTICLES_PHOTOS = "news_articles_photos", _("Tin, bài, ảnh")
    COMMENT_APPRAISAL = "comment_appraisal", _("Văn bản góp ý, thẩm định")
    DOSSIER = "dossier", _("Hồ sơ")
    DECISION = "decision", _("Quyết định")
    REGULATION = "regulation", _("Quy chế")
    REPORT = "report", _("Báo cáo")
    PLAN = "plan", _("Kế hoạch")
    BUDGET_EQUIPMENT = "budget_equipment", _("Kinh phí, trang thiết bị")
    MEETING = "meeting", _("Cuộc họp")
    OTHER = "other", _("Khác")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Huỷ")


# Shown, never stored: a task past its due date that is neither done nor cancelled.
OVERDUE = "overdue"
OVERDUE_LABEL = _("Quá hạn")


class InspectionKind(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    AD_HOC = "ad_hoc", _("Đột xuất")


class InspectionForm(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra")
    SUPERVISION = "supervision", _("Giám sát")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã thực hiện")
    CANCELLED = "cancelled", _("Huỷ")


class ConferenceKind(models.TextChoices):
    MID_TERM = "mid_term", _("Sơ kết")
    FINAL = "final", _("Tổng kết")
    ANNUAL = "annual", _("Tổng kết năm")


class AwardeeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi Sở Tài chính")
    # Seed plan §III.2: Sở Tài chính appraises the estimates and submits them to the
    # provincial People's Committee, which approves them.
    APPRAISED = "appraised", _("Đã thẩm định, trình UBND tỉnh")
    APPROVED = "approved", _("Đã phê duyệt")
    ADJUSTED = "adjusted", _("Phê duyệt có điều chỉnh")
    REJECTED = "rejected", _("Không phê duyệt")


class ReportPeriod(models.TextChoices):
    HALF_YEAR = "half_year", _("Báo cáo 6 tháng")
    YEAR = "year", _("Báo cáo năm")
    AD_HOC = "ad_hoc", _("Báo cáo đột xuất")


class PlanStatus(models.TextChoices):
    """A plan written in the browser is a draft until published; a loaded file is published at once."""

    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")


class PlanRules(models.TextChoices):
    """The generation of rules a plan carries out (codes of the national criteria sets)."""

    QD619_2017 = "qd619-2017", _("Quyết định số 619/QĐ-TTg ngày 08/5/2017")
    QD25_2021 = "qd25-2021", _("Quyết định số 25/2021/QĐ-TTg ngày 22/7/2021")
    QD27_2025 = "qd27-2025", _("Quyết định số 27/2025/QĐ-TTg ngày 04/8/2025")
