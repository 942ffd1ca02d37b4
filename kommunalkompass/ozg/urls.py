from django.urls import path

from . import views

app_name = "ozg"

urlpatterns = [
    path("o/<slug:slug>/ozg/", views.dashboard, name="dashboard"),
    path("o/<slug:slug>/ozg/services/", views.service_list, name="services"),
    path("o/<slug:slug>/ozg/services/bulk/", views.service_bulk, name="bulk"),
    path("o/<slug:slug>/ozg/services/track/", views.track, name="track"),
    path("o/<slug:slug>/ozg/services/<int:pk>/", views.service_detail, name="service"),
    path("o/<slug:slug>/ozg/services/<int:pk>/edit/", views.service_edit, name="service_edit"),
]
