"""Maturity models as data: versioned YAML files in ``assessments/data/``, validated on load.

Files are read by ``core.content.load_content``: a broken file fails with a ``ContentError``
naming the file, the entry and the fault. The loaded model is immutable and read once per
file (again when the file changes).

A model version is never changed once assessments may have been answered on it: a changed
question or scale is a new version (``quick-1.1``), and the old file stays, marked
``superseded_by`` its successor, so that an assessment keeps the questions it was answered
on. New assessments are offered the current versions only (``current_models``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from kommunalkompass.core.content import (
    Content,
    ContentError,
    I18n,
    Text,
    duplicate_values,
    load_content,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DIMENSION_KEYS = (
    "strategy",
    "organisation",
    "people",
    "services",
    "infrastructure",
    "security",
    "data",
    "collaboration",
)
# The elements of a change-readiness model (ADKAR), in order: the "dimensions" of a model of
# the kind ``readiness``, run as pulses by the change module.
READINESS_KEYS = ("awareness", "desire", "knowledge", "ability", "reinforcement")
GROUP_KEYS = ("leaders", "staff", "it")
LEVELS = (1, 2, 3, 4, 5)


class Level(Content):
    level: int = Field(ge=1, le=5)
    name: I18n
    description: I18n


class Group(Content):
    key: Literal["leaders", "staff", "it"]
    name: I18n


class Answer(Content):
    level: int = Field(ge=1, le=5)
    text: I18n


class Question(Content):
    key: Text
    text: I18n
    weight: float = Field(default=1, gt=0, le=5)
    groups: tuple[Literal["leaders", "staff", "it"], ...] = Field(min_length=1)
    answers: tuple[Answer, ...]

    @model_validator(mode="after")
    def _five_levels_in_order(self) -> Question:
        found = tuple(answer.level for answer in self.answers)
        if found != LEVELS:
            raise ValueError(
                f"answers must be the levels 1, 2, 3, 4, 5 in order, not {list(found)}"
            )
        return self


class Dimension(Content):
    # One of DIMENSION_KEYS (maturity) or READINESS_KEYS (readiness): checked by the model.
    key: Literal[DIMENSION_KEYS + READINESS_KEYS]  # type: ignore[valid-type]
    name: I18n
    description: I18n
    questions: tuple[Question, ...] = Field(min_length=1)


class MaturityModel(Content):
    key: Literal["quick", "full", "adkar"]
    # ``maturity``: the eight dimensions, scored and advised; ``readiness``: the ADKAR
    # elements, run as a change-readiness pulse and never offered as a maturity assessment.
    kind: Literal["maturity", "readiness"] = "maturity"
    version: Text
    name: I18n
    description: I18n
    minutes: int = Field(gt=0, le=120)
    # The ident of the version that replaces this one; None for a current version.
    superseded_by: Text | None = None
    levels: tuple[Level, ...]
    groups: tuple[Group, ...]
    dimensions: tuple[Dimension, ...]

    @model_validator(mode="after")
    def _consistent(self) -> MaturityModel:
        if tuple(level.level for level in self.levels) != LEVELS:
            raise ValueError("levels must be 1, 2, 3, 4, 5 in order")
        keys = READINESS_KEYS if self.kind == "readiness" else DIMENSION_KEYS
        if tuple(d.key for d in self.dimensions) != keys:
            raise ValueError(f"dimensions must be {', '.join(keys)} in this order")
        duplicates = duplicate_values(q.key for d in self.dimensions for q in d.questions)
        if duplicates:
            raise ValueError(f"question keys must be unique: {', '.join(duplicates)}")
        return self

    @property
    def ident(self) -> str:
        """``<key>-<version>``: what an assessment stores to keep its model."""
        return f"{self.key}-{self.version}"

    def questions(self) -> list[Question]:
        return [question for dimension in self.dimensions for question in dimension.questions]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions() if q.key == key), None)

    def dimension_of(self, question_key: str) -> Dimension:
        return next(d for d in self.dimensions if any(q.key == question_key for q in d.questions))

    def level(self, number: int) -> Level:
        return self.levels[number - 1]


class Trigger(Content):
    """A single answer that makes a recommendation due whatever its dimension's level: the
    question ``question`` of the model ``model`` (an ident, ``full-1.1``) answered at level
    ``at_most`` or lower (the rule over many respondents: ``advice.trigger_fires``)."""

    model: Text
    question: Text
    at_most: int = Field(ge=1, le=4)


class Recommendation(Content):
    key: Text
    title: I18n
    description: I18n
    benefit: I18n
    effort: Literal["low", "medium", "high"]
    first_step: I18n
    # How a small municipality (under 10,000 inhabitants: a few dozen staff, IT from the
    # district, a Zweckverband or an IT service provider) does it, where that differs;
    # shown to small organisations only (advice.AdviceContext.small_town).
    small_town: I18n | None = None
    # The answers that make it due even where its dimension's level would not (untested
    # backups, missing processing contracts); docs/scoring.md, "Recommendations".
    triggers: tuple[Trigger, ...] = ()
    # Shown only when a trigger fires, never for the level alone (a topic not every
    # organisation has, such as school IT).
    raised_only: bool = False

    @model_validator(mode="after")
    def _raised_by_something(self) -> Recommendation:
        if self.raised_only and not self.triggers:
            raise ValueError("a recommendation shown only when raised needs triggers")
        return self


class RecommendationSet(Content):
    version: Text
    recommendations: dict[
        Literal[DIMENSION_KEYS],  # type: ignore[valid-type]
        dict[Literal[1, 2, 3, 4, 5], tuple[Recommendation, ...]],
    ]

    @model_validator(mode="after")
    def _complete(self) -> RecommendationSet:
        for dimension in DIMENSION_KEYS:
            levels = self.recommendations.get(dimension)
            if levels is None:
                raise ValueError(f"recommendations for dimension {dimension!r} are missing")
            for level in LEVELS:
                if len([r for r in levels.get(level, ()) if not r.raised_only]) < 2:
                    raise ValueError(
                        f"{dimension}, level {level}: at least two recommendations are needed"
                    )
        duplicates = duplicate_values(
            r.key for levels in self.recommendations.values() for rs in levels.values() for r in rs
        )
        if duplicates:
            raise ValueError(f"recommendation keys must be unique: {', '.join(duplicates)}")
        return self

    def for_level(self, dimension: str, level: int) -> tuple[Recommendation, ...]:
        """The recommendations of ``dimension`` at ``level`` (1–5), without those shown
        only when raised by answers."""
        return tuple(
            r for r in self.recommendations[dimension][max(1, min(5, level))] if not r.raised_only
        )

    def with_triggers(self) -> list[tuple[str, int, Recommendation]]:
        """Every recommendation that names triggers, as (dimension, level, recommendation),
        in the order of the file."""
        return [
            (dimension, level, recommendation)
            for dimension, levels in self.recommendations.items()
            for level, recommendations in levels.items()
            for recommendation in recommendations
            if recommendation.triggers
        ]

    def get(self, key: str) -> Recommendation | None:
        return next(
            (
                r
                for levels in self.recommendations.values()
                for rs in levels.values()
                for r in rs
                if r.key == key
            ),
            None,
        )


def load_model(path: Path) -> MaturityModel:
    """The maturity model in ``path``; ``ContentError`` when the file is broken."""
    return load_content(path, MaturityModel)


def load_recommendations(path: Path) -> RecommendationSet:
    """The recommendations in ``path``; ``ContentError`` when the file is broken."""
    return load_content(path, RecommendationSet)


# The Quick-Check's model: where an organisation starts, and the one a new assessment
# proposes unless asked for another; and the current full model.
QUICK_CHECK_MODEL = "quick-1.1"
FULL_MODEL = "full-1.1"


_IDENT = re.compile(r"[a-z]+-[0-9]+\.[0-9]+")


def available_models() -> dict[str, MaturityModel]:
    """Every model shipped in ``data/``, by ident (``quick-1.0``, ``quick-1.1``, …), the
    superseded versions included: assessments answered on them keep them."""
    paths = [
        path
        for path in sorted(DATA_DIR.glob("*.yaml"))
        if not path.name.startswith("recommendations")
    ]
    models = {model.ident: model for model in (load_model(path) for path in paths)}
    for path, model in zip(paths, models.values(), strict=True):
        if model.superseded_by is not None and model.superseded_by not in models:
            raise ContentError(
                path, "superseded_by", f"there is no model {model.superseded_by!r} in this folder"
            )
    return models


def current_models() -> dict[str, MaturityModel]:
    """The models a new assessment is offered: the maturity models no other version
    supersedes (readiness models are run as pulses by the change module)."""
    return {
        ident: model
        for ident, model in available_models().items()
        if model.superseded_by is None and model.kind == "maturity"
    }


def readiness_models() -> dict[str, MaturityModel]:
    """The current readiness models (ADKAR), by ident: what a change pulse may run on."""
    return {
        ident: model
        for ident, model in available_models().items()
        if model.superseded_by is None and model.kind == "readiness"
    }


def maturity_idents() -> list[str]:
    """The idents of every maturity model, superseded versions included."""
    return [ident for ident, model in available_models().items() if model.kind == "maturity"]


def get_model(ident: str) -> MaturityModel:
    """The model ``ident`` (``quick-1.0``); ``LookupError`` when no shipped model has it."""
    # Every survey request asks for its assessment's model: read the file named after the
    # ident (one file's modification time) before scanning and checking the whole folder.
    if _IDENT.fullmatch(ident):
        path = DATA_DIR / f"{ident}.yaml"
        if path.is_file():
            model = load_model(path)
            if model.ident == ident:
                return model
    try:
        return available_models()[ident]
    except KeyError:
        raise LookupError(f"There is no maturity model {ident!r}.") from None


def recommendations(version: str = "1.0") -> RecommendationSet:
    """The shipped recommendations; ``ContentError`` when the file is broken or a trigger
    names a model or question that does not exist."""
    path = DATA_DIR / f"recommendations-{version}.yaml"
    advice = load_recommendations(path)
    check_triggers(advice, path, available_models())
    return advice


def check_triggers(advice: RecommendationSet, path: Path, models: dict[str, MaturityModel]) -> None:
    """Every trigger names a shipped model and one of its questions (a check across files,
    so it is made here and not by the schema)."""
    for dimension, level, recommendation in advice.with_triggers():
        for number, trigger in enumerate(recommendation.triggers, 1):
            entry = (
                f"recommendations › {dimension} › level {level} › {recommendation.key} › "
                f"triggers › item {number}"
            )
            model = models.get(trigger.model)
            if model is None:
                raise ContentError(path, entry, f"there is no model {trigger.model!r}")
            if model.question(trigger.question) is None:
                raise ContentError(
                    path, entry, f"{trigger.model} has no question {trigger.question!r}"
                )
