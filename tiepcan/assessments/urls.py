from django.urls import path

from tiepcan.assessments import views, views_council, views_move, views_procedure, views_reports

app_name = "assessments"

urlpatterns = [
    path("danh-gia/", views.period_list, name="period_list"),
    path("danh-gia/mo-ky/", views.period_create, name="period_create"),
    path("danh-gia/ky/<int:pk>/", views.period_detail, name="period_detail"),
    path("danh-gia/ky/<int:pk>/dang-ky/", views.registration_create, name="registration_create"),
    path("danh-gia/ky/<int:pk>/chuyen-phien-ban/", views_move.period_move, name="period_move"),
    path("danh-gia/ky/<int:pk>/bao-cao-ket-qua/", views_reports.result_reports_page, name="result_reports"),
    path("danh-gia/dang-ky/<int:pk>/xet/", views.registration_decide, name="registration_decide"),
    path("danh-gia/ho-so/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("danh-gia/ho-so/<int:pk>/luu/", views.autosave, name="autosave"),
    path("danh-gia/ho-so/<int:pk>/chuyen-buoc/", views.transition, name="transition"),
    path("danh-gia/ho-so/<int:pk>/minh-chung/", views.evidence_upload, name="evidence_upload"),
    path("danh-gia/minh-chung/<int:pk>/tai-ve/", views.evidence_download, name="evidence_download"),
    path("danh-gia/ho-so/<int:pk>/yeu-cau-bo-sung/", views.note_add, name="note_add"),
    path("danh-gia/ho-so/<int:pk>/cac-lan-gui/", views.round_diff, name="round_diff"),
    path(
        "danh-gia/ho-so/<int:pk>/lan/<int:round_number>/ho-so.zip",
        views.dossier_download,
        name="dossier_download",
    ),
    path("danh-gia/yeu-cau-bo-sung/<int:pk>/giai-trinh/", views.note_explain, name="note_explain"),
    path("danh-gia/ho-so/<int:pk>/niem-yet/", views_procedure.posting_record, name="posting_record"),
    path(
        "danh-gia/ho-so/<int:pk>/hop-thong-nhat/",
        views_procedure.commune_meeting_record,
        name="commune_meeting_record",
    ),
    path("danh-gia/y-kien/<int:pk>/tra-loi/", views.comment_answer, name="comment_answer"),
    path("danh-gia/ky/<int:pk>/hoi-dong/", views_council.council_page, name="council"),
    path(
        "danh-gia/ky/<int:pk>/hoi-dong/thanh-vien/",
        views_council.council_member_add,
        name="council_member_add",
    ),
    path("danh-gia/ky/<int:pk>/hoi-dong/bien-ban/", views_council.council_meeting, name="council_meeting"),
    path(
        "danh-gia/hoi-dong/bien-ban/<int:pk>/ky/",
        views_council.council_minutes_sign,
        name="council_minutes_sign",
    ),
    path("danh-gia/ho-so/<int:pk>/cham-diem-hoi-dong/", views_council.council_score, name="council_score"),
    path("danh-gia/ky/<int:pk>/quyet-dinh/", views_council.decisions_page, name="decisions"),
    path("danh-gia/ky/<int:pk>/quyet-dinh/ban-hanh/", views_council.decision_issue, name="decision_issue"),
    path("danh-gia/quyet-dinh/<int:pk>/tai-ve.docx", views_council.decision_docx, name="decision_docx"),
    path("danh-gia/quyet-dinh/<int:pk>/tai-ve.pdf", views_council.decision_pdf, name="decision_pdf"),
    path("danh-gia/cong-nhan/<int:pk>/thu-hoi/", views_council.decision_revoke, name="decision_revoke"),
    path("danh-gia/quyet-dinh/<int:pk>/cong-bo/", views_council.decision_publish, name="decision_publish"),
]
