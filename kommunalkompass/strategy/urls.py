from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("o/<slug:slug>/strategy/", views.home, name="home"),
    path("o/<slug:slug>/strategy/new/", views.create, name="create"),
    path("o/<slug:slug>/strategy/edit/", views.edit, name="edit"),
    path("o/<slug:slug>/strategy/status/", views.status, name="status"),
    path("o/<slug:slug>/strategy/fields/", views.fields, name="fields"),
    path("o/<slug:slug>/strategy/fields/new/", views.field_add, name="field_add"),
    path("o/<slug:slug>/strategy/goals/new/", views.goal_create, name="goal_create"),
    path("o/<slug:slug>/strategy/measures/", views.measure_list, name="measures"),
    path("o/<slug:slug>/strategy/measures/new/", views.measure_create, name="measure_create"),
    path("o/<slug:slug>/strategy/measures/<int:pk>/", views.measure_detail, name="measure"),
    path("o/<slug:slug>/strategy/measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path(
        "o/<slug:slug>/strategy/measures/<int:pk>/report/",
        views.measure_report,
        name="measure_report",
    ),
    path("o/<slug:slug>/strategy/adopt/", views.adopt, name="adopt"),
    path("o/<slug:slug>/strategy/adopt/new/", views.adopt_one, name="adopt_one"),
]
