"""What the assessments contribute to the portfolio at ``/o/`` and to the Ablaufplan of many
organisations at once: the state of phase 2 and the latest maturity score.

Both cost a fixed number of queries whatever the number of organisations; the score is
computed by ``scoring.score_assessment`` from the same counted rows as the results page
(``selectors.score_counts``), for every latest assessment in one query.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from kommunalkompass.core.language import content_language
from kommunalkompass.documents.formatting import format_number
from kommunalkompass.organisations.journey import PhaseState
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.portfolio import PortfolioCell

from .models import Answer, Assessment, Response
from .scoring import ScoreCount, score_assessment


def assessment_states(organisations: list[Organisation]) -> dict[int, PhaseState]:
    """``phases.assessment_phase``'s state for many organisations (one query)."""
    counts = {
        row["organisation_id"]: row
        for row in Assessment.objects.filter(organisation__in=organisations)
        .values("organisation_id")
        .annotate(
            open=Count(
                "id", filter=Q(status__in=[Assessment.Status.DRAFT, Assessment.Status.OPEN])
            ),
            closed=Count("id", filter=Q(status=Assessment.Status.CLOSED)),
        )
        .order_by()
    }
    states = {}
    for organisation in organisations:
        row = counts.get(organisation.pk, {"open": 0, "closed": 0})
        states[organisation.pk] = (
            PhaseState.DONE
            if row["closed"]
            else PhaseState.IN_PROGRESS
            if row["open"]
            else PhaseState.NOT_STARTED
        )
    return states


def latest_closed(organisations: list[Organisation]) -> dict[int, Assessment]:
    """Each organisation's assessment closed last (one query)."""
    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.filter(
        organisation__in=organisations, status=Assessment.Status.CLOSED
    ).order_by("-closed_at", "-pk"):
        latest.setdefault(assessment.organisation_id, assessment)
    return latest


def _score_counts(assessment_ids: list[int]) -> dict[int, list[ScoreCount]]:
    """``selectors.score_counts`` for several assessments in one query."""
    if not assessment_ids:
        return {}
    quote = connection.ops.quote_name
    answers, responses = quote(Answer._meta.db_table), quote(Response._meta.db_table)
    placeholders = ", ".join(["%s"] * len(assessment_ids))
    sql = f"""
        SELECT response.assessment_id, per_respondent.dimension, response.{quote("group")},
               response.department_id, per_respondent.weighted_sum, per_respondent.weight_sum,
               COUNT(*)
        FROM (
            SELECT answer.response_id AS response_id, answer.dimension AS dimension,
                   SUM(answer.level * answer.weight) AS weighted_sum,
                   SUM(answer.weight) AS weight_sum
            FROM {answers} answer
            WHERE answer.level IS NOT NULL AND answer.response_id IN (
                SELECT id FROM {responses}
                WHERE assessment_id IN ({placeholders}) AND submitted_on IS NOT NULL
            )
            GROUP BY answer.response_id, answer.dimension
        ) per_respondent
        JOIN {responses} response ON response.id = per_respondent.response_id
        GROUP BY response.assessment_id, per_respondent.dimension, response.{quote("group")},
                 response.department_id, per_respondent.weighted_sum, per_respondent.weight_sum
    """  # noqa: S608 - table names from the models, the values as parameters
    found: dict[int, list[ScoreCount]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, assessment_ids)
        for assessment_id, dimension, group, department_id, weighted, weights, n in cursor:
            found[assessment_id].append(
                ScoreCount(group, department_id, dimension, weighted, weights, n)
            )
    return found


def maturity_column(organisations: list[Organisation]) -> dict[int, PortfolioCell]:
    """The overall score of each organisation's latest closed assessment, as its results
    page shows it (three queries)."""
    latest = latest_closed(organisations)
    ids = [assessment.pk for assessment in latest.values()]
    counts = _score_counts(ids)
    submitted = dict(
        Response.objects.filter(assessment_id__in=ids, submitted_on__isnull=False)
        .values_list("assessment_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    slugs = {organisation.pk: organisation.slug for organisation in organisations}
    cells = {}
    for organisation_id, assessment in latest.items():
        results = score_assessment(
            counts.get(assessment.pk, []),
            dimensions=[d.key for d in assessment.model.dimensions],
            groups=assessment.groups,
            threshold=assessment.anonymity_threshold,
            targets=assessment.targets,
            respondents=submitted.get(assessment.pk, 0),
        )
        score = results.shown_score
        if score is None:
            continue
        cells[organisation_id] = PortfolioCell(
            value=score,
            text=format_number(score, 1, content_language()),
            detail=_("Level %(level)s") % {"level": results.level},
            url=reverse("assessments:results", args=[slugs[organisation_id], assessment.pk]),
        )
    return cells
