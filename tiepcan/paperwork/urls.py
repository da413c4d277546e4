from django.urls import path

from tiepcan.paperwork import views

app_name = "paperwork"

urlpatterns = [
    path("bieu-mau/", views.form_list, name="form_list"),
    path("bieu-mau/tai-len/", views.template_upload, name="template_upload"),
    path("bieu-mau/mau/<int:pk>/kich-hoat/", views.template_activate, name="template_activate"),
    path("bieu-mau/mau/<int:pk>/tai-ve.docx", views.template_download, name="template_download"),
    path("bieu-mau/mac-dinh.docx", views.default_download, name="default_download"),
    path(
        "danh-gia/ho-so/<int:pk>/lan/<int:round_number>/mau-<str:code>.<str:fmt>",
        views.round_form,
        name="round_form",
    ),
    path(
        "danh-gia/hoi-dong/phien/<int:pk>/mau-<str:code>.<str:fmt>", views.meeting_form, name="meeting_form"
    ),
    path(
        "danh-gia/hoi-dong/phien/<int:pk>/thanh-vien/<int:seat>/mau-06.<str:fmt>",
        views.member_form,
        name="member_form",
    ),
    path("danh-gia/ky/<int:pk>/bieu-mau/", views.area_forms, name="area_forms"),
    path(
        "danh-gia/ky/<int:pk>/khu-vuc/<int:unit>/mau-<str:code>.<str:fmt>", views.area_form, name="area_form"
    ),
]
