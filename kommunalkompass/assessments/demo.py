"""Demo data of the assessments app: Musterstadt's Quick-Check, full assessment, open survey."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.core.links import absolute_url
from kommunalkompass.organisations.demo import PEER_ORGANISATIONS
from kommunalkompass.organisations.models import Department, Organisation, Role

from . import services
from .maturity import FULL_MODEL, QUICK_CHECK_MODEL
from .models import Answer, Assessment, Response

# A realistic profile: services and strategy are behind, infrastructure is ahead;
# leaders see things rosier than staff, IT is the most critical about security.
PROFILE = {
    "strategy": 2.3,
    "organisation": 2.1,
    "people": 2.6,
    "services": 1.85,  # level 1: its score stays below 1.95, which would show as 2.0
    "infrastructure": 3.2,
    "security": 2.4,
    "data": 1.8,
    "collaboration": 2.7,
}
GROUP_SHIFT = {"leaders": 0.6, "staff": -0.2, "it": -0.1}
# People per group in Musterstadt's administration: the base of the response rates (open
# links alone do not tell how many people were asked).
GROUP_SIZES = {"leaders": 16, "staff": 85, "it": 11}
IT_SHIFT = {"security": -0.7, "infrastructure": 0.3}
# Single questions below their dimension: backups are seldom tested, so that the results show
# a recommendation raised by a single answer although infrastructure is at level 3
# (docs/scoring.md, "Recommendations").
QUESTION_SHIFT = {"security-5": -0.9}


def _level(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.05:
        return None  # "weiß nicht"
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def _fill(
    assessment: Assessment,
    sizes: dict[str, int],
    *,
    rng: random.Random,
    improvement: float = 0,
    profile: dict[str, float] = PROFILE,
) -> None:
    model = assessment.model
    departments = list(Department.objects.filter(organisation=assessment.organisation))
    numbers = services.respondent_numbers_issue(
        assessment_id=assessment.pk, count=sum(sizes.values())
    )
    submitted = (assessment.closed_at or timezone.now()).date()
    answers = []
    for group, size in sizes.items():
        for _ in range(size):
            response = Response.objects.create(
                organisation=assessment.organisation,
                assessment=assessment,
                token_hash=secret_hash(new_secret()),
                group=group,
                department=rng.choice(departments)
                if assessment.use_departments and departments
                else None,
                number=numbers.pop(),
                started_on=submitted - datetime.timedelta(days=rng.randint(1, 14)),
                submitted_on=submitted,
            )
            for dimension in model.dimensions:
                mean = profile[dimension.key] + GROUP_SHIFT[group] + improvement
                mean += IT_SHIFT.get(dimension.key, 0) if group == "it" else 0
                for question in dimension.questions:
                    if group in question.groups:
                        level = _level(rng, mean + QUESTION_SHIFT.get(question.key, 0))
                        answers.append(
                            Answer(
                                response=response,
                                question_key=question.key,
                                dimension=dimension.key,
                                weight=question.weight,
                                level=level,
                            )
                        )
    Answer.objects.bulk_create(answers, batch_size=2000)


@transaction.atomic
def load(*, password: str, stdout=None) -> list:
    organisation = Organisation.objects.filter(slug="musterstadt").first()
    if organisation is None:
        return []
    admin = organisation.organisations_membership_set.filter(role=Role.ADMIN).first().user
    titles = ["Quick-Check 2025", "Reifegradanalyse 2026", "Quick-Check Herbst 2026"]
    Assessment.objects.filter(organisation=organisation, title__in=titles).delete()
    rng = random.Random(20261126)  # noqa: S311 - demo data, not security
    now = timezone.now()

    quick = services.assessment_create(
        actor=admin,
        organisation=organisation,
        title=titles[0],
        model_ident="quick-1.0",  # answered a year ago, on the version of then
    )
    Assessment.objects.filter(pk=quick.pk).update(
        status=Assessment.Status.CLOSED,
        created_at=now - datetime.timedelta(days=400),
        opened_at=now - datetime.timedelta(days=395),
        closed_at=now - datetime.timedelta(days=365),
        group_sizes=GROUP_SIZES,
    )
    quick.refresh_from_db()
    # IT has only 3 respondents: below the threshold of 5, so its cells are suppressed, and
    # with them the leaders' (complementary suppression: else IT = total minus the others).
    _fill(quick, {"leaders": 8, "staff": 24, "it": 3}, rng=rng, improvement=-0.3)

    full = services.assessment_create(
        actor=admin,
        organisation=organisation,
        title=titles[1],
        model_ident=FULL_MODEL,
        use_departments=True,
        share_for_benchmark=True,
    )
    Assessment.objects.filter(pk=full.pk).update(
        status=Assessment.Status.CLOSED,
        created_at=now - datetime.timedelta(days=50),
        opened_at=now - datetime.timedelta(days=45),
        closed_at=now - datetime.timedelta(days=30),
        group_sizes=GROUP_SIZES,
        targets={
            "strategy": 4,
            "organisation": 3,
            "people": 4,
            "services": 4,
            "infrastructure": 4,
            "security": 4,
            "data": 3,
            "collaboration": 3,
        },
    )
    full.refresh_from_db()
    _fill(full, {"leaders": 14, "staff": 48, "it": 9}, rng=rng)
    _peers(rng=rng, closed_at=now - datetime.timedelta(days=60))

    current = services.assessment_create(
        actor=admin, organisation=organisation, title=titles[2], model_ident=QUICK_CHECK_MODEL
    )
    services.assessment_set_group_sizes(actor=admin, assessment=current, sizes=GROUP_SIZES)
    links = services.assessment_open(actor=admin, assessment=current)
    # The open survey ends in three weeks (docs/scoring.md, "Survey administration").
    services.assessment_set_end_date(
        actor=admin, assessment=current, ends_on=timezone.localdate() + datetime.timedelta(days=21)
    )
    if stdout is not None:
        # No request here: the link is on SITE_URL (make demo sets it to its host and port).
        stdout.write(
            "Open survey of Musterstadt (Mitarbeitende): "
            + absolute_url(reverse("assessments:survey", args=[links["staff"]]))
        )
    return []


PEER_TITLE = "Reifegradanalyse 2026"


def _peers(*, rng: random.Random, closed_at: datetime.datetime) -> None:
    """Closed, shared full assessments of Beispielhausen and the demo peer organisations,
    each with its own profile, so that the peer benchmark shows for Musterstadt and for
    Beispielhausen."""
    slugs = ["beispielhausen", *(peer[0] for peer in PEER_ORGANISATIONS)]
    Assessment.objects.filter(organisation__slug__in=slugs, title=PEER_TITLE).delete()
    for organisation in Organisation.objects.filter(slug__in=slugs).order_by("slug"):
        assessment = Assessment.objects.create(
            organisation=organisation,
            title=PEER_TITLE,
            model_ident=FULL_MODEL,
            status=Assessment.Status.CLOSED,
            groups=["leaders", "staff", "it"],
            anonymity_threshold=5,
            share_for_benchmark=True,
            created_at=closed_at - datetime.timedelta(days=30),
            opened_at=closed_at - datetime.timedelta(days=25),
            closed_at=closed_at - datetime.timedelta(days=rng.randint(0, 120)),
        )
        general = rng.gauss(0, 0.35)
        profile = {
            key: max(1.2, min(4.6, mean + general + rng.gauss(0, 0.3)))
            for key, mean in PROFILE.items()
        }
        sizes = {
            "leaders": rng.randint(4, 9),
            "staff": rng.randint(10, 24),
            "it": rng.randint(2, 5),
        }
        _fill(assessment, sizes, rng=rng, profile=profile)
