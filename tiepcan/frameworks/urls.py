from django.urls import path

from tiepcan.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("bo-tieu-chi/", views.framework_list, name="framework_list"),
    path("bo-tieu-chi/nhap/", views.framework_import, name="framework_import"),
    path("bo-tieu-chi/ap-dung/", views.activation_create, name="activation_create"),
    path("bo-tieu-chi/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("bo-tieu-chi/<int:pk>/tai-ve.yaml", views.framework_export, name="framework_export"),
    path("bo-tieu-chi/<int:pk>/so-sanh/<int:other_pk>/", views.framework_diff, name="framework_diff"),
]
