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


# Staff capacity and the strategy document --------------------------------------------------
#
# A module that knows the staff (positions: existing and planned posts) offers the roadmap a
# staff capacity per year derived from it, instead of one typed by hand, and may add blocks
# to the strategy document (the planned posts). Both register from ``AppConfig.ready()``::
#
#     register_staff_capacity("positions", staff_capacity)
#     register_document_section("positions", planned_posts_blocks)


@dataclass(frozen=True)
class StaffCapacity:
    """Staff capacity per year (person-days) a module derives, shown on the roadmap page by
    ``template_name`` (which may offer to take it over as the roadmap's capacity)."""

    key: str
    by_year: dict[int, int]
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


StaffCapacityProvider = Callable[..., StaffCapacity | None]
_staff_capacities: dict[str, StaffCapacityProvider] = {}


def register_staff_capacity(key: str, provider: StaffCapacityProvider) -> None:
    """Let a module derive the roadmap's staff capacity: ``provider(strategy)``."""
    if key in _staff_capacities and _staff_capacities[key] is not provider:
        raise ValueError(f"Staff capacity {key!r} already has a provider.")
    _staff_capacities[key] = provider


def staff_capacities(strategy) -> list[StaffCapacity]:
    """The staff capacities the registered modules derive for ``strategy``."""
    found = []
    for provider in _staff_capacities.values():
        capacity = provider(strategy)
        if capacity is not None:
            found.append(capacity)
    return found


DocumentSectionProvider = Callable[..., list]
_document_sections: dict[str, DocumentSectionProvider] = {}


def register_document_section(key: str, provider: DocumentSectionProvider) -> None:
    """Let a module add blocks to the strategy document: ``provider(strategy, language)``
    returns a list of ``documents.model`` blocks (empty when it has nothing to say)."""
    if key in _document_sections and _document_sections[key] is not provider:
        raise ValueError(f"Document section {key!r} already has a provider.")
    _document_sections[key] = provider


def document_sections(strategy, language: str) -> list:
    """The blocks the registered modules add to ``strategy``'s document, in order."""
    blocks: list = []
    for provider in _document_sections.values():
        blocks += provider(strategy, language)
    return blocks
