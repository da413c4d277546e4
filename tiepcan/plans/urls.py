from django.urls import path

from tiepcan.plans import views

app_name = "plans"

urlpatterns = [
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("nhiem-vu/", views.task_list, name="task_list"),
    path("nhiem-vu/cua-toi/", views.my_tasks, name="my_tasks"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("san-pham/<int:pk>/tai-ve/", views.output_download, name="output_download"),
]
