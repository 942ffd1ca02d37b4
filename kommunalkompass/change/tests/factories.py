"""Factories of the change module's tests."""

from __future__ import annotations

import datetime
import random

import factory

from kommunalkompass.accounts.tests.factories import UserFactory
from kommunalkompass.change import services
from kommunalkompass.change.models import (
    ActionItem,
    CoachingSession,
    CommunicationItem,
    Initiative,
    Pulse,
    Stakeholder,
)
from kommunalkompass.change.responses import add_responses
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory, OrganisationFactory

ADKAR = "adkar-1.0"


def member(organisation, role=Role.EDITOR, **user):
    return MembershipFactory(organisation=organisation, role=role, user=UserFactory(**user)).user


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Einführung E-Akte {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.initiative_create(actor=None, **kwargs)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Personalrat {n}")
    power = 4
    interest = 4
    attitude = "neutral"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.stakeholder_create(actor=None, **kwargs)


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationItem

    organisation = factory.SubFactory(OrganisationFactory)
    audience = "Alle Beschäftigten"
    message = "Start der E-Akte"
    channel = "intranet"
    date = datetime.date(2027, 3, 1)


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession

    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2027, 2, 1)
    coach = factory.LazyAttribute(lambda o: member(o.organisation))
    coachee = factory.LazyAttribute(lambda o: member(o.organisation))


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    session = factory.SubFactory(CoachingSessionFactory)
    organisation = factory.SelfAttribute("session.organisation")
    title = factory.Sequence(lambda n: f"Aufgabe {n}")


def pulse_with_answers(
    organisation,
    *,
    initiative=None,
    department=None,
    departments=(),
    respondents: int = 0,
    threshold: int = 5,
    seed: int = 1,
) -> Pulse:
    """An open pulse with ``respondents`` submitted (spread over ``departments``)."""
    if initiative is None and department is None:
        initiative = InitiativeFactory(organisation=organisation)
    actor = member(organisation)
    pulse = services.pulse_create(
        actor=actor,
        organisation=organisation,
        title="Puls",
        model_ident=ADKAR,
        initiative=initiative,
        department=department,
        anonymity_threshold=threshold,
    )
    services.pulse_open(actor=actor, pulse=pulse)
    if respondents:
        add_responses(
            pulse.assessment,
            respondents,
            rng=random.Random(seed),
            departments=list(departments),
        )
    pulse.assessment.refresh_from_db()
    return pulse
