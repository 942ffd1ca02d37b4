import pytest

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.procurement import services

from .factories import import_bid, make_published

pytestmark = pytest.mark.django_db


def test_the_api_reads_procurements_requirements_bids_and_the_evaluation(client):
    membership = MembershipFactory(role=Role.VIEWER)
    client.force_login(membership.user)
    specification = make_published(membership.organisation)
    procurement = specification.procurement
    a = import_bid(specification, "Anbieter A", 100_000)
    evaluation = services.evaluation_configure(
        actor=None, procurement=procurement, method="simple", parameters={}
    )
    services.scores_update(
        actor=None, evaluation=evaluation, bid=a,
        points={r.pk: 5 for r in specification.requirements.filter(kind="B")},
    )  # fmt: skip
    base = f"/api/v1/organisations/{membership.organisation.slug}/procurements"
    listing = client.get(base).json()
    assert listing["count"] == 1 and listing["items"][0]["title"] == procurement.title
    detail = client.get(f"{base}/{procurement.pk}").json()
    assert detail["versions"][0]["status"] == "published"
    assert detail["stage"] == "evaluating"
    requirements = client.get(f"{base}/{procurement.pk}/requirements").json()
    assert requirements["requirements"][0]["key"] == "VK-01"
    bids = client.get(f"{base}/{procurement.pk}/bids").json()
    assert bids[0]["bidder"] == "Anbieter A" and float(bids[0]["total"]) == 100_000
    result = client.get(f"{base}/{procurement.pk}/evaluation").json()
    assert result["winner"] == "Anbieter A"
    assert result["ranking"][0]["calculation"].startswith("Z = ")
    assert client.get(f"{base}/999999").status_code == 404


def test_a_version_out_of_range_is_a_422_with_a_message(client):
    membership = MembershipFactory(role=Role.VIEWER)
    client.force_login(membership.user)
    procurement = make_published(membership.organisation).procurement
    base = f"/api/v1/organisations/{membership.organisation.slug}/procurements"
    response = client.get(f"{base}/{procurement.pk}/requirements?version=0")
    assert response.status_code == 422 and response.json()["message"]
    assert client.get(f"{base}/{procurement.pk}/requirements?version=1").json()["version"] == 1
