"""The procurement demo: Musterstadt's E-Akte, three bids through the answer sheet, the
einfache Richtwertmethode, two sign-offs; a draft for a Ratsinformationssystem."""

import pytest

from kommunalkompass.assessments import demo as assessments_demo
from kommunalkompass.organisations import demo as organisations_demo
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.procurement import demo, selectors
from kommunalkompass.procurement.models import Procurement
from kommunalkompass.strategy import demo as strategy_demo

pytestmark = pytest.mark.django_db


def test_demo_e_akte_evaluated_and_signed_and_ris_draft(client):
    organisations_demo.load(password="demo-passwort")
    assessments_demo.load(password="demo-passwort")
    strategy_demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")  # idempotent
    musterstadt = Organisation.objects.get(slug="musterstadt")
    e_akte = Procurement.objects.get(organisation=musterstadt, title=demo.E_AKTE)
    assert e_akte.measures.get().title == demo.E_AKTE_MEASURE
    result = selectors.evaluation_result(procurement=e_akte)
    assert result.evaluation.method == "simple" and result.evaluation.is_frozen
    assert [row.bid.bidder for row in result.rows] == [b[0] for b in demo.BIDS]
    assert result.row_for("Civitas Software eG").a_not_fulfilled == []  # EAK-06 is a B
    assert len(result.signoffs) == 2
    assert {s.signer_role for s in result.signoffs} == {"editor", "admin"}
    assert result.ranking.winner is not None
    assert result.margins, "the sensitivity is computed"
    ris = Procurement.objects.get(organisation=musterstadt, title=demo.RIS)
    assert ris.versions.get().status == "draft"
    assert ris.measures.get().title == demo.RIS_MEASURE

    # The Ablaufplan's implementation phase counts what the API lists (one source).
    admin = musterstadt.organisations_membership_set.get(role="admin").user
    client.force_login(admin)
    items = client.get("/api/v1/organisations/musterstadt/procurements").json()["items"]
    signed = sum(1 for item in items if item["stage"] == "signed")
    home = client.get("/o/musterstadt/").content.decode()
    assert f"Procurement: {len(items)} tenders, {signed} evaluated and signed off" in home
    assert (len(items), signed) == (2, 1)
