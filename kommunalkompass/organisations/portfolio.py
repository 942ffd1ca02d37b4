"""The portfolio: one row per organisation of a user, with figures the modules contribute.

A consultant or a state's advisor with memberships in several organisations sees them side
by side at ``/o/``. The organisations app knows none of the modules (it may not import
them); each module registers its columns in its ``AppConfig.ready()``::

    from kommunalkompass.organisations.portfolio import PortfolioCell, register_portfolio_column

    def ozg_share(organisations) -> dict[int, PortfolioCell]: ...

    register_portfolio_column("ozg_online", _("OZG online"), ozg_share, order=40,
                              number_format=NumberFormat.PERCENT)

A provider receives the list of organisations (already restricted to the user's
memberships) and returns a cell per organisation id; it must cost a fixed number of
queries, whatever the number of organisations, so that the page does too. An organisation
without a figure is simply left out of the dict.

The Ablaufplan phase is the organisations app's own column: the phase each organisation
is at, from the batch phase states of ``journey.phase_positions``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kommunalkompass.documents.model import NumberFormat

from .journey import phase_positions
from .models import Membership, Organisation

T = TypeVar("T")

PortfolioValue = str | int | float | Decimal | datetime.date | None


@dataclass(frozen=True)
class PortfolioCell:
    """One figure of one organisation: ``value`` sorts the column and goes into the XLSX
    (a number, an amount, a date or a text), ``text`` is what the page shows, ``detail`` a
    second line (e.g. the budget beside the progress), ``url`` where the figure comes from."""

    value: PortfolioValue
    text: str | Promise
    detail: str | Promise = ""
    url: str = ""


PortfolioProvider = Callable[[list[Organisation]], dict[int, PortfolioCell]]


class OrganisationBatch(list):
    """The organisations of one portfolio, with a memo that its providers share: the
    strategy's three columns and its phase states read the current strategies once."""

    def __init__(self, organisations: Sequence[Organisation]) -> None:
        super().__init__(organisations)
        self.memo: dict[str, object] = {}


def shared(organisations: list[Organisation], key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per batch of organisations (every time for a plain list)."""
    memo = getattr(organisations, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[return-value]  # stored by this function under key


@dataclass(frozen=True)
class PortfolioColumn:
    key: str
    label: str | Promise
    provider: PortfolioProvider
    order: int = 100
    number_format: NumberFormat = NumberFormat.TEXT
    # The text shown when an organisation has no figure in this column.
    empty: str | Promise = "–"
    # The XLSX has the typed value of a number or date column; where its text says more
    # (which measure is due), the text gets a column of its own under this heading.
    export_text_label: str | Promise = ""

    @property
    def numeric(self) -> bool:
        """Right-aligned as numbers are (texts and dates are not, as in the documents)."""
        return self.number_format not in (NumberFormat.TEXT, NumberFormat.DATE)


_columns: dict[str, PortfolioColumn] = {}

# Sorts of the organisation's own fields; every column key sorts too.
BASE_SORTS = ("name", "kind", "state")


def register_portfolio_column(
    key: str,
    label: str | Promise,
    provider: PortfolioProvider,
    *,
    order: int = 100,
    number_format: NumberFormat = NumberFormat.TEXT,
    empty: str | Promise = "–",
    export_text_label: str | Promise = "",
) -> None:
    """Add a column to the portfolio. One provider per key; columns show in ``order``."""
    if key in BASE_SORTS:
        raise ValueError(f"Portfolio column {key!r} would shadow an organisation field.")
    known = _columns.get(key)
    if known is not None and known.provider is not provider:
        raise ValueError(f"Portfolio column {key!r} already has a provider.")
    _columns[key] = PortfolioColumn(
        key, label, provider, order, number_format, empty, export_text_label
    )


def portfolio_columns() -> list[PortfolioColumn]:
    """The registered columns in their order."""
    return sorted(_columns.values(), key=lambda column: (column.order, column.key))


def phase_column(organisations: list[Organisation]) -> dict[int, PortfolioCell]:
    """The Ablaufplan phase each organisation is at: the first phase not done yet, as the
    home page marks it; "All phases done" when none is left."""
    slugs = {organisation.pk: organisation.slug for organisation in organisations}
    cells = {}
    for pk, position in shared(
        organisations, "phase_positions", lambda: phase_positions(organisations)
    ).items():
        url = reverse("organisations:home", args=[slugs[pk]])
        if position.phase is None:
            cells[pk] = PortfolioCell(value=len(position.states) + 1, text=_("All done"), url=url)
        else:
            cells[pk] = PortfolioCell(
                value=position.phase.number,
                text=f"{position.phase.number} · {position.phase.title}",
                detail=position.state_label,
                url=url,
            )
    return cells


@dataclass(frozen=True)
class PortfolioRow:
    membership: Membership
    cells: list[tuple[PortfolioColumn, PortfolioCell | None]]

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation


@dataclass(frozen=True)
class Portfolio:
    columns: list[PortfolioColumn]
    rows: list[PortfolioRow]
    sort: str


def _sort_key(value: object) -> tuple:
    # None last in both directions is done by the caller; here values of one column share
    # a type (numbers, dates or texts).
    if isinstance(value, str):
        return (value.casefold(),)
    return (value,)


def sorts() -> tuple[str, ...]:
    """Every value ``?sort=`` accepts, without the leading minus."""
    return (*BASE_SORTS, *(column.key for column in portfolio_columns()))


def build_portfolio(memberships: Sequence[Membership], *, sort: str = "name") -> Portfolio:
    """The rows of the portfolio for these memberships (organisations loaded with them),
    sorted by ``sort`` (a column key or ``name``/``kind``/``state``, ``-`` first for
    descending; organisations without a figure come last either way, the name breaks ties).

    A fixed number of queries: each column's provider is called once for all organisations.
    """
    memberships = list(memberships)
    organisations = OrganisationBatch([membership.organisation for membership in memberships])
    columns = portfolio_columns()
    figures = {
        column.key: column.provider(organisations) if organisations else {} for column in columns
    }
    rows = [
        PortfolioRow(
            membership=membership,
            cells=[
                (column, figures[column.key].get(membership.organisation.pk)) for column in columns
            ],
        )
        for membership in memberships
    ]
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key not in sorts():
        key, descending = "name", False
    rows.sort(key=lambda row: row.organisation.name.casefold())

    def value_of(row: PortfolioRow) -> object:
        if key == "name":
            return row.organisation.name
        if key == "kind":
            return str(row.organisation.get_kind_display())
        if key == "state":
            return str(row.organisation.get_state_display())
        cell = figures[key].get(row.organisation.pk)
        return None if cell is None else cell.value

    present = [row for row in rows if value_of(row) is not None]
    missing = [row for row in rows if value_of(row) is None]
    present.sort(key=lambda row: _sort_key(value_of(row)), reverse=descending)
    return Portfolio(columns=columns, rows=present + missing, sort=f"-{key}" if descending else key)


@dataclass(frozen=True)
class PortfolioFilters:
    query: str = ""
    state: str = ""
    kind: str = ""


def filter_memberships(
    memberships: Sequence[Membership], filters: PortfolioFilters
) -> list[Membership]:
    """The memberships whose organisation matches the search (name or AGS), the state and
    the kind (in Python: the list holds only the user's own organisations)."""
    query = filters.query.casefold()
    return [
        membership
        for membership in memberships
        if (
            not query
            or query in membership.organisation.name.casefold()
            or membership.organisation.ags.startswith(filters.query)
        )
        and (not filters.state or membership.organisation.state == filters.state)
        and (not filters.kind or membership.organisation.kind == filters.kind)
    ]


def filter_choices(memberships: Sequence[Membership]) -> dict[str, list[tuple[str, str]]]:
    """The states and kinds among the user's organisations, for the filter's options."""
    states = {m.organisation.state: str(m.organisation.get_state_display()) for m in memberships}
    kinds = {m.organisation.kind: str(m.organisation.get_kind_display()) for m in memberships}
    return {
        "states": sorted(states.items(), key=lambda item: item[1]),
        "kinds": sorted(kinds.items(), key=lambda item: item[1]),
    }
