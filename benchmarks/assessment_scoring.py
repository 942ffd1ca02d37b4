"""Scoring a large assessment: 10,000 respondents × 64 questions (640,000 answers).

Prints the time to compute the full results (all dimensions, groups, departments,
suppression) and its ratio to one raw SQL aggregate (mean level per dimension) over the
same rows, measured in the same run. Then the time to make the full report PDF with its
charts (target under 1 s), as the download view makes it: ``build_report`` (results
included) rendered by ``documents.downloads.document_response``.

Typst memoises layout within a process, so rendering the same report again mostly measures
that cache. Each report sample therefore runs in a fresh process (``--report PK``) that
first renders the assessment's information sheet, which loads the fonts and the template,
as a worker that has served other documents would have; the same report once more in that
process is printed apart.

Uses a throw-away SQLite database, or PostgreSQL when BENCH_DATABASE_URL points to one (the
database is emptied of this benchmark's data after).
"""

import json
import os
import random
import re
import statistics
import subprocess
import sys
import time

from _setup import django_with_fresh_database

django_with_fresh_database()

from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from kommunalkompass.accounts.models import User  # noqa: E402
from kommunalkompass.accounts.tokens import secret_hash  # noqa: E402
from kommunalkompass.assessments.documents import (  # noqa: E402
    build_information_sheet,
    build_report,
)
from kommunalkompass.assessments.models import Answer, Assessment, Response  # noqa: E402
from kommunalkompass.assessments.selectors import assessment_results  # noqa: E402
from kommunalkompass.documents.downloads import document_response  # noqa: E402
from kommunalkompass.organisations.models import Organisation  # noqa: E402

REPORT_SAMPLES = 5


def report_seconds(pk: int) -> dict[str, float]:
    """In this process: the information sheet (warm-up), then the report PDF twice."""
    assessment = Assessment.objects.select_related("organisation").get(pk=pk)

    def pdf(builder) -> tuple[float, float, bytes]:
        request = RequestFactory().get("/", {"language": "de"})
        request.organisation, request.user = assessment.organisation, User(full_name="Bench")
        started = time.perf_counter()
        document = builder(request, pk=pk)
        built = time.perf_counter()
        content = document_response(document, "pdf").content
        assert content.startswith(b"%PDF-")
        return built - started, time.perf_counter() - built, content

    pdf(build_information_sheet)
    started = time.perf_counter()
    results = assessment_results(assessment=assessment)
    scoring = time.perf_counter() - started
    build, render, content = pdf(build_report)
    again = sum(pdf(build_report)[:2])
    assert results.respondents
    return {
        "scoring": scoring,
        "build": build,
        "render": render,
        "again": again,
        "pages": len(re.findall(rb"/Type\s*/Page(?!s)", content)),
        "size": len(content),
    }


if sys.argv[1:2] == ["--report"]:
    print(json.dumps(report_seconds(int(sys.argv[2]))))
    sys.exit()

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

# The report PDF: the benchmark assessment with target levels, so no chapter is left out.
Assessment.objects.filter(pk=assessment.pk).update(
    targets={dimension.key: 4 for dimension in model.dimensions}
)
child_environment = {**os.environ, "BENCH_DATABASE_URL": os.environ["DATABASE_URL"]}
samples = [
    json.loads(
        subprocess.run(  # noqa: S603 - this script, with the same Python
            [sys.executable, __file__, "--report", str(assessment.pk)],
            env=child_environment,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    for _ in range(REPORT_SAMPLES)
]
report = {key: statistics.median(sample[key] for sample in samples) for key in samples[0]}
total = report["build"] + report["render"]
print(
    f"report PDF: {total * 1000:.0f} ms (median of {REPORT_SAMPLES} fresh processes; "
    f"target under 1 s): build_report {report['build'] * 1000:.0f} ms (the results alone "
    f"{report['scoring'] * 1000:.0f} ms), PDF with charts {report['render'] * 1000:.0f} ms; "
    f"{report['pages']:.0f} pages, {report['size'] / 1024:.0f} KiB"
)
print(
    f"ratio report PDF / full results: {total / full:.2f}; "
    f"the same report again in a process: {report['again'] * 1000:.0f} ms (Typst's cache)"
)

if os.environ.get("BENCH_DATABASE_URL"):
    with transaction.atomic():
        Answer.objects.filter(response__assessment=assessment).delete()
        organisation.delete()
