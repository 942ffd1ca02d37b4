"""Requirement catalogs, thresholds and contract types as data, validated on load.

``data/catalogs/*.yaml`` hold one typical municipal procurement each (an E-Akte, a council
information system, …): groups of requirements, each with a key, a German and English text,
its kind (A: must, a bid without it is excluded; B: scored, with a default weight) and the
evidence asked of the bidder. ``data/common.yaml`` holds the non-functional groups every
catalog shares (IT security, data protection, accessibility, operation, exit); a catalog
names the ones it takes in ``common_groups``. ``data/thresholds.yaml`` holds the EU
thresholds with their validity period, ``data/evb-it.yaml`` the EVB-IT contract types with a
short decision aid. Every legal fact carries its source and the date it was checked (Stand).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, HttpUrl, StringConstraints, model_validator

from kommunalkompass.core.content import (
    Content,
    ContentError,
    I18n,
    duplicate_values,
    load_content,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOG_DIR = DATA_DIR / "catalogs"
COMMON_FILE = DATA_DIR / "common.yaml"
THRESHOLDS_FILE = DATA_DIR / "thresholds.yaml"
EVB_IT_FILE = DATA_DIR / "evb-it.yaml"

Key = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$", max_length=30)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)]
MAX_WEIGHT = 100


class Source(Content):
    title: I18n
    url: HttpUrl
    as_of: datetime.date


class CatalogRequirement(Content):
    key: Key
    kind: Literal["A", "B"]
    weight: int = Field(default=0, ge=0, le=MAX_WEIGHT)
    text: I18n
    evidence: I18n

    @model_validator(mode="after")
    def _weight_fits_kind(self) -> CatalogRequirement:
        if self.kind == "B" and self.weight < 1:
            raise ValueError("a B requirement needs a weight of at least 1")
        if self.kind == "A" and self.weight:
            raise ValueError("an A requirement excludes; it carries no weight (0)")
        return self


class RequirementGroup(Content):
    key: Slug
    title: I18n
    non_functional: bool = False
    requirements: list[CatalogRequirement] = Field(min_length=1)


class CommonGroups(Content):
    groups: list[RequirementGroup] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> CommonGroups:
        twice = duplicate_values(g.key for g in self.groups)
        if twice:
            raise ValueError(f"group keys must be unique: {', '.join(twice)}")
        return self


class Catalog(Content):
    key: Slug
    title: I18n
    description: I18n
    evb_it: Slug
    groups: list[RequirementGroup] = Field(min_length=1)
    common_groups: list[Slug] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


@dataclass(frozen=True)
class LoadedCatalog:
    """A catalog with the common groups it names put after its own."""

    key: str
    title: I18n
    description: I18n
    evb_it: str
    groups: tuple[RequirementGroup, ...]
    sources: tuple[Source, ...]

    @property
    def requirement_count(self) -> int:
        return sum(len(group.requirements) for group in self.groups)


def load_common(path: Path = COMMON_FILE) -> CommonGroups:
    return load_content(path, CommonGroups)


def load_catalog(path: Path, *, common: CommonGroups | None = None) -> LoadedCatalog:
    """The catalog in ``path`` with its common groups; ``ContentError`` naming file, entry
    and fault (an unknown common group, a requirement key used twice, an unknown EVB-IT
    type)."""
    common = common or load_common()
    catalog = load_content(path, Catalog)
    by_key = {group.key: group for group in common.groups}
    groups = list(catalog.groups)
    for position, key in enumerate(catalog.common_groups, start=1):
        if key not in by_key:
            raise ContentError(path, f"common_groups › item {position}", f"no common group {key!r}")
        groups.append(by_key[key])
    twice = duplicate_values(g.key for g in groups)
    if twice:
        raise ContentError(path, "groups", f"group keys must be unique: {', '.join(twice)}")
    twice = duplicate_values(r.key for g in groups for r in g.requirements)
    if twice:
        raise ContentError(path, "groups", f"requirement keys must be unique: {', '.join(twice)}")
    if catalog.evb_it not in {t.key for t in load_evb_it().types}:
        raise ContentError(path, "evb_it", f"no EVB-IT type {catalog.evb_it!r}")
    if path.stem != catalog.key:
        raise ContentError(path, "key", f"the key must be the file name ({path.stem})")
    return LoadedCatalog(
        key=catalog.key,
        title=catalog.title,
        description=catalog.description,
        evb_it=catalog.evb_it,
        groups=tuple(groups),
        sources=(*catalog.sources, *common.sources),
    )


def shipped_catalogs() -> list[LoadedCatalog]:
    """Every shipped catalog, by file name."""
    common = load_common()
    return [load_catalog(path, common=common) for path in sorted(CATALOG_DIR.glob("*.yaml"))]


def shipped_catalog(key: str) -> LoadedCatalog | None:
    path = CATALOG_DIR / f"{key}.yaml"
    if not key or "/" in key or not path.is_file():
        return None
    return load_catalog(path)


# Thresholds --------------------------------------------------------------------------------


class Threshold(Content):
    key: Slug
    label: I18n
    amount: Decimal = Field(gt=0)
    valid_from: datetime.date
    valid_until: datetime.date
    legal_basis: I18n
    source: HttpUrl
    as_of: datetime.date

    @model_validator(mode="after")
    def _period(self) -> Threshold:
        if self.valid_until < self.valid_from:
            raise ValueError("valid_until lies before valid_from")
        return self


class Thresholds(Content):
    thresholds: list[Threshold] = Field(min_length=1)
    below: I18n
    above: I18n
    not_covered: I18n


def load_thresholds(path: Path = THRESHOLDS_FILE) -> Thresholds:
    data = load_content(path, Thresholds)
    periods = sorted(data.thresholds, key=lambda t: t.valid_from)
    for earlier, later in zip(periods, periods[1:], strict=False):
        if later.valid_from <= earlier.valid_until:
            raise ContentError(path, f"thresholds › {later.key}", "validity periods overlap")
    return data


def threshold_on(day: datetime.date, path: Path = THRESHOLDS_FILE) -> Threshold | None:
    """The EU threshold for supplies and services of sub-central authorities on ``day``."""
    for threshold in load_thresholds(path).thresholds:
        if threshold.valid_from <= day <= threshold.valid_until:
            return threshold
    return None


# EVB-IT --------------------------------------------------------------------------------------


class EvbItType(Content):
    key: Slug
    name: str
    use_when: I18n


class EvbIt(Content):
    types: list[EvbItType] = Field(min_length=1)
    source: HttpUrl
    as_of: datetime.date

    @model_validator(mode="after")
    def _unique(self) -> EvbIt:
        twice = duplicate_values(t.key for t in self.types)
        if twice:
            raise ValueError(f"type keys must be unique: {', '.join(twice)}")
        return self


def load_evb_it(path: Path = EVB_IT_FILE) -> EvbIt:
    return load_content(path, EvbIt)


def evb_it_choices() -> list[tuple[str, str]]:
    return [(t.key, t.name) for t in load_evb_it().types]
