from django.urls import path

from tiepcan.portal import views

app_name = "portal"

urlpatterns = [
    path("cong-khai/", views.results, name="results"),
    path("cong-khai/<int:pk>/", views.posting, name="posting"),
    path("cong-khai/<int:pk>/y-kien/", views.comment, name="comment"),
    path("cong-khai/quyet-dinh/<int:pk>.pdf", views.decision_pdf, name="decision_pdf"),
]
