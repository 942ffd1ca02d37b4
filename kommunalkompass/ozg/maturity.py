"""The OZG maturity models for services as data: ``ozg/data/maturity-<version>.yaml``.

Two versions are shipped: 1.1 (levels 0–4, 10 criteria) and 2.0 (levels 0–7, 13 criteria).
An organisation chooses the version it tracks (``OzgSettings.model_version``) and every
rating keeps the version it was made in (``ServiceState.model_version``).

Each criterion names the level it supports: the lowest level a service cannot reach
without it. A criterion is rated with the highest level the service fulfils with respect
to it (fulfilled: the model's top level, so it no longer limits; not fulfilled: one below
the level it supports), and the service's level is the minimum over the rated criteria.

A broken file fails with a ``ModelFileError`` naming the file, the entry and the fault.
Loaded models are immutable and cached per file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE_PATTERN = re.compile(r"^maturity-(?P<version>\d+\.\d+)\.yaml$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$", max_length=60)]


class DataFileError(Exception):
    """A content file of the OZG app that cannot be used, with where and why."""

    def __init__(self, path: Path, entry: str, fault: str) -> None:
        self.path, self.entry, self.fault = path, entry, fault
        super().__init__(f"{path.name}: {entry}: {fault}")


class ModelFileError(DataFileError):
    """A maturity model file that cannot be used."""


class Frozen(BaseModel):
    """A schema for content files: immutable, and unknown fields are faults."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class I18n(Frozen):
    """A text in German and English; both are required."""

    de: Text
    en: Text

    def get(self, language: str) -> str:
        return self.en if (language or "de")[:2] == "en" else self.de


class Level(Frozen):
    # ServiceState.level stores at most 7.
    number: int = Field(ge=0, le=7)
    name: I18n
    meaning: I18n


class Criterion(Frozen):
    key: Key
    name: I18n
    description: I18n
    level: int = Field(ge=1, description="The lowest level a service cannot reach without it.")


def duplicate_values(values: list[str]) -> list[str]:
    """The values that occur more than once, sorted."""
    return sorted({value for value in values if values.count(value) > 1})


class ServiceMaturityModel(Frozen):
    """One version of the OZG maturity model: its levels and the criteria behind them."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")]
    name: I18n
    levels: tuple[Level, ...]
    compliant_level: int
    online_level: int
    compliance_note: I18n
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _levels_contiguous_from_zero(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        numbers = [level.number for level in levels]
        if len(numbers) < 2:
            raise ValueError("a model needs at least the levels 0 and 1")
        expected = list(range(len(numbers)))
        if numbers != expected:
            missing = sorted(set(range(max(numbers) + 1)) - set(numbers))
            detail = f"; missing: {', '.join(map(str, missing))}" if missing else ""
            raise ValueError(
                f"levels must run from 0 upwards without gaps and in order, not {numbers}{detail}"
            )
        return levels

    @field_validator("compliant_level", "online_level")
    @classmethod
    def _an_existing_level(cls, value: int, info: ValidationInfo) -> int:
        levels = info.data.get("levels")
        if levels is not None and not 0 <= value < len(levels):
            raise ValueError(f"{value} is not a level of this model (0–{len(levels) - 1})")
        return value

    @field_validator("criteria")
    @classmethod
    def _criteria_cover_the_levels(
        cls, criteria: tuple[Criterion, ...], info: ValidationInfo
    ) -> tuple[Criterion, ...]:
        duplicates = duplicate_values([criterion.key for criterion in criteria])
        if duplicates:
            raise ValueError(f"criterion keys must be unique: {', '.join(duplicates)}")
        levels = info.data.get("levels")
        if levels is None:
            return criteria
        top = len(levels) - 1
        beyond = [f"{c.key} ({c.level})" for c in criteria if c.level > top]
        if beyond:
            raise ValueError(
                f"criteria support levels the model does not have: {', '.join(beyond)}"
            )
        # Without a criterion for a level, the minimum rule could never stop just below it.
        uncovered = sorted(set(range(1, top + 1)) - {criterion.level for criterion in criteria})
        if uncovered:
            raise ValueError(
                f"no criterion supports level {', '.join(map(str, uncovered))}; "
                "every level from 1 upwards needs at least one"
            )
        return criteria

    @property
    def max_level(self) -> int:
        return self.levels[-1].number

    def level(self, number: int) -> Level:
        if not 0 <= number <= self.max_level:
            raise LookupError(f"Model {self.version} has no level {number}.")
        return self.levels[number]

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)

    def criteria_for_level(self, number: int) -> tuple[Criterion, ...]:
        """The criteria a service must fulfil, in addition to those below, to reach ``number``."""
        return tuple(c for c in self.criteria if c.level == number)

    def rating_for(self, criterion_key: str, *, fulfilled: bool) -> int:
        """The rating of a criterion answered yes/no: the top level, or one below its level."""
        criterion = self.criterion(criterion_key)
        if criterion is None:
            raise ValueError(f"Model {self.version} has no criterion {criterion_key!r}.")
        return self.max_level if fulfilled else criterion.level - 1

    def is_compliant(self, level: int | None) -> bool:
        return level is not None and level >= self.compliant_level

    def is_online(self, level: int | None) -> bool:
        return level is not None and level >= self.online_level


def level_from_criteria(
    model: ServiceMaturityModel, ratings: Mapping[str, int | None]
) -> int | None:
    """The service's level by the minimum rule over the rated criteria.

    ``ratings`` maps criterion keys to the highest level the service fulfils with respect to
    that criterion; ``None`` (or leaving a criterion out) means not rated, for instance where
    a criterion does not apply to the service. Returns ``None`` when nothing is rated.
    Raises ``ValueError`` naming every unknown criterion key and every rating outside the
    model's levels.
    """
    known = {criterion.key for criterion in model.criteria}
    unknown = sorted(key for key in ratings if key not in known)
    invalid = sorted(
        f"{key}={value!r}"
        for key, value in ratings.items()
        if key in known
        and value is not None
        and (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= model.max_level
        )
    )
    faults = []
    if unknown:
        faults.append(f"Unknown criteria for model {model.version}: {', '.join(unknown)}.")
    if invalid:
        faults.append(f"Ratings outside the levels 0–{model.max_level}: {', '.join(invalid)}.")
    if faults:
        raise ValueError(" ".join(faults))
    rated = [value for value in ratings.values() if value is not None]
    return min(rated) if rated else None


def _entry(location: tuple, data: object) -> str:
    """A readable name for the place of a validation error: keys, and list items by key."""
    parts, node = [], data
    for step in location:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            item = node[step]
            key = item.get("key") if isinstance(item, dict) else None
            ozg_id = item.get("ozg_id") if isinstance(item, dict) else None
            number = item.get("number") if isinstance(item, dict) else None
            if key:
                parts.append(str(key))
            elif ozg_id:
                parts.append(f"OZG-ID {ozg_id}")
            elif number is not None:
                parts.append(f"level {number}")
            else:
                parts.append(f"item {step + 1}")
            node = item
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return " › ".join(parts) or "(file)"


# libyaml's parser where PyYAML was built with it: the same data as yaml.safe_load, faster.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Schema = TypeVar("Schema", bound=BaseModel)


def read_data_file(path: Path, schema: type[Schema], error: type[DataFileError]) -> Schema:
    """``path`` parsed as YAML and validated by ``schema``; ``error`` names where it fails."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506
    except FileNotFoundError:
        raise error(path, "(file)", "the file does not exist") from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(file)"
        raise error(
            path, where, f"not valid YAML: {getattr(problem, 'problem', problem)}"
        ) from None
    if not isinstance(data, dict):
        raise error(path, "(file)", "the file must contain a mapping")
    try:
        return schema.model_validate(data)
    except ValidationError as problem:
        first = problem.errors()[0]
        location = tuple(step for step in first["loc"] if not str(step).startswith("function-"))
        fault = first["msg"].removeprefix("Value error, ")
        raise error(path, _entry(location, data), fault) from None


@functools.cache
def load_model(path: Path) -> ServiceMaturityModel:
    """The maturity model in ``path``; ``ModelFileError`` when the file is broken."""
    model = read_data_file(path, ServiceMaturityModel, ModelFileError)
    named = MODEL_FILE_PATTERN.match(path.name)
    if named and named["version"] != model.version:
        raise ModelFileError(
            path, "version", f"the file is named for {named['version']} but says {model.version}"
        )
    return model


def available_models() -> dict[str, ServiceMaturityModel]:
    """Every model shipped in ``data/``, by version (``"1.1"``, ``"2.0"``), oldest first."""
    paths = sorted(p for p in DATA_DIR.glob("maturity-*.yaml") if MODEL_FILE_PATTERN.match(p.name))
    models = [load_model(path) for path in paths]
    return dict(
        sorted(
            ((m.version, m) for m in models),
            key=lambda item: tuple(int(part) for part in item[0].split(".")),
        )
    )


def get_model(version: str) -> ServiceMaturityModel:
    """The shipped model of ``version``; ``LookupError`` when there is none."""
    try:
        return available_models()[version]
    except KeyError:
        raise LookupError(f"There is no OZG maturity model {version!r}.") from None
