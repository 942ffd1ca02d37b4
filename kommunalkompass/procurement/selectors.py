"""Reads of the procurement module. ``evaluation_result`` is the one source of the ranking,
its calculation and the sensitivity: the page, the evaluation report and the API read it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommunalkompass.organisations.models import Organisation

from . import catalogs
from . import evaluation as engine
from .models import (
    Bid,
    BidAnswer,
    Evaluation,
    Exclusion,
    Procurement,
    Requirement,
    Score,
    SignOff,
    SpecificationVersion,
)
from .services import parameters_of


def procurement_list(*, organisation: Organisation) -> QuerySet[Procurement]:
    """The organisation's procurements, newest first, with their counts of versions and bids."""
    return (
        Procurement.objects.for_organisation(organisation)
        .annotate(
            version_count=Count("versions", distinct=True),
            bid_count=Count("bids", distinct=True),
            published_count=Count(
                "versions", filter=Q(versions__status="published"), distinct=True
            ),
        )
        .select_related("evaluation")
        .order_by("-created_at", "-pk")
    )


def latest_specification(*, procurement: Procurement) -> SpecificationVersion | None:
    """The newest version, draft or published."""
    return procurement.versions.order_by("-number").first()


def published_specification(*, procurement: Procurement) -> SpecificationVersion | None:
    """The newest published version: the one bids answer and the evaluation scores."""
    return (
        procurement.versions.filter(status=SpecificationVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )


def draft_specification(*, procurement: Procurement) -> SpecificationVersion | None:
    return procurement.versions.filter(status=SpecificationVersion.Status.DRAFT).first()


@dataclass(frozen=True)
class RequirementGroup:
    title: str
    non_functional: bool
    requirements: list[Requirement]


def requirement_groups(
    *, specification: SpecificationVersion, language: str = "de"
) -> list[RequirementGroup]:
    """The version's requirements by group, in their order (one query); each carries
    ``display_text``, the English text for ``language`` "en" where there is one."""
    groups: dict[str, RequirementGroup] = {}
    for requirement in specification.requirements.order_by("position", "pk"):
        requirement.display_text = (  # type: ignore[attr-defined]
            requirement.text_en if language == "en" and requirement.text_en else requirement.text
        )
        group = groups.get(requirement.group)
        if group is None:
            group = groups[requirement.group] = RequirementGroup(
                requirement.group, requirement.non_functional, []
            )
        group.requirements.append(requirement)
    return list(groups.values())


def specification_totals(*, specification: SpecificationVersion) -> dict[str, int]:
    """Counts of A and B requirements and the sum of the B weights."""
    counts = {"A": 0, "B": 0, "weight": 0}
    for kind, weight in specification.requirements.values_list("kind", "weight"):
        counts[kind] += 1
        counts["weight"] += weight if kind == "B" else 0
    return counts


@dataclass(frozen=True)
class ProcedureHint:
    value: Decimal
    threshold: catalogs.Threshold | None
    above: bool | None
    text: str
    legal_basis: str = ""


def procedure_hint(*, procurement: Procurement, day: datetime.date, language: str) -> ProcedureHint:
    """Which kind of procedure the estimated value points to: a hint, not legal advice."""
    data = catalogs.load_thresholds()
    threshold = catalogs.threshold_on(day)
    if threshold is None:
        return ProcedureHint(
            procurement.estimated_value, None, None, data.not_covered.get(language)
        )
    above = procurement.estimated_value >= threshold.amount
    text = (data.above if above else data.below).get(language)
    return ProcedureHint(
        procurement.estimated_value, threshold, above, text, threshold.legal_basis.get(language)
    )


def evb_it_type(key: str) -> catalogs.EvbItType | None:
    return next((t for t in catalogs.load_evb_it().types if t.key == key), None)


def bids_of(*, procurement: Procurement) -> QuerySet[Bid]:
    """Every bid of the procurement with its prices and version."""
    return (
        procurement.bids.select_related("specification")
        .prefetch_related("prices__lot")
        .order_by("bidder")
    )


def bid_total(bid: Bid) -> Decimal:
    return sum((price.price for price in bid.prices.all()), Decimal(0))


def bid_answers(*, bid: Bid) -> QuerySet[BidAnswer]:
    return bid.answers.select_related("requirement").order_by("requirement__position")


# The evaluation -------------------------------------------------------------------------------


@dataclass
class BidRow:
    bid: Bid
    price: Decimal
    performance: Fraction
    excluded: Exclusion | None
    a_not_fulfilled: list[str]  # keys of A requirements the bidder answered "no"
    points: dict[int, int]  # requirement id → points
    missing: list[str]


@dataclass(frozen=True)
class MarginRow:
    what: str
    current: Fraction
    needed: Fraction | None
    runner_up: str | None

    @property
    def change(self) -> Fraction | None:
        return None if self.needed is None else self.needed - self.current


@dataclass
class EvaluationResult:
    procurement: Procurement
    evaluation: Evaluation | None
    specification: SpecificationVersion | None
    b_requirements: list[Requirement] = field(default_factory=list)
    a_requirements: list[Requirement] = field(default_factory=list)
    rows: list[BidRow] = field(default_factory=list)
    other_version_bids: list[Bid] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    parameters: engine.Parameters | None = None
    ranking: engine.Ranking | None = None
    error: str = ""
    margins: list[MarginRow] = field(default_factory=list)
    signoffs: list[SignOff] = field(default_factory=list)

    @property
    def warns_mean(self) -> bool:
        return bool(self.parameters and self.parameters.warns)

    @property
    def complete(self) -> bool:
        return self.ranking is not None and not self.missing and not self.error

    def row_for(self, key: str) -> BidRow | None:
        return next((row for row in self.rows if row.bid.bidder == key), None)

    @property
    def ranked(self) -> list[tuple[engine.Line, BidRow]]:
        if self.ranking is None:
            return []
        return [(line, row) for line in self.ranking.lines
                if (row := self.row_for(line.key)) is not None]  # fmt: skip


def evaluation_result(
    *, procurement: Procurement, with_sensitivity: bool = True
) -> EvaluationResult:
    """The evaluation of the procurement's bids on its newest published version: each bid's
    L (Σ points × weight), P (sum of its lot prices), exclusions, missing points, the ranking
    by the announced method with every term, and for the winner the sensitivity."""
    evaluation = Evaluation.objects.filter(procurement=procurement).first()
    specification = published_specification(procurement=procurement)
    result = EvaluationResult(procurement, evaluation, specification)
    if specification is None:
        return result
    requirements = list(specification.requirements.order_by("position", "pk"))
    result.b_requirements = [r for r in requirements if r.kind == Requirement.Kind.B]
    result.a_requirements = [r for r in requirements if r.kind == Requirement.Kind.A]
    a_keys = {r.pk: r.key for r in result.a_requirements}
    bids = list(
        procurement.bids.select_related("specification")
        .prefetch_related(
            "prices",
            Prefetch("answers", queryset=BidAnswer.objects.filter(fulfilled=False),
                     to_attr="negative_answers"),
        )
        .order_by("bidder")
    )  # fmt: skip
    points: dict[int, dict[int, int]] = defaultdict(dict)
    exclusions: dict[int, Exclusion] = {}
    if evaluation is not None:
        for bid_id, requirement_id, value in Score.objects.filter(
            evaluation=evaluation
        ).values_list("bid_id", "requirement_id", "points"):
            points[bid_id][requirement_id] = value
        exclusions = {
            e.bid_id: e for e in evaluation.exclusions.select_related("requirement", "bid")
        }
        result.signoffs = list(evaluation.signoffs.all())
    for bid in bids:
        if bid.specification_id != specification.pk:
            result.other_version_bids.append(bid)
            continue
        own = points.get(bid.pk, {})
        missing = [r.key for r in result.b_requirements if r.pk not in own]
        row = BidRow(
            bid=bid,
            price=sum((p.price for p in bid.prices.all()), Decimal(0)),
            performance=sum(
                (Fraction(own[r.pk]) * r.weight for r in result.b_requirements if r.pk in own),
                Fraction(0),
            ),
            excluded=exclusions.get(bid.pk),
            a_not_fulfilled=[
                a_keys[a.requirement_id] for a in bid.negative_answers if a.requirement_id in a_keys
            ],  # fmt: skip
            points=own,
            missing=missing,
        )
        result.rows.append(row)
        if row.excluded is None and missing:
            result.missing.append(f"{bid.bidder}: {', '.join(missing)}")
    if evaluation is None:
        return result
    try:
        result.parameters = parameters_of(evaluation.method, evaluation.parameters)
        if result.missing:
            return result
        figures = [
            engine.BidFigures(row.bid.bidder, row.performance, Fraction(row.price),
                              row.excluded is not None)
            for row in result.rows
        ]  # fmt: skip
        result.ranking = engine.rank(figures, result.parameters)
        if with_sensitivity and result.ranking.winner is not None:
            result.margins = _margins(result, figures)
    except engine.EvaluationError as error:
        result.error = str(error)
        result.ranking = None
    return result


def _margins(result: EvaluationResult, figures: list[engine.BidFigures]) -> list[MarginRow]:
    assert result.parameters is not None  # noqa: S101 (set by the caller)
    by_key = {r.key: r for r in result.b_requirements}
    scores = engine.ScoreInput(
        points={
            row.bid.bidder: {r.key: row.points[r.pk] for r in result.b_requirements
                             if r.pk in row.points}
            for row in result.rows
        },
        weights={r.key: r.weight for r in result.b_requirements},
    )  # fmt: skip
    rows = []
    for margin in engine.sensitivity(figures, scores, result.parameters):
        parts = margin.label.split(":")
        if parts[0] == "weight":
            what = _("Weight of %(key)s") % {"key": parts[1]}
        else:
            what = _("Points of %(bidder)s for %(key)s") % {"bidder": parts[1], "key": parts[2]}
        if parts[-1] in by_key:
            rows.append(MarginRow(what, margin.current, margin.needed, margin.runner_up))
    # The narrowest first: the inputs whose smallest change would change the award.
    rows.sort(key=lambda m: (m.needed is None, abs(m.change) if m.change is not None else 0))
    return rows


def measure_procurements(*, measure: Any) -> list[Procurement]:
    """The procurements serving a strategy measure (one query)."""
    return list(measure.procurements.order_by("title"))


def phase_facts(organisation: Organisation) -> list[str]:
    """For the Ablaufplan's implementation phase: how many procurements and how many are
    awarded (signed off), one query."""
    rows = list(
        Procurement.objects.for_organisation(organisation).values_list(
            "evaluation__status", flat=True
        )
    )
    if not rows:
        return []
    signed = sum(1 for status in rows if status == Evaluation.Status.SIGNED)
    return [
        ngettext(
            "Procurement: %(count)d tender, %(signed)d evaluated and signed off",
            "Procurement: %(count)d tenders, %(signed)d evaluated and signed off",
            len(rows),
        )
        % {"count": len(rows), "signed": signed}
    ]
