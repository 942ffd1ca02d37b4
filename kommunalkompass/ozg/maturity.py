"""The OZG maturity models for services as data: ``ozg/data/maturity-<version>.yaml``.

Two versions are shipped: 1.1 (levels 0–4, 10 criteria) and 2.0 (levels 0–7, 13 criteria).
An organisation chooses the version it tracks (``OzgSettings.model_version``) and every
rating keeps the version it was made in (``ServiceState.model_version``).

Each criterion names the level it supports: the lowest level a service cannot reach
without it. A criterion is rated with the highest level the service fulfils with respect
to it (fulfilled: the model's top level, so it no longer limits; not fulfilled: one below
the level it supports), and the service's level is the minimum over the rated criteria.

Files are read by ``core.content.load_content``: a broken file fails with a ``ContentError``
naming the file, the entry and the fault. Loaded models are immutable and read once per file
(again when the file changes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from kommunalkompass.core.content import Content, ContentError, I18n, duplicate_values, load_content

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE_PATTERN = re.compile(r"^maturity-(?P<version>\d+\.\d+)\.yaml$")

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$", max_length=60)]


class Level(Content):
    # ServiceState.level stores at most 7.
    number: int = Field(ge=0, le=7)
    name: I18n
    meaning: I18n


class Criterion(Content):
    key: Key
    name: I18n
    description: I18n
    level: int = Field(ge=1, description="The lowest level a service cannot reach without it.")


class ServiceMaturityModel(Content):
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


def load_model(path: Path) -> ServiceMaturityModel:
    """The maturity model in ``path``; ``ContentError`` when the file is broken."""
    model = load_content(path, ServiceMaturityModel)
    named = MODEL_FILE_PATTERN.match(path.name)
    if named and named["version"] != model.version:
        raise ContentError(
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
