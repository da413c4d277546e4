from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaperworkConfig(AppConfig):
    name = "tiepcan.paperwork"
    label = "paperwork"
    verbose_name = _("Biểu mẫu Phụ lục II")
