"""The content files of the strategy module (``strategy/data/``), validated on load.

``starter-fields.yaml`` holds the starter set of fields of action a new strategy offers;
``demo-*.yaml`` the demo strategies (their schema is in ``demo.py``). Both are read with
``core.content.load_content``: a broken file fails naming the file, the entry and the fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from kommunalkompass.assessments.maturity import DIMENSION_KEYS
from kommunalkompass.core.content import Content, I18n, Text, duplicate_values, load_content

DATA_DIR = Path(__file__).resolve().parent / "data"
STARTER_FIELDS_FILE = DATA_DIR / "starter-fields.yaml"

# A key of a maturity dimension: what a field of action draws on.
DimensionKey = Literal[DIMENSION_KEYS]  # type: ignore[valid-type]


class StarterField(Content):
    key: Text
    name: I18n
    dimensions: tuple[DimensionKey, ...] = Field(min_length=1)


class StarterFields(Content):
    fields: tuple[StarterField, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> StarterFields:
        for what, values in (
            ("keys", [f.key for f in self.fields]),
            ("German names", [f.name.de.lower() for f in self.fields]),
            ("English names", [f.name.en.lower() for f in self.fields]),
        ):
            duplicates = duplicate_values(values)
            if duplicates:
                raise ValueError(f"starter field {what} must be unique: {', '.join(duplicates)}")
        return self


def load_starter_fields(path: Path = STARTER_FIELDS_FILE) -> StarterFields:
    """The starter set of fields of action in ``path``; ``ContentError`` when it is broken."""
    return load_content(path, StarterFields)


def starter_fields(language: str) -> list[tuple[str, tuple[str, ...]]]:
    """``(name in language, dimension keys)`` of each starter field of action, in order."""
    return [(f.name.get(language), f.dimensions) for f in load_starter_fields().fields]
