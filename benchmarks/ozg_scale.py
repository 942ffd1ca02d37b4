"""OZG at the scale of Germany: 10,800 organisations × 575 OZG-Leistungen (6.21 million
service states) in PostgreSQL.

Generates a catalog of 575 OZG-Leistungen in 14 Themenfelder, 10,800 organisations that all
share their figures for aggregate views (``OzgSettings.share_for_aggregation``) and one
service state per organisation and Leistung, loaded with ``COPY``: about 12 % not relevant,
the levels of the relevant ones spread by the organisation's progress (laggard, average,
advanced; no level yet, 0 to 4), statuses, solutions and target dates that fit them, and
every 25th Leistung online wherever it is relevant. Then ``VACUUM ANALYZE``, and the counts
per organisation, Themenfeld and level (``OzgLevelCount``) that the services keep, counted
once from the copied states (``ozg_recount``; its time is printed).

Prints the time (median of several runs) of
- the installation-wide aggregation, ``ozg.aggregates.installation_dashboard()``, which reads
  the kept counts (about 150,000 rows) and probes one index per OZG-Leistung, and its ratio
  to one raw SQL ``SELECT level, COUNT(*) FROM ozg_servicestate GROUP BY level`` over the
  same table in the same run; the same restricted to the organisations of one state (the
  page's "same state" view); and, for comparison, the same figures computed by scanning
  every service state (``installation_dashboard_by_scan``, the computation before the
  counts were kept), which must give the same figures;
- one organisation's dashboard, ``ozg.selectors.dashboard`` (575 states);
- a bulk update of 500 of an organisation's services to "planning",
  ``ozg.services.service_states_bulk_update`` (each run on another organisation, so every run
  changes 500 rows and writes their audit events).
Targets: one organisation's dashboard under 100 ms, the aggregation under 200 ms, the bulk
update (which now keeps the counts too) under 1 s; a missed target is no failure. DEBUG is
off, as in production.

Needs PostgreSQL: ``BENCH_DATABASE_URL`` (an existing database, left without this run's
data), else a database ``kk_ozg_scale_<process id>`` (one per run, so that two runs at once
do not collide) created at postgres@127.0.0.1:5432 and dropped afterwards. Exits with 77
when there is no PostgreSQL (``run.py`` reports a skip): SQLite says nothing about 6
million rows on a server. The generation takes a few minutes.

    python benchmarks/ozg_scale.py [--organisations 10800] [--repeat 5]
"""

import argparse
import datetime
import os
import random
import secrets
import socket
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SKIP = 77  # "skipped", as automake's test drivers count it
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE_NAME = f"kk_ozg_scale_{os.getpid()}"
SLUG_PREFIX = "ozg-scale-"
THEMENFELDER = 14
LEISTUNGEN = 575
FIRST_OZG_ID = 90001  # beyond the OZG-IDs of the real catalog, for a given database
EVERYWHERE_EVERY = 25  # every 25th Leistung is online wherever it is relevant
BULK = 500
TODAY = datetime.date(2026, 11, 27)
TARGET_ORGANISATION_MS = 100
TARGET_AGGREGATION_MS = 200
TARGET_BULK_S = 1


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=10_800)
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    arguments = parser.parse_args()
    if arguments.organisations < 2 or arguments.repeat < 1:
        parser.error("--organisations must be 2 or more, --repeat 1 or more")
    return arguments


# The database ---------------------------------------------------------------------------


def database_url() -> tuple[str, bool]:
    """The database to use and whether this run creates (and drops) it."""
    given = os.environ.get("BENCH_DATABASE_URL", "")
    if given:
        if not given.startswith(("postgres://", "postgresql://")):
            print(
                "skipped: the OZG scale benchmark needs PostgreSQL (6.2 million service "
                "states) and BENCH_DATABASE_URL is not a PostgreSQL URL; it does not run on "
                "SQLite"
            )
            sys.exit(SKIP)
        return given, False
    server = urlsplit(DEFAULT_SERVER)
    return server._replace(path=f"/{DATABASE_NAME}").geturl(), True


def server_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), 2):
            return True
    except OSError:
        return False


def maintenance(statement: str) -> None:
    """Run CREATE/DROP DATABASE on the server's ``postgres`` database."""
    import psycopg

    with psycopg.connect(
        DEFAULT_SERVER.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(statement)


def prepare_environment(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "0",  # as in production: no query log
            "SECRET_KEY": secrets.token_urlsafe(50),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "kommunalkompass.config.settings",
        }
    )
    os.environ.pop("PYTEST_VERSION", None)


# The data -------------------------------------------------------------------------------

# Levels of a relevant service by the organisation's progress: (level, weight); None = none.
PROFILES = {
    "laggard": ([None, 0, 1, 2, 3, 4], [35, 25, 20, 15, 4, 1]),
    "average": ([None, 0, 1, 2, 3, 4], [15, 15, 20, 30, 15, 5]),
    "advanced": ([None, 0, 1, 2, 3, 4], [5, 5, 15, 35, 28, 12]),
    "everywhere": ([2, 3, 4], [40, 40, 20]),  # the Leistungen that are online everywhere
}
PROFILE_SHARES = (["laggard", "average", "advanced"], [30, 50, 20])
NOT_RELEVANT_SHARE = 12  # percent
COLUMNS = (
    "leistung_id, organisation_id, relevant, relevance_reason, model_version, level, "
    "criteria, target_level, target_date, status, responsible_person, solution, "
    "solution_name, solution_provider, solution_url, online_url, notes, updated_at, version"
)
NULL = r"\N"


def variants(profile: str, now: str, rng: random.Random) -> tuple[list[str], list[int]]:
    """COPY text after ``leistung_id\\torganisation_id\\t`` for one profile, with weights:
    every combination of relevance, level, status, solution and target the profile has."""
    levels, weights = PROFILES[profile]
    tails, tail_weights = [], []

    def add(weight: float, relevant: bool, reason: str, level, target, status, solution, url):
        target_level, target_date = target or (NULL, NULL)
        fields = [
            "t" if relevant else "f",
            reason,
            "1.1",
            NULL if level is None else str(level),
            "{}",
            str(target_level),
            str(target_date),
            status,
            "Sachbearbeitung Bürgerbüro" if relevant else "",
            solution,
            "Onlinedienst" if solution else "",
            "Dienstleister GmbH" if solution == "vendor" else "",
            "",
            url,
            "",
            now,
            "1",
        ]
        tails.append("\t".join(fields) + "\n")
        tail_weights.append(max(1, round(weight * 100)))

    add(NOT_RELEVANT_SHARE, False, "Nicht zuständig", None, None, "not_relevant", "", "")
    share = (100 - NOT_RELEVANT_SHARE) / sum(weights)
    dates = [TODAY + datetime.timedelta(days=days) for days in (-60, 30, 200, 400)]
    for level, weight in zip(levels, weights, strict=True):
        base = weight * share
        if level is not None and level >= 2:
            for solution in ("efa", "state_portal", "own", "vendor"):
                add(base * 0.2, True, "", level, None, "online", solution,
                    f"https://service.example.org/{rng.randrange(1000)}")  # fmt: skip
                add(base * 0.05, True, "", level, None, "in_progress", solution, "")
            continue
        for status, status_share in (("open", 0.5), ("planning", 0.3), ("in_progress", 0.2)):
            part = base * status_share
            for date in dates:
                add(part * 0.25 / len(dates), True, "", level, (3, date), status, "", "")
            add(part * 0.75, True, "", level, None, status, "", "")
    return tails, tail_weights


def create_data(organisations: int, own_database: bool) -> tuple[list[int], set[str]]:
    """Catalog, organisations, settings and the service states, counted; returns the
    organisations' ids and the OZG-IDs that are online wherever they are relevant."""
    from django.db import connection, transaction
    from django.utils import timezone

    from kommunalkompass.organisations.models import Organisation
    from kommunalkompass.ozg.models import OzgLeistung, OzgSettings, ServiceState, Themenfeld

    rng = random.Random(11)  # noqa: S311 - benchmark data
    with transaction.atomic():
        themen = Themenfeld.objects.bulk_create(
            Themenfeld(name=f"Benchmark-Themenfeld {n + 1:02d}", position=n + 1)
            for n in range(THEMENFELDER)
        )
        leistungen = OzgLeistung.objects.bulk_create(
            OzgLeistung(
                ozg_id=f"{FIRST_OZG_ID + n:05d}",
                name=f"Benchmark-Leistung {n + 1}",
                themenfeld=themen[n % THEMENFELDER],
                jurisdiction=("kommune", "land", "bund")[n % 3],
            )
            for n in range(LEISTUNGEN)
        )
        created = Organisation.objects.bulk_create(
            (
                Organisation(
                    name=f"Benchmark-Gemeinde {n + 1}",
                    kind=Organisation.Kind.GEMEINDE,
                    state=f"{n % 16 + 1:02d}",
                    slug=f"{SLUG_PREFIX}{n + 1:05d}",
                    population=1000 + n,
                    verified=True,  # only verified organisations count across organisations
                )
                for n in range(organisations)
            ),
            batch_size=2000,
        )
        OzgSettings.objects.bulk_create(
            (OzgSettings(organisation=o, share_for_aggregation=True) for o in created),
            batch_size=2000,
        )
    now = timezone.now().isoformat()
    tables = {name: variants(name, now, rng) for name in (*PROFILE_SHARES[0], "everywhere")}
    everywhere = {n for n in range(LEISTUNGEN) if n % EVERYWHERE_EVERY == 0}
    heads = [f"{leistung.pk}\t" for leistung in leistungen]
    table = ServiceState._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if own_database:
            # A fresh table: COPY FREEZE writes the rows all-visible, as a vacuumed table
            # is, and the foreign keys are not checked row by row (the data is made to fit).
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(f"TRUNCATE {table} CASCADE")
        freeze = " WITH (FREEZE)" if own_database else ""
        with cursor.copy(f"COPY {table} ({COLUMNS}) FROM STDIN{freeze}") as copy:
            chunk: list[str] = []
            for organisation in created:
                organisation_id = f"{organisation.pk}\t"
                tails, weights = tables[rng.choices(*PROFILE_SHARES)[0]]
                chosen = rng.choices(tails, weights, k=LEISTUNGEN)
                special, special_weights = tables["everywhere"]
                for n in everywhere:
                    chosen[n] = rng.choices(special, special_weights)[0]
                chunk.extend(
                    head + organisation_id + tail for head, tail in zip(heads, chosen, strict=True)
                )
                if len(chunk) >= 50_000:
                    copy.write("".join(chunk))
                    chunk = []
            copy.write("".join(chunk))
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    # COPY bypasses the services: count the states once, as the data migration and
    # ``manage.py ozg_recount`` do.
    from kommunalkompass.ozg.services import level_counts_recount

    started = time.perf_counter()
    rows = level_counts_recount(organisations=[o.pk for o in created] if not own_database else None)
    print(
        f"counting the states per organisation, Themenfeld and level (ozg_recount): "
        f"{time.perf_counter() - started:.1f} s, {rows:,} count rows",
        flush=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return [o.pk for o in created], {leistungen[n].ozg_id for n in everywhere}


def remove_data() -> None:
    """This benchmark's catalog and organisations, with everything that belongs to them."""
    from django.db import connection, transaction

    from kommunalkompass.audit.models import AuditEvent
    from kommunalkompass.organisations.models import Organisation
    from kommunalkompass.ozg.models import OzgLeistung, OzgLevelCount, ServiceState, Themenfeld

    mine = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
    leistungen = OzgLeistung.objects.filter(name__startswith="Benchmark-Leistung ")
    with transaction.atomic():
        ids = list(leistungen.values_list("pk", flat=True))
        if ids:
            with connection.cursor() as cursor:  # 6 million rows: not through the collector
                cursor.execute(
                    f"DELETE FROM {ServiceState._meta.db_table} WHERE leistung_id = ANY(%s)",  # noqa: S608
                    [ids],
                )
        OzgLevelCount.objects.filter(organisation__in=mine)._raw_delete("default")
        AuditEvent.objects.filter(organisation__in=mine).delete()
        mine.delete()
        leistungen.delete()
        Themenfeld.objects.filter(name__startswith="Benchmark-Themenfeld ").delete()


# The measurements -----------------------------------------------------------------------


def timed(function, repeat: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), samples


def measure(arguments, organisation_ids: list[int], everywhere: set[str]) -> None:
    from django.db import connection

    from kommunalkompass.organisations.models import Organisation
    from kommunalkompass.ozg import selectors, services
    from kommunalkompass.ozg.aggregates import (
        installation_dashboard,
        installation_dashboard_by_scan,
    )
    from kommunalkompass.ozg.models import OzgLevelCount, ServiceState

    table = ServiceState._meta.db_table
    repeat = arguments.repeat
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), pg_total_relation_size('{table}') FROM {table}")  # noqa: S608
        rows, size = cursor.fetchone()
        counts_table = OzgLevelCount._meta.db_table
        cursor.execute(f"SELECT COUNT(*) FROM {counts_table}")  # noqa: S608
        count_rows = cursor.fetchone()[0]
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
    print(
        f"{table}: {rows:,} rows, {size / 2**30:.2f} GiB with indexes; PostgreSQL "
        f"{connection.pg_version // 10000}, {os.cpu_count()} CPU cores, "
        f"max_parallel_workers_per_gather {workers}; {counts_table}: {count_rows:,} rows"
    )

    def raw_group_by():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT level, COUNT(*) FROM {table} GROUP BY level")  # noqa: S608
            return cursor.fetchall()

    # Installation-wide: the raw baseline and the product function, interleaved run by run
    # so that both see the same cache and the same machine.
    baseline_samples, aggregation_samples = [], []
    figures = None
    for _ in range(repeat):
        baseline_samples.append(timed(raw_group_by, 1)[0])
        started = time.perf_counter()
        figures = installation_dashboard()
        aggregation_samples.append(time.perf_counter() - started)
    baseline = statistics.median(baseline_samples)
    aggregation = statistics.median(aggregation_samples)
    found = {i for row in figures["themenfelder"] for i in row["flaechendeckend_ozg_ids"]}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE relevant")  # noqa: S608
        relevant = cursor.fetchone()[0]
    assert figures["totals"]["relevant"] == relevant, (figures["totals"], relevant)
    assert everywhere <= found, sorted(everywhere - found)
    totals = figures["totals"]
    print(
        f"installation-wide aggregation: {aggregation * 1000:.0f} ms (median of {repeat}; "
        f"{min(aggregation_samples) * 1000:.0f}–{max(aggregation_samples) * 1000:.0f} ms) over "
        f"{figures['organisations']:,} organisations: {totals['relevant']:,} relevant, "
        f"{totals['online']:,} online, {totals['compliant']:,} compliant, "
        f"{totals['flaechendeckend']} OZG-Leistungen flächendeckend online"
    )
    print(f"raw SQL GROUP BY level over the same table: {baseline * 1000:.0f} ms")
    print(f"ratio aggregation / raw GROUP BY: {aggregation / baseline:.3f}")

    # The page's "same state" view: the organisations of one state (1/16 of them).
    one_state = Organisation.objects.filter(slug__startswith=SLUG_PREFIX, state="01")
    state_time, state_samples = timed(
        lambda: installation_dashboard(organisations=one_state), repeat
    )
    state_figures = installation_dashboard(organisations=one_state)
    print(
        f"the same, restricted to the {state_figures['organisations']:,} organisations of one "
        f"state: {state_time * 1000:.0f} ms (median of {repeat}; "
        f"{min(state_samples) * 1000:.0f}–{max(state_samples) * 1000:.0f} ms)"
    )

    # The computation before the counts were kept: a scan of every state, same figures.
    scan_time, scan_samples = timed(installation_dashboard_by_scan, min(repeat, 3))
    assert installation_dashboard_by_scan() == figures, "the counts disagree with a scan"
    assert installation_dashboard_by_scan(organisations=one_state) == state_figures
    print(
        f"the same figures by scanning every service state (before the counts were kept): "
        f"{scan_time * 1000:.0f} ms (median of {len(scan_samples)}; ratio to raw GROUP BY "
        f"{scan_time / baseline:.2f}); the counts are {scan_time / aggregation:.0f}× as fast "
        "and give the same figures"
    )

    # One organisation's dashboard.
    organisation = Organisation.objects.get(pk=organisation_ids[len(organisation_ids) // 2])
    board = selectors.dashboard(organisation=organisation, today=TODAY)
    assert sum(count for _value, _label, count in board.by_status) == LEISTUNGEN
    dashboard_time, dashboard_samples = timed(
        lambda: selectors.dashboard(organisation=organisation, today=TODAY), max(repeat, 11)
    )
    print(
        f"one organisation's dashboard ({LEISTUNGEN} states): {dashboard_time * 1000:.1f} ms "
        f"(median of {len(dashboard_samples)}; {min(dashboard_samples) * 1000:.1f}–"
        f"{max(dashboard_samples) * 1000:.1f} ms)"
    )

    # Bulk update of 500: each run on another organisation, so that every run changes rows.
    bulk_samples, changed = [], []
    for n in range(repeat):
        other = Organisation.objects.get(pk=organisation_ids[n])
        states = list(ServiceState.objects.for_organisation(other).order_by("pk")[:BULK])
        changed.append(sum(1 for s in states if s.status not in ("planning", "not_relevant")))
        started = time.perf_counter()
        count = services.service_states_bulk_update(
            actor=None, organisation=other, states=states, status="planning"
        )
        bulk_samples.append(time.perf_counter() - started)
        assert count == BULK
        assert ServiceState.objects.for_organisation(other).filter(
            pk__in=[s.pk for s in states], status="planning"
        ).count() == sum(1 for s in states if s.relevant)
    bulk = statistics.median(bulk_samples)
    # The bulk updates kept the counts: they equal a recount of those organisations.
    from django.db import transaction

    from kommunalkompass.ozg.models import OzgLevelCount
    from kommunalkompass.ozg.services import level_counts_recount

    changed_ids = organisation_ids[:repeat]
    columns = [f.attname for f in OzgLevelCount._meta.concrete_fields if f.attname != "id"]

    def stored():
        rows = OzgLevelCount.objects.filter(organisation_id__in=changed_ids)
        return sorted(tuple(row) for row in rows.values_list(*columns) if any(row[2:]))

    kept = stored()
    with transaction.atomic():
        level_counts_recount(organisations=changed_ids)
    assert stored() == kept, "the bulk updates left the counts wrong"
    print(
        f"bulk update of {BULK} services to planning: {bulk * 1000:.0f} ms (median of "
        f"{repeat}; {min(bulk_samples) * 1000:.0f}–{max(bulk_samples) * 1000:.0f} ms; "
        f"{statistics.mean(changed):.0f} changed and audited per run on average, the not "
        "relevant ones stay not relevant)"
    )

    for name, met in (
        (f"one organisation's dashboard under {TARGET_ORGANISATION_MS} ms",
         dashboard_time * 1000 < TARGET_ORGANISATION_MS),
        (f"installation-wide aggregation under {TARGET_AGGREGATION_MS} ms",
         aggregation * 1000 < TARGET_AGGREGATION_MS),
        (f"bulk update of {BULK} under {TARGET_BULK_S} s", bulk < TARGET_BULK_S),
    ):  # fmt: skip
        print(f"target {name}: {'met' if met else 'missed'}")


def main() -> None:
    arguments = parse_arguments()
    url, own_database = database_url()
    if not server_reachable(url):
        where = f"{urlsplit(url).hostname}:{urlsplit(url).port or 5432}"
        print(
            f"skipped: the OZG scale benchmark needs PostgreSQL (6.2 million service states), "
            f"which is not reachable at {where}; it does not run on SQLite",
            flush=True,
        )
        sys.exit(SKIP)
    prepare_environment(url)
    if own_database:
        maintenance(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        maintenance(f'CREATE DATABASE "{DATABASE_NAME}"')
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        if not own_database:
            remove_data()  # what a broken earlier run left
        states = arguments.organisations * LEISTUNGEN
        print(
            f"{arguments.organisations:,} organisations × {LEISTUNGEN} OZG-Leistungen = "
            f"{states:,} service states",
            flush=True,
        )
        started = time.perf_counter()
        organisation_ids, everywhere = create_data(arguments.organisations, own_database)
        generation = time.perf_counter() - started
        print(
            f"generation (catalog, organisations, COPY of the states, VACUUM ANALYZE): "
            f"{generation:.0f} s = {states / generation:,.0f} states/s",
            flush=True,
        )
        measure(arguments, organisation_ids, everywhere)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            if not own_database:
                remove_data()  # the given database keeps nothing of this run
            connections.close_all()
        if own_database:
            maintenance(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
