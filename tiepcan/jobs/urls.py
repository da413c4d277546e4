from django.urls import path

from tiepcan.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<str:pk>/", views.job_detail, name="job_detail"),
    path("<str:pk>/chay-lai/", views.job_retry, name="job_retry"),
]
