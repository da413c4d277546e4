"""URL map. Every view fetches through ``for_user``; see tests/test_permission_matrix.py."""

from django.contrib import admin
from django.urls import include, path

from tiepcan.api.v1 import api as api_v1
from tiepcan.core import views as core_views
from tiepcan.ops import views as ops_views
from tiepcan.reports import views as report_views

admin.site.site_header = "TiếpCận – Quản trị hệ thống"
admin.site.site_title = "TiếpCận"

urlpatterns = [
    # The API has its own permission matrix and fuzzing (tiepcan/api/tests/). First: its prefix is its
    # own, and an API request no longer tries some 170 of the pages' patterns first.
    path("api/v1/", api_v1.urls),
    path("", report_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics, name="metrics"),
    path("", include("tiepcan.accounts.urls")),
    path("", include("tiepcan.units.urls")),
    path("", include("tiepcan.core.urls")),
    path("", include("tiepcan.plans.urls")),
    path("", include("tiepcan.frameworks.urls")),
    path("", include("tiepcan.assessments.urls")),
    path("", include("tiepcan.portal.urls")),
    path("", include("tiepcan.reports.urls")),
    path("", include("tiepcan.reports.dashboard_urls")),
    path("he-thong/tac-vu/", include("tiepcan.jobs.urls")),
    path("xuat-excel/", include("tiepcan.jobs.urls_exports")),
    path("", include("tiepcan.api.urls")),
    path("", include("tiepcan.signatures.urls")),
    path("", include("tiepcan.paperwork.urls")),
    path("", include("tiepcan.workdays.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri/", admin.site.urls),
]

# A request the server cannot read: the cause in Vietnamese when a person can fix it.
handler400 = "tiepcan.core.views.bad_request"
# A database or storage outage answers 503 with a Vietnamese message instead of a bare 500.
handler500 = "tiepcan.ops.views.server_error"
