"""Benchmark: importing the real municipality register (16,068 rows).

Run from the repository root:  python benchmarks/bench_register_import.py  (or make bench)

Times, against a baseline measured in the same run (reading the same file with plain
``csv.reader``), how long the import takes into an empty register, into an unchanged one
(a second run) and when every entry has changed. It runs on the throw-away database of
``_setup.py`` (a fresh SQLite file; BENCH_DATABASE_URL for PostgreSQL, whose register it
empties). Prints ratios; asserts nothing about time.
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_FILE = REPO_ROOT.parent / "shared" / "data" / "gv-isys-auszug-2019-12-31.csv"
ROUNDS = 3


def best_of(rounds: int, action: Callable[[], object], before: Callable[[], object] | None = None):
    """The fastest of ``rounds`` runs of ``action`` (seconds); ``before`` runs untimed."""
    times = []
    for _ in range(rounds):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def baseline_parse() -> int:
    with REAL_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _row in csv.reader(handle))


def main() -> int:
    if not REAL_FILE.is_file():
        print(f"skipped: the real register extract is not available at {REAL_FILE}")
        return 0
    from _setup import django_with_fresh_database

    django_with_fresh_database()
    from django.db import connection

    from kommunalkompass.organisations.models import RegisterEntry
    from kommunalkompass.organisations.register import register_import, register_parse

    with tempfile.TemporaryDirectory() as folder:
        changed_file = Path(folder) / "changed.csv"
        with REAL_FILE.open(encoding="utf-8-sig", newline="") as source:
            rows = list(csv.reader(source))
        for row in rows[1:]:
            row[7] += " (geändert)"
        with changed_file.open("w", encoding="utf-8-sig", newline="") as target:
            csv.writer(target).writerows(rows)

        baseline, baseline_median = best_of(ROUNDS, baseline_parse)
        parse, _ = best_of(ROUNDS, lambda: register_parse(path=REAL_FILE))
        fresh, _ = best_of(
            ROUNDS,
            lambda: register_import(path=REAL_FILE),
            before=lambda: RegisterEntry.objects.all().delete(),
        )
        again, _ = best_of(ROUNDS, lambda: register_import(path=REAL_FILE))
        changed, _ = best_of(
            ROUNDS,
            lambda: register_import(path=changed_file),
            before=lambda: register_import(path=REAL_FILE),
        )
        count = RegisterEntry.objects.count()

    print(f"register import, {count:,} entries, {connection.vendor}, best of {ROUNDS}")
    median = f"(median {baseline_median * 1000:.1f} ms)"
    print(f"  {'baseline: csv.reader':<27} {baseline * 1000:8.1f} ms  {median}")
    for label, seconds in [
        ("parse and check", parse),
        ("import into empty register", fresh),
        ("import again (unchanged)", again),
        ("import, every entry changed", changed),
    ]:
        print(f"  {label:<27} {seconds * 1000:8.1f} ms  {seconds / baseline:6.1f}× baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
