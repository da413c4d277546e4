from django.urls import path

from tiepcan.plans import views, views_improvement, views_time
from tiepcan.plans import views_followup as f

app_name = "plans"

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/nap-tep/", views.plan_import, name="plan_import"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("nhiem-vu/", views.task_list, name="task_list"),
    path("nhiem-vu/cua-toi/", views.my_tasks, name="my_tasks"),
    path("tien-do/", views_time.timeline, name="timeline"),
    path("lich-han/", views_time.calendar, name="calendar"),
    path("khac-phuc/ky/<int:pk>/", views_improvement.improvement_page, name="improvement"),
    path("khac-phuc/ky/<int:pk>/giao/", views_improvement.improvement_create, name="improvement_create"),
    path("khac-phuc/<int:pk>/cap-nhat/", views_improvement.improvement_update, name="improvement_update"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("san-pham/<int:pk>/tai-ve/", views.output_download, name="output_download"),
    path("kiem-tra/", f.InspectionList.as_view(), name="inspection_list"),
    path("kiem-tra/them/", f.InspectionCreate.as_view(), name="inspection_create"),
    path("kiem-tra/<int:pk>/", f.inspection_detail, name="inspection_detail"),
    path("kiem-tra/viec-sau-kiem-tra/them/", f.FollowUpCreate.as_view(), name="followup_create"),
    path("kiem-tra/viec-sau-kiem-tra/<int:pk>/sua/", f.FollowUpEdit.as_view(), name="followup_edit"),
    path("xa-diem/", f.PilotList.as_view(), name="pilot_list"),
    path("xa-diem/them/", f.PilotCreate.as_view(), name="pilot_create"),
    path("so-ket-tong-ket/", f.ConferenceList.as_view(), name="conference_list"),
    path("so-ket-tong-ket/them/", f.ConferenceCreate.as_view(), name="conference_create"),
    path("khen-thuong/them/", f.AwardCreate.as_view(), name="award_create"),
    path("cong-chuc-theo-doi/", f.StaffList.as_view(), name="staff_list"),
    path("cong-chuc-theo-doi/them/", f.StaffCreate.as_view(), name="staff_create"),
    path("cong-chuc-theo-doi/<int:pk>/sua/", f.StaffEdit.as_view(), name="staff_edit"),
    path("kinh-phi/", f.budget_list, name="budget_list"),
    path("kinh-phi/them/", f.budget_create, name="budget_create"),
    path("kinh-phi/<int:pk>/", f.budget_detail, name="budget_detail"),
    path("kinh-phi/<int:pk>/gui/", f.budget_submit, name="budget_submit"),
    path("kinh-phi/<int:pk>/xet-duyet/", f.budget_decide, name="budget_decide"),
    path("kinh-phi/<int:pk>/cap-phat/", f.budget_allocate, name="budget_allocate"),
    path("bao-cao-dinh-ky/", f.ReportRequestList.as_view(), name="report_request_list"),
    path("bao-cao-dinh-ky/them/", f.ReportRequestCreate.as_view(), name="report_request_create"),
    path("bao-cao-dinh-ky/<int:pk>/", f.report_request_detail, name="report_request_detail"),
    path("bao-cao-dinh-ky/<int:pk>/gui/<int:agency_pk>/", f.report_submit, name="report_submit"),
    path("bao-cao-da-gui/<int:pk>/tai-ve/", f.submission_download, name="submission_download"),
]
