from django.urls import path

from tiepcan.units import views

app_name = "units"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/chon/", views.unit_picker, name="unit_picker"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/phan-loai/", views.classification_add, name="classification_add"),
    path("don-vi/<int:pk>/don-vi-cu/", views.predecessor_add, name="predecessor_add"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/chon/", views.agency_picker, name="agency_picker"),
    path("co-quan/them/", views.agency_create, name="agency_create"),
    path("co-quan/<int:pk>/sua/", views.agency_edit, name="agency_edit"),
    path("co-quan/<int:pk>/", views.agency_detail, name="agency_detail"),
]
