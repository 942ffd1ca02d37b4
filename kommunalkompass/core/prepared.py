"""Queries that Django compiles once per process instead of on every request.

Building and compiling a queryset costs more CPU than PostgreSQL needs to answer it when the
query is small and asked on every request: the survey's lookup of a respondent costs about
0.5 ms to build and compile and 0.1 ms to run. A ``PreparedQuery`` builds its queryset once,
with a marker in place of every value that changes, keeps the SQL and where each marker went
among the parameters, and later runs that SQL with the real values. Rows become model
instances (with ``select_related`` objects and annotations) or ``values_list`` tuples through
the same converters as Django's own iterables, so dates, JSON and booleans read the same on
SQLite and PostgreSQL.

Only for querysets whose shape never depends on the values: filters by exact value on text
and integer columns, no ``__in`` lists, no values that Django transforms before they become
parameters (preparing fails loudly when a value does not reach the SQL unchanged).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.transaction import TransactionManagementError


def _markers(kinds: dict[str, type]) -> dict[str, Any]:
    """A value for each name that no real value equals, of the name's type (``str`` or
    ``int``), so that a lookup keeps it as it is on its way into the parameters."""
    markers: dict[str, Any] = {}
    for number, (name, kind) in enumerate(sorted(kinds.items())):
        if kind is str:
            markers[name] = f"\x00prepared:{name}\x00"
        elif kind is int:
            # Below every key and count, and inside the range of a 32-bit column: Django
            # compiles a value outside the column's range to an empty result.
            markers[name] = -(2**31) + 104_729 + 7919 * number
        else:
            raise TypeError(f"{name}: a prepared value is a str or an int, not {kind!r}")
    return markers


@dataclass(frozen=True)
class _Plan:
    sql: str
    # For each parameter: the name of the value it takes, or None for the constant in
    # ``constants``.
    names: tuple[str | None, ...]
    constants: tuple[Any, ...]
    converters: dict
    compiler: Any
    models: bool  # model instances (``ModelIterable``), else tuples of the selected columns
    for_update: bool


class PreparedQuery:
    """``build(**values)`` returns the queryset; ``query(**values)`` runs it with ``values``.

    ``kinds`` name the keyword arguments ``build`` takes, each with its type (``str`` or
    ``int``). The result is a list of model instances, or of tuples for a ``values_list``
    queryset.
    """

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        self._build = build
        self._names = tuple(kinds)
        self._markers = _markers(kinds)
        self._model = None
        # Per thread: a compiled query holds the connection it was compiled for.
        self._local = threading.local()

    def __call__(self, **values: Any) -> list:
        if set(values) != set(self._names):
            raise TypeError(f"expected the values {sorted(self._names)}, got {sorted(values)}")
        plan = self._plan()
        params = [
            values[name] if name is not None else constant
            for name, constant in zip(plan.names, plan.constants, strict=True)
        ]
        alias = plan.compiler.using
        connection = connections[alias]
        if plan.for_update and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        if plan.converters:
            rows = list(plan.compiler.apply_converters(rows, plan.converters))
        if not plan.models:
            return [tuple(row) for row in rows]
        return list(_instances(plan.compiler, alias, rows))

    def _plan(self) -> _Plan:
        plans = self._local.__dict__.setdefault("plans", {})
        alias = router.db_for_read(self._model) if self._model is not None else None
        plan = plans.get(alias)
        if plan is None:
            queryset = self._build(**self._markers)
            self._model = queryset.model
            alias = router.db_for_read(queryset.model)
            plan = plans[alias] = self._prepare(queryset, alias)
        return plan

    def _prepare(self, queryset: QuerySet, alias: str) -> _Plan:
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise TypeError("a prepared query returns model instances or values_list tuples")
        if queryset._iterable_class is ValuesListIterable and queryset.query.annotation_select:
            raise TypeError("a prepared values_list query selects fields, not annotations")
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            raise ValueError(
                f"the values {sorted(self._names)} make an empty query: not a value for its column"
            ) from None
        names = tuple(self._name_of(value) for value in params)
        missing = set(self._names) - set(names)
        if missing:
            raise ValueError(f"the values {sorted(missing)} did not reach the SQL unchanged")
        columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        return _Plan(
            sql=sql,
            names=names,
            constants=tuple(
                None if name is not None else value
                for name, value in zip(names, params, strict=True)
            ),
            converters=compiler.get_converters(columns),
            compiler=compiler,
            models=queryset._iterable_class is ModelIterable,
            for_update=queryset.query.select_for_update,
        )

    def _name_of(self, parameter: Any) -> str | None:
        for name, marker in self._markers.items():
            if type(parameter) is type(marker) and parameter == marker:
                return name
        return None


def _instances(compiler, alias: str, rows: list):
    """Model instances from converted rows, as ``ModelIterable`` makes them."""
    select, klass_info, annotations = (
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map,
    )
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    attnames = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    for row in rows:
        instance = model.from_db(alias, attnames, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in (annotations or {}).items():
            setattr(instance, name, row[position])
        yield instance
