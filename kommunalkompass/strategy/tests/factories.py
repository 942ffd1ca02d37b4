import factory

from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.strategy.models import DEFAULT_WEIGHTS, Measure, Strategy


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
