from django.urls import path

from tiepcan.jobs import views_exports

app_name = "exports"

urlpatterns = [
    path("<str:pk>/", views_exports.export_status, name="status"),
    path("<str:pk>/tai-ve/", views_exports.export_download, name="download"),
]
