"""How an assessment is scored (docs/scoring.md); pure functions, pinned by tests.

Input is one row per respondent and dimension with the weighted sum and the sum of
weights of the levels the respondent gave there ("weiß nicht" left out), as one
aggregate query returns it. Nothing here reads the database.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PERSPECTIVE_GAP_FLAG = 1.0


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
class Cell:
    """One breakdown cell (a group or a department) of one dimension."""

    respondents: int
    score: float | None
    suppressed: bool


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

    def dimension(self, key: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.key == key)

    @property
    def gaps(self) -> list[DimensionResult]:
        """Dimensions with a target, the largest gap first."""
        return sorted((d for d in self.dimensions if d.gap is not None), key=lambda d: -d.gap)


def level_of(score: float | None) -> int | None:
    """Level = floor(score), within 1–5."""
    return None if score is None else max(1, min(5, math.floor(score + 1e-9)))


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


def _cells(rows_by_key: dict, threshold: int) -> dict:
    counts = {key: len(rows) for key, rows in rows_by_key.items()}
    hidden = suppressed_keys(counts, threshold)
    return {
        key: Cell(
            respondents=len(rows),
            score=None if key in hidden or not rows else statistics.fmean(r.score for r in rows),
            suppressed=key in hidden,
        )
        for key, rows in rows_by_key.items()
    }


def score_assessment(
    rows: Iterable[ScoreRow],
    *,
    dimensions: Sequence[str],
    groups: Sequence[str],
    threshold: int,
    targets: dict[str, int] | None = None,
    respondents: int | None = None,
    group_respondents: dict[str, int] | None = None,
) -> Results:
    """Score every dimension, its groups and departments, and the whole assessment."""
    targets = targets or {}
    by_dimension: dict[str, list[ScoreRow]] = defaultdict(list)
    all_ids: set[int] = set()
    for row in rows:
        all_ids.add(row.response_id)
        if row.weight_sum > 0:
            by_dimension[row.dimension].append(row)
    results = []
    for key in dimensions:
        dimension_rows = by_dimension.get(key, [])
        count = len(dimension_rows)
        suppressed = count < threshold
        score = (
            None if suppressed or not count else statistics.fmean(r.score for r in dimension_rows)
        )
        by_group: dict[str, list[ScoreRow]] = {group: [] for group in groups}
        by_department: dict[int, list[ScoreRow]] = defaultdict(list)
        for row in dimension_rows:
            by_group.setdefault(row.group, []).append(row)
            if row.department_id is not None:
                by_department[row.department_id].append(row)
        group_cells = (
            _cells(by_group, threshold)
            if not suppressed
            else {group: Cell(len(rows), None, True) for group, rows in by_group.items()}
        )
        department_cells = (
            _cells(dict(by_department), threshold)
            if not suppressed
            else {
                department: Cell(len(rows), None, True)
                for department, rows in by_department.items()
            }
        )
        shown = [cell.score for cell in group_cells.values() if cell.score is not None]
        target = targets.get(key)
        results.append(
            DimensionResult(
                key=key,
                respondents=count,
                score=score,
                level=level_of(score),
                spread=(
                    statistics.pstdev([r.score for r in dimension_rows])
                    if score is not None
                    else None
                ),
                suppressed=suppressed,
                target=target,
                gap=(target - score) if target is not None and score is not None else None,
                groups=group_cells,
                departments=department_cells,
                perspective_gap=(max(shown) - min(shown)) if len(shown) >= 2 else None,
            )
        )
    scored = [d.score for d in results if d.score is not None]
    overall = statistics.fmean(scored) if scored else None
    return Results(
        respondents=respondents if respondents is not None else len(all_ids),
        threshold=threshold,
        score=overall,
        level=level_of(overall),
        dimensions=results,
        group_respondents=group_respondents or {},
    )
