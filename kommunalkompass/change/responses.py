"""Submitted answers for a pulse, made up: for the demo and the tests (never for a real
organisation's data). Built as the survey stores them (one response per respondent, no
user, days only), after ``assessments/demo.py``."""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.utils import timezone

from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.assessments.models import Answer, Assessment, Response
from kommunalkompass.organisations.models import Department


def add_responses(
    assessment: Assessment,
    count: int,
    *,
    rng: random.Random,
    departments: Sequence[Department | None] = (),
    means: dict[str, float] | None = None,
    levels: Sequence[int] | None = None,
) -> list[Response]:
    """``count`` submitted responses; each respondent's department is drawn from
    ``departments`` (none when empty), each answer around ``means[element]`` (3 unless
    given) or, with ``levels``, the same level per respondent in turn."""
    model = assessment.model
    taken = set(assessment.responses.values_list("number", flat=True))
    numbers = [n for n in rng.sample(range(100_000, 999_999), count + len(taken)) if n not in taken]
    today = timezone.localdate()
    group = assessment.groups[0]
    responses, answers = [], []
    for index in range(count):
        response = Response.objects.create(
            organisation_id=assessment.organisation_id,
            assessment=assessment,
            token_hash=secret_hash(new_secret()),
            group=group,
            department=departments[index % len(departments)] if departments else None,
            number=numbers[index],
            started_on=today,
            submitted_on=today,
        )
        responses.append(response)
        for dimension in model.dimensions:
            for question in dimension.questions:
                if levels is not None:
                    level = levels[index % len(levels)]
                else:
                    mean = (means or {}).get(dimension.key, 3.0)
                    level = max(1, min(5, round(rng.gauss(mean, 0.7))))
                answers.append(
                    Answer(
                        response=response,
                        question_key=question.key,
                        dimension=dimension.key,
                        weight=question.weight,
                        level=level,
                    )
                )
    Answer.objects.bulk_create(answers)
    return responses
