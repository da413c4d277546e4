from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện")
    COMMUNE = 3, _("Cấp xã")


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CENTRAL_CITY = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    RURAL_DISTRICT = "huyen", _("Huyện")
    URBAN_DISTRICT = "quan", _("Quận")
    TOWN = "thi_xa", _("Thị xã")
    PROVINCIAL_CITY = "thanh_pho", _("Thành phố thuộc tỉnh")
    COMMUNE = "xa", _("Xã")
    WARD = "phuong", _("Phường")
    TOWNSHIP = "thi_tran", _("Thị trấn")
    SPECIAL_ZONE = "dac_khu", _("Đặc khu")


KIND_LEVEL: dict[str, int] = {
    UnitKind.PROVINCE: UnitLevel.PROVINCE,
    UnitKind.CENTRAL_CITY: UnitLevel.PROVINCE,
    UnitKind.RURAL_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.URBAN_DISTRICT: UnitLevel.DISTRICT,
    UnitKind.TOWN: UnitLevel.DISTRICT,
    UnitKind.PROVINCIAL_CITY: UnitLevel.DISTRICT,
    UnitKind.COMMUNE: UnitLevel.COMMUNE,
    UnitKind.WARD: UnitLevel.COMMUNE,
    UnitKind.TOWNSHIP: UnitLevel.COMMUNE,
    UnitKind.SPECIAL_ZONE: UnitLevel.COMMUNE,
}

COMMUNE_KINDS = tuple(kind for kind, level in KIND_LEVEL.items() if level == UnitLevel.COMMUNE)


class CommuneClass(models.TextChoices):
    """Loại đơn vị hành chính cấp xã (Nghị quyết 1211/2016/UBTVQH13, sửa đổi 2022)."""

    CLASS_I = "I", _("Loại I")
    CLASS_II = "II", _("Loại II")
    CLASS_III = "III", _("Loại III")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
    JUSTICE_DEPARTMENT = "so_tu_phap", _("Sở Tư pháp")
    FINANCE_DEPARTMENT = "so_tai_chinh", _("Sở Tài chính")
    DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
    MEDIA = "bao_dai", _("Cơ quan báo chí")
    JUSTICE_OFFICE = "phong_tu_phap", _("Phòng Tư pháp")
    COUNCIL = "hoi_dong", _("Hội đồng đánh giá tiếp cận pháp luật")
    STEERING_COMMITTEE = "ban_chi_dao", _("Ban Chỉ đạo")
    MINISTRY = "bo", _("Bộ, ngành trung ương")
    OTHER = "khac", _("Khác")


# The reorganisation that abolished the district level and merged communes
# (Nghị quyết 202/2025/QH15 and the Standing Committee's resolutions) took effect on this day.
MERGER_DATE_2025 = "2025-07-01"
