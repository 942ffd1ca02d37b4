"""The select boxes of a list's filter form, rendered by ``includes/filter_select.html``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FilterSelect:
    name: str
    label: str
    choices: list[tuple[str, str]]
    selected: str


def filter_select(
    name: str, label, choices: Iterable[tuple[object, object]], selected
) -> FilterSelect:
    """A filter select; values are compared as text, so ids and keys work alike."""
    return FilterSelect(
        name=name,
        label=str(label),
        choices=[(str(value), str(text)) for value, text in choices],
        selected="" if selected in (None, "") else str(selected),
    )
