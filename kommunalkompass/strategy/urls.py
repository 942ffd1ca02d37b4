from django.urls import path

from kommunalkompass.organisations.downloads import document_urls

from . import copy_views, public_views, views, workshops
from .documents import build_document, build_measure_import_template, build_measures_workbook
from .workshop_documents import build_protocol

app_name = "strategy"

urlpatterns = [
    path("o/<slug:slug>/strategy/", views.home, name="home"),
    path("o/<slug:slug>/strategy/new/", views.create, name="create"),
    path("o/<slug:slug>/strategy/edit/", views.edit, name="edit"),
    path("o/<slug:slug>/strategy/copy/", copy_views.strategy_copy, name="copy"),
    path("o/<slug:slug>/strategy/status/", views.status, name="status"),
    path("o/<slug:slug>/strategy/weights/", views.weights, name="weights"),
    path("o/<slug:slug>/strategy/fields/", views.fields, name="fields"),
    path("o/<slug:slug>/strategy/fields/new/", views.field_add, name="field_add"),
    path("o/<slug:slug>/strategy/goals/", views.goals, name="goals"),
    path("o/<slug:slug>/strategy/goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("o/<slug:slug>/strategy/fields/<int:pk>/delete/", views.field_delete, name="field_delete"),
    path(
        "o/<slug:slug>/strategy/measures/<int:pk>/delete/",
        views.measure_delete,
        name="measure_delete",
    ),
    path("o/<slug:slug>/strategy/goals/new/", views.goal_create, name="goal_create"),
    path("o/<slug:slug>/strategy/goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("o/<slug:slug>/strategy/fields/<int:pk>/edit/", views.field_edit, name="field_edit"),
    path(
        "o/<slug:slug>/strategy/indicators/<int:pk>/edit/",
        views.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "o/<slug:slug>/strategy/values/<int:pk>/edit/",
        views.indicator_value_edit,
        name="indicator_value_edit",
    ),
    path(
        "o/<slug:slug>/strategy/goals/<int:pk>/indicators/new/",
        views.indicator_create,
        name="indicator_create",
    ),
    path(
        "o/<slug:slug>/strategy/indicators/<int:pk>/values/new/",
        views.indicator_value,
        name="indicator_value",
    ),
    path("o/<slug:slug>/strategy/measures/", views.measure_list, name="measures"),
    path("o/<slug:slug>/strategy/measures/new/", views.measure_create, name="measure_create"),
    path("o/<slug:slug>/strategy/measures/import/", views.measure_import, name="measure_import"),
    path("o/<slug:slug>/strategy/measures/<int:pk>/", views.measure_detail, name="measure"),
    path("o/<slug:slug>/strategy/measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path(
        "o/<slug:slug>/strategy/measures/<int:pk>/report/",
        views.measure_report,
        name="measure_report",
    ),
    path("o/<slug:slug>/strategy/dashboard/", views.dashboard, name="dashboard"),
    path("o/<slug:slug>/strategy/roadmap/", views.roadmap_page, name="roadmap"),
    path("o/<slug:slug>/strategy/roadmap/compute/", views.roadmap_compute, name="roadmap_compute"),
    path("o/<slug:slug>/strategy/roadmap/move/", views.roadmap_move, name="roadmap_move"),
    path("o/<slug:slug>/strategy/roadmap/limits/", views.roadmap_limits, name="roadmap_limits"),
    path("o/<slug:slug>/strategy/adopt/", views.adopt, name="adopt"),
    path("o/<slug:slug>/strategy/adopt/new/", views.adopt_one, name="adopt_one"),
    path(
        "o/<slug:slug>/strategy/publication/",
        public_views.publication,
        name="publication",
    ),
    # The public strategy page: outside /o/, no log-in (docs/strategy.md, "Public page").
    path("p/<slug:slug>/", public_views.public_page, name="public"),
    *document_urls(
        "o/<slug:slug>/strategy/document",
        build_document,
        "strategy.view_strategy",
        name="document",
        formats=("pdf", "docx"),
    ),
    *document_urls(
        "o/<slug:slug>/strategy/measures",
        build_measures_workbook,
        "strategy.view_strategy",
        name="measures_export",
        formats=("xlsx",),
    ),
    *document_urls(
        "o/<slug:slug>/strategy/measures/import-template",
        build_measure_import_template,
        "strategy.manage_strategy",
        name="measure_import_template",
        formats=("xlsx",),
    ),
    # Vision workshops (docs/strategy.md, "Vision workshops").
    *[
        path(f"o/<slug:slug>/strategy/workshops/{route}", view, name=f"workshop{name}")
        for route, view, name in (
            ("", workshops.workshop_list, "s"),
            ("new/", workshops.workshop_create, "_create"),
            ("<int:pk>/", workshops.workshop_detail, ""),
            ("<int:pk>/edit/", workshops.workshop_edit, "_edit"),
            ("<int:pk>/phase/", workshops.workshop_phase, "_phase"),
            ("<int:pk>/delete/", workshops.workshop_delete, "_delete"),
            ("<int:pk>/clusters/", workshops.cluster_add, "_cluster_add"),
            ("<int:pk>/clusters/remove/", workshops.cluster_remove, "_cluster_remove"),
            ("<int:pk>/cards/move/", workshops.card_move, "_card_move"),
            ("<int:pk>/cards/remove/", workshops.card_remove, "_card_remove"),
            ("<int:pk>/adopt/", workshops.workshop_adopt, "_adopt"),
            ("<int:pk>/present/", workshops.workshop_present, "_present"),
            ("<int:pk>/present/live/", workshops.workshop_live, "_live"),
        )
    ],
    *document_urls(
        "o/<slug:slug>/strategy/workshops/<int:pk>/protocol",
        build_protocol,
        "strategy.view_strategy",
        name="workshop_protocol",
        formats=("pdf", "docx"),
    ),
    # The participants' pages: no log-in, the join link is enough.
    path("w/<str:token>/", workshops.join, name="workshop_join"),
    path("w/<str:token>/cards/", workshops.post_card, name="workshop_card"),
    path("w/<str:token>/vote/", workshops.vote, name="workshop_vote"),
    path("w/<str:token>/phase/", workshops.phase_watch, name="workshop_phase_watch"),
]
