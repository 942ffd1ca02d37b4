import datetime
from decimal import Decimal

import factory

from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.strategy.models import (
    DEFAULT_WEIGHTS,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    Strategy,
    Workshop,
    WorkshopCard,
    WorkshopCluster,
    WorkshopParticipant,
)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Digitalisierungsstrategie {n}")
    start_year = 2027
    horizon_years = 5
    is_current = True
    weights = factory.LazyFunction(lambda: dict(DEFAULT_WEIGHTS))


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    strategy = factory.SubFactory(StrategyFactory)
    organisation = factory.SelfAttribute("strategy.organisation")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Maßnahme {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    organisation = factory.SelfAttribute("strategy.organisation")
    title = factory.Sequence(lambda n: f"Ziel {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    organisation = factory.SelfAttribute("goal.organisation")
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "%"
    baseline = Decimal(20)
    baseline_date = datetime.date(2026, 1, 1)
    target = Decimal(80)
    target_date = datetime.date(2030, 12, 31)


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SelfAttribute("indicator.organisation")
    measured_on = factory.Sequence(lambda n: datetime.date(2027, 1, 1) + datetime.timedelta(n))
    value = Decimal(35)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    strategy = factory.SubFactory(StrategyFactory)
    organisation = factory.SelfAttribute("strategy.organisation")
    title = factory.Sequence(lambda n: f"Visionsworkshop {n}")
    held_on = datetime.date(2027, 3, 10)
    facilitator = "Dana Beispiel"
    question = "Wie arbeitet unsere Verwaltung 2030?"
    votes_per_participant = 3
    token = factory.Sequence(lambda n: f"workshop-token-{n:06d}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopParticipant

    workshop = factory.SubFactory(WorkshopFactory)
    organisation = factory.SelfAttribute("workshop.organisation")
    secret_hash = factory.Sequence(lambda n: f"{n:064x}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopCluster

    workshop = factory.SubFactory(WorkshopFactory)
    organisation = factory.SelfAttribute("workshop.organisation")
    name = factory.Sequence(lambda n: f"Cluster {n}")
    position = factory.Sequence(lambda n: n)


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopCard

    workshop = factory.SubFactory(WorkshopFactory)
    organisation = factory.SelfAttribute("workshop.organisation")
    text = factory.Sequence(lambda n: f"Idee {n}")
    client_key = factory.Sequence(lambda n: f"key-{n}")
