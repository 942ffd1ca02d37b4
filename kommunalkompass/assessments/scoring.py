"""How an assessment is scored (docs/scoring.md); pure functions, pinned by tests.

Input is one row per respondent and dimension with the weighted sum and the sum of
weights of the levels the respondent gave there ("weiß nicht" left out), or, as the
aggregate query returns it, those rows counted: how many respondents of a group and
department gave the same sums in a dimension. Both give the same floats, as
``statistics.fmean`` and ``statistics.pstdev`` of the respondents' scores would. Nothing
here reads the database.
"""

from __future__ import annotations

import math
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

PERSPECTIVE_GAP_FLAG = 1.0
SCORE_DECIMALS = 1  # every score, and every figure on its scale, is shown with one decimal
_STEP = Decimal(1).scaleb(-SCORE_DECIMALS)


def _shown(value: float) -> Decimal:
    # Half up on the float's shortest decimal text: how documents.formatting.format_number
    # and Django's floatformat round it, so the computed value is the one printed.
    return Decimal(repr(value)).quantize(_STEP, rounding=ROUND_HALF_UP)


def shown_score(value: float | None) -> float | None:
    """A score (or a gap, difference or mean on its scale) as every output shows it: rounded
    half up to one decimal. Level, gap, perspective gap, overall score and the change
    between two assessments are computed from the shown scores, so that what a reader sees
    adds up (docs/scoring.md, "What is shown")."""
    return None if value is None else float(_shown(value))


def score_difference(minuend: float | None, subtrahend: float | None) -> float | None:
    """``minuend − subtrahend`` of the two shown scores, exact in decimal (2.6 − 2.3 = 0.3,
    whatever the unrounded scores were)."""
    if minuend is None or subtrahend is None:
        return None
    return float(_shown(minuend) - _shown(subtrahend))


@dataclass(frozen=True)
class ScoreRow:
    """One respondent's answers in one dimension."""

    response_id: int
    group: str
    department_id: int | None
    dimension: str
    weighted_sum: float
    weight_sum: float

    @property
    def score(self) -> float:
        """The respondent's dimension score: weighted mean of the levels they gave."""
        return self.weighted_sum / self.weight_sum


@dataclass(frozen=True)
class ScoreCount:
    """How many respondents of one group and department gave, in one dimension, levels with
    the same weighted sum and sum of weights (and so the same score)."""

    group: str
    department_id: int | None
    dimension: str
    weighted_sum: float
    weight_sum: float
    respondents: int

    @property
    def score(self) -> float:
        """The dimension score of each of these respondents."""
        return self.weighted_sum / self.weight_sum


@dataclass(frozen=True)
class Cell:
    """One breakdown cell (a group or a department) of one dimension."""

    respondents: int
    score: float | None
    suppressed: bool

    @property
    def shown_score(self) -> float | None:
        return shown_score(self.score)


@dataclass(frozen=True)
class DimensionResult:
    key: str
    respondents: int
    score: float | None
    level: int | None
    spread: float | None
    suppressed: bool
    target: int | None
    gap: float | None
    groups: dict[str, Cell]
    departments: dict[int, Cell]
    perspective_gap: float | None

    @property
    def shown_score(self) -> float | None:
        """The score as pages, the API and documents show it; ``level`` is its floor."""
        return shown_score(self.score)

    @property
    def perspectives_differ(self) -> bool:
        return self.perspective_gap is not None and self.perspective_gap >= PERSPECTIVE_GAP_FLAG


@dataclass(frozen=True)
class Results:
    respondents: int
    threshold: int
    score: float | None
    level: int | None
    dimensions: list[DimensionResult] = field(default_factory=list)
    group_respondents: dict[str, int] = field(default_factory=dict)

    @property
    def shown_score(self) -> float | None:
        return shown_score(self.score)

    def dimension(self, key: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.key == key)

    @property
    def gaps(self) -> list[DimensionResult]:
        """Dimensions with a target, the largest gap first."""
        return sorted((d for d in self.dimensions if d.gap is not None), key=lambda d: -d.gap)


def level_of(score: float | None) -> int | None:
    """Level = floor of the shown score, within 1–5: 1.96 is shown as 2.0 and is level 2,
    1.94 is shown as 1.9 and is level 1."""
    if score is None:
        return None
    return max(1, min(5, int(_shown(score).to_integral_value(rounding=ROUND_FLOOR))))


def suppressed_keys(counts: dict, threshold: int) -> set:
    """Cells to hide: those below the threshold, and as many of the smallest others as it
    takes for the hidden cells together to reach the threshold, so that no small cell can
    be recovered by subtracting the shown ones from the total."""
    populated = {key: n for key, n in counts.items() if n > 0}
    hidden = {key for key, n in populated.items() if n < threshold}
    if not hidden:
        return hidden
    shown = sorted((n, str(key), key) for key, n in populated.items() if key not in hidden)
    while sum(populated[key] for key in hidden) < threshold and shown:
        hidden.add(shown.pop(0)[2])
    return hidden


# Scores with their number of respondents: ``[(score, n), ...]``.
Counted = list[tuple[float, int]]


def _exact_sums(scores: Counted) -> tuple[int, Fraction, Fraction]:
    """The number of respondents and the exact sum and sum of squares of their scores.

    Every float is a fraction with a power of two below, so the sums are kept as integers
    per denominator and become fractions once (as ``statistics`` does it)."""
    count = 0
    sums: dict[int, int] = defaultdict(int)
    squares: dict[int, int] = defaultdict(int)
    for score, n in scores:
        numerator, denominator = score.as_integer_ratio()
        count += n
        sums[denominator] += numerator * n
        squares[denominator] += numerator * numerator * n
    total = sum((Fraction(s, d) for d, s in sums.items()), Fraction(0))
    total_of_squares = sum((Fraction(s, d * d) for d, s in squares.items()), Fraction(0))
    return count, total, total_of_squares


def mean_of(scores: Counted) -> float:
    """The mean score: ``statistics.fmean`` of the scores each repeated n times, to the bit.

    fmean divides ``math.fsum`` (the exact sum, rounded once) by the number; so does this.
    """
    count, total, _squares = _exact_sums(scores)
    return float(total) / count


# Bits kept before the final rounding of a square root (two float mantissas and three).
_SQRT_BITS = 2 * sys.float_info.mant_dig + 3


def _root_to_odd(n: int, m: int) -> int:
    """The integer square root of n/m, made odd when it is not exact ("round to odd")."""
    root = math.isqrt(n // m)
    return root | (root * root * m != n)


def _sqrt_of_fraction(value: Fraction) -> float:
    """The square root of ``value`` (≥ 0), correctly rounded to a float.

    The root of the value scaled to 109 bits, rounded to odd, rounds correctly in the one
    conversion that makes it a float; ``statistics.pstdev`` rounds the same way."""
    n, m = value.numerator, value.denominator
    shift = (n.bit_length() - m.bit_length() - _SQRT_BITS) // 2
    if shift >= 0:
        return float(_root_to_odd(n, m << 2 * shift) << shift)
    return _root_to_odd(n << -2 * shift, m) / (1 << -shift)


def spread_of(scores: Counted) -> float:
    """Population standard deviation: ``statistics.pstdev`` of the scores each repeated n
    times, to the bit (the correctly rounded root of the exact variance)."""
    count, total, squares = _exact_sums(scores)
    return _sqrt_of_fraction((count * squares - total * total) / (count * count))


def _cells(scores_by_key: dict[object, Counted], threshold: int) -> dict:
    counts = {key: sum(n for _score, n in scores) for key, scores in scores_by_key.items()}
    hidden = suppressed_keys(counts, threshold)
    return {
        key: Cell(
            respondents=counts[key],
            score=None if key in hidden or not counts[key] else mean_of(scores),
            suppressed=key in hidden,
        )
        for key, scores in scores_by_key.items()
    }


def score_assessment(
    rows: Iterable[ScoreRow | ScoreCount],
    *,
    dimensions: Sequence[str],
    groups: Sequence[str],
    threshold: int,
    targets: dict[str, int] | None = None,
    respondents: int | None = None,
    group_respondents: dict[str, int] | None = None,
) -> Results:
    """Score every dimension, its groups and departments, and the whole assessment.

    ``rows`` are per respondent (``ScoreRow``) or counted (``ScoreCount``); with counted
    rows ``respondents`` must be given, as they do not tell who answered in several
    dimensions.
    """
    targets = targets or {}
    # Per dimension: (group, department, score, number of respondents).
    by_dimension: dict[str, list[tuple[str, int | None, float, int]]] = defaultdict(list)
    all_ids: set[int] = set()
    for row in rows:
        if isinstance(row, ScoreRow):
            all_ids.add(row.response_id)
            n = 1
        else:
            if respondents is None:
                raise ValueError("Counted rows need the number of respondents.")
            n = row.respondents
        if row.weight_sum > 0:
            by_dimension[row.dimension].append((row.group, row.department_id, row.score, n))
    results = []
    for key in dimensions:
        dimension_rows = by_dimension.get(key, [])
        count = sum(n for _group, _department, _score, n in dimension_rows)
        suppressed = count < threshold
        all_scores = [(score, n) for _group, _department, score, n in dimension_rows]
        score = None if suppressed or not count else mean_of(all_scores)
        by_group: dict[str, Counted] = {group: [] for group in groups}
        by_department: dict[int, Counted] = defaultdict(list)
        for group, department_id, respondent_score, n in dimension_rows:
            by_group.setdefault(group, []).append((respondent_score, n))
            if department_id is not None:
                by_department[department_id].append((respondent_score, n))
        group_cells = (
            _cells(by_group, threshold)
            if not suppressed
            else {
                group: Cell(sum(n for _s, n in scores), None, True)
                for group, scores in by_group.items()
            }
        )
        department_cells = (
            _cells(dict(by_department), threshold)
            if not suppressed
            else {
                department: Cell(sum(n for _s, n in scores), None, True)
                for department, scores in by_department.items()
            }
        )
        shown = [cell.score for cell in group_cells.values() if cell.score is not None]
        highest = max(shown, key=_shown) if shown else None
        lowest = min(shown, key=_shown) if shown else None
        target = targets.get(key)
        results.append(
            DimensionResult(
                key=key,
                respondents=count,
                score=score,
                level=level_of(score),
                spread=spread_of(all_scores) if score is not None else None,
                suppressed=suppressed,
                target=target,
                gap=score_difference(float(target), score) if target is not None else None,
                groups=group_cells,
                departments=department_cells,
                perspective_gap=score_difference(highest, lowest) if len(shown) >= 2 else None,
            )
        )
    scored = [d.shown_score for d in results if d.score is not None]
    overall = statistics.fmean(scored) if scored else None
    return Results(
        respondents=respondents if respondents is not None else len(all_ids),
        threshold=threshold,
        score=overall,
        level=level_of(overall),
        dimensions=results,
        group_respondents=group_respondents or {},
    )
