from django.urls import path

from kommunalkompass.organisations.downloads import document_urls

from . import views
from .documents import build_report, build_services_workbook

app_name = "ozg"

urlpatterns = [
    path("o/<slug:slug>/ozg/", views.dashboard, name="dashboard"),
    path("o/<slug:slug>/ozg/settings/", views.settings_update, name="settings"),
    path("o/<slug:slug>/ozg/across/", views.across, name="across"),
    path("o/<slug:slug>/ozg/services/", views.service_list, name="services"),
    path("o/<slug:slug>/ozg/services/bulk/", views.service_bulk, name="bulk"),
    path("o/<slug:slug>/ozg/services/track/", views.track, name="track"),
    path("o/<slug:slug>/ozg/services/<int:pk>/", views.service_detail, name="service"),
    path("o/<slug:slug>/ozg/services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path(
        "o/<slug:slug>/ozg/services/<int:pk>/measure/",
        views.service_measure,
        name="service_measure",
    ),
    path(
        "o/<slug:slug>/ozg/services/<int:pk>/criteria/",
        views.service_criteria,
        name="service_criteria",
    ),
    path("o/<slug:slug>/ozg/services/<int:pk>/usage/", views.service_usage, name="service_usage"),
    path("o/<slug:slug>/ozg/duties/", views.duty_list, name="duties"),
    path("o/<slug:slug>/ozg/duties/<int:pk>/", views.duty_detail, name="duty"),
    path("o/<slug:slug>/ozg/duties/<int:pk>/edit/", views.duty_edit, name="duty_edit"),
    path("o/<slug:slug>/ozg/duties/<int:pk>/measure/", views.duty_measure, name="duty_measure"),
    path(
        "o/<slug:slug>/ozg/duties/<int:pk>/measure-status/",
        views.duty_measure_status,
        name="duty_measure_status",
    ),
    *document_urls(
        "o/<slug:slug>/ozg/report",
        build_report,
        "ozg.view_services",
        name="report",
        formats=("pdf", "docx"),
    ),
    *document_urls(
        "o/<slug:slug>/ozg/services",
        build_services_workbook,
        "ozg.view_services",
        name="services_export",
        formats=("xlsx",),
    ),
]
