from django.urls import path

from tiepcan.frameworks import views, views_editor

app_name = "frameworks"

urlpatterns = [
    path("bo-tieu-chi/", views.framework_list, name="framework_list"),
    path("bo-tieu-chi/nhap/", views.framework_import, name="framework_import"),
    path("bo-tieu-chi/ap-dung/", views.activation_create, name="activation_create"),
    path("bo-tieu-chi/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("bo-tieu-chi/<int:pk>/tai-ve.yaml", views.framework_export, name="framework_export"),
    path("bo-tieu-chi/<int:pk>/so-sanh/<int:other_pk>/", views.framework_diff, name="framework_diff"),
    path("bo-tieu-chi/<int:pk>/soan-moi/", views_editor.draft_start, name="draft_start"),
    path("bo-tieu-chi/chua-doi-chieu/", views_editor.unverified_list, name="unverified_list"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/", views_editor.draft_edit, name="draft_edit"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/luu/", views_editor.draft_save, name="draft_save"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/cau-truc/", views_editor.draft_structure, name="draft_structure"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/thu/", views_editor.draft_preview, name="draft_preview"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/so-sanh/", views_editor.draft_diff, name="draft_diff"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/ban-hanh/", views_editor.draft_publish, name="draft_publish"),
]
