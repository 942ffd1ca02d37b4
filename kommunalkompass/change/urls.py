from django.urls import path

from kommunalkompass.organisations.downloads import document_urls

from . import views
from .documents import build_coaching_summary, build_plan

app_name = "change"

P = "o/<slug:slug>/change/"

urlpatterns = [
    path(P, views.overview, name="overview"),
    path(P + "initiatives/", views.initiative_list, name="initiatives"),
    path(P + "initiatives/new/", views.initiative_create, name="initiative_create"),
    path(P + "initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path(P + "initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative_edit"),
    path(P + "initiatives/<int:pk>/delete/", views.initiative_delete, name="initiative_delete"),
    path(P + "initiatives/<int:pk>/risks/", views.risk_create, name="risk_create"),
    path(P + "steps/<int:pk>/", views.step_update, name="step"),
    path(P + "risks/<int:pk>/", views.risk_update, name="risk"),
    path(P + "stakeholders/", views.stakeholder_list, name="stakeholders"),
    path(P + "stakeholders/new/", views.stakeholder_create, name="stakeholder_create"),
    path(P + "stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder"),
    path(P + "stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder_edit"),
    path(P + "stakeholders/<int:pk>/delete/", views.stakeholder_delete, name="stakeholder_delete"),
    path(P + "stakeholders/<int:pk>/assess/", views.stakeholder_assess, name="stakeholder_assess"),
    path(P + "pulses/", views.pulse_list, name="pulses"),
    path(P + "pulses/new/", views.pulse_create, name="pulse_create"),
    path(P + "pulses/<int:pk>/", views.pulse_detail, name="pulse"),
    path(P + "pulses/<int:pk>/open/", views.pulse_open, name="pulse_open"),
    path(P + "pulses/<int:pk>/close/", views.pulse_close, name="pulse_close"),
    path(P + "pulses/<int:pk>/delete/", views.pulse_delete, name="pulse_delete"),
    path(P + "communications/", views.communication_list, name="communications"),
    path(P + "communications/new/", views.communication_create, name="communication_create"),
    path(P + "communications/<int:pk>/", views.communication_detail, name="communication"),
    path(
        P + "communications/<int:pk>/edit/",
        views.communication_edit,
        name="communication_edit",
    ),
    path(
        P + "communications/<int:pk>/delete/",
        views.communication_delete,
        name="communication_delete",
    ),
    path(P + "communications.ics", views.communication_calendar, name="communications_ics"),
    path(P + "coaching/", views.coaching, name="coaching"),
    path(P + "coaching/new/", views.session_create, name="session_create"),
    path(P + "coaching/<int:pk>/", views.session_detail, name="session"),
    path(P + "coaching/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path(P + "coaching/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path(P + "coaching/<int:pk>/notes/", views.session_notes, name="session_notes"),
    path(P + "coaching/<int:pk>/actions/", views.action_create, name="action_create"),
    path(P + "actions/<int:pk>/", views.action_update, name="action"),
    *document_urls(
        P + "plan", build_plan, "change.view_change", name="plan", formats=("pdf", "docx")
    ),
    *document_urls(
        P + "coaching-summary",
        build_coaching_summary,
        "change.view_change",
        name="coaching_summary",
        formats=("pdf", "docx"),
    ),
]
