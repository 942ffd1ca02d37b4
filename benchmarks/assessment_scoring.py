"""Scoring a large assessment: 10,000 respondents × 64 questions (640,000 answers).

Prints the time to compute the full results (all dimensions, groups, departments,
suppression) and its ratio to one raw SQL aggregate (mean level per dimension) over the
same rows, measured in the same run. Uses a throw-away SQLite database, or PostgreSQL when
BENCH_DATABASE_URL points to one (the database is emptied of this benchmark's data after).
"""

import random
import statistics
import sys
import time

from _setup import django_with_fresh_database

django_with_fresh_database()

from django.db import connection, transaction  # noqa: E402

from kommunalkompass.accounts.tokens import secret_hash  # noqa: E402
from kommunalkompass.assessments.models import Answer, Assessment, Response  # noqa: E402
from kommunalkompass.assessments.selectors import assessment_results  # noqa: E402
from kommunalkompass.organisations.models import Organisation  # noqa: E402

RESPONDENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
rng = random.Random(7)  # noqa: S311 - benchmark data

with transaction.atomic():
    organisation = Organisation.objects.create(name="Bench", kind="stadt", state="03", slug="bench")
    assessment = Assessment.objects.create(
        organisation=organisation,
        title="Bench",
        model_ident="full-1.0",
        status="closed",
        groups=["leaders", "staff", "it"],
        anonymity_threshold=5,
    )
    model = assessment.model
    questions = [(d.key, q) for d in model.dimensions for q in d.questions]
    responses = Response.objects.bulk_create(
        Response(
            organisation=organisation,
            assessment=assessment,
            token_hash=secret_hash(str(n)),
            group=rng.choice(["leaders", "staff", "staff", "it"]),
            number=100_000 + n,
            submitted_on="2026-11-01",
        )
        for n in range(RESPONDENTS)
    )
    batch = []
    for response in responses:
        for dimension, question in questions:
            batch.append(
                Answer(
                    response=response,
                    question_key=question.key,
                    dimension=dimension,
                    weight=question.weight,
                    level=rng.choice([1, 2, 3, 3, 4, 5, None]),
                )
            )
        if len(batch) >= 50_000:
            Answer.objects.bulk_create(batch)
            batch = []
    Answer.objects.bulk_create(batch)
answers = RESPONDENTS * len(questions)
print(f"{RESPONDENTS} respondents × {len(questions)} questions = {answers} answers")
print(f"database: {connection.vendor}")


def timed(function, repeat=5):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def raw_aggregate():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.dimension, AVG(a.level) FROM assessments_answer a "
            "JOIN assessments_response r ON r.id = a.response_id "
            "WHERE r.assessment_id = %s AND a.level IS NOT NULL GROUP BY a.dimension",
            [assessment.pk],
        )
        return cursor.fetchall()


baseline = timed(raw_aggregate)
full = timed(lambda: assessment_results(assessment=assessment))
print(f"full results: {full * 1000:.0f} ms (median of 5)")
print(f"raw SQL mean per dimension: {baseline * 1000:.0f} ms")
print(f"ratio full / raw aggregate: {full / baseline:.2f} (target under 3; full under 1 s)")
