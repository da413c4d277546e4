from django.urls import path

from tiepcan.frameworks.views import editor, versions

app_name = "frameworks"

urlpatterns = [
    path("bo-tieu-chi/", versions.framework_list, name="framework_list"),
    path("bo-tieu-chi/nhap/", versions.framework_import, name="framework_import"),
    path("bo-tieu-chi/ap-dung/", versions.activation_create, name="activation_create"),
    path("bo-tieu-chi/<int:pk>/", versions.framework_detail, name="framework_detail"),
    path("bo-tieu-chi/<int:pk>/tai-ve.yaml", versions.framework_export, name="framework_export"),
    path("bo-tieu-chi/<int:pk>/so-sanh/<int:other_pk>/", versions.framework_diff, name="framework_diff"),
    path("bo-tieu-chi/<int:pk>/soan-moi/", editor.draft_start, name="draft_start"),
    path("bo-tieu-chi/chua-doi-chieu/", editor.unverified_list, name="unverified_list"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/", editor.draft_edit, name="draft_edit"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/luu/", editor.draft_save, name="draft_save"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/cau-truc/", editor.draft_structure, name="draft_structure"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/thu/", editor.draft_preview, name="draft_preview"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/so-sanh/", editor.draft_diff, name="draft_diff"),
    path("bo-tieu-chi/ban-nhap/<int:pk>/ban-hanh/", editor.draft_publish, name="draft_publish"),
]
