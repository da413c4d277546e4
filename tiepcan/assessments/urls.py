from django.urls import path

from tiepcan.assessments.views import council, decisions, dossier, move, periods, procedure, reports

app_name = "assessments"

urlpatterns = [
    path("danh-gia/", periods.period_list, name="period_list"),
    path("danh-gia/mo-ky/", periods.period_create, name="period_create"),
    path("danh-gia/ky/<int:pk>/", periods.period_detail, name="period_detail"),
    path("danh-gia/ky/<int:pk>/dang-ky/", periods.registration_create, name="registration_create"),
    path("danh-gia/ky/<int:pk>/chuyen-phien-ban/", move.period_move, name="period_move"),
    path("danh-gia/ky/<int:pk>/bao-cao-ket-qua/", reports.result_reports_page, name="result_reports"),
    path("danh-gia/dang-ky/<int:pk>/xet/", periods.registration_decide, name="registration_decide"),
    path("danh-gia/ho-so/<int:pk>/", dossier.assessment_detail, name="assessment_detail"),
    path("danh-gia/ho-so/<int:pk>/luu/", dossier.autosave, name="autosave"),
    path("danh-gia/ho-so/<int:pk>/chuyen-buoc/", dossier.transition, name="transition"),
    path("danh-gia/ho-so/<int:pk>/minh-chung/", dossier.evidence_upload, name="evidence_upload"),
    path("danh-gia/minh-chung/<int:pk>/tai-ve/", dossier.evidence_download, name="evidence_download"),
    path("danh-gia/ho-so/<int:pk>/yeu-cau-bo-sung/", dossier.note_add, name="note_add"),
    path("danh-gia/ho-so/<int:pk>/cac-lan-gui/", dossier.round_diff, name="round_diff"),
    path(
        "danh-gia/ho-so/<int:pk>/lan/<int:round_number>/ho-so.zip",
        dossier.dossier_download,
        name="dossier_download",
    ),
    path("danh-gia/yeu-cau-bo-sung/<int:pk>/giai-trinh/", dossier.note_explain, name="note_explain"),
    path("danh-gia/ho-so/<int:pk>/niem-yet/", procedure.posting_record, name="posting_record"),
    path(
        "danh-gia/ho-so/<int:pk>/hop-thong-nhat/",
        procedure.commune_meeting_record,
        name="commune_meeting_record",
    ),
    path("danh-gia/y-kien/<int:pk>/tra-loi/", dossier.comment_answer, name="comment_answer"),
    path("danh-gia/ky/<int:pk>/hoi-dong/", council.council_page, name="council"),
    path(
        "danh-gia/ky/<int:pk>/hoi-dong/thanh-vien/",
        council.council_member_add,
        name="council_member_add",
    ),
    path("danh-gia/ky/<int:pk>/hoi-dong/bien-ban/", council.council_meeting, name="council_meeting"),
    path("danh-gia/ky/<int:pk>/hoi-dong/ghi-bien-ban/", council.council_minutes, name="council_minutes"),
    path(
        "danh-gia/hoi-dong/phien/<int:pk>/ket-luan/", council.council_conclusions, name="council_conclusions"
    ),
    path(
        "danh-gia/hoi-dong/bien-ban/<int:pk>/ky/",
        council.council_minutes_sign,
        name="council_minutes_sign",
    ),
    path("danh-gia/hoi-dong/ho-so/<int:pk>/", council.council_dossier, name="council_dossier"),
    path("danh-gia/ky/<int:pk>/quyet-dinh/", decisions.decisions_page, name="decisions"),
    path("danh-gia/ky/<int:pk>/quyet-dinh/ban-hanh/", decisions.decision_issue, name="decision_issue"),
    path("danh-gia/quyet-dinh/<int:pk>/tai-ve.docx", decisions.decision_docx, name="decision_docx"),
    path("danh-gia/quyet-dinh/<int:pk>/tai-ve.pdf", decisions.decision_pdf, name="decision_pdf"),
    path("danh-gia/cong-nhan/<int:pk>/thu-hoi/", decisions.decision_revoke, name="decision_revoke"),
    path("danh-gia/quyet-dinh/<int:pk>/cong-bo/", decisions.decision_publish, name="decision_publish"),
]
