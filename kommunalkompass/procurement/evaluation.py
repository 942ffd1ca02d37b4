"""The UfAB evaluation engine: pure functions, no database, exact arithmetic.

Input: the bids (a key, performance points L and price P each, and whether an A criterion
excluded it) and the method with its parameters as announced. Output: the ranking with the
full calculation for every bid, so that a page and a document show the same figures.

L = Σ points × weight over the B requirements (points 0–10). Methods:

* ``simple`` – einfache Richtwertmethode: Z = L / P, the highest Z wins.
* ``extended`` – erweiterte Richtwertmethode: the best Z and a tolerance band of
  ``tolerance`` % below it; among the bids inside the band the announced decision criterion
  (``decision``: the highest L or the lowest P) wins. The others follow by Z.
* ``weighted`` – gewichtete Richtwertmethode: Z = G_L · L / L_ref + G_P · P_ref / P with
  G_L + G_P = 1, the references being the mean or the median of the admitted bids, or
  values announced in advance (``reference``). The mean variant is advised against: a third
  bid can change which of two others is ahead.
* ``price_points`` – L plus price points PP, with ``formula``:
  ``ratio`` PP = max · Pmin / P; ``difference`` PP = max · (2 − P / Pmin) (not below 0);
  ``linear`` PP = max · (Pmax − P) / (Pmax − Pmin).

All arithmetic is on ``fractions.Fraction``: scaling every price by one factor leaves the
ranking exactly as it was, and equal bids are equal, not different in the 15th digit.
Ties are ordered by the bid's key, so the ranking does not depend on the order of input.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Literal

Method = Literal["simple", "extended", "weighted", "price_points"]
Decision = Literal["performance", "price"]
Reference = Literal["mean", "median", "value"]
Formula = Literal["ratio", "difference", "linear"]

METHODS: tuple[Method, ...] = ("simple", "extended", "weighted", "price_points")
MAX_POINTS = 10


class EvaluationError(ValueError):
    """Parameters or bids the method cannot evaluate; ``field`` names where."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Parameters:
    method: Method = "simple"
    tolerance: Fraction = Fraction(0)  # percent, extended method
    decision: Decision = "performance"
    reference: Reference = "median"
    weight_performance: Fraction = Fraction(1, 2)  # G_L
    weight_price: Fraction = Fraction(1, 2)  # G_P
    reference_performance: Fraction | None = None  # L_ref when reference == "value"
    reference_price: Fraction | None = None  # P_ref when reference == "value"
    formula: Formula = "ratio"
    max_price_points: Fraction = Fraction(100)

    def check(self) -> None:
        """Raise ``EvaluationError`` naming the parameter that does not fit the method."""
        if self.method not in METHODS:
            raise EvaluationError("method", f"unknown method {self.method!r}")
        if self.method == "extended" and not 0 <= self.tolerance <= 100:
            raise EvaluationError("tolerance", "the tolerance band lies between 0 and 100 %")
        if self.method == "weighted":
            if self.weight_performance < 0 or self.weight_price < 0:
                raise EvaluationError("weight_performance", "weights cannot be negative")
            if self.weight_performance + self.weight_price != 1:
                raise EvaluationError(
                    "weight_price", "the weights for performance and price must add up to 1"
                )
            if self.reference == "value" and not (
                self.reference_performance
                and self.reference_price
                and self.reference_performance > 0
                and self.reference_price > 0
            ):
                raise EvaluationError(
                    "reference_price", "reference values for performance and price above 0"
                )
        if self.method == "price_points" and self.max_price_points <= 0:
            raise EvaluationError("max_price_points", "the price points need a maximum above 0")

    @property
    def warns(self) -> bool:
        """True for the mean variant, which the federal guide advises against."""
        return self.method == "weighted" and self.reference == "mean"


@dataclass(frozen=True)
class BidFigures:
    key: str
    performance: Fraction  # L
    price: Fraction  # P
    excluded: bool = False


@dataclass(frozen=True)
class Line:
    """One bid in the ranking: its figures, each term of its calculation, its rank."""

    key: str
    performance: Fraction
    price: Fraction
    excluded: bool
    score: Fraction | None = None  # Z, or L + PP; None when excluded
    terms: dict[str, Fraction] = field(default_factory=dict)
    rank: int | None = None
    in_band: bool | None = None  # extended method


@dataclass(frozen=True)
class Ranking:
    parameters: Parameters
    lines: tuple[Line, ...]  # ranked first, then the excluded ones
    references: dict[str, Fraction] = field(default_factory=dict)
    band_floor: Fraction | None = None

    @property
    def winner(self) -> Line | None:
        return self.lines[0] if self.lines and self.lines[0].rank == 1 else None

    def order(self) -> list[str]:
        return [line.key for line in self.lines if line.rank is not None]


def performance_points(scores: Iterable[tuple[int, int]]) -> Fraction:
    """L = Σ points × weight for (points, weight) pairs; points must lie in 0–10."""
    total = Fraction(0)
    for points, weight in scores:
        if not 0 <= points <= MAX_POINTS:
            raise EvaluationError("points", f"points lie between 0 and {MAX_POINTS}, not {points}")
        total += Fraction(points) * Fraction(weight)
    return total


def _median(values: Sequence[Fraction]) -> Fraction:
    return Fraction(statistics.median(values))


def rank(bids: Sequence[BidFigures], parameters: Parameters) -> Ranking:
    """The ranking of ``bids`` under ``parameters`` with every bid's calculation.

    Raises ``EvaluationError`` for a price not above 0, a negative L, two bids with the
    same key, or parameters that do not fit the method.
    """
    parameters.check()
    keys = [bid.key for bid in bids]
    if len(set(keys)) != len(keys):
        raise EvaluationError("bids", "two bids have the same name")
    for bid in bids:
        if bid.price <= 0:
            raise EvaluationError("price", f"{bid.key}: the price must be above 0")
        if bid.performance < 0:
            raise EvaluationError("performance", f"{bid.key}: performance points below 0")
    admitted = sorted((b for b in bids if not b.excluded), key=lambda b: b.key)
    excluded = [
        Line(b.key, b.performance, b.price, True) for b in sorted(bids, key=lambda b: b.key)
        if b.excluded
    ]  # fmt: skip
    if not admitted:
        return Ranking(parameters, tuple(excluded))
    references: dict[str, Fraction] = {}
    band_floor = None
    method = parameters.method
    if method in ("simple", "extended"):
        lines = [
            Line(b.key, b.performance, b.price, False, b.performance / b.price,
                 {"L": b.performance, "P": b.price, "Z": b.performance / b.price})
            for b in admitted
        ]  # fmt: skip
    elif method == "weighted":
        references = _references(admitted, parameters)
        lines = []
        for b in admitted:
            part_l = parameters.weight_performance * b.performance / references["L_ref"]
            part_p = parameters.weight_price * references["P_ref"] / b.price
            lines.append(
                Line(b.key, b.performance, b.price, False, part_l + part_p,
                     {"L": b.performance, "P": b.price, "G_L·L/L_ref": part_l,
                      "G_P·P_ref/P": part_p, "Z": part_l + part_p})
            )  # fmt: skip
    else:
        p_min = min(b.price for b in admitted)
        p_max = max(b.price for b in admitted)
        references = {"P_min": p_min, "P_max": p_max}
        lines = []
        for b in admitted:
            pp = _price_points(b.price, p_min, p_max, parameters)
            lines.append(
                Line(b.key, b.performance, b.price, False, b.performance + pp,
                     {"L": b.performance, "P": b.price, "PP": pp, "L+PP": b.performance + pp})
            )  # fmt: skip
    ordered = sorted(lines, key=lambda line: (-(line.score or 0), line.key))
    if method == "extended":
        best = ordered[0].score or Fraction(0)
        band_floor = best * (1 - parameters.tolerance / 100)
        inside = [line for line in ordered if (line.score or 0) >= band_floor]
        outside = [line for line in ordered if (line.score or 0) < band_floor]
        if parameters.decision == "performance":
            inside.sort(key=lambda line: (-line.performance, line.price, line.key))
        else:
            inside.sort(key=lambda line: (line.price, -line.performance, line.key))
        ordered = [replace(line, in_band=True) for line in inside] + [
            replace(line, in_band=False) for line in outside
        ]
    ranked = [replace(line, rank=position) for position, line in enumerate(ordered, start=1)]
    return Ranking(parameters, (*ranked, *excluded), references, band_floor)


def _references(admitted: Sequence[BidFigures], parameters: Parameters) -> dict[str, Fraction]:
    if parameters.reference == "value":
        assert parameters.reference_performance and parameters.reference_price  # noqa: S101 (checked)
        return {"L_ref": parameters.reference_performance, "P_ref": parameters.reference_price}
    performances = [b.performance for b in admitted]
    prices = [b.price for b in admitted]
    if parameters.reference == "mean":
        l_ref = sum(performances, Fraction(0)) / len(performances)
        p_ref = sum(prices, Fraction(0)) / len(prices)
    else:
        l_ref, p_ref = _median(performances), _median(prices)
    if l_ref <= 0:
        raise EvaluationError("reference", "the reference performance is 0; no bid scored")
    return {"L_ref": l_ref, "P_ref": p_ref}


def _price_points(
    price: Fraction, p_min: Fraction, p_max: Fraction, params: Parameters
) -> Fraction:
    top = params.max_price_points
    if params.formula == "ratio":
        return top * p_min / price
    if params.formula == "difference":
        return max(Fraction(0), top * (2 - price / p_min))
    if p_max == p_min:
        return top
    return top * (p_max - price) / (p_max - p_min)


# Sensitivity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Margin:
    """How far one input must move, alone, for the winner to lose first place.

    ``current`` is the input's value, ``needed`` the value at which the winner is no longer
    first (None: no value in the allowed range changes the ranking), ``runner_up`` the bid
    that would then be first.
    """

    label: str
    current: Fraction
    needed: Fraction | None
    runner_up: str | None = None

    @property
    def change(self) -> Fraction | None:
        return None if self.needed is None else self.needed - self.current


@dataclass(frozen=True)
class ScoreInput:
    """What a bid's L is made of: points per requirement key, and each requirement's weight."""

    points: dict[str, dict[str, int]]  # bid key → requirement key → points
    weights: dict[str, int]  # requirement key → weight


def _figures(bids: Sequence[BidFigures], scores: ScoreInput) -> list[BidFigures]:
    return [
        replace(
            bid,
            performance=performance_points(
                (scores.points.get(bid.key, {}).get(req, 0), weight)
                for req, weight in scores.weights.items()
            ),
        )
        for bid in bids
    ]


def _winner(figures: list[BidFigures], parameters: Parameters) -> str | None:
    ranking = rank(figures, parameters)
    return ranking.winner.key if ranking.winner else None


def sensitivity(
    bids: Sequence[BidFigures],
    scores: ScoreInput,
    parameters: Parameters,
    *,
    max_weight: int = 100,
) -> list[Margin]:
    """For the winner: for each requirement weight, and for each point score of the winner
    and of the runner-up, the nearest value (whole points and weights, within their ranges)
    at which the winner would no longer be first. A small distance is a narrow award.

    L is linear in every weight and every score, so each variant changes the bids' L by
    the difference alone instead of summing all scores again."""
    figures = _figures(bids, scores)
    base = rank(figures, parameters)
    if base.winner is None or len([line for line in base.lines if line.rank]) < 2:
        return []
    winner = base.winner.key
    runner = base.lines[1].key

    def points_of(bid_key: str, requirement: str) -> int:
        return scores.points.get(bid_key, {}).get(requirement, 0)

    margins: list[Margin] = []
    for requirement, weight in scores.weights.items():

        def with_weight(value: int, requirement: str = requirement, weight: int = weight):
            return _winner(
                [replace(f, performance=f.performance
                         + points_of(f.key, requirement) * Fraction(value - weight))
                 for f in figures],
                parameters,
            )  # fmt: skip

        needed, other = _search(weight, range(0, max_weight + 1), with_weight, winner)
        margins.append(Margin(f"weight:{requirement}", Fraction(weight), needed, other))
    for bid_key in (winner, runner):
        for requirement, weight in scores.weights.items():
            current = points_of(bid_key, requirement)

            def with_points(value: int, bid_key=bid_key, weight=weight, current=current):
                return _winner(
                    [replace(f, performance=f.performance + Fraction((value - current) * weight))
                     if f.key == bid_key else f for f in figures],
                    parameters,
                )  # fmt: skip

            needed, other = _search(current, range(0, MAX_POINTS + 1), with_points, winner)
            margins.append(
                Margin(f"points:{bid_key}:{requirement}", Fraction(current), needed, other)
            )
    return margins


def _search(current, values, winner_with, winner) -> tuple[Fraction | None, str | None]:
    """The value nearest to ``current`` under which someone else wins (ties: the lower)."""
    candidates = sorted((v for v in values if v != current), key=lambda v: (abs(v - current), v))
    for value in candidates:
        other = winner_with(value)
        if other != winner:
            return Fraction(value), other
    return None, None
