"""The product's own 404 page, also in the demo (DEBUG=1), and settings for links."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from kommunalkompass.config.settings import site_url
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PRODUCT_PAGE = "This page does not exist or you have no access to it."
TECHNICAL_PAGE = "Django tried these URL patterns"


@pytest.fixture
def member(client):
    membership = MembershipFactory(role=Role.ADMIN)
    client.force_login(membership.user)
    return membership


@pytest.mark.parametrize("debug", [False, True])
def test_another_organisations_address_shows_the_product_404(client, member, settings, debug):
    settings.DEBUG = debug
    foreign = OrganisationFactory()
    for url in (f"/o/{foreign.slug}/", f"/o/{foreign.slug}/assessments/", "/no-such-page/"):
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 404, url
        assert PRODUCT_PAGE in html, url
        assert TECHNICAL_PAGE not in html and "Using the URLconf" not in html, url
        assert "Kommunalkompass" in html


def test_the_technical_404_page_stays_available_to_developers(client, member, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_404 = True
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert TECHNICAL_PAGE in page.content.decode()
    foreign = OrganisationFactory()
    raised = client.get(f"/o/{foreign.slug}/")
    assert raised.status_code == 404 and PRODUCT_PAGE not in raised.content.decode()


def test_a_missing_slash_is_still_added_with_debug_on(client, member, settings):
    settings.DEBUG = True
    page = client.get(f"/o/{member.organisation.slug}/assessments")
    assert page.status_code == 301
    assert page["Location"].endswith("/assessments/")


def test_the_api_answers_its_own_404_with_debug_on(client, member, settings):
    settings.DEBUG = True
    foreign = OrganisationFactory()
    answer = client.get(f"/api/v1/organisations/{foreign.slug}")
    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("application/json")


def test_site_url_defaults_and_validation():
    assert site_url("", development=True, hosts=[]) == "http://127.0.0.1:8000"
    assert (
        site_url("", development=False, hosts=[".example.de", "kompass.example.de"])
        == "https://kompass.example.de"
    )
    assert site_url("", development=False, hosts=["*"]) == ""
    assert site_url("http://127.0.0.1:8103/", development=True, hosts=[]) == (
        "http://127.0.0.1:8103"
    )
    for wrong in ("kompass.example.de", "ftp://kompass.example.de", "https://x.de/kompass"):
        with pytest.raises(ImproperlyConfigured):
            site_url(wrong, development=False, hosts=[])


def test_deploy_check_warns_without_a_site_url(settings):
    settings.SITE_URL = ""
    with pytest.raises(SystemCheckError, match="SITE_URL"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "urls")
    settings.SITE_URL = "https://kompass.example.de"
    call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "urls")
