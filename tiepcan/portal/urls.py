from django.urls import path

from tiepcan.portal import views

app_name = "portal"

urlpatterns = [
    path("cong-khai/", views.results, name="results"),
    path("cong-khai/ban-do.json", views.map_data, name="map_data"),
    path("cong-khai/ranh-gioi.geojson", views.boundaries, name="boundaries"),
    path("cong-khai/xa/<int:pk>/", views.commune, name="commune"),
    path("cong-khai/du-lieu-mo/xa-dat-chuan.json", views.open_data_json, name="open_data_json"),
    path("cong-khai/du-lieu-mo/xa-dat-chuan.csv", views.open_data_csv, name="open_data_csv"),
    path("cong-khai/<int:pk>/", views.posting, name="posting"),
    path("cong-khai/<int:pk>/y-kien/", views.comment, name="comment"),
    path("cong-khai/quyet-dinh/<int:pk>.pdf", views.decision_pdf, name="decision_pdf"),
]
