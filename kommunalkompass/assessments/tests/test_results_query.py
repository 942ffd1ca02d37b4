"""The counted aggregate query gives the same results as scoring each respondent's rows."""

import dataclasses
import random

import pytest

from kommunalkompass.assessments.models import Answer, Response
from kommunalkompass.assessments.scoring import score_assessment
from kommunalkompass.assessments.selectors import (
    assessment_results,
    score_counts,
    score_rows,
)
from kommunalkompass.assessments.tests.factories import AssessmentFactory
from kommunalkompass.organisations.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def add_respondents(assessment, count, *, rng, departments=(), submitted=True, start=0):
    questions = [(d.key, q) for d in assessment.model.dimensions for q in d.questions]
    for n in range(start, start + count):
        response = Response.objects.create(
            organisation=assessment.organisation,
            assessment=assessment,
            token_hash=f"{assessment.pk}-{n}",
            group=rng.choice(["leaders", "staff", "staff", "it"]),
            department=rng.choice([None, *departments]) if departments else None,
            number=1000 + n,
            submitted_on="2026-11-01" if submitted else None,
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                question_key=question.key,
                dimension=dimension,
                # Weights that are no whole numbers, and respondents who answered
                # "weiß nicht" throughout a dimension.
                weight=rng.choice([0.5, 1, 1.5, 2]),
                level=rng.choice([1, 2, 3, 4, 5, None]) if n % 9 else None,
            )
            for dimension, question in questions
        )


def test_counted_query_gives_the_results_of_the_rows_per_respondent():
    rng = random.Random(5)
    assessment = AssessmentFactory(use_departments=True)
    departments = [DepartmentFactory(organisation=assessment.organisation) for _ in range(4)]
    add_respondents(assessment, 60, rng=rng, departments=departments)
    add_respondents(assessment, 3, rng=rng, departments=departments, submitted=False, start=60)
    other = AssessmentFactory(organisation=assessment.organisation)
    add_respondents(other, 6, rng=rng, start=100)

    results = assessment_results(assessment=assessment)
    expected = score_assessment(
        score_rows(assessment=assessment),
        dimensions=[d.key for d in assessment.model.dimensions],
        groups=assessment.groups,
        threshold=assessment.anonymity_threshold,
        targets=assessment.targets,
        respondents=results.respondents,
        group_respondents=results.group_respondents,
    )
    assert dataclasses.asdict(results) == dataclasses.asdict(expected)
    assert results.respondents == 60
    assert len(score_counts(assessment=assessment)) < len(score_rows(assessment=assessment))


def test_results_cost_the_same_queries_for_any_number_of_respondents(
    django_assert_num_queries,
):
    rng = random.Random(6)
    assessment = AssessmentFactory()
    add_respondents(assessment, 6, rng=rng)
    with django_assert_num_queries(3):
        assessment_results(assessment=assessment)
    add_respondents(assessment, 40, rng=rng, start=6)
    with django_assert_num_queries(3):
        assessment_results(assessment=assessment)
