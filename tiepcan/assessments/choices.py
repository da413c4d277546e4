from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where a commune's assessment stands in the yearly cycle (DOMAIN.md §1)."""

    DRAFT = "draft", _("Đang tự đánh giá")
    APPROVED = "approved", _("Chủ tịch đã duyệt")
    POSTED = "posted", _("Đang niêm yết công khai")
    SUBMITTED = "submitted", _("Đã gửi hồ sơ")
    RETURNED = "returned", _("Trả lại, yêu cầu bổ sung")
    FORWARDED = "forwarded", _("Đã chuyển Hội đồng")
    RECOMMENDED = "recommended", _("Hội đồng đề nghị công nhận")
    NOT_RECOMMENDED = "not_recommended", _("Hội đồng không đề nghị công nhận")
    RECOGNISED = "recognised", _("Đã được công nhận")
    NOT_RECOGNISED = "not_recognised", _("Không được công nhận")
    REVOKED = "revoked", _("Bị thu hồi công nhận")


EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
# Steps after the council has concluded: a period with such a dossier keeps its framework version.
PAST_COUNCIL = frozenset(
    {Status.RECOMMENDED, Status.NOT_RECOMMENDED, Status.RECOGNISED, Status.NOT_RECOGNISED, Status.REVOKED}
)


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Đang diễn ra")
    CLOSED = "closed", _("Đã kết thúc")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xét")
    ACCEPTED = "accepted", _("Được chấp nhận")
    REJECTED = "rejected", _("Không chấp nhận")
