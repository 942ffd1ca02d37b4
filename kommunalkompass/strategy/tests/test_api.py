"""The strategy API: the current strategy, its goals and measures, with clear errors."""

import pytest

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR, organisation__slug="musterort")
    client.force_login(membership.user)
    return membership


@pytest.fixture
def strategy(editor):
    return services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Digital", start_year=2027
    )


BASE = "/api/v1/organisations/musterort/strategy"


def test_no_strategy_answers_404(client, editor):
    assert client.get(BASE).status_code == 404


def test_current_strategy_and_its_goals(client, editor, strategy):
    field = client.post(
        f"{BASE}/fields", {"name": "Bildung", "dimensions": ["people"]},
        content_type="application/json",
    ).json()  # fmt: skip
    goal = client.post(
        f"{BASE}/goals", {"title": "Schulen digital", "field": field["id"]},
        content_type="application/json",
    ).json()  # fmt: skip
    indicator = client.post(
        f"{BASE}/goals/{goal['id']}/indicators",
        {"name": "Schulen mit WLAN", "unit": "%", "direction": "increase", "baseline": 40,
         "baseline_date": "2026-01-01", "target": 100, "target_date": "2030-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert indicator.status_code == 201
    value = client.post(
        f"{BASE}/indicators/{indicator.json()['id']}/values",
        {"date": "2026-09-30", "value": 55, "source": "Schulträger"},
        content_type="application/json",
    )
    assert value.json()["values"] == [
        {"date": "2026-09-30", "value": "55.00", "source": "Schulträger"}
    ]
    body = client.get(BASE).json()
    assert body["title"] == "Digital" and body["status"] == "draft"
    goals = client.get(f"{BASE}/goals").json()
    assert goals[0]["indicators"][0]["name"] == "Schulen mit WLAN"


def test_wrong_direction_is_a_400_naming_the_field(client, editor, strategy):
    goal = services.goal_create(actor=editor.user, strategy=strategy, title="Ziel")
    response = client.post(
        f"{BASE}/goals/{goal.pk}/indicators",
        {"name": "Wartezeit", "direction": "decrease", "baseline": 10,
         "baseline_date": "2026-01-01", "target": 20, "target_date": "2030-12-31"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["field"] == "target"


def test_measures_with_dependencies_by_id(client, editor, strategy):
    first = client.post(
        f"{BASE}/measures", {"title": "Strategie beschließen"}, content_type="application/json"
    ).json()
    second = client.post(
        f"{BASE}/measures",
        {"title": "E-Akte", "depends_on": [first["id"]], "one_time_cost": "90000.50"},
        content_type="application/json",
    )
    assert second.status_code == 201
    assert second.json()["depends_on"] == [first["id"]]
    assert second.json()["one_time_cost"] == "90000.50"
    listing = client.get(f"{BASE}/measures").json()
    assert listing["count"] == 2 and {m["code"] for m in listing["items"]} == {"M01", "M02"}


def test_cycles_unknown_ids_and_negative_costs_are_refused(client, editor, strategy):
    a = services.measure_create(actor=editor.user, strategy=strategy, title="A")
    b = services.measure_create(actor=editor.user, strategy=strategy, title="B", depends_on=[a])
    cycle = client.patch(
        f"{BASE}/measures/{a.pk}", {"version": a.version, "depends_on": [b.pk]},
        content_type="application/json",
    )  # fmt: skip
    assert cycle.status_code == 400 and "M01 → M02 → M01" in cycle.json()["message"]
    unknown = client.post(
        f"{BASE}/measures", {"title": "C", "depends_on": [999999]},
        content_type="application/json",
    )  # fmt: skip
    assert unknown.status_code == 400 and unknown.json()["field"] == "depends_on"
    negative = client.post(
        f"{BASE}/measures", {"title": "D", "annual_cost": "-1"}, content_type="application/json"
    )
    assert negative.status_code == 400 and negative.json()["field"] == "annual_cost"
    assert Measure.objects.count() == 2


def test_a_stale_version_is_a_409(client, editor, strategy):
    measure = services.measure_create(actor=editor.user, strategy=strategy, title="A")
    url = f"{BASE}/measures/{measure.pk}"
    ok = client.patch(url, {"version": 1, "title": "B"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "title": "C"}, content_type="application/json")
    assert stale.status_code == 409
    measure.refresh_from_db()
    assert measure.title == "B"


def test_schedule_is_computed_and_read(client, editor, strategy):
    first = services.measure_create(actor=editor.user, strategy=strategy, title="A")
    services.measure_create(
        actor=editor.user, strategy=strategy, title="B", depends_on=[first], duration_quarters=3
    )
    computed = client.post(f"{BASE}/schedule")
    assert computed.status_code == 200
    planned = {row["code"]: row for row in computed.json()["planned"]}
    assert planned["M01"]["start"] == "Q1 2027"
    assert planned["M02"]["start_index"] >= planned["M01"]["start_index"] + 2
    read = client.get(f"{BASE}/schedule").json()
    assert read["planned"] == computed.json()["planned"]
    assert [year["year"] for year in read["years"]] == [2027, 2028, 2029, 2030, 2031]


def test_strategy_versions_are_listed_current_first(client, editor, strategy):
    services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Neu", start_year=2029
    )
    body = client.get("/api/v1/organisations/musterort/strategies").json()
    assert body["count"] == 2
    assert [(s["title"], s["is_current"]) for s in body["items"]] == [
        ("Neu", True),
        ("Digital", False),
    ]
