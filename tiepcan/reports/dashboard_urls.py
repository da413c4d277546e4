"""The dashboards' routes (kept apart from the home page's)."""

from django.urls import path

from tiepcan.reports import dashboards

app_name = "dashboards"

urlpatterns = [
    path("bang-tong-hop/tinh/", dashboards.province_dashboard, name="province"),
    path("bang-tong-hop/toan-quoc/", dashboards.national_dashboard, name="national"),
    path(
        "bang-tong-hop/tinh/<int:pk>/bao-cao-bo/", dashboards.ministry_report_record, name="ministry_report"
    ),
    path("bang-tong-hop/tinh/<int:pk>/ranh-gioi/nhap/", dashboards.boundary_import, name="boundary_import"),
    path(
        "bang-tong-hop/tinh/<int:pk>/ranh-gioi.geojson", dashboards.boundary_geojson, name="boundary_geojson"
    ),
]
