"""The filters of the API access log (docs/development.md, "List filters")."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiepcan.accounts.choices import Action
from tiepcan.api.models import ApiAccessLog
from tiepcan.core.filters import ScopedFilterSet

METHODS = [(m, m) for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")]
STATUS_CLASSES = [
    ("2", _("Thành công (2xx)")),
    ("4", _("Bị từ chối (4xx)")),
    ("429", _("Vượt giới hạn (429)")),
    ("5", _("Lỗi máy chủ (5xx)")),
]


class AccessLogFilter(ScopedFilterSet):
    khoa = django_filters.CharFilter(label=_("Mã nhận diện khóa"), field_name="key__prefix", max_length=16)
    tai_khoan = django_filters.CharFilter(label=_("Tài khoản"), method="filter_user", max_length=100)
    phuong_thuc = django_filters.ChoiceFilter(label=_("Phương thức"), field_name="method", choices=METHODS)
    ket_qua = django_filters.ChoiceFilter(label=_("Kết quả"), choices=STATUS_CLASSES, method="filter_status")
    duong_dan = django_filters.CharFilter(
        label=_("Đường dẫn"), field_name="path", lookup_expr="icontains", max_length=255
    )
    tu_ngay = django_filters.DateFilter(label=_("Từ ngày"), field_name="at__date", lookup_expr="gte")
    den_ngay = django_filters.DateFilter(label=_("Đến ngày"), field_name="at__date", lookup_expr="lte")

    class Meta:
        model = ApiAccessLog
        fields = ["khoa", "tai_khoan", "phuong_thuc", "ket_qua", "duong_dan", "tu_ngay", "den_ngay"]

    def filter_user(self, queryset: QuerySet[ApiAccessLog], name: str, value: str) -> QuerySet[ApiAccessLog]:
        return queryset.filter(
            Q(user__username__icontains=value)
            | Q(user__full_name__icontains=value)
            | Q(key__user__username__icontains=value)
        )

    def filter_status(
        self, queryset: QuerySet[ApiAccessLog], name: str, value: str
    ) -> QuerySet[ApiAccessLog]:
        if value == "429":
            return queryset.filter(status=429)
        low = int(value) * 100
        return queryset.filter(status__gte=low, status__lt=low + 100)


def access_log_filter(request: HttpRequest) -> AccessLogFilter:
    """The API requests of the people the administrator manages, filtered by the query string."""
    rows = ApiAccessLog.objects.for_user(request.user, Action.MANAGE_USERS).select_related("key", "user")
    return AccessLogFilter(request.GET, queryset=rows.order_by("-at", "-id"))
