"""Peer benchmarks: this organisation against similar ones on the same installation.

This is the one place that reads assessments of other organisations, and it reads only
what their organisations agreed to share: the dimension scores of closed assessments with
``share_for_benchmark``, summarised over at least ``MIN_PEERS`` organisations. No peer is
named, and no peer's answers or breakdowns leave the aggregate query (docs/scoring.md).

A peer counts only when an installation admin verified its organisation
(``Organisation.verified``) and its assessment ran with at least the installation's minimum
anonymity threshold (``benchmark_threshold()``): otherwise anyone could create four made-up
organisations around one real peer, or run an assessment with a threshold of 2, and read a
single organisation's scores from the quartiles.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from kommunalkompass.organisations.sizes import SizeClass, population_filter, size_class

from .models import Answer, Assessment, Response
from .scoring import Results, shown_score

MIN_PEERS = 5
# No assessment run with a smaller anonymity threshold than this counts as a peer, whatever
# the installation's ANONYMITY_THRESHOLD says.
MIN_BENCHMARK_THRESHOLD = 5


def benchmark_threshold() -> int:
    """The least anonymity threshold an assessment needs to be shared for benchmarks: the
    installation's ``ANONYMITY_THRESHOLD``, and never less than 5."""
    return max(settings.ANONYMITY_THRESHOLD, MIN_BENCHMARK_THRESHOLD)


@dataclass(frozen=True)
class PeerDimension:
    """The peers' distribution in one dimension and this organisation's place in it."""

    key: str
    peers: int
    lower: float | None = None
    median: float | None = None
    upper: float | None = None
    own: float | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None

    @property
    def position(self) -> str:
        """``top`` (above the 3rd quartile), ``upper``, ``lower`` or ``bottom`` quarter, by
        the values as shown (one decimal), so that the place matches the figures beside it."""
        if self.own is None or self.median is None:
            return ""
        own, lower, median, upper = (
            shown_score(value) for value in (self.own, self.lower, self.median, self.upper)
        )
        if own > upper:
            return "top"
        if own >= median:
            return "upper"
        if own >= lower:
            return "lower"
        return "bottom"


@dataclass(frozen=True)
class PeerBenchmark:
    """The comparison, or why there is none (``reason``: ``not_shared``, ``no_population``,
    ``too_few_peers``)."""

    size_class: SizeClass | None
    state: str = ""
    peers: int = 0
    reason: str = ""
    dimensions: list[PeerDimension] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return not self.reason

    def dimension(self, key: str) -> PeerDimension | None:
        return next((d for d in self.dimensions if d.key == key), None)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """1st quartile, median and 3rd quartile (inclusive method: within the observed range)."""
    lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    return lower, median, upper


def distribution(key: str, values: list[float], own: float | None) -> PeerDimension:
    """The quartiles of ``values`` and ``own`` beside them; no figures below ``MIN_PEERS``."""
    if len(values) < MIN_PEERS:
        return PeerDimension(key, peers=len(values), own=own)
    lower, median, upper = quartiles(values)
    return PeerDimension(key, len(values), lower=lower, median=median, upper=upper, own=own)


def _peer_assessments(assessment: Assessment, size: SizeClass, same_state: bool) -> dict[int, int]:
    """Per verified peer organisation its latest shared closed assessment run with at least
    the benchmark threshold: ``{id: threshold}``."""
    organisation = assessment.organisation
    candidates = (
        Assessment.objects.filter(
            population_filter(size, "organisation__population"),
            model_ident=assessment.model_ident,
            status=Assessment.Status.CLOSED,
            share_for_benchmark=True,
            organisation__verified=True,
            anonymity_threshold__gte=benchmark_threshold(),
        )
        .exclude(organisation_id=organisation.pk)
        .order_by("organisation_id", "-closed_at", "-id")
        .values_list("id", "organisation_id", "anonymity_threshold")
    )
    if same_state:
        candidates = candidates.filter(organisation__state=organisation.state)
    latest: dict[int, tuple[int, int]] = {}
    for pk, organisation_id, threshold in candidates:
        latest.setdefault(organisation_id, (pk, threshold))
    return dict(latest.values())


def _dimension_scores(thresholds: dict[int, int]) -> tuple[dict[str, list[float]], int]:
    """Per dimension the score of each peer assessment, where it reaches its own threshold.

    One query: the respondents' weighted means per dimension, averaged per assessment
    (the same rules as ``scoring.score_assessment``). Returns the scores and the number of
    peer assessments that contributed at least one dimension.
    """
    if not thresholds:
        return {}, 0
    answers, responses = Answer._meta.db_table, Response._meta.db_table
    placeholders = ", ".join(["%s"] * len(thresholds))
    sql = f"""
        SELECT per_respondent.assessment_id, per_respondent.dimension,
               AVG(per_respondent.score), COUNT(*)
        FROM (
            SELECT r.assessment_id AS assessment_id, a.dimension AS dimension,
                   SUM(a.level * a.weight) / SUM(a.weight) AS score
            FROM {answers} a JOIN {responses} r ON r.id = a.response_id
            WHERE r.assessment_id IN ({placeholders})
              AND r.submitted_on IS NOT NULL AND a.level IS NOT NULL
            GROUP BY r.assessment_id, r.id, a.dimension
            HAVING SUM(a.weight) > 0
        ) per_respondent
        GROUP BY per_respondent.assessment_id, per_respondent.dimension
    """  # noqa: S608 - table names from the models, values as parameters
    scores: dict[str, list[float]] = defaultdict(list)
    contributors = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, list(thresholds))
        for assessment_id, dimension, score, respondents in cursor.fetchall():
            if respondents >= thresholds[assessment_id]:
                scores[dimension].append(float(score))
                contributors.add(assessment_id)
    return scores, len(contributors)


def peer_benchmark(
    *, assessment: Assessment, results: Results, same_state: bool = False
) -> PeerBenchmark:
    """How ``assessment`` compares with the latest shared assessment of each peer: same
    model, same size class by population and, with ``same_state``, the same state."""
    organisation = assessment.organisation
    size = size_class(organisation.population)
    state = organisation.state if same_state else ""
    if not assessment.share_for_benchmark:
        return PeerBenchmark(size_class=size, state=state, reason="not_shared")
    if size is None:
        return PeerBenchmark(size_class=None, state=state, reason="no_population")
    thresholds = _peer_assessments(assessment, size, same_state)
    scores, contributing = _dimension_scores(thresholds)
    if contributing < MIN_PEERS:
        return PeerBenchmark(
            size_class=size, state=state, peers=contributing, reason="too_few_peers"
        )
    dimensions = [
        distribution(d.key, scores.get(d.key, []), results.dimension(d.key).score)
        for d in assessment.model.dimensions
    ]
    return PeerBenchmark(size_class=size, state=state, peers=contributing, dimensions=dimensions)
