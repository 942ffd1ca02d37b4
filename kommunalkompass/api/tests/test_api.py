"""The API as a whole: its schema and documentation, and errors as JSON with a message.

Each app tests its own endpoints; these tests hold every endpoint to what the api app
promises for all of them (``api/urls.py``).
"""

import pytest

from kommunalkompass.api.urls import api
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

OPERATIONS = sorted(
    (f"{method.upper()} {path}", operation)
    for path, operations in api.get_openapi_schema()["paths"].items()
    for method, operation in operations.items()
)


@pytest.mark.django_db
def test_the_schema_and_the_docs_are_served(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Kommunalkompass API"
    assert "/api/v1/me" in schema["paths"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "/api/v1/openapi.json" in docs.content.decode()


def test_operation_ids_are_unique():
    ids = [operation["operationId"] for _key, operation in OPERATIONS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("key", "operation"), OPERATIONS, ids=[key for key, _ in OPERATIONS])
def test_every_operation_has_a_summary_and_requires_authentication(key, operation):
    assert operation.get("summary"), f"{key} has no summary"
    assert {"ApiTokenAuth", "VerifiedSessionAuth"} <= {
        name for requirement in operation.get("security", []) for name in requirement
    }, f"{key} must accept a token and a verified session, and nothing less"


@pytest.mark.parametrize(
    ("key", "operation"),
    [(key, operation) for key, operation in OPERATIONS if "/organisations/{slug}" in key],
    ids=[key for key, _ in OPERATIONS if "/organisations/{slug}" in key],
)
def test_every_organisation_operation_names_its_permission(key, operation):
    assert operation.get("x-permission"), f"{key} needs openapi_extra=requires(<permission>)"


@pytest.fixture
def viewer(client, db):
    membership = MembershipFactory(role=Role.VIEWER, organisation__slug="musterort")
    client.force_login(membership.user)
    return membership


@pytest.fixture
def admin(client, db):
    membership = MembershipFactory(role=Role.ADMIN, organisation__slug="musterort")
    client.force_login(membership.user)
    return membership


def _error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["message"]
    return body


@pytest.mark.django_db
def test_without_authentication_the_answer_is_401_with_a_message(client):
    body = _error(client.get("/api/v1/me"), 401)

    assert body["message"] == "Authentication required: log in or send a valid API token."


def test_an_unknown_organisation_is_404_with_a_message(client, viewer):
    body = _error(client.get("/api/v1/organisations/nirgendwo"), 404)

    assert body["message"] == "Not found."


def test_a_role_too_low_is_403_with_a_message(client, viewer):
    response = client.patch(
        "/api/v1/organisations/musterort", {"name": "Anders"}, content_type="application/json"
    )

    assert _error(response, 403)["message"] == "Your role does not allow this action."


def test_a_body_that_does_not_fit_the_schema_is_422_naming_the_field(client, admin):
    response = client.post(
        "/api/v1/organisations/musterort/departments", {}, content_type="application/json"
    )

    body = _error(response, 422)
    assert body["field"] == "name"
    assert body["errors"][0] == {"field": "name", "message": body["message"]}


def test_a_value_the_service_refuses_is_400_naming_the_field(client, admin):
    response = client.patch(
        "/api/v1/organisations/musterort", {"ags": "123"}, content_type="application/json"
    )

    body = _error(response, 400)
    assert body["field"] == "ags"
    assert "8 digits" in body["message"]
