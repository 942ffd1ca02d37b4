"""Every organisation URL and API endpoint × every kind of visitor.

The URLs are discovered from the URL configuration and the OpenAPI schema, so the pages
and endpoints of every later module join this matrix without editing it. An app whose
URLs need more arguments than the slug describes them in its ``tests/matrix.py``; there it
may also define ``prepare(organisation)`` for state every organisation needs (e.g. a current
strategy, without which the strategy pages only redirect to their start).
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kommunalkompass.api.urls import api
from kommunalkompass.organisations.models import Role

from .factories import MembershipFactory, OrganisationFactory

VISITORS = ("anonymous", "viewer", "editor", "admin", "outsider")
ROLE_OF = {"viewer": Role.VIEWER, "editor": Role.EDITOR, "admin": Role.ADMIN}


def _matrix_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("kommunalkompass."):
            continue
        try:
            yield importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests.matrix", f"{config.name}.tests"):
                raise


URL_KWARGS: dict = {}
API_PARAMS: dict = {}
PREPARE: list = []  # ``prepare(organisation)``: state every organisation of the matrix needs
# URL names whose extra argument is an object shared by the installation (e.g. a legal duty
# of the catalog), not one of an organisation: no foreign object exists for them.
SHARED_OBJECTS: set = set()
for _module in _matrix_modules():
    SHARED_OBJECTS.update(getattr(_module, "SHARED_OBJECTS", ()))
    URL_KWARGS.update(getattr(_module, "URL_KWARGS", {}))
    API_PARAMS.update(getattr(_module, "API_PARAMS", {}))
    if hasattr(_module, "prepare"):
        PREPARE.append(_module.prepare)


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    callback: object
    params: tuple[str, ...]


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
            yield Route(name, route, pattern.callback, params)


ORGANISATION_ROUTES = sorted(
    (r for r in _walk(get_resolver().url_patterns) if r.route.startswith("o/<slug:slug>/")),
    key=lambda r: r.name,
)

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
API_OPERATIONS = sorted(
    (path, method, operation.get("x-permission"), _payload_for(operation))
    for path, operations in SCHEMA["paths"].items()
    if path.startswith("/api/v1/organisations/{slug}")
    for method, operation in operations.items()
)


@pytest.fixture
def world(db):
    """Organisation A with a viewer, an editor and an admin; the outsider admins B."""
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
    return {"home": home, "other": other, "people": people}


def _client_for(client, world, visitor):
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    return client


def _allowed(world, visitor, permission) -> bool:
    user = world["people"][visitor]
    return user.has_perm(permission, world["home"])


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


@pytest.mark.parametrize("route", ORGANISATION_ROUTES, ids=lambda r: r.name)
def test_every_organisation_page_declares_its_permission(route):
    assert getattr(route.callback, "organisation_permission", None), (
        f"{route.name} must be decorated with organisations.tenancy.organisation_view"
    )


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("route", ORGANISATION_ROUTES, ids=lambda r: r.name)
def test_organisation_page_matrix(client, world, route, visitor, method):
    url = _url(route, world["home"])
    response = getattr(_client_for(client, world, visitor), method)(url)
    if visitor == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    elif visitor == "outsider":
        assert response.status_code == 404
    elif _allowed(world, visitor, route.callback.organisation_permission):
        assert response.status_code not in (401, 403, 404, 500), response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    "route",
    [r for r in ORGANISATION_ROUTES if set(r.params) - {"slug"} and r.name not in SHARED_OBJECTS],
    ids=lambda r: r.name,
)
def test_objects_of_another_organisation_answer_404(client, world, route):
    """A member of A who puts an object id of B into an address of A gets 404."""
    foreign = _url(route, world["other"]).replace(
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


@pytest.mark.parametrize("operation", API_OPERATIONS, ids=lambda o: f"{o[1].upper()} {o[0]}")
def test_every_organisation_endpoint_declares_its_permission(operation):
    path, method, permission, _payload = operation
    assert permission, f"{method.upper()} {path} needs openapi_extra=requires(<permission>)"


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("operation", API_OPERATIONS, ids=lambda o: f"{o[1].upper()} {o[0]}")
def test_api_matrix(client, world, operation, visitor):
    path, method, permission, payload = operation
    url = _api_url(path, world["home"])
    visiting = _client_for(client, world, visitor)
    if method == "get":
        response = visiting.get(url)
    else:
        response = getattr(visiting, method)(url, data=payload, content_type="application/json")
    if visitor == "anonymous":
        assert response.status_code == 401
    elif visitor == "outsider":
        assert response.status_code == 404
    elif _allowed(world, visitor, permission):
        assert response.status_code not in (401, 403, 404, 500), response.content
    else:
        assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json") or response.status_code == 204


@pytest.mark.parametrize(
    "operation",
    [o for o in API_OPERATIONS if len(re.findall(r"\{(\w+)\}", o[0])) > 1],
    ids=lambda o: f"{o[1].upper()} {o[0]}",
)
def test_api_objects_of_another_organisation_answer_404(client, world, operation):
    path, method, _permission, payload = operation
    foreign = _api_url(path, world["other"]).replace(
        f"/organisations/{world['other'].slug}", f"/organisations/{world['home'].slug}"
    )
    client.force_login(world["people"]["admin"])
    if method == "get":
        response = client.get(foreign)
    else:
        response = getattr(client, method)(foreign, data=payload, content_type="application/json")
    assert response.status_code == 404
