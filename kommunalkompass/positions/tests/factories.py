import datetime
from decimal import Decimal

import factory

from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.positions.models import Description, Post, RoleNeed, WorkProcess
from kommunalkompass.strategy.tests.factories import MeasureFactory


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: f"10.{n:03d}")
    title = factory.Sequence(lambda n: f"Stelle {n}")
    role_key = "sysadmin"


class DescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Description

    post = factory.SubFactory(PostFactory)
    organisation = factory.SelfAttribute("post.organisation")
    number = 1
    education = "Fachinformatiker/in"


class WorkProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkProcess

    description = factory.SubFactory(DescriptionFactory)
    organisation = factory.SelfAttribute("description.organisation")
    title = factory.Sequence(lambda n: f"Arbeitsvorgang {n}")
    share = 100
    features = factory.LazyFunction(lambda: ["design-scope"])


def described_post(organisation=None, **kwargs) -> Post:
    """A post with one description version of one Arbeitsvorgang (100 %, EG 8 features)."""
    post = PostFactory(**({"organisation": organisation} if organisation else {}), **kwargs)
    WorkProcessFactory(description=DescriptionFactory(post=post))
    return post


class RoleNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleNeed

    measure = factory.SubFactory(MeasureFactory)
    organisation = factory.SelfAttribute("measure.organisation")
    role_key = "isb"
    fte = Decimal("1")
    needed_from = datetime.date(2028, 1, 1)
