import factory

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.organisations.tests.factories import OrganisationFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Quick-Check {n}")
    model_ident = "quick-1.0"
    groups = ["leaders", "staff", "it"]
    anonymity_threshold = 5
