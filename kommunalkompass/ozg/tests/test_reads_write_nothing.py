"""A GET never writes: the OZG pages, documents and API answers of an organisation that has
never saved its OZG settings show the defaults and create no settings row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import selectors
from kommunalkompass.ozg.models import LegalDuty, OzgSettings

from .factories import ServiceStateFactory

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def viewer(client):
    membership = MembershipFactory(role=Role.VIEWER)
    client.force_login(membership.user)
    return membership


def test_the_settings_selector_returns_the_defaults_without_a_row(viewer):
    found = selectors.ozg_settings(organisation=viewer.organisation)
    assert found.pk is None
    assert (found.model_version, found.share_for_aggregation) == ("1.1", False)
    assert not OzgSettings.objects.exists()


def test_getting_the_ozg_pages_creates_no_settings_row(client, viewer):
    organisation = viewer.organisation
    slug = organisation.slug
    state = ServiceStateFactory(organisation=organisation)
    duty = LegalDuty.objects.create(
        key="pflicht", title="Pflicht", legal_basis="§ 1", applies_to="alle"
    )
    addresses = [
        reverse("ozg:dashboard", args=[slug]),
        reverse("ozg:across", args=[slug]),
        reverse("ozg:services", args=[slug]),
        reverse("ozg:service", args=[slug, state.pk]),
        reverse("ozg:duties", args=[slug]),
        reverse("ozg:duty", args=[slug, duty.pk]),
        reverse("ozg:report_pdf", args=[slug]),
        reverse("ozg:report_docx", args=[slug]),
        reverse("ozg:services_export_xlsx", args=[slug]),
        f"/api/v1/organisations/{slug}/ozg/dashboard",
        f"/api/v1/organisations/{slug}/ozg/services",
    ]
    for address in addresses:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, address
        writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == [], address
    assert not OzgSettings.objects.filter(organisation=organisation).exists()


def test_the_dashboard_shows_the_default_model_and_sharing_off(client, viewer):
    response = client.get(reverse("ozg:dashboard", args=[viewer.organisation.slug]))
    form = response.context["settings_form"]
    assert form.initial == {"model_version": "1.1", "share_for_aggregation": False}
    assert not OzgSettings.objects.exists()
