"""Hostile input to the API is a 4xx with a message, never a 500 (docs/security.md).

Every case here answered 500 once (or, on SQLite, stored what PostgreSQL refuses): a lone
UTF-16 surrogate or a NUL character in any text field, an integer beyond 64 bits, a huge
``offset`` on a list, ``null`` for a text of the OZG bulk update, a measured value with
more digits than its column, a measure longer than the strategy's horizon.
"""

from __future__ import annotations

import json

import pytest

from kommunalkompass.api.urls import api
from kommunalkompass.core.api import MAX_OFFSET
from kommunalkompass.organisations.models import Department, Organisation, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg.models import ServiceState
from kommunalkompass.ozg.tests.factories import ServiceStateFactory
from kommunalkompass.strategy.models import IndicatorValue, Measure
from kommunalkompass.strategy.tests.factories import (
    IndicatorFactory,
    MeasureFactory,
    StrategyFactory,
)

SLUG = "musterort"
LIST_OPERATIONS = sorted(
    path.replace("{slug}", SLUG)
    for path, operations in api.get_openapi_schema()["paths"].items()
    if any(p["name"] == "offset" for p in operations.get("get", {}).get("parameters", []))
)


@pytest.fixture
def admin(client, db):
    membership = MembershipFactory(role=Role.ADMIN, organisation__slug=SLUG)
    client.force_login(membership.user)
    return membership


def _send(client, method: str, path: str, raw_json: str):
    """Send ``raw_json`` as it is: the test client would re-encode a dict."""
    return getattr(client, method)(path, raw_json, content_type="application/json")


def _refused(response, status: int, field: str) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["field"] == field
    assert body["message"]
    return body["message"]


# Each writes one text field; JSON escapes keep the hostile characters in the request.
TEXT_FIELDS = [
    ("post", "/departments", '{"name": "Bau%s"}', "name"),
    ("patch", "", '{"notes": "Notiz%s"}', "notes"),
    ("post", "/strategy/measures", '{"title": "Ma\\u00dfnahme%s"}', "title"),
    ("post", "/strategy/goals", '{"title": "Ziel%s"}', "title"),
    ("patch", "/ozg/services", '{"ozg_ids": ["10001"], "solution_name": "Fit%s"}', "solution_name"),
    ("patch", "/ozg/services", '{"ozg_ids": ["10001%s"], "status": "planning"}', "ozg_ids.0"),
]


def _prepared(admin) -> None:
    StrategyFactory(organisation=admin.organisation)
    ServiceStateFactory(organisation=admin.organisation, leistung__ozg_id="10001")


@pytest.mark.parametrize(("method", "path", "body", "field"), TEXT_FIELDS)
def test_a_lone_surrogate_in_a_text_field_is_422_naming_the_field(
    client, admin, method, path, body, field
):
    _prepared(admin)
    response = _send(client, method, f"/api/v1/organisations/{SLUG}{path}", body % "\\ud800")

    assert "surrogate" in _refused(response, 422, field)
    assert not Department.objects.exists() and not Measure.objects.exists()
    assert Organisation.objects.get().notes == ""


@pytest.mark.parametrize(("method", "path", "body", "field"), TEXT_FIELDS)
def test_a_nul_character_in_a_text_field_is_422_as_in_the_forms(
    client, admin, method, path, body, field
):
    _prepared(admin)
    response = _send(client, method, f"/api/v1/organisations/{SLUG}{path}", body % "\\u0000")

    assert _refused(response, 422, field) == "Null characters are not allowed."
    assert not Department.objects.exists() and not Measure.objects.exists()
    assert ServiceState.objects.get().solution_name == ""


def test_a_nul_character_in_a_query_parameter_is_422(client, admin):
    response = client.get(f"/api/v1/organisations/{SLUG}/ozg/services", {"q": "Bau\x00"})

    assert _refused(response, 422, "q") == "Null characters are not allowed."


def test_an_integer_beyond_64_bits_is_422_naming_the_field(client, admin):
    strategy = StrategyFactory(organisation=admin.organisation)
    measure = MeasureFactory(strategy=strategy)
    too_large = 839692589497804390400
    response = _send(
        client,
        "post",
        f"/api/v1/organisations/{SLUG}/strategy/measures",
        json.dumps({"title": "Neu", "goals": [1, too_large]}),
    )

    assert "too large" in _refused(response, 422, "goals.1")
    assert list(Measure.objects.all()) == [measure]


@pytest.mark.parametrize("path", LIST_OPERATIONS)
def test_a_huge_offset_or_limit_on_any_list_is_422(client, admin, path):
    StrategyFactory(organisation=admin.organisation)
    for name, value in (("offset", "442298237103196935462846464000"), ("limit", "100000")):
        _refused(client.get(path, {name: value}), 422, name)
    assert client.get(path, {"offset": MAX_OFFSET}).json()["items"] == []


def test_the_list_operations_are_found():
    assert f"/api/v1/organisations/{SLUG}/strategy/measures" in LIST_OPERATIONS
    assert len(LIST_OPERATIONS) >= 7


@pytest.mark.parametrize("field", ["solution_name", "solution_provider"])
def test_null_for_a_text_of_the_ozg_bulk_update_is_422(client, admin, field):
    state = ServiceStateFactory(
        organisation=admin.organisation, leistung__ozg_id="10001", solution_name="Fit-Connect"
    )
    response = _send(
        client,
        "patch",
        f"/api/v1/organisations/{SLUG}/ozg/services",
        json.dumps({"ozg_ids": ["10001"], field: None}),
    )

    _refused(response, 422, field)
    state.refresh_from_db()
    assert state.solution_name == "Fit-Connect"


@pytest.mark.parametrize("value", ["1e20", "-1e12", "0.001", "1e-30"])
def test_a_measured_value_the_column_cannot_hold_is_400_and_stores_nothing(client, admin, value):
    indicator = IndicatorFactory(goal__strategy=StrategyFactory(organisation=admin.organisation))
    path = f"/api/v1/organisations/{SLUG}/strategy/indicators/{indicator.pk}/values"
    response = _send(client, "post", path, f'{{"date": "2025-07-24", "value": {value}}}')

    _refused(response, 400, "value")
    assert not IndicatorValue.objects.exists()
    again = _send(client, "post", path, '{"date": "2025-07-24", "value": 0.0}')
    assert again.status_code == 201
    assert IndicatorValue.objects.get().value == 0


def test_a_measure_longer_than_the_horizon_leaves_the_roadmap_readable(client, admin):
    strategy = StrategyFactory(organisation=admin.organisation, horizon_years=5)
    MeasureFactory(strategy=strategy, duration_quarters=40, planned_quarter=None)
    MeasureFactory(strategy=strategy, duration_quarters=2, planned_quarter=0)
    base = f"/api/v1/organisations/{SLUG}/strategy"

    schedule = client.get(f"{base}/schedule")
    assert schedule.status_code == 200
    assert [entry["start_index"] for entry in schedule.json()["planned"]] == [0]
    assert client.get(f"{base}/dashboard").status_code == 200
    assert client.get(f"/o/{SLUG}/strategy/roadmap/").status_code == 200
    computed = client.post(f"{base}/schedule")
    assert "40 quarters" in _refused(computed, 400, "")
