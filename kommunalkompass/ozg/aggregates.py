"""Installation-wide OZG figures over the organisations that share them.

Besides ``assessments/peers.py`` this is the one read across organisations. It reads only
the figures of verified organisations (``Organisation.verified``, confirmed by an
installation admin, so that made-up organisations cannot make up the five) whose
``OzgSettings.share_for_aggregation`` is on, and only as counts per Themenfeld and
OZG-Leistung: no organisation is named and no single service state leaves the two
aggregate queries, which run in the database (a few hundred rows back to Python at most).

It does not read the service states one by one (6.2 million at 10,800 organisations):
the counts per organisation, Themenfeld and level that the services keep in the
transaction of each change (``OzgLevelCount``, ``ozg/counts.py``; one row per organisation
and Themenfeld) give the figures per Themenfeld, and "flächendeckend" asks, per
OZG-Leistung, whether one relevant state below online of a chosen organisation exists
(the partial index ``service_state_below_online``: one probe per Leistung). Which
organisations count is decided when the figures are read, so that opting in or out and
verification take effect at once. Like the peer benchmark,
it gives no figures at all below ``MIN_ORGANISATIONS`` sharing organisations: the rule is
kept here, so that no page, API or document that reads the figures can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from .counts import COLUMNS, columns_from
from .levels import COMPLIANT_LEVEL, ONLINE_LEVEL
from .models import OzgLeistung, OzgLevelCount, OzgSettings, ServiceState, Themenfeld

# As for peer benchmarks (assessments/peers.py): no figure that one organisation could be
# read from.
MIN_ORGANISATIONS = 5


def _opted_in(organisations: QuerySet | Iterable[Any] | None) -> QuerySet:
    """The ``OzgSettings`` of the verified organisations that share, within
    ``organisations``."""
    opted_in = OzgSettings.objects.filter(share_for_aggregation=True, organisation__verified=True)
    if organisations is not None:
        opted_in = opted_in.filter(organisation__in=organisations)
    return opted_in


def installation_dashboard(
    *, organisations: QuerySet | Iterable[Any] | None = None
) -> dict[str, Any]:
    """The OZG state of the installation, per Themenfeld, over the verified organisations that
    opted in to aggregate views (all of them, or those of ``organisations``: a queryset, or
    organisations or their ids).

    Returns ``{"organisations": n, "shown": bool, "min_organisations": 5, "themenfelder":
    [...], "totals": {...}}``. ``organisations`` counts the opted-in organisations
    considered (opted in: verified, and sharing). Below ``MIN_ORGANISATIONS`` of them
    ``shown`` is False, ``themenfelder`` is empty and ``totals`` None: no count is read
    (one query). Each Themenfeld (every one of the catalog, ordered as the catalog orders
    them; OZG-Leistungen without one under the name ``""``, listed only when they have
    figures) has:

    - ``organisations``: opted-in organisations with at least one relevant service in it;
    - ``relevant``, ``online`` (level ≥ 2) and ``compliant`` (level ≥ 3): relevant service
      states of the opted-in organisations (a state without a level counts as level 0);
    - ``flaechendeckend`` and ``flaechendeckend_ozg_ids`` (sorted): the OZG-Leistungen that
      are online in every opted-in organisation where they are relevant and relevant in at
      least one. A Leistung that is not relevant in an organisation, or that an organisation
      does not track, does not hold it back.

    ``totals`` adds up ``relevant``, ``online``, ``compliant`` and ``flaechendeckend``.
    The figures are those of ``installation_dashboard_by_scan``, read from the kept counts.
    """
    opted_in = _opted_in(organisations)
    sharing = opted_in.count()
    if sharing < MIN_ORGANISATIONS:
        return _hidden(sharing)
    subquery, subquery_params = opted_in.values("organisation_id").query.sql_with_params()
    counts = OzgLevelCount._meta.db_table
    states = ServiceState._meta.db_table
    leistungen = OzgLeistung._meta.db_table

    def added(names: list[str]) -> str:
        return " + ".join(f"c.{name}" for name in names)

    relevant = added(list(COLUMNS))
    # One row per organisation and Themenfeld: an organisation counts in a Themenfeld when
    # its row counts a relevant service (a row can be left at 0 by the changes).
    per_themenfeld = f"""
        SELECT c.themenfeld_id,
               SUM(CASE WHEN {relevant} > 0 THEN 1 ELSE 0 END),
               SUM({relevant}),
               SUM({added(columns_from(ONLINE_LEVEL))}),
               SUM({added(columns_from(COMPLIANT_LEVEL))})
        FROM {counts} c
        WHERE c.organisation_id IN ({subquery})
        GROUP BY c.themenfeld_id
    """  # noqa: S608 - table and column names from the models, values as parameters
    # Per Leistung: no relevant state below online among the opted-in organisations (one
    # probe of the partial index; the level as a literal, so that the planner can match
    # the index's condition), and at least one relevant state. Subqueries with LIMIT in
    # the select list stay one probe per Leistung (a NOT EXISTS may become a join that
    # reads every state below online).
    online = int(ONLINE_LEVEL)
    everywhere = f"""
        SELECT l.themenfeld_id, l.ozg_id
        FROM {leistungen} l
        WHERE (SELECT 1 FROM {states} s
               WHERE s.leistung_id = l.id AND s.relevant = %s
                     AND (s.level IS NULL OR s.level < {online})
                     AND (s.organisation_id IN ({subquery})) IS TRUE
               LIMIT 1) IS NULL
          AND (SELECT 1 FROM {states} s
               WHERE s.leistung_id = l.id AND s.relevant = %s
                     AND (s.organisation_id IN ({subquery})) IS TRUE
               LIMIT 1) IS NOT NULL
    """  # noqa: S608 - table names from the models, values as parameters
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic() if postgresql else nullcontext(), connection.cursor() as cursor:
        if postgresql:
            # The planner prices the probes (one per Leistung) far above what they cost and
            # would compile the query first (JIT: about a second at 10,800 organisations,
            # for a query that runs in milliseconds). For this transaction only.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(per_themenfeld, list(subquery_params))
        figures = {row[0]: [int(value or 0) for value in row[1:]] for row in cursor.fetchall()}
        cursor.execute(everywhere, [True, *subquery_params, True, *subquery_params])
        flaechendeckend: dict[int | None, list[str]] = {}
        for themenfeld_id, ozg_id in cursor.fetchall():
            flaechendeckend.setdefault(themenfeld_id, []).append(ozg_id)
    return _shown(sharing, figures, flaechendeckend)


def installation_dashboard_by_scan(
    *, organisations: QuerySet | Iterable[Any] | None = None
) -> dict[str, Any]:
    """The figures of ``installation_dashboard``, computed from the service states
    themselves (two scans of them): the reference that the tests and
    ``benchmarks/ozg_scale.py`` compare the kept counts with. Slow at scale; no page
    reads it."""
    opted_in = _opted_in(organisations)
    sharing = opted_in.count()
    if sharing < MIN_ORGANISATIONS:
        return _hidden(sharing)
    subquery, subquery_params = opted_in.values("organisation_id").query.sql_with_params()
    states = ServiceState._meta.db_table
    leistungen = OzgLeistung._meta.db_table
    # Per organisation and Themenfeld first, so that counting the organisations of a
    # Themenfeld needs no COUNT(DISTINCT); then per Themenfeld (one row each).
    per_themenfeld = f"""
        SELECT per_organisation.themenfeld_id,
               SUM(CASE WHEN per_organisation.relevant > 0 THEN 1 ELSE 0 END),
               SUM(per_organisation.relevant),
               SUM(per_organisation.online),
               SUM(per_organisation.compliant)
        FROM (
            SELECT l.themenfeld_id AS themenfeld_id,
                   COUNT(*) AS relevant,
                   SUM(CASE WHEN s.level >= %s THEN 1 ELSE 0 END) AS online,
                   SUM(CASE WHEN s.level >= %s THEN 1 ELSE 0 END) AS compliant
            FROM {states} s JOIN {leistungen} l ON l.id = s.leistung_id
            WHERE s.relevant = %s AND s.organisation_id IN ({subquery})
            GROUP BY s.organisation_id, l.themenfeld_id
        ) per_organisation
        GROUP BY per_organisation.themenfeld_id
    """  # noqa: S608 - table names from the models, values as parameters
    # A Leistung is flächendeckend when its lowest level over the relevant states is online.
    everywhere = f"""
        SELECT l.themenfeld_id, l.ozg_id
        FROM {states} s JOIN {leistungen} l ON l.id = s.leistung_id
        WHERE s.relevant = %s AND s.organisation_id IN ({subquery})
        GROUP BY l.id, l.themenfeld_id, l.ozg_id
        HAVING MIN(COALESCE(s.level, 0)) >= %s
    """  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(per_themenfeld, [ONLINE_LEVEL, COMPLIANT_LEVEL, True, *subquery_params])
        figures = {row[0]: [int(value or 0) for value in row[1:]] for row in cursor.fetchall()}
        cursor.execute(everywhere, [True, *subquery_params, ONLINE_LEVEL])
        flaechendeckend: dict[int | None, list[str]] = {}
        for themenfeld_id, ozg_id in cursor.fetchall():
            flaechendeckend.setdefault(themenfeld_id, []).append(ozg_id)
    return _shown(sharing, figures, flaechendeckend)


def _hidden(sharing: int) -> dict[str, Any]:
    return {
        "organisations": sharing,
        "shown": False,
        "min_organisations": MIN_ORGANISATIONS,
        "themenfelder": [],
        "totals": None,
    }


def _shown(
    sharing: int,
    figures: dict[int | None, list[int]],
    flaechendeckend: dict[int | None, list[str]],
) -> dict[str, Any]:
    """The figures per Themenfeld (``figures``: organisations, relevant, online, compliant)
    as ``installation_dashboard`` returns them."""
    themes: list[tuple[int | None, str]] = list(Themenfeld.objects.values_list("pk", "name"))
    if None in figures or None in flaechendeckend:
        themes.append((None, ""))
    rows = []
    for themenfeld_id, name in themes:
        counted, relevant, online, compliant = figures.get(themenfeld_id, [0, 0, 0, 0])
        ozg_ids = sorted(flaechendeckend.get(themenfeld_id, []))
        rows.append(
            {
                "id": themenfeld_id,
                "name": name,
                "organisations": counted,
                "relevant": relevant,
                "online": online,
                "compliant": compliant,
                "flaechendeckend": len(ozg_ids),
                "flaechendeckend_ozg_ids": ozg_ids,
            }
        )
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("relevant", "online", "compliant", "flaechendeckend")
    }
    return {
        "organisations": sharing,
        "shown": True,
        "min_organisations": MIN_ORGANISATIONS,
        "themenfelder": rows,
        "totals": totals,
    }
