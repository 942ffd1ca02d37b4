"""A backup restores: the demo, dumped with ``pg_dump`` and restored into a fresh database
with ``pg_restore`` as docs/operations.md ("Backups") says, has the same rows in every table
and the same sequence positions.

It needs PostgreSQL (``DATABASE_URL``) and the client programs ``pg_dump``, ``pg_restore``,
``createdb`` and ``dropdb``; elsewhere it is skipped, saying why. CI's PostgreSQL run fails
when it was skipped there (.ci/run).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb")


def _skip_reason() -> str:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL to a postgres:// address"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"needs the PostgreSQL client programs {', '.join(missing)} on the path"
    return ""


pytestmark = [
    pytest.mark.skipif(bool(_skip_reason()), reason=_skip_reason() or "runs"),
    pytest.mark.django_db(transaction=True),
]


def _libpq_environment() -> dict[str, str]:
    """The test database's server and user for the client programs (as libpq reads them)."""
    database = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _run(*command: str) -> None:
    subprocess.run(command, env=_libpq_environment(), check=True, capture_output=True, timeout=120)  # noqa: S603


def _figures(database: str) -> tuple[dict[str, int], dict[str, int]]:
    """The number of rows of every table and the position of every sequence."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=database,
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        autocommit=True,
    ) as database_connection:
        tables = [
            name
            for (name,) in database_connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        counts = {
            table: database_connection.execute(
                psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }
        sequences = dict(
            database_connection.execute(
                "SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences "
                "WHERE schemaname = 'public'"
            ).fetchall()
        )
    return counts, sequences


def test_a_dump_of_the_demo_restores_into_a_fresh_database_with_every_row(tmp_path):
    call_command("demo", stdout=StringIO())
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restore_{os.getpid()}"
    dump = tmp_path / "kompass.dump"
    _run("dropdb", "--if-exists", "--force", restored)
    try:
        # The commands of docs/operations.md, "Backups".
        _run("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source}")
        _run("createdb", restored)
        _run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump))

        counts, sequences = _figures(source)
        restored_counts, restored_sequences = _figures(restored)
    finally:
        _run("dropdb", "--if-exists", "--force", restored)

    assert restored_counts == counts
    assert restored_sequences == sequences
    # The demo is in it: organisations, answers, measures, OZG states, the audit log.
    for table in (
        "organisations_organisation",
        "assessments_answer",
        "strategy_measure",
        "ozg_servicestate",
        "audit_auditevent",
    ):
        assert counts[table] > 0, table
