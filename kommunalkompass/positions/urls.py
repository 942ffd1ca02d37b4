from django.urls import path

from kommunalkompass.organisations.downloads import document_urls

from . import views
from .documents import build_advertisement, build_description

app_name = "positions"

urlpatterns = [
    path("o/<slug:slug>/positions/", views.post_list, name="list"),
    path("o/<slug:slug>/positions/new/", views.post_new, name="new"),
    path("o/<slug:slug>/positions/settings/", views.settings_page, name="settings"),
    path("o/<slug:slug>/positions/capacity/", views.capacity_apply, name="capacity_apply"),
    path("o/<slug:slug>/positions/<int:pk>/", views.post_detail, name="detail"),
    path("o/<slug:slug>/positions/<int:pk>/edit/", views.post_edit, name="edit"),
    path("o/<slug:slug>/positions/<int:pk>/delete/", views.post_delete, name="delete"),
    path(
        "o/<slug:slug>/positions/<int:pk>/versions/<int:number>/",
        views.version_detail,
        name="version",
    ),
    path(
        "o/<slug:slug>/positions/<int:pk>/advertisement/",
        views.advertisement_page,
        name="advertisement_page",
    ),
    path(
        "o/<slug:slug>/positions/<int:pk>/advertisement.txt",
        views.advertisement_txt,
        name="advertisement_txt",
    ),
    path("o/<slug:slug>/positions/measures/<int:pk>/", views.measure_needs, name="measure_needs"),
    path("o/<slug:slug>/positions/measures/<int:pk>/needs/", views.need_create, name="need_create"),
    path("o/<slug:slug>/positions/needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("o/<slug:slug>/positions/needs/<int:pk>/delete/", views.need_delete, name="need_delete"),
    path("o/<slug:slug>/positions/needs/<int:pk>/post/", views.need_post, name="need_post"),
    *document_urls(
        "o/<slug:slug>/positions/<int:pk>/description",
        build_description,
        "positions.view_posts",
        name="description",
        formats=("pdf", "docx"),
    ),
    *document_urls(
        "o/<slug:slug>/positions/<int:pk>/advertisement",
        build_advertisement,
        "positions.view_posts",
        name="advertisement",
        formats=("docx",),
    ),
]
