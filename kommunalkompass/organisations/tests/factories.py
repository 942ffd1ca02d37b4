import factory

from kommunalkompass.accounts.tests.factories import UserFactory
from kommunalkompass.organisations.models import Department, Membership, Organisation, Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeinde Teststadt {n}")
    kind = Organisation.Kind.GEMEINDE
    state = "03"
    ags = factory.Sequence(lambda n: f"03{n:06d}")
    population = 12_000
    slug = factory.Sequence(lambda n: f"teststadt-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Fachbereich {n}")
    short_name = factory.Sequence(lambda n: f"FB {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER
