from django.urls import path

from tiepcan.signatures import views

app_name = "signatures"

urlpatterns = [
    path("chu-ky-so/kho-chung-thu/", views.trust_store, name="trust_store"),
    path("chu-ky-so/kho-chung-thu/chung-thu/", views.certificate_import, name="certificate_import"),
    path("chu-ky-so/kho-chung-thu/crl/", views.crl_import, name="crl_import"),
    path(
        "chu-ky-so/kho-chung-thu/chung-thu/<int:pk>/xoa/", views.certificate_delete, name="certificate_delete"
    ),
    path("chu-ky-so/kho-chung-thu/crl/<int:pk>/xoa/", views.crl_delete, name="crl_delete"),
    path("chu-ky-so/minh-chung/<int:pk>/", views.evidence_verification, name="evidence_verification"),
]
