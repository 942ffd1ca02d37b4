import factory

from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.ozg.counts import LevelCounts
from kommunalkompass.ozg.models import OzgLeistung, ServiceState, Themenfeld, Verwaltungsleistung


class ThemenfeldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Themenfeld
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Themenfeld {n}")


class OzgLeistungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OzgLeistung

    ozg_id = factory.Sequence(lambda n: f"{10000 + n:05d}")
    name = factory.Sequence(lambda n: f"Leistung {n}")
    themenfeld = factory.SubFactory(ThemenfeldFactory)


class VerwaltungsleistungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verwaltungsleistung

    leistung = factory.SubFactory(OzgLeistungFactory)
    leika_key = factory.Sequence(lambda n: f"{99000000000000 + n:014d}")
    name = factory.Sequence(lambda n: f"Verwaltungsleistung {n}")


class ServiceStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceState

    organisation = factory.SubFactory(OrganisationFactory)
    leistung = factory.SubFactory(OzgLeistungFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Created as the services create states: counted (OzgLevelCount) as well."""
        state = super()._create(model_class, *args, **kwargs)
        counts = LevelCounts()
        counts.add(state)
        counts.apply()
        return state
