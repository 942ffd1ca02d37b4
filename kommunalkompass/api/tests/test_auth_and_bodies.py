"""Who is asking, and what they send: the answers every operation gives (docs/security.md,
"API: authentication and request bodies").

- A write without a session or a valid token is a 401 with the JSON error, not Django's
  403 “CSRF check failed” (the CSRF check protects a signed-in browser session, and there
  was none). A signed-in session still needs the CSRF token: that stays a 403, as JSON.
- A body that is not a JSON object (``null``, a list, a number) is a 422: ``PATCH null``
  used to answer 200 and change nothing, which a client takes for success (and which a
  JSON Merge Patch would even read as “delete everything”). ``{}`` changes nothing and
  answers 200 with the object, as a patch without members should.
"""

from __future__ import annotations

import pytest
from django.test import Client

from kommunalkompass.accounts.services import api_token_create
from kommunalkompass.organisations.models import Department, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SLUG = "musterort"
ORGANISATION = f"/api/v1/organisations/{SLUG}"


@pytest.fixture
def admin():
    return MembershipFactory(role=Role.ADMIN, organisation__slug=SLUG)


@pytest.fixture
def browser():
    """A client that checks CSRF tokens as a browser's requests are checked."""
    return Client(enforce_csrf_checks=True)


def _json_error(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()["message"]


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "/departments", '{"name": "Bauamt"}'),
        ("patch", "", '{"notes": "x"}'),
        ("delete", "/departments/1", ""),
    ],
)
def test_an_anonymous_write_is_401_not_a_csrf_failure(browser, admin, method, path, body):
    response = getattr(browser, method)(ORGANISATION + path, body, content_type="application/json")
    assert _json_error(response, 401) == (
        "Authentication required: log in or send a valid API token."
    )


def test_a_write_with_an_unknown_token_is_401(browser, admin):
    response = browser.post(
        ORGANISATION + "/departments",
        '{"name": "Bauamt"}',
        content_type="application/json",
        headers={"Authorization": "Bearer kk_nonsense"},
    )
    assert _json_error(response, 401).startswith("Authentication required")
    assert not Department.objects.exists()


def test_a_write_with_a_token_needs_no_csrf_token(browser, admin):
    _token, secret = api_token_create(user=admin.user, name="Script")
    response = browser.post(
        ORGANISATION + "/departments",
        '{"name": "Bauamt"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert response.status_code == 201


def test_a_session_write_without_the_csrf_token_is_still_refused_as_json(browser, admin):
    browser.force_login(admin.user)
    response = browser.post(
        ORGANISATION + "/departments", '{"name": "Bauamt"}', content_type="application/json"
    )
    assert "CSRF" in _json_error(response, 403)
    assert not Department.objects.exists()


@pytest.mark.parametrize("body", ["null", "[]", '[{"notes": "x"}]', "1", '"notes"', "true"])
def test_a_patch_whose_body_is_not_an_object_is_422(client, admin, body):
    client.force_login(admin.user)
    response = client.patch(ORGANISATION, body, content_type="application/json")
    assert _json_error(response, 422) == (
        'The request body must be a JSON object, such as {"name": "…"}.'
    )
    assert response.json()["field"] == ""


def test_a_post_whose_body_is_null_is_422_too(client, admin):
    client.force_login(admin.user)
    response = client.post(ORGANISATION + "/departments", "null", content_type="application/json")
    assert response.status_code == 422
    assert not Department.objects.exists()


def test_an_empty_patch_changes_nothing_and_answers_the_object(client, admin):
    client.force_login(admin.user)
    response = client.patch(ORGANISATION, "{}", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["slug"] == SLUG
