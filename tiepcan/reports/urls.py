from django.urls import path

from tiepcan.reports import views

app_name = "reports"

urlpatterns = [
    path("ket-qua/nhap/", views.result_import, name="result_import"),
    path("ket-qua/nhap/mau.xlsx", views.result_import_template, name="result_import_template"),
]
