from django.urls import path

from tiepcan.workdays import views

app_name = "workdays"

urlpatterns = [
    path("lich-lam-viec/", views.calendar_page, name="calendar"),
    path("lich-lam-viec/ngay/", views.day_save, name="day_save"),
    path("lich-lam-viec/ngay/<int:pk>/bo/", views.day_remove, name="day_remove"),
    path("lich-lam-viec/bo-sung/", views.year_seed, name="year_seed"),
]
