"""Saving an OZG form unchanged writes nothing."""

import pytest

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import services
from kommunalkompass.ozg.maturity import get_model
from kommunalkompass.ozg.models import DutyState, LegalDuty

from .factories import ServiceStateFactory

pytestmark = pytest.mark.django_db


def test_an_open_duty_saved_unchanged_stores_no_row():
    admin = MembershipFactory(role="admin")
    duty = LegalDuty.objects.create(
        key="test-duty", title="Pflicht", legal_basis="§ 1", applies_to="alle"
    )
    services.duty_state_update(
        actor=admin.user, organisation=admin.organisation, duty=duty,
        status=DutyState.Status.OPEN, evidence="", responsible_person="", deadline=None,
        notes="",
    )  # fmt: skip
    assert not DutyState.objects.exists()
    assert not AuditEvent.objects.exists()
    services.duty_state_update(
        actor=admin.user, organisation=admin.organisation, duty=duty, responsible_person="Amt 10"
    )
    assert DutyState.objects.get().responsible_person == "Amt 10"


def test_criteria_saved_unchanged_keep_a_level_set_by_hand():
    admin = MembershipFactory(role="admin")
    state = ServiceStateFactory(organisation=admin.organisation, level=2, criteria={})
    model = get_model(state.model_version)
    not_rated = {criterion.key: "na" for criterion in model.criteria}

    services.service_criteria_rate(actor=admin.user, state=state, answers=not_rated)

    state.refresh_from_db()
    assert (state.level, state.criteria) == (2, {})
    assert not AuditEvent.objects.exists()
