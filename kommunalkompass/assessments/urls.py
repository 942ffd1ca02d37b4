from django.urls import path

from kommunalkompass.organisations.downloads import document_urls

from . import public_views, survey_admin_views, views
from .documents import build_information_sheet, build_report
from .paper import build_notice, build_paper_questionnaire

app_name = "assessments"

urlpatterns = [
    path("o/<slug:slug>/assessments/", views.assessment_list, name="list"),
    path("o/<slug:slug>/assessments/new/", views.assessment_create, name="create"),
    path("o/<slug:slug>/assessments/compare/", views.assessment_compare, name="compare"),
    path("o/<slug:slug>/assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("o/<slug:slug>/assessments/<int:pk>/open/", views.assessment_open, name="open"),
    path("o/<slug:slug>/assessments/<int:pk>/close/", views.assessment_close, name="close"),
    path("o/<slug:slug>/assessments/<int:pk>/delete/", views.assessment_delete, name="delete"),
    path("o/<slug:slug>/assessments/<int:pk>/invite/", views.assessment_invite, name="invite"),
    path("o/<slug:slug>/assessments/<int:pk>/targets/", views.assessment_targets, name="targets"),
    path("o/<slug:slug>/assessments/<int:pk>/sharing/", views.assessment_sharing, name="sharing"),
    path(
        "o/<slug:slug>/assessments/<int:pk>/group-sizes/",
        views.assessment_group_sizes,
        name="group_sizes",
    ),
    path("o/<slug:slug>/assessments/<int:pk>/results/", views.assessment_results, name="results"),
    path(
        "o/<slug:slug>/assessments/<int:pk>/end-date/",
        survey_admin_views.assessment_end_date,
        name="end_date",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/remind/",
        survey_admin_views.assessment_remind,
        name="remind",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/paper/",
        survey_admin_views.paper_entry,
        name="paper_entry",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/responses.csv",
        views.responses_export,
        {"extension": "csv"},
        name="responses_csv",
    ),
    path(
        "o/<slug:slug>/assessments/<int:pk>/responses.xlsx",
        views.responses_export,
        {"extension": "xlsx"},
        name="responses_xlsx",
    ),
    path("quick-check/", public_views.quick_check, name="quick_check"),
    path("quick-check/report.pdf", public_views.quick_check_report, name="quick_check_report"),
    path("s/<str:token>/", views.survey, name="survey"),
    path("s/<str:token>/<int:page>/", views.survey, name="survey_page"),
    path("s/<str:token>/done/", views.survey_done, name="survey_done"),
    *document_urls(
        "o/<slug:slug>/assessments/<int:pk>/report",
        build_report,
        "assessments.view_assessment",
        name="report",
        formats=("pdf", "docx"),
    ),
    *document_urls(
        "o/<slug:slug>/assessments/<int:pk>/information-sheet",
        build_information_sheet,
        "assessments.view_assessment",
        name="information_sheet",
        formats=("pdf", "docx"),
    ),
    # The notice carries the open links: editors only.
    *document_urls(
        "o/<slug:slug>/assessments/<int:pk>/notice",
        build_notice,
        "assessments.manage_assessment",
        name="notice",
        formats=("pdf",),
    ),
    *document_urls(
        "o/<slug:slug>/assessments/<int:pk>/questionnaire",
        build_paper_questionnaire,
        "assessments.view_assessment",
        name="paper_questionnaire",
        formats=("pdf",),
    ),
]
