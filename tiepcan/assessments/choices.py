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


class SubmissionKind(models.TextChoices):
    """What a commune sends before 10 January (TT 09/2021/TT-BTP Điều 3 khoản 1 điểm e).

    A commune meeting the conditions of QĐ 25/2021 Điều 4 sends the dossier requesting
    recognition; one that does not still sends its report and score sheet, for the justice office's
    list of communes not meeting the standard. A report is never recognised.
    """

    RECOGNITION = "recognition", _("Hồ sơ đề nghị công nhận")
    REPORT_ONLY = "report_only", _("Báo cáo, bản tổng hợp điểm (chưa đủ điều kiện, không đề nghị công nhận)")


class PostingMode(models.TextChoices):
    """Where, besides the commune office, the draft result is made public (TT 09/2021 Điều 3.1.c)."""

    PORTAL = "portal", _("Cổng (Trang) thông tin điện tử")
    RADIO = "radio", _("Đài truyền thanh cấp xã")


class ChairRole(models.TextChoices):
    """The commune leader chairing the meeting that agrees the result (TT 09/2021 Điều 3.1.đ)."""

    CHAIRMAN = "chairman", _("Chủ tịch Ủy ban nhân dân cấp xã")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch Ủy ban nhân dân cấp xã")


class AttendeeGroup(models.TextChoices):
    """Who attends the commune meeting (TT 09/2021 Điều 3 khoản 1 điểm đ)."""

    OFFICERS = "officers", _("Công chức chuyên môn theo dõi các tiêu chí, chỉ tiêu")
    POLICE = "police", _("Đại diện Công an cấp xã")
    FATHERLAND_FRONT = "fatherland_front", _("Đại diện lãnh đạo Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã")
    SOCIO_POLITICAL = "socio_political", _("Đại diện các tổ chức chính trị - xã hội cấp xã")
    VILLAGE_HEADS = "village_heads", _("Trưởng thôn, làng, bản, ấp, buôn, bon, phum, sóc")
    RESIDENTIAL_HEADS = "residential_heads", _("Tổ trưởng tổ dân phố, khu phố, khối phố, khóm, tiểu khu")


class CouncilRole(models.TextChoices):
    """A seat on the council (TT 09/2021/TT-BTP Điều 5 khoản 2)."""

    CHAIR = "chair", _("Chủ tịch Hội đồng")
    DEPUTY_CHAIR = "deputy_chair", _("Phó Chủ tịch Hội đồng")
    MEMBER = "member", _("Ủy viên Hội đồng")
    SECRETARY = "secretary", _("Thư ký Hội đồng")


class MeetingKind(models.TextChoices):
    """The council meets, or its members give written opinions (TT 09/2021 Điều 3 khoản 2 điểm b; Mẫu 06)."""

    MEETING = "meeting", _("Họp Hội đồng")
    WRITTEN = "written", _("Lấy ý kiến thành viên bằng văn bản (Mẫu 06)")


class ReportStep(models.TextChoices):
    """The yearly reports on the results (TT 09/2021/TT-BTP Điều 6 khoản 2, 3): framework deadline steps."""

    TO_PROVINCE = "report_to_province", _("Báo cáo Ủy ban nhân dân cấp tỉnh")
    TO_MINISTRY = "report_to_ministry", _("Báo cáo Bộ Tư pháp")
