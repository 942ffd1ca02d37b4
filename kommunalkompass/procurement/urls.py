from django.urls import path

from kommunalkompass.organisations.downloads import document_urls

from . import views
from .documents import build_report, build_specification

app_name = "procurement"

P = "o/<slug:slug>/procurement/<int:pk>"

urlpatterns = [
    path("o/<slug:slug>/procurement/", views.procurement_list, name="list"),
    path("o/<slug:slug>/procurement/new/", views.procurement_create, name="create"),
    path(f"{P}/", views.procurement_detail, name="detail"),
    path(f"{P}/edit/", views.procurement_edit, name="edit"),
    path(f"{P}/requirements/", views.requirements, name="requirements"),
    path(f"{P}/requirements/add/", views.requirement_add, name="requirement_add"),
    path(f"{P}/requirements/<int:rid>/", views.requirement_edit, name="requirement_edit"),
    path(
        f"{P}/requirements/<int:rid>/delete/", views.requirement_delete, name="requirement_delete"
    ),
    path(f"{P}/lots/add/", views.lot_add, name="lot_add"),
    path(f"{P}/lots/<int:lot_id>/delete/", views.lot_delete, name="lot_delete"),
    path(f"{P}/publish/", views.publish, name="publish"),
    path(f"{P}/new-version/", views.new_version, name="new_version"),
    path(f"{P}/bids/", views.bids, name="bids"),
    path(f"{P}/bids/upload/", views.bid_upload, name="bid_upload"),
    path(f"{P}/bids/<int:bid_id>/", views.bid_detail, name="bid"),
    path(f"{P}/bids/<int:bid_id>/delete/", views.bid_delete, name="bid_delete"),
    path(f"{P}/answer-sheet.xlsx", views.answer_sheet, name="answer_sheet_xlsx"),
    path(f"{P}/evaluation/", views.evaluation, name="evaluation"),
    path(f"{P}/evaluation/method/", views.evaluation_method, name="evaluation_method"),
    path(f"{P}/evaluation/bids/<int:bid_id>/", views.score, name="score"),
    path(f"{P}/evaluation/bids/<int:bid_id>/exclude/", views.exclude, name="exclude"),
    path(f"{P}/evaluation/bids/<int:bid_id>/readmit/", views.readmit, name="readmit"),
    path(f"{P}/evaluation/sign/", views.sign, name="sign"),
    *document_urls(
        f"{P}/specification",
        build_specification,
        "procurement.view_procurements",
        name="specification",
        formats=("pdf", "docx"),
    ),
    *document_urls(
        f"{P}/evaluation-report",
        build_report,
        "procurement.view_procurements",
        name="report",
        formats=("pdf", "docx"),
    ),
]
