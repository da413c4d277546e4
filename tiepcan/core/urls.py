from django.urls import path

from tiepcan.core import views

app_name = "core"

urlpatterns = [
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("nhat-ky/<int:pk>/", views.audit_detail, name="audit_detail"),
]
