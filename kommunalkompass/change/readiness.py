"""Readiness pulses read through the assessments' rules: scores per ADKAR element, the
department breakdown with complementary suppression, the trend over pulses and the
weakest element with suggested actions (data: ``data/readiness-actions.yaml``).

Pure functions over ``assessments.scoring.Results``; nothing here reads the database.
Whatever carries pulse data (page, API, document) takes it from here, so that no output
lets anyone single out fewer than *k* respondents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from kommunalkompass.assessments.maturity import READINESS_KEYS
from kommunalkompass.assessments.scoring import Results, shown_score, suppressed_keys
from kommunalkompass.core.content import Content, I18n, load_content

ACTIONS_FILE = Path(__file__).resolve().parent / "data" / "readiness-actions.yaml"
ElementKey = Literal[READINESS_KEYS]  # type: ignore[valid-type]


class ReadinessActions(Content):
    version: str
    elements: dict[ElementKey, tuple[I18n, ...]] = Field(min_length=5)


def readiness_actions(path: Path = ACTIONS_FILE) -> ReadinessActions:
    """The suggested actions per element; ``ContentError`` when the file is broken."""
    actions = load_content(path, ReadinessActions)
    missing = [key for key in READINESS_KEYS if len(actions.elements.get(key, ())) < 2]
    if missing:
        from kommunalkompass.core.content import ContentError

        raise ContentError(path, "elements", f"at least two actions are needed for: {missing}")
    return actions


@dataclass(frozen=True)
class ElementScore:
    key: str
    name: str
    score: float | None  # shown score (one decimal); None when suppressed or unanswered
    suppressed: bool


@dataclass(frozen=True)
class DepartmentRow:
    """One department of a pulse: its scores per element, None where hidden."""

    department_id: int
    name: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class PulseFigures:
    respondents: int
    threshold: int
    elements: tuple[ElementScore, ...]
    departments: tuple[DepartmentRow, ...]

    @property
    def suppressed(self) -> bool:
        """Fewer than *k* respondents: no figure at all."""
        return all(element.suppressed for element in self.elements)

    def weakest(self) -> ElementScore | None:
        """The element with the lowest shown score (the earlier one on a tie)."""
        shown = [e for e in self.elements if e.score is not None]
        return min(shown, key=lambda e: e.score) if shown else None  # type: ignore[arg-type,return-value]


def pulse_figures(
    results: Results, *, names: dict[str, str], department_names: dict[int, str]
) -> PulseFigures:
    """What may be shown of a pulse. Elements below *k* are hidden (by the scoring); the
    departments are hidden per element by complementary suppression over every
    department *and* the respondents who gave none, so that no hidden cell can be
    recovered from the total."""
    threshold = results.threshold
    elements = tuple(
        ElementScore(
            key=d.key,
            name=names.get(d.key, d.key),
            score=shown_score(d.score),
            suppressed=d.suppressed or d.score is None,
        )
        for d in results.dimensions
    )
    shown: dict[int, dict[str, float]] = {}
    for dimension in results.dimensions:
        if dimension.suppressed:
            continue
        counts: dict[object, int] = {
            key: cell.respondents for key, cell in dimension.departments.items()
        }
        counts[None] = dimension.respondents - sum(counts.values())
        hidden = suppressed_keys(counts, threshold)
        for key, cell in dimension.departments.items():
            if key in hidden or cell.suppressed or cell.score is None:
                continue
            shown.setdefault(key, {})[dimension.key] = shown_score(cell.score)  # type: ignore[assignment]
    departments = tuple(
        DepartmentRow(
            department_id=key,
            name=department_names.get(key, "?"),
            scores=tuple(shown[key].get(d.key) for d in results.dimensions),
        )
        for key in sorted(shown, key=lambda k: department_names.get(k, ""))
    )
    return PulseFigures(
        respondents=results.respondents,
        threshold=threshold,
        elements=elements,
        departments=departments,
    )
