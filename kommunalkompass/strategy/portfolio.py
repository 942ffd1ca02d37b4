"""What the strategy contributes to the portfolio at ``/o/`` and to the Ablaufplan of many
organisations at once: the states of phases 3, 4 and 5 (decided as ``phases`` decides them
for one organisation), the progress of the measures, their planned costs and the next
measure due.

Every function costs a fixed number of queries whatever the number of organisations; the
counts are ``selectors.tally_of`` and the costs ``priority.total_cost``, the figures the
strategy pages show.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.core.language import content_language
from kommunalkompass.documents.formatting import format_euro
from kommunalkompass.documents.model import NumberFormat
from kommunalkompass.organisations.journey import PhaseState, register_phase_states
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.portfolio import PortfolioCell, register_portfolio_column, shared

from . import roadmap
from .models import Measure, Strategy
from .priority import total_cost
from .selectors import TO_IMPLEMENT, MeasureTally, tally_of


@dataclass(frozen=True)
class StrategyFigures:
    strategy: Strategy
    tally: MeasureTally
    planned_cost: Decimal
    next_due: tuple[datetime.date, Measure] | None


def due_date(strategy: Strategy, measure: Measure) -> datetime.date | None:
    """When a measure is due: its own end date, else the last day of the last quarter of
    its plan (as the implementation dashboard judges it overdue); None without either."""
    if measure.end is not None:
        return measure.end
    found = roadmap.span(strategy, measure)
    if found is None:
        return None
    year, quarter = divmod(found[1], 4)
    year, month = strategy.start_year + year, quarter * 3 + 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _current_strategies(organisations: list[Organisation]) -> dict[int, Strategy]:
    return shared(
        organisations,
        "current_strategies",
        lambda: {
            strategy.organisation_id: strategy
            for strategy in Strategy.objects.filter(organisation__in=organisations, is_current=True)
        },
    )


def strategy_figures(organisations: list[Organisation]) -> dict[int, StrategyFigures]:
    """The current strategy of each organisation with its measure tally, the planned cost
    of the measures to implement and the open measure due first (two queries, once per
    portfolio)."""
    return shared(organisations, "strategy_figures", lambda: _strategy_figures(organisations))


def _strategy_figures(organisations: list[Organisation]) -> dict[int, StrategyFigures]:
    strategies = _current_strategies(organisations)
    by_strategy: dict[int, list[Measure]] = defaultdict(list)
    for measure in Measure.objects.filter(
        strategy_id__in=[strategy.pk for strategy in strategies.values()]
    ).only(
        "pk",
        "strategy_id",
        "number",
        "title",
        "status",
        "start",
        "end",
        "planned_quarter",
        "one_time_cost",
        "annual_cost",
        "duration_quarters",
    ):
        by_strategy[measure.strategy_id].append(measure)
    figures = {}
    for organisation_id, strategy in strategies.items():
        measures = by_strategy.get(strategy.pk, [])
        open_with_end = [
            (due, m)
            for m in measures
            if m.status in (Measure.Status.PLANNED, Measure.Status.IN_PROGRESS)
            and (due := due_date(strategy, m)) is not None
        ]
        figures[organisation_id] = StrategyFigures(
            strategy=strategy,
            tally=tally_of(m.status for m in measures),
            planned_cost=sum(
                (total_cost(m) for m in measures if m.status in TO_IMPLEMENT), Decimal(0)
            ),
            next_due=min(open_with_end, key=lambda item: (item[0], item[1].number), default=None),
        )
    return figures


def strategy_states(organisations: list[Organisation]) -> dict[int, PhaseState]:
    """``phases.strategy_phase``'s state for many organisations (one query)."""
    strategies = _current_strategies(organisations)
    states = {}
    for organisation in organisations:
        strategy = strategies.get(organisation.pk)
        states[organisation.pk] = (
            PhaseState.NOT_STARTED
            if strategy is None
            else PhaseState.DONE
            if strategy.status == Strategy.Status.AGREED
            else PhaseState.IN_PROGRESS
        )
    return states


def implementation_states(organisations: list[Organisation]) -> dict[int, PhaseState]:
    """``phases.implementation_phase``'s state for many organisations (two queries)."""
    figures = strategy_figures(organisations)
    states = {}
    for organisation in organisations:
        found = figures.get(organisation.pk)
        tally = found.tally if found else None
        if tally and tally.to_implement and tally.done == tally.to_implement:
            states[organisation.pk] = PhaseState.DONE
        elif tally and (tally.in_progress or tally.done):
            states[organisation.pk] = PhaseState.IN_PROGRESS
        else:
            states[organisation.pk] = PhaseState.NOT_STARTED
    return states


def reassessment_states(organisations: list[Organisation]) -> dict[int, PhaseState]:
    """``phases.reassessment_phase``'s state for many organisations (three queries): done
    when an assessment other than the starting ones closed after the starting point."""
    strategies = _current_strategies(organisations)
    starting: dict[int, list[int]] = defaultdict(list)
    for strategy_id, assessment_id in Strategy.assessments.through.objects.filter(
        strategy_id__in=[strategy.pk for strategy in strategies.values()]
    ).values_list("strategy_id", "assessment_id"):
        starting[strategy_id].append(assessment_id)
    assessments: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in Assessment.objects.filter(organisation__in=organisations).only(
        "pk", "organisation_id", "status", "closed_at"
    ):
        assessments[assessment.organisation_id].append(assessment)
    states = {}
    for organisation in organisations:
        strategy = strategies.get(organisation.pk)
        if strategy is None:
            states[organisation.pk] = PhaseState.NOT_STARTED
            continue
        own = assessments.get(organisation.pk, [])
        starting_ids = set(starting.get(strategy.pk, []))
        closed_starting = [
            a.closed_at
            for a in own
            if a.pk in starting_ids and a.status == Assessment.Status.CLOSED and a.closed_at
        ]
        since = max(closed_starting) if closed_starting else strategy.created_at
        others = [a for a in own if a.pk not in starting_ids]
        if any(
            a.status == Assessment.Status.CLOSED and a.closed_at and a.closed_at > since
            for a in others
        ):
            states[organisation.pk] = PhaseState.DONE
        elif any(a.status in (Assessment.Status.DRAFT, Assessment.Status.OPEN) for a in others):
            states[organisation.pk] = PhaseState.IN_PROGRESS
        else:
            states[organisation.pk] = PhaseState.NOT_STARTED
    return states


def progress_column(organisations: list[Organisation]) -> dict[int, PortfolioCell]:
    """Measures completed of those to implement (ideas and dropped ones do not count, as in
    the Ablaufplan), sorted by their share (two queries)."""
    cells = {}
    slugs = {organisation.pk: organisation.slug for organisation in organisations}
    for pk, found in strategy_figures(organisations).items():
        tally = found.tally
        cells[pk] = PortfolioCell(
            value=tally.done / tally.to_implement if tally.to_implement else 0.0,
            text=_("%(done)d of %(total)d") % {"done": tally.done, "total": tally.to_implement},
            detail=_("%(count)d in progress") % {"count": tally.in_progress},
            url=reverse("strategy:dashboard", args=[slugs[pk]]),
        )
    return cells


def budget_column(organisations: list[Organisation]) -> dict[int, PortfolioCell]:
    """The planned cost of the measures to implement: one-time plus annual cost over the
    years each runs, as the measure list totals it (two queries)."""
    slugs = {organisation.pk: organisation.slug for organisation in organisations}
    return {
        pk: PortfolioCell(
            value=found.planned_cost,
            text=format_euro(found.planned_cost, 0, content_language()),
            url=reverse("strategy:measures", args=[slugs[pk]]),
        )
        for pk, found in strategy_figures(organisations).items()
    }


def next_due_column(organisations: list[Organisation]) -> dict[int, PortfolioCell]:
    """The planned or running measure whose end date comes first, overdue ones included
    (two queries)."""
    today = timezone.localdate()
    slugs = {organisation.pk: organisation.slug for organisation in organisations}
    cells = {}
    for pk, found in strategy_figures(organisations).items():
        if found.next_due is None:
            continue
        end, measure = found.next_due
        day = date_format(end, "SHORT_DATE_FORMAT")
        cells[pk] = PortfolioCell(
            value=end,
            text=f"{measure.code} {measure.title}",
            detail=(
                _("overdue since %(date)s") % {"date": day}
                if end < today
                else _("due %(date)s") % {"date": day}
            ),
            url=reverse("strategy:measure", args=[slugs[pk], measure.pk]),
        )
    return cells


def register_portfolio() -> None:
    """Called by ``StrategyConfig.ready()``: the batch states of phases 3 to 5 and the
    strategy's columns of the portfolio."""
    register_phase_states("strategy", strategy_states)
    register_phase_states("implementation", implementation_states)
    register_phase_states("reassessment", reassessment_states)
    register_portfolio_column(
        "progress",
        gettext_lazy("Measures completed"),
        progress_column,
        order=30,
        number_format=NumberFormat.PERCENT,
        export_text_label=gettext_lazy("Measures completed of those to implement"),
    )
    register_portfolio_column(
        "budget",
        gettext_lazy("Planned cost"),
        budget_column,
        order=35,
        number_format=NumberFormat.EURO,
    )
    register_portfolio_column(
        "next_due",
        gettext_lazy("Next due"),
        next_due_column,
        order=50,
        number_format=NumberFormat.DATE,
        export_text_label=gettext_lazy("Next due measure"),
    )
