from django.urls import path

from tiepcan.api import views

app_name = "api"

urlpatterns = [
    path("khoa-api/", views.key_list, name="key_list"),
    path("khoa-api/cap/", views.key_create, name="key_create"),
    path("khoa-api/<int:pk>/thu-hoi/", views.key_revoke, name="key_revoke"),
    path("khoa-api/nhat-ky/", views.access_log, name="access_log"),
]
