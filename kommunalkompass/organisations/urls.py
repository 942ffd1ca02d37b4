from django.urls import path

from . import views
from .documents import build_team_document
from .downloads import document_urls

app_name = "organisations"

urlpatterns = [
    path("o/", views.organisation_list, name="list"),
    path("o/new/", views.organisation_create, name="create"),
    path("o/portfolio.xlsx", views.portfolio_export, name="portfolio_xlsx"),
    path("register/search/", views.register_search, name="register_search"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("o/<slug:slug>/", views.organisation_home, name="home"),
    path("o/<slug:slug>/settings/", views.organisation_settings, name="settings"),
    path("o/<slug:slug>/export.zip", views.organisation_export, name="export"),
    path("o/<slug:slug>/members/", views.member_list, name="members"),
    path("o/<slug:slug>/members/invite/", views.member_invite, name="member_invite"),
    path("o/<slug:slug>/members/<int:pk>/role/", views.member_change_role, name="member_role"),
    path("o/<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path(
        "o/<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("o/<slug:slug>/departments/", views.department_list, name="departments"),
    path("o/<slug:slug>/departments/new/", views.department_create, name="department_create"),
    path("o/<slug:slug>/departments/<int:pk>/", views.department_edit, name="department_edit"),
    path(
        "o/<slug:slug>/departments/<int:pk>/delete/",
        views.department_delete,
        name="department_delete",
    ),
    path("o/<slug:slug>/audit/", views.audit_log, name="audit"),
    *document_urls(
        "o/<slug:slug>/team",
        build_team_document,
        "organisations.view_members",
        name="team_document",
    ),
]
