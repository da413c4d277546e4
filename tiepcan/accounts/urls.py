from django.contrib.auth import views as auth_views
from django.urls import path

from tiepcan.accounts import views

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", views.profile, name="profile"),
    path("tai-khoan/doi-mat-khau/", views.password_change, name="password_change"),
    path("tai-khoan/don-vi-lam-viec/", views.switch_unit, name="switch_unit"),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_create, name="user_create"),
    path("nguoi-dung/nhap-excel/", views.user_import, name="user_import"),
    path("nguoi-dung/nhap-excel/mau.xlsx", views.user_import_template, name="user_import_template"),
    path("nguoi-dung/nhap-excel/<str:pk>/", views.user_import_status, name="user_import_status"),
    path("nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("nguoi-dung/<int:pk>/vai-tro/", views.role_add, name="role_add"),
    path("nguoi-dung/<int:pk>/dat-lai-mat-khau/", views.password_reset, name="password_reset"),
    path("nguoi-dung/<int:pk>/khoa/", views.user_toggle_active, name="user_toggle_active"),
    path("nguoi-dung/<int:pk>/mo-khoa-dang-nhap/", views.user_unlock, name="user_unlock"),
    path("vai-tro/<int:pk>/doi-trang-thai/", views.role_toggle, name="role_toggle"),
]
