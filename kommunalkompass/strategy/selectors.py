"""Reads of the strategy module, each page a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import Promise

from kommunalkompass.assessments.maturity import recommendations
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.assessments.selectors import assessment_list, assessment_results
from kommunalkompass.audit.selectors import audit_event_list
from kommunalkompass.organisations.models import Organisation

from . import roadmap
from .content import starter_fields
from .models import (
    FieldOfAction,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureUpdate,
    Strategy,
    StrategyPublication,
    Workshop,
    WorkshopAdoption,
    WorkshopCard,
    WorkshopCluster,
    WorkshopParticipant,
    WorkshopVote,
)
from .priority import priority, priority_score, total_cost, weighted_benefit
from .public import PublicFigure, public_figures
from .scheduling import YearLoad
from .trajectory import LABELS, trajectory

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def current_strategy(*, organisation: Organisation) -> Strategy | None:
    return (
        Strategy.objects.for_organisation(organisation)
        .filter(is_current=True)
        .prefetch_related("assessments")
        .first()
    )


def strategy_list(*, organisation: Organisation) -> QuerySet[Strategy]:
    return Strategy.objects.for_organisation(organisation)


def fields_of(strategy: Strategy) -> list[FieldOfAction]:
    return list(strategy.fields.all())


def starter_field_names(*, strategy: Strategy, language: str) -> list[str]:
    """The names (in ``language``) of the starter fields of action the strategy has not
    taken yet, in the order of the starter set."""
    existing = {f.name.lower() for f in strategy.fields.all()}
    return [name for name, _dims in starter_fields(language) if name.lower() not in existing]


def closed_assessments(*, organisation: Organisation) -> QuerySet[Assessment]:
    """The organisation's closed assessments, newest first: what a strategy can start from."""
    return assessment_list(organisation=organisation).filter(status=Assessment.Status.CLOSED)


def assessment_of(*, organisation: Organisation, pk: int | None) -> Assessment | None:
    """The organisation's assessment ``pk``; ``None`` for one of another organisation."""
    if not pk:
        return None
    return assessment_list(organisation=organisation).filter(pk=pk).first()


def goals_with_indicators(strategy: Strategy) -> list[Goal]:
    """Goals with their field, indicators and measured values (three queries)."""
    return list(
        strategy.goals.select_related("field").prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on"))
                ),
            )
        )
    )


@dataclass(frozen=True)
class IndicatorProgress:
    """An indicator with its measured values (oldest first) and its traffic light."""

    indicator: Indicator
    values: list[IndicatorValue]
    state: str  # a key of trajectory.LABELS: on_track, at_risk, off_track, no_data

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def state_label(self) -> Promise:
        return LABELS[self.state]


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    indicators: list[IndicatorProgress]


def goal_progress(*, strategy: Strategy) -> list[GoalProgress]:
    """Each goal of the strategy with its field and its indicators, each with its values and
    its trajectory (three queries): the strategy page, the goals page and the document."""
    rows = []
    for goal in goals_with_indicators(strategy):
        indicators = []
        for indicator in goal.indicators.all():
            values = list(indicator.values.all())
            indicators.append(IndicatorProgress(indicator, values, trajectory(indicator, values)))
        rows.append(GoalProgress(goal, indicators))
    return rows


@dataclass(frozen=True)
class MeasureRow:
    measure: Measure
    benefit: float
    score: float
    priority: str
    cost: Decimal

    @property
    def priority_label(self) -> str:
        return str(Measure.Priority(self.priority).label)


# The columns the measure list can be sorted by (``?sort=cost``, ``?sort=-cost``). Those of
# stored fields are ordered by the database; priority, benefit and cost are figures of
# priority.py, computed once per row, and ordered by them (the measure number breaks ties).
MEASURE_SORTS = (
    "number", "title", "priority", "benefit", "effort", "risk", "cost", "status", "lead",
)  # fmt: skip
_DATABASE_ORDER = {
    "number": ("number",),
    "title": ("title", "number"),
    "effort": ("effort", "number"),
    "risk": ("risk", "number"),
    "status": ("status", "number"),
    "lead": ("lead_department__name", "number"),
}
_PRIORITY_RANK: dict[str, int] = {
    Measure.Priority.HIGH: 0,
    Measure.Priority.MEDIUM: 1,
    Measure.Priority.LOW: 2,
}


@dataclass(frozen=True)
class MeasureLead:
    """Who "my measures" are for: the measures led by the member's department, or naming
    them as the lead person (the lead is a department and a free-text name, not a user)."""

    department_id: int | None
    person: str


def measure_rows(
    *,
    strategy: Strategy,
    field: int | None = None,
    status: str = "",
    department: int | None = None,
    priority_filter: str = "",
    search: str = "",
    lead: MeasureLead | None = None,
    sort: str = "",
) -> list[MeasureRow]:
    """The measures, filtered, ranked by priority and then by priority score, or ordered by
    ``sort`` (a name of ``MEASURE_SORTS``, ``-`` before it for descending). ``search``
    finds the words in the title, description or lead person, or the number (``M07``,
    ``7``); ``lead`` keeps a member's own measures. Three queries whatever the number."""
    measures = strategy.measures.select_related("lead_department").prefetch_related(
        "fields", "depends_on"
    )
    if field:
        measures = measures.filter(fields=field)
    if status:
        measures = measures.filter(status=status)
    if department:
        measures = measures.filter(lead_department=department)
    if search.strip():
        measures = measures.filter(_search(search))
    if lead is not None:
        mine = Q(pk__in=[])
        if lead.department_id:
            mine |= Q(lead_department_id=lead.department_id)
        if lead.person.strip():
            mine |= Q(lead_person__iexact=lead.person.strip())
        measures = measures.filter(mine)
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    if key in _DATABASE_ORDER:
        order = _DATABASE_ORDER[key]
        measures = measures.order_by(*(f"-{name}" for name in order) if descending else order)
    else:
        measures = measures.order_by("number")
    weights = strategy.benefit_weights()
    rows = [
        MeasureRow(
            measure=m,
            benefit=weighted_benefit(m, weights),
            score=priority_score(m, weights),
            priority=priority(m, weights),
            cost=total_cost(m),
        )
        for m in measures
    ]
    if priority_filter:
        rows = [row for row in rows if row.priority == priority_filter]
    if key in _DATABASE_ORDER:
        return rows
    sign = -1 if descending else 1
    if key == "benefit":
        return sorted(rows, key=lambda row: (sign * row.benefit, row.measure.number))
    if key == "cost":
        return sorted(rows, key=lambda row: (sign * row.cost, row.measure.number))
    # By priority (the default): high first, then by priority score; descending, low first.
    return sorted(
        rows,
        key=lambda row: (
            sign * _PRIORITY_RANK[row.priority], -sign * row.score, row.measure.number,
        ),
    )  # fmt: skip


def _search(text: str) -> Q:
    """Every word in the title, the description or the lead person; a word like ``M07`` or
    ``7`` also finds the measure of that number."""
    query = Q()
    for word in text.split()[:10]:
        match = Q(title__icontains=word) | Q(description__icontains=word)
        match |= Q(lead_person__icontains=word)
        digits = word.upper().removeprefix("M")
        if digits.isdigit() and len(digits) <= 5:
            match |= Q(number=int(digits))
        query &= match
    return query


@dataclass(frozen=True)
class MeasureTotals:
    """The planned costs of the measures shown: what a list's totals row says."""

    count: int
    one_time: Decimal
    annual: Decimal
    total: Decimal


def measure_totals(rows: Iterable[MeasureRow]) -> MeasureTotals:
    """The sums of the rows' one-time and annual costs and of their total cost (one-time
    plus annual over the years each runs), from the rows already read."""
    rows = list(rows)
    return MeasureTotals(
        count=len(rows),
        one_time=sum((row.measure.one_time_cost for row in rows), Decimal(0)),
        annual=sum((row.measure.annual_cost for row in rows), Decimal(0)),
        total=sum((row.cost for row in rows), Decimal(0)),
    )


# The measures a strategy means to carry out; ideas are not planned yet and dropped ones
# never will be, so neither counts in "n of m completed".
TO_IMPLEMENT = (Measure.Status.PLANNED, Measure.Status.IN_PROGRESS, Measure.Status.DONE)


@dataclass(frozen=True)
class MeasureTally:
    """How many measures a strategy has in each status, and the figures derived from them.

    The one source of the measure counts on the strategy pages, the implementation
    dashboard and its API answer, the strategy document and the Ablaufplan (phases 3 and 4),
    so that "41 measures" and "9 of 34 completed" are the same measures everywhere."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def to_implement(self) -> int:
        """Planned, in progress or completed: the measures the strategy carries out."""
        return sum(self.counts[status] for status in TO_IMPLEMENT)

    @property
    def done(self) -> int:
        return self.counts[Measure.Status.DONE]

    @property
    def in_progress(self) -> int:
        return self.counts[Measure.Status.IN_PROGRESS]

    @property
    def planned(self) -> int:
        return self.counts[Measure.Status.PLANNED]

    @property
    def ideas(self) -> int:
        return self.counts[Measure.Status.IDEA]

    @property
    def dropped(self) -> int:
        return self.counts[Measure.Status.DROPPED]

    @property
    def by_status(self) -> list[tuple[str, StrOrPromise, int]]:
        """``(status, label, count)`` in the order of the statuses."""
        return [(value, label, self.counts[value]) for value, label in Measure.Status.choices]


def measure_tally(*, strategy: Strategy) -> MeasureTally:
    """The strategy's measures per status (one query)."""
    return tally_of(strategy.measures.values_list("status", flat=True))


def tally_of(statuses: Iterable[str]) -> MeasureTally:
    """The tally of measures with these statuses (for a page that has the measures loaded)."""
    counts = Counter(statuses)
    return MeasureTally({status: counts.get(status, 0) for status in Measure.Status.values})


def measure_counts(*, strategy: Strategy) -> dict[str, int]:
    """Measures per status (one query): ``measure_tally(...).counts``."""
    return measure_tally(strategy=strategy).counts


def measure_of(*, strategy: Strategy, pk: int | None) -> Measure | None:
    """The strategy's measure ``pk``; ``None`` when there is none (or it is another's)."""
    if not pk:
        return None
    return strategy.measures.filter(pk=pk).first()


def measure_detail(*, strategy: Strategy, pk: int) -> Measure:
    return (
        strategy.measures.select_related("lead_department", "source_assessment")
        .prefetch_related("fields", "goals", "depends_on", "dependents", "updates__author")
        .get(pk=pk)
    )


@dataclass(frozen=True)
class BurnUpPoint:
    """One quarter of the burn-up: measures completed by its end, and the scope."""

    label: str  # "Q1 2027"
    completed: int | None  # None for a quarter that has not begun yet
    scope: int


@dataclass(frozen=True)
class Dashboard:
    tally: MeasureTally
    by_status: list[tuple[str, StrOrPromise, int]]  # (status, label, count)
    by_field: list[dict]  # {"field", "counts": {status: n}, "total"}
    years: list[dict]  # {"year", "planned", "spent", "budget"}
    overdue: list[tuple[Measure, str]]  # (measure, planned end), the longest overdue first
    changes: list
    burn_up: list[BurnUpPoint]


def completion_dates(
    measures: Iterable[Measure], reports: Iterable[tuple[int, datetime.date, str]]
) -> dict[int, datetime.date]:
    """When each completed measure was completed: the date of the status report that last set
    it to "completed" (the first of the completed reports after its last other report), else
    its own end date, else the day it was last changed.

    ``reports`` are ``(measure id, reported on, status)`` in the order they were made."""
    reported: dict[int, datetime.date | None] = {}
    for measure_id, reported_on, status in reports:
        if status != Measure.Status.DONE:
            reported[measure_id] = None
        elif reported.get(measure_id) is None:
            reported[measure_id] = reported_on
    dates = {}
    for measure in measures:
        if measure.status != Measure.Status.DONE:
            continue
        found = reported.get(measure.pk)
        dates[measure.pk] = found or measure.end or timezone.localtime(measure.updated_at).date()
    return dates


def burn_up(
    *, strategy: Strategy, measures: list[Measure], completed: dict[int, datetime.date],
    today: datetime.date,
) -> list[BurnUpPoint]:  # fmt: skip
    """Completed measures, counted up quarter by quarter, against the scope (the measures to
    carry out as they stand today: planned, in progress or completed). The quarters run from
    the strategy's first (or the first completion, if earlier) to its last; quarters that have
    not begun have no count of completions."""
    scope = sum(measure.status in TO_IMPLEMENT for measure in measures)
    if not scope:
        return []
    first = min([0, *(roadmap.quarter_index(strategy, day) for day in completed.values())])
    last = strategy.horizon_years * 4 - 1
    current = roadmap.quarter_index(strategy, today)
    by_quarter = Counter(roadmap.quarter_index(strategy, day) for day in completed.values())
    points, done = [], 0
    for index in range(first, last + 1):
        done += by_quarter.get(index, 0)
        points.append(
            BurnUpPoint(
                label=roadmap.quarter_label(strategy, index),
                completed=done if index <= current else None,
                scope=scope,
            )
        )
    return points


def dashboard(*, strategy: Strategy, today: datetime.date) -> Dashboard:
    """Where the implementation stands: a fixed number of queries whatever the size."""
    measures = list(strategy.measures.prefetch_related("fields", "depends_on").order_by("number"))
    tally = measure_tally(strategy=strategy)
    fields: dict[int | None, dict] = {}
    for field in strategy.fields.all():
        fields[field.pk] = {"field": field.name, "counts": Counter(), "total": 0}
    for measure in measures:
        for field in measure.fields.all():
            entry = fields[field.pk]
            entry["counts"][measure.status] += 1
            entry["total"] += 1
    by_field = [
        {**entry, "cells": [entry["counts"].get(v, 0) for v in Measure.Status.values]}
        for entry in fields.values()
    ]
    spent = dict(
        MeasureUpdate.objects.filter(measure__strategy=strategy, spent__isnull=False)
        .annotate(year=ExtractYear("reported_on"))
        .values_list("year")
        .annotate(total=Sum("spent"))
        .order_by()
    )
    loads = roadmap.loads(strategy, measures)
    years = [
        {
            "year": strategy.start_year + load.year,
            "planned": load.cost,
            "budget": load.budget,
            "spent": spent.get(strategy.start_year + load.year, Decimal(0)),
        }
        for load in loads
    ]
    current = roadmap.quarter_index(strategy, today)
    overdue = []
    late_since: dict[int, datetime.date] = {}
    for measure in measures:
        if measure.status not in (Measure.Status.PLANNED, Measure.Status.IN_PROGRESS):
            continue
        found = roadmap.span(strategy, measure)
        late_by_plan = found is not None and found[1] < current
        late_by_date = measure.end is not None and measure.end < today
        if not (late_by_plan or late_by_date):
            continue
        # The measure's own end date, else the last quarter of the plan (late by plan then).
        if measure.end is not None:
            overdue.append((measure, measure.end.isoformat()))
            late_since[measure.pk] = measure.end
        elif found is not None:
            overdue.append((measure, roadmap.quarter_label(strategy, found[1])))
            late_since[measure.pk] = roadmap.quarter_end(strategy, found[1])
    overdue.sort(key=lambda entry: (late_since[entry[0].pk], entry[0].number))
    types = ContentType.objects.filter(app_label="strategy")
    changes = list(
        audit_event_list(organisation=strategy.organisation).filter(content_type__in=types)[:25]
    )
    reports = (
        MeasureUpdate.objects.filter(
            measure__strategy=strategy, measure__status=Measure.Status.DONE
        )
        .order_by("reported_on", "id")
        .values_list("measure_id", "reported_on", "status")
    )
    completed = completion_dates(measures, reports)
    return Dashboard(
        tally=tally,
        by_status=tally.by_status,
        by_field=by_field,
        years=years,
        overdue=overdue,
        changes=changes,
        burn_up=burn_up(strategy=strategy, measures=measures, completed=completed, today=today),
    )


@dataclass(frozen=True)
class PlannedEntry:
    measure: Measure
    start: str  # the first quarter, "Q1 2027"
    end: str  # the last quarter


@dataclass(frozen=True)
class UnplannedEntry:
    measure: Measure
    reason: str  # why it did not fit, in words ('' when none is known)


@dataclass(frozen=True)
class RoadmapOverview:
    """The stored roadmap of a strategy, as its page and its API show it."""

    measures: list[Measure]  # every measure by number, with lead, fields and dependencies
    planned: list[PlannedEntry]  # the active measures with a start, by start and number
    unplanned: list[UnplannedEntry]  # the active measures without one, by number
    loads: list[YearLoad]  # what the plan books per year against the limits
    quarters: list[tuple[int, str]]  # (index, label) of each quarter of the horizon


def roadmap_overview(*, strategy: Strategy) -> RoadmapOverview:
    """The roadmap as stored: a fixed number of queries whatever the number of measures."""
    measures = list(
        strategy.measures.select_related("lead_department")
        .prefetch_related("fields", "depends_on")
        .order_by("number")
    )
    active = [m for m in measures if m.status in roadmap.ACTIVE]
    planned = sorted(
        ((m.planned_quarter, m) for m in active if m.planned_quarter is not None),
        key=lambda entry: (entry[0], entry[1].number),
    )
    return RoadmapOverview(
        measures=measures,
        planned=[
            PlannedEntry(
                measure=m,
                start=roadmap.quarter_label(strategy, quarter),
                end=roadmap.quarter_label(strategy, quarter + m.duration_quarters - 1),
            )
            for quarter, m in planned
        ],
        unplanned=[
            UnplannedEntry(measure=m, reason=roadmap.reason_label(m.unplanned_reason))
            for m in active
            if m.planned_quarter is None
        ],
        loads=roadmap.loads(strategy, measures),
        quarters=[
            (index, roadmap.quarter_label(strategy, index))
            for index in range(strategy.horizon_years * 4)
        ],
    )


ADOPT_DIMENSIONS = 3  # the weakest dimensions whose recommendations are offered


def adoption_offers(*, strategy: Strategy, language: str) -> list[dict]:
    """Per closed assessment the strategy starts from: its weakest dimensions with the
    recommendations for their level, each marked when a measure already adopted it."""
    adopted = set(
        strategy.measures.exclude(recommendation_key="").values_list(
            "recommendation_key", flat=True
        )
    )
    advice = recommendations()
    offers = []
    for assessment in strategy.assessments.filter(status=Assessment.Status.CLOSED):
        results = assessment_results(assessment=assessment)
        # (score, level, dimension) of the scored dimensions, weakest first; a dimension has
        # a level exactly when it has a score.
        weakest = sorted(
            (
                (d.score, d.level, d)
                for d in results.dimensions
                if d.score is not None and d.level is not None
            ),
            key=lambda entry: entry[0],
        )[:ADOPT_DIMENSIONS]
        names = {d.key: d.name.get(language) for d in assessment.model.dimensions}
        offers.append(
            {
                "assessment": assessment,
                "dimensions": [
                    {
                        "name": names[d.key],
                        "score": score,
                        "level": level,
                        "recommendations": [
                            {
                                "key": r.key,
                                "title": r.title.get(language),
                                "description": r.description.get(language),
                                "benefit": r.benefit.get(language),
                                "adopted": r.key in adopted,
                            }
                            for r in advice.for_level(d.key, level)
                        ],
                    }
                    for score, level, d in weakest
                ],
            }
        )
    return offers


def publication_settings(*, organisation: Organisation) -> StrategyPublication:
    """The organisation's publication settings: the saved ones, or an unsaved
    ``StrategyPublication`` with the defaults (not published). A read writes nothing; the
    row is created by ``services.strategy_publication_update``. One query."""
    found = StrategyPublication.objects.for_organisation(organisation).first()
    return found if found is not None else StrategyPublication(organisation=organisation)


@dataclass(frozen=True)
class PublicMeasure:
    """A measure as the public page shows it: no person, no internal scores."""

    measure: Measure
    fields: list[str]  # the names of its fields of action
    timing: str  # "Q1 2027 – Q4 2027", one quarter, or '' when not scheduled
    cost: Decimal | None  # total cost in euro, None unless the publication shows costs


@dataclass(frozen=True)
class PublicStrategy:
    """The current strategy of an organisation that publishes it, as ``/p/<slug>/`` shows
    it. Holds no person: no lead person, participants, authors of reports or audit actors."""

    organisation: Organisation
    publication: StrategyPublication
    strategy: Strategy
    fields: list[FieldOfAction]
    goals: list[GoalProgress]
    measures: list[PublicMeasure]
    tally: MeasureTally
    figures: list[PublicFigure]  # what modules above the strategy add (the OZG share)
    as_of: datetime.date  # the day of the latest change to what the page shows

    @property
    def total_cost(self) -> Decimal | None:
        if not self.publication.show_costs:
            return None
        return sum((m.cost or Decimal(0) for m in self.measures), Decimal(0))


def _timing(strategy: Strategy, measure: Measure) -> str:
    found = roadmap.span(strategy, measure)
    if found is None:
        return ""
    first, last = (roadmap.quarter_label(strategy, index) for index in found)
    return first if first == last else f"{first} – {last}"


def public_strategy(*, slug: str) -> PublicStrategy | None:
    """The published current strategy of the organisation ``slug``; ``None`` when the
    organisation does not exist, does not publish or has no current strategy (the page
    answers the same 404 for each, so that it tells nobody which organisations exist).
    A fixed number of queries whatever the number of goals and measures."""
    publication = (
        StrategyPublication.objects.select_related("organisation")
        .filter(organisation__slug=slug, published=True)
        .first()
    )
    if publication is None:
        return None
    organisation = publication.organisation
    strategy = Strategy.objects.for_organisation(organisation).filter(is_current=True).first()
    if strategy is None:
        return None
    fields = fields_of(strategy)
    goals = goal_progress(strategy=strategy)
    measures = list(strategy.measures.prefetch_related("fields").order_by("number"))
    tally = tally_of(m.status for m in measures)
    rows = [
        PublicMeasure(
            measure=m,
            fields=[f.name for f in m.fields.all()],
            timing=_timing(strategy, m),
            cost=total_cost(m) if publication.show_costs else None,
        )
        for m in measures
    ]
    changed = [strategy.updated_at, publication.updated_at, *(m.updated_at for m in measures)]
    return PublicStrategy(
        organisation=organisation,
        publication=publication,
        strategy=strategy,
        fields=fields,
        goals=goals,
        measures=rows,
        tally=tally,
        figures=public_figures(organisation, publication),
        as_of=timezone.localdate(max(changed)),
    )


# Vision workshops --------------------------------------------------------------------------------


def workshop_list(*, strategy: Strategy) -> QuerySet[Workshop]:
    """The workshops of ``strategy``, the latest first, with their numbers of cards and
    participants (one query)."""
    return (
        Workshop.objects.filter(strategy=strategy)
        .annotate(
            card_count=Count("cards", distinct=True),
            participant_count=Count("participants", distinct=True),
        )
        .order_by("-held_on", "-id")
    )


def workshop_by_token(*, token: str) -> Workshop | None:
    """The workshop behind a join link, with its organisation; None for an unknown one."""
    if not token or len(token) > 43:
        return None
    return Workshop.objects.select_related("organisation", "strategy").filter(token=token).first()


def participant_for(*, workshop: Workshop, secret: str) -> WorkshopParticipant | None:
    """The participant whose browser holds ``secret`` for ``workshop``; None otherwise."""
    if not secret:
        return None
    from .services.workshops import secret_hash

    return WorkshopParticipant.objects.filter(
        workshop=workshop, secret_hash=secret_hash(secret)
    ).first()


@dataclass(frozen=True)
class BoardCard:
    card: WorkshopCard
    votes: int
    mine: int = 0  # the viewing participant's votes on it


@dataclass(frozen=True)
class BoardCluster:
    cluster: WorkshopCluster
    cards: list[BoardCard]
    votes: int  # on the cluster itself
    mine: int = 0

    @property
    def total_votes(self) -> int:
        """The cluster's votes and those of its cards: what ranks it in the result."""
        return self.votes + sum(c.votes for c in self.cards)


@dataclass(frozen=True)
class Board:
    """Everything a workshop's pages show of its wall: clusters with their cards and votes,
    the cards not in a cluster, and the totals. Built in a fixed number of queries, whatever
    the number of cards, so that the presenter view can ask for it every two seconds."""

    workshop: Workshop
    clusters: list[BoardCluster]
    unassigned: list[BoardCard]
    participant_count: int
    voter_count: int
    vote_count: int
    adoptions: list[WorkshopAdoption]

    @property
    def card_count(self) -> int:
        return len(self.unassigned) + sum(len(c.cards) for c in self.clusters)

    @property
    def cards(self) -> list[BoardCard]:
        """Every card, oldest first."""
        return sorted(
            [*self.unassigned, *(card for c in self.clusters for card in c.cards)],
            key=lambda c: (c.card.created_at, c.card.pk),
        )

    @property
    def ranked(self) -> list[BoardCluster]:
        """The clusters, most votes first (then in their order)."""
        return sorted(self.clusters, key=lambda c: -c.total_votes)

    @property
    def votes_possible(self) -> int:
        return self.participant_count * self.workshop.votes_per_participant


def workshop_board(*, workshop: Workshop, participant: WorkshopParticipant | None = None) -> Board:
    """The wall of ``workshop`` (``Board``) in six queries (five without a participant):
    clusters, cards, counts of participants and votes, adoptions, the participant's votes."""
    clusters = list(
        WorkshopCluster.objects.filter(workshop=workshop)
        .annotate(vote_total=Count("votes"))
        .order_by("position", "id")
    )
    cards = list(
        WorkshopCard.objects.filter(workshop=workshop)
        .select_related("author")
        .annotate(vote_total=Count("votes"))
        .order_by("created_at", "id")
    )
    participant_count = WorkshopParticipant.objects.filter(workshop=workshop).count()
    votes = WorkshopVote.objects.filter(workshop=workshop).aggregate(
        total=Count("id"), voters=Count("participant", distinct=True)
    )
    adoptions = list(
        WorkshopAdoption.objects.filter(workshop=workshop).select_related(
            "cluster", "card", "field", "goal", "measure"
        )
    )
    mine: Counter[tuple[str, int]] = Counter()
    if participant is not None:
        for cluster_id, card_id in WorkshopVote.objects.filter(participant=participant).values_list(
            "cluster_id", "card_id"
        ):
            if cluster_id:
                mine["cluster", cluster_id] += 1
            if card_id:
                mine["card", card_id] += 1
    by_cluster: dict[int | None, list[BoardCard]] = {}
    for card in cards:
        by_cluster.setdefault(card.cluster_id, []).append(
            BoardCard(card, card.vote_total, mine["card", card.pk])
        )
    return Board(
        workshop=workshop,
        clusters=[
            BoardCluster(
                cluster,
                by_cluster.get(cluster.pk, []),
                cluster.vote_total,
                mine["cluster", cluster.pk],
            )
            for cluster in clusters
        ],
        unassigned=by_cluster.get(None, []),
        participant_count=participant_count,
        voter_count=votes["voters"],
        vote_count=votes["total"],
        adoptions=adoptions,
    )


def votes_left(*, workshop: Workshop, participant: WorkshopParticipant) -> int:
    """How many votes the participant may still cast."""
    return max(0, workshop.votes_per_participant - participant.votes.count())


def workshop_named_participants(*, workshop: Workshop) -> list[str]:
    """The names of the participants who joined with an account and agreed to be named."""
    return list(
        WorkshopParticipant.objects.filter(workshop=workshop)
        .exclude(name="")
        .order_by("name")
        .values_list("name", flat=True)
    )


def strategy_origins(*, strategy: Strategy) -> list[WorkshopAdoption]:
    """What the strategy took from its workshops, with the workshop (one query)."""
    return list(
        WorkshopAdoption.objects.filter(workshop__strategy=strategy)
        .select_related("workshop", "field", "goal", "measure")
        .order_by("kind", "created_at", "id")
    )


def measure_origins(*, measure: Measure) -> list[WorkshopAdoption]:
    """The workshops a measure came from (one query)."""
    return list(WorkshopAdoption.objects.filter(measure=measure).select_related("workshop"))


@dataclass(frozen=True)
class ProfileRow:
    name: str
    score: float | None
    target: int | None
    gap: float | None


@dataclass(frozen=True)
class WorkshopInput:
    """The starting point a workshop shows: the latest closed assessment of the strategy (or
    else of the organisation), its score per dimension and its largest gaps."""

    assessment: Assessment | None
    profile: list[ProfileRow]
    gaps: list[ProfileRow]


def workshop_input(*, workshop: Workshop, language: str) -> WorkshopInput:
    """The latest closed assessment's profile and its three largest gaps (read once when
    the presenter view opens, not with every poll)."""
    assessment = (
        workshop.strategy.assessments.filter(status=Assessment.Status.CLOSED)
        .order_by("-closed_at", "-id")
        .first()
    ) or (
        Assessment.objects.filter(
            organisation_id=workshop.organisation_id, status=Assessment.Status.CLOSED
        )
        .order_by("-closed_at", "-id")
        .first()
    )
    if assessment is None:
        return WorkshopInput(None, [], [])
    results = assessment_results(assessment=assessment)
    names = {d.key: d.name.get(language) for d in assessment.model.dimensions}
    profile = [
        ProfileRow(names.get(d.key, d.key), d.shown_score, d.target, d.gap)
        for d in results.dimensions
    ]
    gaps = [
        ProfileRow(names.get(d.key, d.key), d.shown_score, d.target, d.gap)
        for d in results.gaps
        if d.gap and d.gap > 0
    ][:3]
    return WorkshopInput(assessment, profile, gaps)
