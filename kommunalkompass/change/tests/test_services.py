"""The change module's writes: checks, history, audit, private notes, pulses."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.change import selectors, services
from kommunalkompass.change.models import InitiativeStep, Stakeholder, StakeholderAssessment
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.strategy.tests.factories import MeasureFactory

from .factories import (
    ADKAR,
    CoachingSessionFactory,
    InitiativeFactory,
    StakeholderFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("power", [0, 6, -1, "4", 2.5, None, True])
def test_a_score_outside_one_to_five_is_refused_naming_the_field(power):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_create(
            actor=None, organisation=organisation, name="Personalrat", power=power, interest=3
        )
    assert "power" in caught.value.message_dict
    assert "whole number from 1 to 5" in caught.value.message_dict["power"][0]
    assert not Stakeholder.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_re_assessment_adds_a_row_and_moves_the_stakeholder():
    stakeholder = StakeholderFactory(power=2, interest=2, attitude="resistant")
    editor = member(stakeholder.organisation)
    services.stakeholder_assess(
        actor=editor, stakeholder=stakeholder, power=4, interest=5, attitude="supportive"
    )
    assert StakeholderAssessment.objects.filter(stakeholder=stakeholder).count() == 2
    stakeholder.refresh_from_db()
    assert (stakeholder.power, stakeholder.interest, stakeholder.attitude) == (4, 5, "supportive")
    point = selectors.stakeholder_grid(
        selectors.stakeholder_list(organisation=stakeholder.organisation)
    )[0]
    assert point.previous == (2, 2) and point.moved
    event = AuditEvent.objects.filter(action="update").order_by("pk").last()
    assert event.changes["power"] == [2, 4]
    with pytest.raises(ValidationError) as caught:
        services.stakeholder_assess(
            actor=editor, stakeholder=stakeholder, power=9, interest=5, attitude="supportive"
        )
    assert "power" in caught.value.message_dict
    assert StakeholderAssessment.objects.filter(stakeholder=stakeholder).count() == 2


def test_an_initiative_gets_kotters_eight_steps_and_links_measures():
    measure = MeasureFactory()
    initiative = InitiativeFactory(organisation=measure.organisation, measures=[measure])
    assert list(initiative.steps.values_list("step", flat=True)) == list(range(1, 9))
    step = initiative.steps.get(step=1)
    services.initiative_step_update(actor=None, step=step, done=True, evidence="Ratsbeschluss")
    step.refresh_from_db()
    assert step.done and step.done_on is not None
    assert list(initiative.measures.all()) == [measure]
    before = AuditEvent.objects.count()
    services.initiative_step_update(
        actor=None, step=step, done=True, evidence="Ratsbeschluss", done_on=step.done_on
    )
    assert AuditEvent.objects.count() == before, "an unchanged step writes nothing"
    assert InitiativeStep.objects.count() == 8


def test_a_measure_of_another_organisation_is_refused():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as caught:
        services.initiative_create(
            actor=None, organisation=organisation, title="X", measures=[MeasureFactory()]
        )
    assert "measures" in caught.value.message_dict


def test_private_notes_only_for_coach_and_coachee_and_never_in_the_audit_log():
    session = CoachingSessionFactory()
    admin = member(session.organisation, role=Role.ADMIN)
    services.coaching_notes_update(actor=session.coach, session=session, notes="Vertraulich XYZ")
    assert selectors.session_notes(session=session, user=session.coachee) == "Vertraulich XYZ"
    assert selectors.session_notes(session=session, user=session.coach) == "Vertraulich XYZ"
    assert selectors.session_notes(session=session, user=admin) is None
    with pytest.raises(PermissionDenied):
        services.coaching_notes_update(actor=admin, session=session, notes="Überschrieben")
    session.refresh_from_db()
    assert session.private_notes == "Vertraulich XYZ"
    events = AuditEvent.objects.filter(object_id=str(session.pk))
    assert events.exists()
    assert all("XYZ" not in str(event.changes) for event in AuditEvent.objects.all())


def test_a_pulse_on_a_maturity_model_is_refused_and_nothing_is_stored():
    initiative = InitiativeFactory()
    with pytest.raises(ValidationError) as caught:
        services.pulse_create(
            actor=None,
            organisation=initiative.organisation,
            title="Puls",
            model_ident="quick-1.1",
            initiative=initiative,
        )
    assert "not one" in caught.value.message_dict["model_ident"][0]
    assert not Assessment.objects.exists()


def test_a_pulse_is_an_assessment_hidden_from_the_maturity_assessments():
    from kommunalkompass.assessments.selectors import assessment_list

    initiative = InitiativeFactory()
    pulse = services.pulse_create(
        actor=member(initiative.organisation),
        organisation=initiative.organisation,
        title="Puls",
        model_ident=ADKAR,
        initiative=initiative,
    )
    assert pulse.assessment.model.kind == "readiness"
    assert not assessment_list(organisation=initiative.organisation).exists()


def test_an_edit_of_a_communication_keeps_its_uid_and_counts_the_sequence():
    organisation = OrganisationFactory()
    item = services.communication_create(
        actor=None,
        organisation=organisation,
        audience="Alle",
        message="Start",
        channel="intranet",
        date=datetime.date(2027, 3, 1),
    )
    uid = item.uid
    edited = services.communication_update(
        actor=None, item=item, version=item.version, message="Start am Montag"
    )
    assert edited.uid == uid and edited.sequence == 1
    again = services.communication_update(
        actor=None, item=edited, version=edited.version, message="Start am Montag"
    )
    assert again.sequence == 1


def test_deleting_an_initiative_deletes_its_pulses_with_their_answers():
    from kommunalkompass.assessments.models import Response

    from .factories import pulse_with_answers

    initiative = InitiativeFactory()
    pulse_with_answers(initiative.organisation, initiative=initiative, respondents=4)
    services.initiative_delete(actor=None, initiative=initiative)
    assert not Assessment.objects.exists() and not Response.objects.exists()
    assert not InitiativeStep.objects.exists()
