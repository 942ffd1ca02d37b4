"""The change API: what it returns, what it refuses, and that it never carries private notes."""

from __future__ import annotations

import json
import random

import pytest

from kommunalkompass.change import services
from kommunalkompass.change.models import Stakeholder
from kommunalkompass.change.responses import add_responses
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, OrganisationFactory

from .factories import CoachingSessionFactory, member, pulse_with_answers

pytestmark = pytest.mark.django_db


def _base(organisation) -> str:
    return f"/api/v1/organisations/{organisation.slug}/change"


def test_an_admin_reads_no_private_note_through_the_api(client):
    session = CoachingSessionFactory()
    services.coaching_notes_update(actor=session.coach, session=session, notes="Vertraulich 99")
    organisation = session.organisation
    for user in (member(organisation, role=Role.ADMIN), session.coach):
        client.force_login(user)
        listing = client.get(f"{_base(organisation)}/coaching")
        detail = client.get(f"{_base(organisation)}/coaching/{session.pk}")
        assert listing.status_code == detail.status_code == 200
        assert "Vertraulich" not in listing.content.decode() + detail.content.decode()
        assert "private_notes" not in detail.json()
    assert client.get(f"{_base(organisation)}/coaching/{session.pk}/notes").status_code == 404


def test_a_stakeholder_with_a_score_of_six_is_refused_with_a_message(client):
    organisation = OrganisationFactory()
    client.force_login(member(organisation))
    response = client.post(
        f"{_base(organisation)}/stakeholders",
        data=json.dumps({"name": "Personalrat", "power": 6, "interest": 3}),
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert "1 to 5" in response.content.decode()
    assert not Stakeholder.objects.exists()
    response = client.post(
        f"{_base(organisation)}/stakeholders",
        data=json.dumps({"name": "Personalrat", "power": 5, "interest": 3}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["quadrant"] == "manage_closely"


def test_pulse_figures_in_the_api_hide_small_departments():
    from django.test import Client

    organisation = OrganisationFactory()
    big, small = (
        DepartmentFactory(organisation=organisation),
        DepartmentFactory(organisation=organisation),
    )
    pulse = pulse_with_answers(organisation)
    add_responses(pulse.assessment, 9, rng=random.Random(3), departments=[big] * 6 + [small] * 3)
    client = Client()
    client.force_login(member(organisation, role=Role.VIEWER))
    data = client.get(f"{_base(organisation)}/pulses/{pulse.pk}").json()
    assert data["respondents"] == 9 and not data["suppressed"]
    # the small department is hidden, so the big one is too (else: total − big = small)
    assert data["departments"] == []
    assert all(e["score"] is not None for e in data["elements"])
