"""Every organisation URL and API endpoint × every kind of visitor, against the written table.

The pages are found from the URL configuration (``tests/pages.py``) and the endpoints from
the OpenAPI schema, so the pages and endpoints of every later module join this matrix
without editing it. What each may do is not taken from the view: the least role that may
use a page or an operation is written down in ``tests/expected_permissions.yaml``, and every
visitor is held to that table (a delete view that declares a read permission lets a viewer
in and fails here). A page or operation without an entry fails with a message saying to
add one.

An app whose URLs need more arguments than the slug describes them in its
``tests/matrix.py``; there it may also define ``prepare(organisation)`` for state every
organisation needs (e.g. a current strategy, without which the strategy pages only redirect
to their start). The matrix spans every app, so it lives here, outside the package.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from kommunalkompass.accounts.tests.factories import UserFactory
from kommunalkompass.api.urls import api

# The app tests' settings (English, fast password hashing, mail kept, empty cache).
from kommunalkompass.conftest import _clean_state, shared_rows  # noqa: F401
from kommunalkompass.organisations.models import ROLE_RANK, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .pages import Route, matrix_modules, organisation_routes

VISITORS = ("anonymous", "viewer", "editor", "admin", "outsider")
ROLE_OF = {"viewer": Role.VIEWER, "editor": Role.EDITOR, "admin": Role.ADMIN}
MEMBER_ROLES = tuple(ROLE_OF)
# API operations outside an organisation: any signed-in user, or anybody.
OPEN_ROLES = ("signed-in", "anonymous")

TABLE_FILE = Path(__file__).with_name("expected_permissions.yaml")
EXPECTED = yaml.safe_load(TABLE_FILE.read_text(encoding="utf-8"))
TABLE = f"tests/{TABLE_FILE.name}"

URL_KWARGS: dict = {}
API_PARAMS: dict = {}
PREPARE: list = []  # ``prepare(organisation)``: state every organisation of the matrix needs
# URL names whose extra argument is an object shared by the installation (e.g. a legal duty
# of the catalog), not one of an organisation: no foreign object exists for them.
SHARED_OBJECTS: set = set()
for _module in matrix_modules():
    SHARED_OBJECTS.update(getattr(_module, "SHARED_OBJECTS", ()))
    URL_KWARGS.update(getattr(_module, "URL_KWARGS", {}))
    API_PARAMS.update(getattr(_module, "API_PARAMS", {}))
    if hasattr(_module, "prepare"):
        PREPARE.append(_module.prepare)

ORGANISATION_ROUTES = organisation_routes()

SAMPLE_BY_TYPE = {"string": "Matrix", "integer": 1, "number": 1, "boolean": True, "array": []}


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _payload_for(operation: dict) -> str:
    """A JSON body with every required field, so that requests get past schema validation
    and reach the permission check (as the real clients' requests do)."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not body:
        return "{}"
    schema = _resolve(body["schema"])
    payload = {}
    for name in schema.get("required", []):
        prop = _resolve(schema["properties"][name])
        if "anyOf" in prop:  # e.g. a Decimal: number or string
            prop = _resolve(prop["anyOf"][0])
        if "enum" in prop:
            payload[name] = prop["enum"][0]
        elif prop.get("format") == "date":
            payload[name] = "2026-01-01"
        elif prop.get("type") == "array" and prop.get("minItems"):
            item = _resolve(prop.get("items", {}))
            payload[name] = [SAMPLE_BY_TYPE.get(item.get("type"), "Matrix")] * prop["minItems"]
        else:
            payload[name] = SAMPLE_BY_TYPE.get(prop.get("type"), "Matrix")
    return json.dumps(payload)


SCHEMA = api.get_openapi_schema()
ALL_API_OPERATIONS = sorted(
    (path, method, _payload_for(operation))
    for path, operations in SCHEMA["paths"].items()
    for method, operation in operations.items()
)
API_OPERATIONS = [o for o in ALL_API_OPERATIONS if o[0].startswith("/api/v1/organisations/{slug}")]
OPEN_API_OPERATIONS = [o for o in ALL_API_OPERATIONS if o not in API_OPERATIONS]


def _operation_key(operation) -> str:
    path, method, _payload = operation
    return f"{method.upper()} {path}"


def expected_page_role(route: Route) -> str:
    """The least role the table allows on this page; a page without an entry fails."""
    role = EXPECTED["pages"].get(route.name)
    assert role is not None, (
        f"{route.name} ({route.route}) is not in {TABLE}: add it there with the least role "
        f"that may use it ({', '.join(MEMBER_ROLES)})"
    )
    assert role in MEMBER_ROLES, f"{TABLE}: {route.name} names {role!r}, not one of {MEMBER_ROLES}"
    return role


def expected_api_role(operation, allowed=MEMBER_ROLES) -> str:
    """The least role the table allows for this operation; one without an entry fails."""
    key = _operation_key(operation)
    role = EXPECTED["api"].get(key)
    assert role is not None, (
        f"{key} is not in {TABLE}: add it there (under api:) with the least role that may use "
        f"it ({', '.join(allowed)})"
    )
    assert role in allowed, f"{TABLE}: {key} names {role!r}, not one of {allowed}"
    return role


def _ids(operation) -> str:
    return _operation_key(operation)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Organisation A with a viewer, an editor and an admin; the outsider admins B. Made once
    for the module's thousands of requests; each test runs in a savepoint (``db``)."""
    with shared_rows(django_db_blocker):
        yield _world()


def _world() -> dict:
    home = OrganisationFactory(slug="home-org")
    other = OrganisationFactory(slug="other-org")
    people = {
        visitor: MembershipFactory(organisation=home, role=ROLE_OF[visitor]).user
        for visitor in ("viewer", "editor", "admin")
    }
    people["outsider"] = MembershipFactory(organisation=other, role=Role.ADMIN).user
    for prepare in PREPARE:
        prepare(home)
        prepare(other)
    # Every address once per organisation, with the objects its arguments need: they belong
    # to the shared rows (a test that deletes one does so in its savepoint).
    urls = {
        (organisation.slug, route.name): _url(route, organisation)
        for organisation in (home, other)
        for route in ORGANISATION_ROUTES
    }
    api_urls = {
        (organisation.slug, path): _api_url(path, organisation)
        for organisation in (home, other)
        for path in dict.fromkeys(path for path, _method, _payload in API_OPERATIONS)
    }
    return {"home": home, "other": other, "people": people, "urls": urls, "api_urls": api_urls}


def _client_for(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    return client


def _allowed(visitor: str, least_role: str) -> bool:
    return ROLE_RANK[ROLE_OF[visitor]] >= ROLE_RANK[least_role]


def _url(route: Route, organisation) -> str:
    kwargs = {"slug": organisation.slug}
    extra = set(route.params) - {"slug"}
    if extra:
        assert route.name in URL_KWARGS, (
            f"{route.name} takes {sorted(extra)}: describe them in its app's tests/matrix.py"
        )
        kwargs.update(URL_KWARGS[route.name](organisation))
    return reverse(route.name, kwargs=kwargs)


def test_matrix_found_the_organisation_pages():
    names = {route.name for route in ORGANISATION_ROUTES}
    assert {"organisations:home", "organisations:members", "organisations:audit"} <= names
    assert API_OPERATIONS, "no organisation endpoint found in the OpenAPI schema"
    assert OPEN_API_OPERATIONS, "no endpoint outside an organisation found (GET /api/v1/me)"


@pytest.mark.parametrize("route", ORGANISATION_ROUTES, ids=lambda r: r.name)
def test_every_organisation_page_is_in_the_table(route):
    expected_page_role(route)


@pytest.mark.parametrize("operation", ALL_API_OPERATIONS, ids=_ids)
def test_every_api_operation_is_in_the_table(operation):
    if operation in API_OPERATIONS:
        expected_api_role(operation)
    else:
        expected_api_role(operation, OPEN_ROLES)


def test_the_table_names_only_pages_and_operations_that_exist():
    pages = set(EXPECTED["pages"]) - {route.name for route in ORGANISATION_ROUTES}
    operations = set(EXPECTED["api"]) - {_operation_key(o) for o in ALL_API_OPERATIONS}
    assert not pages, f"{TABLE} names pages that no longer exist: {sorted(pages)}"
    assert not operations, f"{TABLE} names API operations that no longer exist: {operations}"


@pytest.mark.parametrize("route", ORGANISATION_ROUTES, ids=lambda r: r.name)
def test_every_organisation_page_declares_its_permission(route):
    assert getattr(route.callback, "organisation_permission", None), (
        f"{route.name} must be decorated with organisations.tenancy.organisation_view"
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", ORGANISATION_ROUTES, ids=lambda r: r.name)
def test_organisation_page_matrix(client, db, world, route, visitor, method):
    least_role = expected_page_role(route)
    url = world["urls"][world["home"].slug, route.name]
    response = getattr(_client_for(client, world, visitor), method)(url)
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    elif visitor == "outsider":
        assert response.status_code == 404
    elif _allowed(visitor, least_role):
        assert response.status_code not in (401, 403, 404, 500), response.status_code
    else:
        assert response.status_code == 403, (
            f"{route.name} let a {visitor} in ({response.status_code}); {TABLE} allows it "
            f"from {least_role} on"
        )


@pytest.mark.parametrize(
    "route",
    [r for r in ORGANISATION_ROUTES if set(r.params) - {"slug"} and r.name not in SHARED_OBJECTS],
    ids=lambda r: r.name,
)
def test_objects_of_another_organisation_answer_404(client, db, world, route):
    """A member of A who puts an object id of B into an address of A gets 404."""
    foreign = world["urls"][world["other"].slug, route.name].replace(
        f"/o/{world['other'].slug}/", f"/o/{world['home'].slug}/"
    )
    client.force_login(world["people"]["admin"])
    # The method the page takes finds nothing (404); the other one is refused (405).
    statuses = {client.get(foreign).status_code, client.post(foreign).status_code}
    assert 404 in statuses
    assert statuses <= {404, 405}


def _api_url(path: str, organisation) -> str:
    def value(match):
        name = match.group(1)
        if name == "slug":
            return organisation.slug
        assert name in API_PARAMS, f"API parameter {name} of {path}: add it to tests/matrix.py"
        return str(API_PARAMS[name](organisation))

    return re.sub(r"\{(\w+)\}", value, path)


def _call(client, method: str, url: str, payload: str):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, data=payload, content_type="application/json")


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("operation", API_OPERATIONS, ids=_ids)
def test_api_matrix(client, db, world, operation, visitor):
    path, method, payload = operation
    least_role = expected_api_role(operation)
    url = world["api_urls"][world["home"].slug, path]
    response = _call(_client_for(client, world, visitor), method, url, payload)
    if visitor == "anonymous":
        assert response.status_code == 401
    elif visitor == "outsider":
        assert response.status_code == 404
    elif _allowed(visitor, least_role):
        assert response.status_code not in (401, 403, 404, 500), response.content
    else:
        assert response.status_code == 403, (
            f"{_operation_key(operation)} let a {visitor} in ({response.status_code}); "
            f"{TABLE} allows it from {least_role} on"
        )
    assert response["Content-Type"].startswith("application/json") or response.status_code == 204


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize("operation", OPEN_API_OPERATIONS, ids=_ids)
def test_api_outside_an_organisation(client, db, operation, signed_in):
    """Operations outside an organisation: a user without any membership is enough."""
    path, method, payload = operation
    least_role = expected_api_role(operation, OPEN_ROLES)
    if signed_in:
        client.force_login(UserFactory())
    response = _call(client, method, path, payload)
    if signed_in or least_role == "anonymous":
        assert response.status_code not in (401, 403, 404, 500), response.content
    else:
        assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "operation",
    [o for o in API_OPERATIONS if len(re.findall(r"\{(\w+)\}", o[0])) > 1],
    ids=_ids,
)
def test_api_objects_of_another_organisation_answer_404(client, db, world, operation):
    path, method, payload = operation
    foreign = world["api_urls"][world["other"].slug, path].replace(
        f"/organisations/{world['other'].slug}", f"/organisations/{world['home'].slug}"
    )
    client.force_login(world["people"]["admin"])
    response = _call(client, method, foreign, payload)
    assert response.status_code == 404
