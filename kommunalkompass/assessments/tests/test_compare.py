"""Comparing two assessments: the two latest closed ones by default, a warning when their
models differ, and no change of an assessment with itself."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer():
    return MembershipFactory(role=Role.VIEWER)


def _closed(organisation, title, days_ago, model_ident="quick-1.0"):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return AssessmentFactory(
        organisation=organisation,
        title=title,
        model_ident=model_ident,
        status="closed",
        created_at=moment - datetime.timedelta(days=30),
        closed_at=moment,
    )


def _compare(client, membership, **params):
    client.force_login(membership.user)
    return client.get(
        reverse("assessments:compare", args=[membership.organisation.slug]),
        params,
        HTTP_ACCEPT_LANGUAGE="de",
    )


def test_the_two_latest_closed_assessments_are_compared_by_default(client, viewer):
    organisation = viewer.organisation
    _closed(organisation, "Quick-Check 2023", days_ago=900)
    earlier = _closed(organisation, "Quick-Check 2024", days_ago=500)
    later = _closed(organisation, "Quick-Check 2025", days_ago=100)
    AssessmentFactory(organisation=organisation, title="Laufend", status="open")

    page = _compare(client, viewer)

    assert page.context["earlier"] == earlier and page.context["later"] == later
    assert page.context["rows"]
    html = page.content.decode()
    assert re.search(
        rf'<select id="earlier"[^>]*>(?:(?!</select>).)*<option value="{earlier.pk}"\s+selected>',
        html,
        re.S,
    )
    assert re.search(
        rf'<select id="later"[^>]*>(?:(?!</select>).)*<option value="{later.pk}"\s+selected>',
        html,
        re.S,
    )
    assert "verschiedene Modelle" not in html


def test_one_closed_assessment_offers_no_default(client, viewer):
    _closed(viewer.organisation, "Quick-Check 2025", days_ago=10)
    AssessmentFactory(organisation=viewer.organisation, status="open")

    page = _compare(client, viewer)

    assert page.context["earlier"] is None and page.context["rows"] == []


def test_different_models_are_compared_by_dimension_with_a_warning(client, viewer):
    quick = _closed(viewer.organisation, "Quick-Check", days_ago=400)
    full = _closed(viewer.organisation, "Reifegradanalyse", days_ago=20, model_ident="full-1.1")

    page = _compare(client, viewer, earlier=quick.pk, later=full.pk)

    html = page.content.decode()
    assert page.context["models_differ"]
    assert "verwenden verschiedene Modelle" in html
    assert page.context["rows"]


def test_an_assessment_compared_with_itself_asks_for_two(client, viewer):
    one = _closed(viewer.organisation, "Quick-Check", days_ago=20)

    page = _compare(client, viewer, earlier=one.pk, later=one.pk)

    assert page.context["rows"] == []
    assert "zwei verschiedene Erhebungen" in page.content.decode()


def test_two_assessments_without_a_shown_score_compare_without_a_chart(client, viewer):
    """Closed with fewer than k respondents: the table says so (it answered 500 before)."""
    earlier = _closed(viewer.organisation, "Quick-Check 2024", days_ago=400)
    later = _closed(viewer.organisation, "Quick-Check 2025", days_ago=20)

    page = _compare(client, viewer, earlier=earlier.pk, later=later.pk)

    assert page.status_code == 200
    assert page.context["figure"] is None
    assert "nicht ausgewiesen" in page.content.decode()
