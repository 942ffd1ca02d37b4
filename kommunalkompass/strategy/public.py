"""What modules above the strategy add to the public strategy page ``/p/<slug>/``.

The strategy may not import the modules built on it (``ozg``), so such a module registers
a provider in its ``AppConfig.ready()``::

    from kommunalkompass.strategy.public import PublicFigure, register_public_figure

    def ozg_public_figure(organisation) -> PublicFigure | None: ...

    register_public_figure("ozg", ozg_public_figure)

A provider receives the organisation and returns a ``PublicFigure`` or ``None`` (nothing
to show); it must cost a fixed number of queries and name no person. The page asks a
provider only when the organisation's publication settings switch its key on (``ozg``:
``StrategyPublication.show_ozg``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

# The keys a publication can switch on, and the setting that does.
FIGURE_SETTINGS = {"ozg": "show_ozg"}


@dataclass(frozen=True)
class PublicFigure:
    """A key figure of the public page: ``value`` (e.g. "42 %") with its label and a note
    that says what it counts."""

    value: str
    label: str | Promise
    note: str | Promise = ""


FigureProvider = Callable[..., PublicFigure | None]
_providers: dict[str, FigureProvider] = {}


def register_public_figure(key: str, provider: FigureProvider) -> None:
    """Let a module add the figure ``key`` to the public page. One provider per key."""
    if key not in FIGURE_SETTINGS:
        raise ValueError(f"Unknown public figure {key!r}.")
    if key in _providers and _providers[key] is not provider:
        raise ValueError(f"Public figure {key!r} already has a provider.")
    _providers[key] = provider


def public_figures(organisation, publication) -> list[PublicFigure]:
    """The figures the publication switches on, from their providers, in key order."""
    figures = []
    for key, setting in FIGURE_SETTINGS.items():
        provider = _providers.get(key)
        if provider is None or not getattr(publication, setting):
            continue
        figure = provider(organisation)
        if figure is not None:
            figures.append(figure)
    return figures
