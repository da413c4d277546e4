from django.urls import path

from tiepcan.core import views

app_name = "core"

urlpatterns = [
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("nhat-ky/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification_open"),
    path("thong-bao/da-doc-het/", views.notification_read_all, name="notification_read_all"),
    path("thong-bao/da-doc-nhom/", views.notification_read_group, name="notification_read_group"),
]
