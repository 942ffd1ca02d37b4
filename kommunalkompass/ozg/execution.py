"""Who executes an OZG-Leistung, and what an organisation takes over from the catalog.

Two sources decide, in this order:

1. The OZG-Leistung's ``jurisdiction`` (``bund``, ``land``, ``kommune``), set by a catalog
   file's ``zustaendigkeit`` column, by a user in the admin, or derived on import from the
   catalog's LeiKa types (``jurisdiction_from_leika_types``): an OZG-Leistung whose every
   Verwaltungsleistung is LeiKa type 1 (the federation regulates and executes) is federal,
   one whose every Verwaltungsleistung is type 5 (the municipalities regulate and execute)
   is municipal. Types 2/3 and 4 do not say whether the state or a municipality executes.
2. For municipal services, the default list ``data/execution-levels.yaml`` names the level
   that executes them: ``gemeinde`` (every Gemeinde and Stadt, and the Gemeindeverbände that
   run their administration) or ``kreis`` (Landkreise and kreisfreie Städte). It is
   validated on load; a broken file fails with a ``ContentError`` naming the file, the
   entry and the fault.

An organisation's kind maps to the levels it carries (``KIND_LEVELS``; a kreisfreie Stadt
carries both), and every OZG-Leistung falls into one group for it (``group_for``):
its own, undecided, executed by the other municipal level, or by the state or federation.
"Take over the catalog" tracks its own by default and the others only on request.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import Field, StringConstraints, field_validator

from kommunalkompass.core.content import (
    ITEM_LABELS,
    Content,
    I18n,
    Text,
    duplicate_values,
    load_content,
)
from kommunalkompass.organisations.models import Organisation

from .maturity import DATA_DIR
from .models import Jurisdiction, OzgLeistung, ServiceState

EXECUTION_FILE = DATA_DIR / "execution-levels.yaml"

GEMEINDE = "gemeinde"
KREIS = "kreis"
LEVEL_LABELS = {GEMEINDE: _("Gemeinde or Stadt"), KREIS: _("Landkreis or kreisfreie Stadt")}

Kind = Organisation.Kind
# The municipal levels each kind of organisation carries. Ämter, Verbandsgemeinden,
# Samtgemeinden and Verwaltungsgemeinschaften run the administration of their member
# Gemeinden; "other public bodies" carry no level by default.
KIND_LEVELS: dict[str, frozenset[str]] = {
    Kind.GEMEINDE: frozenset({GEMEINDE}),
    Kind.STADT: frozenset({GEMEINDE}),
    Kind.KREISFREIE_STADT: frozenset({GEMEINDE, KREIS}),
    Kind.LANDKREIS: frozenset({KREIS}),
    Kind.AMT: frozenset({GEMEINDE}),
    Kind.VERBANDSGEMEINDE: frozenset({GEMEINDE}),
    Kind.SAMTGEMEINDE: frozenset({GEMEINDE}),
    Kind.VERWALTUNGSGEMEINSCHAFT: frozenset({GEMEINDE}),
    Kind.OTHER: frozenset(),
}

# LeiKa types that name the executing level on their own.
FEDERAL_TYPE = "1"
MUNICIPAL_TYPE = "5"


class Group(models.TextChoices):
    """Where an OZG-Leistung stands for one kind of organisation."""

    OWN = "own", _("executed by this kind of organisation")
    UNDECIDED = "undecided", _("level not known")
    OTHER_MUNICIPAL = "other_municipal", _("executed by the other municipal level")
    NON_MUNICIPAL = "non_municipal", _("executed by the state or the federation")


class ExecutionEntry(Content):
    ozg_id: Annotated[str, StringConstraints(pattern=r"^\d{5}$")]
    name: Annotated[Text, StringConstraints(max_length=200)]
    executed_by: tuple[Literal["gemeinde", "kreis"], ...] = Field(min_length=1)
    authority: I18n

    @field_validator("executed_by")
    @classmethod
    def _each_level_once(cls, levels: tuple[str, ...]) -> tuple[str, ...]:
        duplicates = duplicate_values(list(levels))
        if duplicates:
            raise ValueError(f"a level is named twice: {', '.join(duplicates)}")
        return levels


class ExecutionList(Content):
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")]
    stand: datetime.date
    source: I18n
    services: tuple[ExecutionEntry, ...] = Field(min_length=1)

    @field_validator("services")
    @classmethod
    def _unique_ozg_ids(cls, services: tuple[ExecutionEntry, ...]) -> tuple[ExecutionEntry, ...]:
        duplicates = duplicate_values([entry.ozg_id for entry in services])
        if duplicates:
            raise ValueError(f"OZG-IDs must be unique: {', '.join(duplicates)}")
        return services

    def by_ozg_id(self) -> dict[str, ExecutionEntry]:
        return {entry.ozg_id: entry for entry in self.services}


def load_execution_list(path: Path = EXECUTION_FILE) -> ExecutionList:
    """The default list in ``path``; ``ContentError`` naming file, entry and fault.

    Its entries are named by OZG-ID (``services › OZG-ID 10124 › executed_by``).
    """
    return load_content(path, ExecutionList, item_labels=(("ozg_id", "OZG-ID {}"), *ITEM_LABELS))


def default_levels(path: Path = EXECUTION_FILE) -> dict[str, ExecutionEntry]:
    """The shipped default list, by OZG-ID."""
    return load_execution_list(path).by_ozg_id()


def jurisdiction_from_leika_types(types: Iterable[str]) -> str:
    """``bund`` when every LeiKa type is 1, ``kommune`` when every one is 5, else ``""``.

    ``types`` are single types as split from the catalog's cells ("2/3" is "2" and "3").
    """
    found = set(types)
    if found == {FEDERAL_TYPE}:
        return Jurisdiction.BUND.value
    if found == {MUNICIPAL_TYPE}:
        return Jurisdiction.KOMMUNE.value
    return ""


def group_for(
    *, ozg_id: str, jurisdiction: str, kind: str, entries: dict[str, ExecutionEntry]
) -> str:
    """The group of one OZG-Leistung for an organisation of ``kind``.

    The state or the federation when its jurisdiction says so; otherwise the default list
    decides between the organisation's own level and the other municipal level; an
    OZG-Leistung the list does not name is undecided.
    """
    if jurisdiction in (Jurisdiction.BUND, Jurisdiction.LAND):
        return Group.NON_MUNICIPAL
    entry = entries.get(ozg_id)
    if entry is None:
        return Group.UNDECIDED
    if set(entry.executed_by) & KIND_LEVELS.get(kind, frozenset()):
        return Group.OWN
    return Group.OTHER_MUNICIPAL


def catalog_groups(*, organisation, untracked_only: bool = True) -> dict[str, list[OzgLeistung]]:
    """The catalog's OZG-Leistungen by group for ``organisation`` (two queries).

    With ``untracked_only`` (the default), only those the organisation does not track yet.
    """
    entries = default_levels()
    tracked = (
        set(
            ServiceState.objects.for_organisation(organisation).values_list(
                "leistung_id", flat=True
            )
        )
        if untracked_only
        else set()
    )
    groups: dict[str, list[OzgLeistung]] = {group: [] for group in Group.values}
    for leistung in OzgLeistung.objects.only("id", "ozg_id", "name", "jurisdiction"):
        if leistung.pk in tracked:
            continue
        group = group_for(
            ozg_id=leistung.ozg_id,
            jurisdiction=leistung.jurisdiction,
            kind=organisation.kind,
            entries=entries,
        )
        groups[group].append(leistung)
    return groups


def execution_for(leistung: OzgLeistung) -> ExecutionEntry | None:
    """The default list's entry for one OZG-Leistung, if it has one."""
    return default_levels().get(leistung.ozg_id)
