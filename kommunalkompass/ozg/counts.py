"""The service states counted per organisation, Themenfeld and level (``OzgLevelCount``).

Every write of a service state's relevance or level, of its OZG-Leistung or its
organisation, keeps these counts in the same transaction: the services say what changed
(``LevelCounts``, then ``apply``), and one upsert adds the differences. The upsert adds to
what is stored (``count = count + change``) and the database serialises it on the row, so
that two transactions changing services of one organisation and Themenfeld at once both
count (PostgreSQL and SQLite: ``INSERT … ON CONFLICT … DO UPDATE``). Rows are written in
one order (organisation, Themenfeld), so that two such transactions cannot deadlock.

Writes that change many states at once without the services (the demo, an organisation
import, a catalog change that moves OZG-Leistungen to another Themenfeld) count anew
with ``recount``, which rebuilds the rows of some organisations or Themenfelder from the
states, or all of them (``manage.py ozg_recount``, to repair).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Count, Q

from .models import OzgLeistung, OzgLevelCount, ServiceState

# Columns of OzgLevelCount by level: None (no level yet) and 0 to 7.
LEVELS: tuple[int | None, ...] = (None, 0, 1, 2, 3, 4, 5, 6, 7)
COLUMNS: tuple[str, ...] = tuple(
    "unrated" if level is None else f"level_{level}" for level in LEVELS
)
# How many rows one upsert statement writes.
BATCH = 500


def column(level: int | None) -> str:
    """The OzgLevelCount column that counts services at ``level``."""
    return "unrated" if level is None else f"level_{level}"


def columns_from(level: int) -> list[str]:
    """The columns of the levels ``level`` and higher."""
    return [column(value) for value in LEVELS if value is not None and value >= level]


class LevelCounts:
    """The changes of one transaction to the counts: states added, removed or changed,
    then ``apply`` (once, before the transaction ends)."""

    def __init__(self) -> None:
        # (organisation id, OZG-Leistung id, level) -> change of the count
        self._changes: dict[tuple[int, int, int | None], int] = defaultdict(int)

    def add(self, state: ServiceState, sign: int = 1) -> None:
        """Count ``state`` as it is now (``sign=-1``: no longer count it)."""
        if state.relevant:
            self._changes[(state.organisation_id, state.leistung_id, state.level)] += sign

    def remove(self, state: ServiceState) -> None:
        self.add(state, -1)

    def change(self, *, before: tuple[bool, int | None], state: ServiceState) -> None:
        """``state`` was relevant and at a level (``before``), and is as it is now."""
        relevant, level = before
        if relevant:
            self._changes[(state.organisation_id, state.leistung_id, level)] -= 1
        self.add(state)

    def apply(self) -> int:
        """Add the changes to the stored counts; returns the number of rows written."""
        changes = {key: value for key, value in self._changes.items() if value}
        self._changes.clear()
        if not changes:
            return 0
        themenfeld = dict(
            OzgLeistung.objects.filter(pk__in={key[1] for key in changes}).values_list(
                "pk", "themenfeld_id"
            )
        )
        rows: dict[tuple[int, int | None], list[int]] = {}
        for (organisation_id, leistung_id, level), value in changes.items():
            row = rows.setdefault((organisation_id, themenfeld[leistung_id]), [0] * len(COLUMNS))
            row[LEVELS.index(level)] += value
        ordered = [
            (organisation_id, themenfeld_id, *values)
            for (organisation_id, themenfeld_id), values in sorted(
                rows.items(), key=lambda item: (item[0][0], item[0][1] or 0)
            )
            if any(values)
        ]
        for start in range(0, len(ordered), BATCH):
            _upsert(ordered[start : start + BATCH])
        return len(ordered)


def _upsert(rows: list[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(OzgLevelCount._meta.db_table)
    names = ", ".join(COLUMNS)
    placeholders = ", ".join(["(" + ", ".join(["%s"] * (2 + len(COLUMNS))) + ")"] * len(rows))
    additions = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in COLUMNS)
    # The conflict target names the expressions of ozg_level_count_one_per_themenfeld.
    sql = (
        f"INSERT INTO {table} (organisation_id, themenfeld_id, {names}) "  # noqa: S608 - names from the model
        f"VALUES {placeholders} "
        f"ON CONFLICT (organisation_id, COALESCE(themenfeld_id, 0)) DO UPDATE SET {additions}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])


def recount(
    *,
    organisations: Iterable[Any] | None = None,
    themenfelder: Iterable[int | None] | None = None,
) -> int:
    """Rebuild the counts from the service states: of the given organisations (or their
    ids), of the given Themenfeld ids (``None``: the OZG-Leistungen without one), of both,
    or, given neither, all of them. Returns the number of rows written.

    On PostgreSQL it first waits for the transactions that are writing service states and
    holds off new ones until this transaction ends (``LOCK … IN SHARE MODE``), so that no
    change is counted twice or lost. Call it inside a transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {ServiceState._meta.db_table} IN SHARE MODE")
    counts = OzgLevelCount.objects.all()
    states = ServiceState.objects.filter(relevant=True)
    if organisations is not None:
        ids = [getattr(o, "pk", o) for o in organisations]
        counts = counts.filter(organisation_id__in=ids)
        states = states.filter(organisation_id__in=ids)
    if themenfelder is not None:
        chosen = set(themenfelder)
        named = [pk for pk in chosen if pk is not None]
        row, leistung = Q(themenfeld_id__in=named), Q(leistung__themenfeld_id__in=named)
        if None in chosen:
            row |= Q(themenfeld__isnull=True)
            leistung |= Q(leistung__themenfeld__isnull=True)
        counts, states = counts.filter(row), states.filter(leistung)
    counts._raw_delete(counts.db)  # derived rows: nothing hangs off them
    per_level = {
        name: Count("pk", filter=Q(level__isnull=True) if level is None else Q(level=level))
        for name, level in zip(COLUMNS, LEVELS, strict=True)
    }
    select, params = (
        states.order_by()
        .values("organisation_id", "leistung__themenfeld_id")
        .annotate(**per_level)
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(OzgLevelCount._meta.db_table)
    # INSERT … SELECT: the counts do not travel through Python (6 million states at scale).
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, themenfeld_id, {', '.join(COLUMNS)}) {select}",  # noqa: S608 - names from the model
            params,
        )
        return cursor.rowcount
