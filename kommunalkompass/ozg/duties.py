"""Legal duties beyond the OZG as data: ``ozg/data/duties.yaml``, validated on load.

The shipped checklist is synced into ``LegalDuty`` rows, which keep the German texts (the
product's users are German administrations); the English texts, the source, the date it was
checked ("Stand") and whom a duty binds stay in the file and are read by key through
``shipped_duty``. An installation's own duties (``shipped=False``) are never touched by the
sync; they carry no ``binds`` and are shown to every organisation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from pydantic import Field, StringConstraints, field_validator, model_validator

from kommunalkompass.core.content import Content, I18n, Text, duplicate_values, load_content

from .maturity import DATA_DIR
from .models import LegalDuty

DUTIES_FILE = DATA_DIR / "duties.yaml"
STATE_KEYS = frozenset(f"{number:02d}" for number in range(1, 17))

# Whom a duty binds. A municipal company's duties are shown to the municipal bodies that own
# or steer it, so that they check them; the federal or state level's own duties only to an
# organisation whose kind the product does not place (kind "other").
Bound = Literal["gemeinde", "kreis", "land", "municipal_company"]
BOUND_LABELS = {
    "gemeinde": _("municipalities"),
    "kreis": _("districts"),
    "land": _("the state"),
    "municipal_company": _("municipal companies"),
}
_MUNICIPAL = frozenset({"gemeinde", "municipal_company"})
KIND_BINDS: dict[str, frozenset[str]] = {
    "gemeinde": _MUNICIPAL,
    "stadt": _MUNICIPAL,
    "amt": _MUNICIPAL,
    "verbandsgemeinde": _MUNICIPAL,
    "samtgemeinde": _MUNICIPAL,
    "verwaltungsgemeinschaft": _MUNICIPAL,
    "kreisfreie_stadt": frozenset({"gemeinde", "kreis", "municipal_company"}),
    "landkreis": frozenset({"kreis", "municipal_company"}),
}
ALL_BOUND = frozenset(BOUND_LABELS)

# The LegalDuty fields a shipped duty sets, and the limits of the columns the German texts go into.
ROW_FIELDS = ("title", "legal_basis", "applies_to", "deadline", "description", "state", "shipped")
_COLUMN_LIMITS = {"title": 200, "applies_to": 300}


class ShippedDuty(Content):
    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
    title: I18n
    # The norms with their official citation; the link to the text or official page they
    # were checked against; the date they were checked ("Stand"): all required.
    legal_basis: Annotated[Text, StringConstraints(max_length=300)]
    source: Annotated[str, StringConstraints(pattern=r"^https://\S+$", max_length=300)]
    as_of: datetime.date
    binds: tuple[Bound, ...] = Field(min_length=1)
    applies_to: I18n
    deadline: datetime.date | None
    state: str = Field(default="", description="'' for every state, else its 2-digit key.")
    description: I18n
    evidence: I18n

    @field_validator("state")
    @classmethod
    def _a_state_key(cls, state: str) -> str:
        if state and state not in STATE_KEYS:
            raise ValueError(f"state must be empty or a state key from 01 to 16, not {state!r}")
        return state

    @field_validator("binds")
    @classmethod
    def _each_once(cls, binds: tuple[str, ...]) -> tuple[str, ...]:
        duplicates = duplicate_values(binds)
        if duplicates:
            raise ValueError(f"binds names {', '.join(duplicates)} more than once")
        return binds

    def binds_kind(self, kind: str) -> bool:
        """Whether the duty concerns an organisation of ``kind`` (``Organisation.kind``)."""
        return bool(set(self.binds) & KIND_BINDS.get(kind, ALL_BOUND))

    @property
    def for_companies(self) -> bool:
        """A duty of municipal companies only, which their owners check."""
        return set(self.binds) == {"municipal_company"}

    @model_validator(mode="after")
    def _fits_the_columns(self) -> ShippedDuty:
        for field, limit in _COLUMN_LIMITS.items():
            if len(getattr(self, field).de) > limit:
                raise ValueError(f"the German {field} is longer than {limit} characters")
        return self

    def row_values(self) -> dict[str, object]:
        """The ``LegalDuty`` fields this duty sets: the German texts."""
        return {
            "title": self.title.de,
            "legal_basis": self.legal_basis,
            "applies_to": self.applies_to.de,
            "deadline": self.deadline,
            "description": self.description.de,
            "state": self.state,
            "shipped": True,
        }


class DutyCatalog(Content):
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+$")]
    duties: tuple[ShippedDuty, ...] = Field(min_length=1)

    @field_validator("duties")
    @classmethod
    def _unique_keys(cls, duties: tuple[ShippedDuty, ...]) -> tuple[ShippedDuty, ...]:
        duplicates = duplicate_values([duty.key for duty in duties])
        if duplicates:
            raise ValueError(f"duty keys must be unique: {', '.join(duplicates)}")
        return duties


def load_duties(path: Path) -> DutyCatalog:
    """The duties in ``path``; ``ContentError`` naming file, entry and fault when broken."""
    return load_content(path, DutyCatalog)


def shipped_duties(path: Path = DUTIES_FILE) -> dict[str, ShippedDuty]:
    """The duties shipped with the product, by key, in the order of the file."""
    return {duty.key: duty for duty in load_duties(path).duties}


def shipped_duty(key: str, path: Path = DUTIES_FILE) -> ShippedDuty | None:
    """One shipped duty with both languages, for the UI to show the English texts."""
    return shipped_duties(path).get(key)


def keys_not_binding(kind: str, path: Path = DUTIES_FILE) -> list[str]:
    """The keys of the shipped duties that bind no organisation of ``kind``."""
    return [key for key, duty in shipped_duties(path).items() if not duty.binds_kind(kind)]


@dataclass(frozen=True)
class DutySync:
    """What ``sync_shipped_duties`` did, as duty keys."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    # Keys an installation already uses for a duty of its own: left as they are.
    skipped: tuple[str, ...]


@transaction.atomic
def sync_shipped_duties(*, path: Path = DUTIES_FILE) -> DutySync:
    """Create or update a ``LegalDuty`` row for every shipped duty, by key.

    Idempotent: a second run changes nothing. Rows an installation added itself
    (``shipped=False``) keep their content even where the key matches a shipped duty, and
    shipped rows no longer in the file are kept, since organisations' records point to them.
    """
    duties = shipped_duties(path)
    existing = {row.key: row for row in LegalDuty.objects.filter(key__in=duties)}
    created, updated, unchanged, skipped = [], [], [], []
    new_rows, changed_rows = [], []
    for key, duty in duties.items():
        values = duty.row_values()
        row = existing.get(key)
        if row is None:
            new_rows.append(LegalDuty(key=key, **values))
            created.append(key)
        elif not row.shipped:
            skipped.append(key)
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed_rows.append(row)
            updated.append(key)
        else:
            unchanged.append(key)
    LegalDuty.objects.bulk_create(new_rows)
    if changed_rows:
        LegalDuty.objects.bulk_update(changed_rows, fields=list(ROW_FIELDS))
    return DutySync(tuple(created), tuple(updated), tuple(unchanged), tuple(skipped))
