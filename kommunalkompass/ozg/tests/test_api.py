"""The OZG API: catalog look-up, the organisation's services and bulk update, dashboard."""

import pytest

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg.models import ServiceState

from .factories import OzgLeistungFactory, ServiceStateFactory, VerwaltungsleistungFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR, organisation__slug="musterort")
    client.force_login(membership.user)
    return membership


def test_catalog_search_by_name_ozg_id_and_leika_key(client, editor):
    leistung = OzgLeistungFactory(name="Hundesteuer", ozg_id="10412")
    VerwaltungsleistungFactory(
        leistung=leistung, leika_key="99141004000000", name="Hundesteuer Anmeldung"
    )
    OzgLeistungFactory(name="Wohngeld")
    for query in ("hunde", "10412", "991410"):
        body = client.get("/api/v1/ozg/catalog", {"q": query}).json()
        assert [item["ozg_id"] for item in body["items"]] == ["10412"], query
    item = client.get("/api/v1/ozg/catalog", {"q": "10412"}).json()["items"][0]
    assert item["verwaltungsleistungen"][0]["leika_key"] == "99141004000000"
    assert client.get("/api/v1/ozg/catalog").json()["count"] == 2


def test_bulk_update_by_ozg_ids_and_unknown_ids(client, editor):
    first = ServiceStateFactory(organisation=editor.organisation, leistung__ozg_id="10001")
    ServiceStateFactory(organisation=editor.organisation, leistung__ozg_id="10002")
    url = "/api/v1/organisations/musterort/ozg/services"
    ok = client.patch(
        url, {"ozg_ids": ["10001", "10002"], "status": "planning"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json() == {"updated": 2}
    unknown = client.patch(
        url, {"ozg_ids": ["10001", "99999"], "status": "open"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "ozg_ids"
    assert "99999" in unknown.json()["message"]
    online_too_low = client.patch(
        url, {"ozg_ids": ["10001"], "status": "online"}, content_type="application/json"
    )
    assert online_too_low.status_code == 400
    first.refresh_from_db()
    assert first.status == "planning"
    listing = client.get(url, {"status": "planning"}).json()
    assert listing["count"] == 2 and listing["items"][0]["ozg_id"] in {"10001", "10002"}


def test_dashboard_figures(client, editor):
    ServiceStateFactory(organisation=editor.organisation, level=3, status="online")
    ServiceStateFactory(organisation=editor.organisation, level=1)
    body = client.get("/api/v1/organisations/musterort/ozg/dashboard").json()
    assert (body["relevant"], body["online_national"], body["compliant"]) == (2, 1, 1)
    assert body["by_status"]["online"] == 1
    assert ServiceState.objects.count() == 2
