"""Line breaks posted by a browser (CRLF) are stored as LF, for every form."""

import pytest
from django.urls import reverse

from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services as strategy_services

pytestmark = pytest.mark.django_db


def test_a_text_saved_by_a_browser_keeps_its_line_breaks_and_records_no_change(client):
    admin = MembershipFactory(role="admin")
    strategy = strategy_services.strategy_create(
        actor=admin.user, organisation=admin.organisation, title="Digital 2031", start_year=2027,
        principles="Nutzen vor Technik.\nErst vereinfachen, dann digitalisieren.",
    )  # fmt: skip
    client.force_login(admin.user)
    # What a browser posts for the unchanged textarea: every line break as CRLF.
    response = client.post(
        reverse("strategy:edit", args=[admin.organisation.slug]),
        {
            "title": strategy.title,
            "start_year": strategy.start_year,
            "horizon_years": strategy.horizon_years,
            "vision": "",
            "principles": "Nutzen vor Technik.\r\nErst vereinfachen, dann digitalisieren.",
            "foreword": "",
            "version": strategy.version,
        },
    )
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert strategy.principles == "Nutzen vor Technik.\nErst vereinfachen, dann digitalisieren."
    assert strategy.version == 1


@pytest.mark.parametrize("path", ["/o/?q=a%00b", "/quick-check/?x=%00"])
def test_a_null_character_in_the_address_is_a_bad_request(client, path):
    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    response = client.get(path)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_null_character_in_the_ozg_search_is_a_bad_request(client):
    admin = MembershipFactory(role="admin")
    client.force_login(admin.user)
    response = client.get(
        reverse("ozg:services", args=[admin.organisation.slug]), {"q": "Wohn\x00geld"}
    )
    assert response.status_code == 400
