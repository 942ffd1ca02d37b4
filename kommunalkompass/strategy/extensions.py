"""What modules built on the strategy add to a measure's page.

The strategy may not import the modules above it (procurement, positions, change), so a
module that has something to say about a measure registers a provider in its
``AppConfig.ready()``::

    from kommunalkompass.strategy.extensions import MeasureSection, register_measure_section

    def procurement_section(measure, user) -> MeasureSection | None: ...

    register_measure_section("procurement", procurement_section)

A provider receives the measure and the signed-in user and returns a ``MeasureSection``
(a heading, the template that renders it and that template's context) or ``None`` when it
has nothing to show. It must cost a fixed number of queries. The sections appear on the
measure's page in the order of their keys' registration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class MeasureSection:
    """One section of a measure's page contributed by another module."""

    key: str
    title: str | Promise
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


MeasureSectionProvider = Callable[..., MeasureSection | None]
_measure_sections: dict[str, MeasureSectionProvider] = {}


def register_measure_section(key: str, provider: MeasureSectionProvider) -> None:
    """Let a module add the section ``key`` to every measure's page. One provider per key."""
    if key in _measure_sections and _measure_sections[key] is not provider:
        raise ValueError(f"Measure section {key!r} already has a provider.")
    _measure_sections[key] = provider


def measure_sections(measure, user) -> list[MeasureSection]:
    """The sections the registered modules contribute to ``measure``'s page."""
    sections = []
    for provider in _measure_sections.values():
        section = provider(measure, user)
        if section is not None:
            sections.append(section)
    return sections
