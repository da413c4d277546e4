"""Choices of the frameworks app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The level of government at which a framework places the review, the council and the recognition.

    QĐ 619/2017 and QĐ 25/2021 (Điều 5): the district. Since 1/7/2025 there is no district level
    (two-tier local government): QĐ 27/2025 as we read it, the province (unverified).
    """

    DISTRICT = "district", _("Cấp huyện")
    PROVINCE = "province", _("Cấp tỉnh")
