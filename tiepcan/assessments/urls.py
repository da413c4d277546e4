from django.urls import path

from tiepcan.assessments import views

app_name = "assessments"

urlpatterns = [
    path("danh-gia/", views.period_list, name="period_list"),
    path("danh-gia/mo-ky/", views.period_create, name="period_create"),
    path("danh-gia/ky/<int:pk>/", views.period_detail, name="period_detail"),
    path("danh-gia/ho-so/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("danh-gia/ho-so/<int:pk>/luu/", views.autosave, name="autosave"),
    path("danh-gia/ho-so/<int:pk>/chuyen-buoc/", views.transition, name="transition"),
    path("danh-gia/ho-so/<int:pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("danh-gia/minh-chung/<int:pk>/tai-ve/", views.evidence_download, name="evidence_download"),
]
