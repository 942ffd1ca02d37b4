import pytest

from kommunalkompass.organisations.models import Department, Membership, Role

from .factories import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    membership = MembershipFactory(role=Role.ADMIN, organisation__slug="musterort")
    client.force_login(membership.user)
    return membership


def test_organisation_list_is_paginated_and_only_mine(client, admin):
    MembershipFactory()  # someone else's organisation
    response = client.get("/api/v1/organisations")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [item["slug"] for item in body["items"]] == ["musterort"]


def test_admin_updates_the_organisation(client, admin):
    response = client.patch(
        "/api/v1/organisations/musterort",
        {"population": 12345, "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["population"] == 12345
    assert response.json()["version"] == 2


def test_wrong_ags_answers_with_message_and_field(client, admin):
    response = client.patch(
        "/api/v1/organisations/musterort", {"ags": "123"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "ags"
    assert "8 digits" in body["message"]
    admin.organisation.refresh_from_db()
    assert admin.organisation.ags != "123"


def test_schema_errors_name_the_field(client, admin):
    response = client.patch(
        "/api/v1/organisations/musterort", {"population": "viele"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "population"


def test_stale_version_is_refused(client, admin):
    client.patch(
        "/api/v1/organisations/musterort",
        {"name": "A", "version": 1},
        content_type="application/json",
    )
    response = client.patch(
        "/api/v1/organisations/musterort",
        {"name": "B", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "Someone else changed" in response.json()["message"]


def test_departments_crud(client, admin):
    created = client.post(
        "/api/v1/organisations/musterort/departments",
        {"name": "Ordnungsamt", "short_name": "32"},
        content_type="application/json",
    )
    assert created.status_code == 201
    department_id = created.json()["id"]
    duplicate = client.post(
        "/api/v1/organisations/musterort/departments",
        {"name": "Ordnungsamt"},
        content_type="application/json",
    )
    assert duplicate.status_code == 400
    listing = client.get("/api/v1/organisations/musterort/departments").json()
    assert listing["count"] == 1
    assert (
        client.delete(f"/api/v1/organisations/musterort/departments/{department_id}").status_code
        == 204
    )
    assert not Department.objects.exists()


def test_foreign_department_is_not_found(client, admin):
    foreign = DepartmentFactory()
    response = client.delete(f"/api/v1/organisations/musterort/departments/{foreign.pk}")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    assert Department.objects.filter(pk=foreign.pk).exists()


def test_last_admin_rule_holds_in_the_api(client, admin):
    response = client.patch(
        f"/api/v1/organisations/musterort/memberships/{admin.pk}",
        {"role": "viewer"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "role"
    assert Membership.objects.get(pk=admin.pk).role == Role.ADMIN


def test_memberships_list(client, admin, django_assert_max_num_queries):
    for _ in range(20):
        MembershipFactory(organisation=admin.organisation)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/organisations/musterort/memberships").json()
    assert body["count"] == 21
    assert {"id", "email", "full_name", "role", "department_id"} <= set(body["items"][0])


def test_openapi_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/organisations/{slug}" in schema.json()["paths"]
    assert client.get("/api/v1/docs").status_code == 200
