"""Maturity models as data: versioned YAML files in ``assessments/data/``, validated on load.

A broken file fails with a ``ModelFileError`` naming the file, the entry and the fault.
The loaded model is immutable and cached per file.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
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
GROUP_KEYS = ("leaders", "staff", "it")
LEVELS = (1, 2, 3, 4, 5)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class ModelFileError(Exception):
    """A maturity model file that cannot be used, with where and why."""

    def __init__(self, path: Path, entry: str, fault: str) -> None:
        self.path, self.entry, self.fault = path, entry, fault
        super().__init__(f"{path.name}: {entry}: {fault}")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class I18n(_Frozen):
    """A text in German and English."""

    de: Text
    en: Text

    def get(self, language: str) -> str:
        return self.en if (language or "de")[:2] == "en" else self.de


class Level(_Frozen):
    level: int = Field(ge=1, le=5)
    name: I18n
    description: I18n


class Group(_Frozen):
    key: Literal["leaders", "staff", "it"]
    name: I18n


class Answer(_Frozen):
    level: int = Field(ge=1, le=5)
    text: I18n


class Question(_Frozen):
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


class Dimension(_Frozen):
    key: Literal[DIMENSION_KEYS]  # type: ignore[valid-type]
    name: I18n
    description: I18n
    questions: tuple[Question, ...] = Field(min_length=1)


class MaturityModel(_Frozen):
    key: Literal["quick", "full"]
    version: Text
    name: I18n
    description: I18n
    minutes: int = Field(gt=0, le=120)
    levels: tuple[Level, ...]
    groups: tuple[Group, ...]
    dimensions: tuple[Dimension, ...]

    @model_validator(mode="after")
    def _consistent(self) -> MaturityModel:
        if tuple(level.level for level in self.levels) != LEVELS:
            raise ValueError("levels must be 1, 2, 3, 4, 5 in order")
        if tuple(d.key for d in self.dimensions) != DIMENSION_KEYS:
            raise ValueError(f"dimensions must be {', '.join(DIMENSION_KEYS)} in this order")
        keys = [q.key for d in self.dimensions for q in d.questions]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
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


class Recommendation(_Frozen):
    key: Text
    title: I18n
    description: I18n
    benefit: I18n
    effort: Literal["low", "medium", "high"]
    first_step: I18n


class RecommendationSet(_Frozen):
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
                if len(levels.get(level, ())) < 2:
                    raise ValueError(
                        f"{dimension}, level {level}: at least two recommendations are needed"
                    )
        keys = [
            r.key for levels in self.recommendations.values() for rs in levels.values() for r in rs
        ]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"recommendation keys must be unique: {', '.join(duplicates)}")
        return self

    def for_level(self, dimension: str, level: int) -> tuple[Recommendation, ...]:
        return self.recommendations[dimension][max(1, min(5, level))]

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


def _entry(location: tuple, data: object) -> str:
    """A readable name for the place of a validation error: keys, and list items by key."""
    parts, node = [], data
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            item = node[step]
            label = item.get("key") if isinstance(item, dict) else None
            level = item.get("level") if isinstance(item, dict) else None
            parts.append(f"{label}" if label else f"level {level}" if level else f"item {step + 1}")
            node = item
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return " › ".join(parts) or "(file)"


# libyaml's parser where PyYAML was built with it (its wheels are): the same data as
# yaml.safe_load, about ten times faster, which the first report of a process notices.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(path: Path, schema: type[BaseModel]) -> BaseModel:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506
    except FileNotFoundError:
        raise ModelFileError(path, "(file)", "the file does not exist") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise ModelFileError(
            path, where, f"not valid YAML: {getattr(error, 'problem', error)}"
        ) from None
    if not isinstance(data, dict):
        raise ModelFileError(path, "(file)", "the file must contain a mapping")
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(step for step in first["loc"] if not str(step).startswith("function-"))
        raise ModelFileError(path, _entry(location, data), first["msg"]) from None


@functools.cache
def load_model(path: Path) -> MaturityModel:
    """The maturity model in ``path``; ``ModelFileError`` when the file is broken."""
    return _load(path, MaturityModel)  # type: ignore[return-value]


@functools.cache
def load_recommendations(path: Path) -> RecommendationSet:
    return _load(path, RecommendationSet)  # type: ignore[return-value]


# The Quick-Check's model: where an organisation starts, and the one a new assessment
# proposes unless asked for another.
QUICK_CHECK_MODEL = "quick-1.0"


def available_models() -> dict[str, MaturityModel]:
    """Every model shipped in ``data/``, by ident (``quick-1.0``, ``full-1.0``)."""
    models = [
        load_model(path)
        for path in sorted(DATA_DIR.glob("*.yaml"))
        if not path.name.startswith("recommendations")
    ]
    return {model.ident: model for model in models}


def get_model(ident: str) -> MaturityModel:
    try:
        return available_models()[ident]
    except KeyError:
        raise LookupError(f"There is no maturity model {ident!r}.") from None


def recommendations(version: str = "1.0") -> RecommendationSet:
    return load_recommendations(DATA_DIR / f"recommendations-{version}.yaml")
