"""The write of a measures import: every row of a checked file as a measure, or none."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.documents.tables import RowError, RowsError, UploadedTable

from ..imports import measures_parse, validation_faults
from ..models import Measure, Strategy
from .measures import measure_create, measure_update


@transaction.atomic
def measures_import(*, actor: User, strategy: Strategy, table: UploadedTable) -> list[Measure]:
    """Create a measure per row of ``table``, in its order, with its dependencies.

    All or nothing: the rows are read and checked by ``imports.measures_parse`` first
    (``TableFileError`` for a file without rows or with too many, ``RowsError`` for bad
    rows); a row the measure service refuses, or whose dependencies name no measure of the
    strategy or of the file, or close a cycle, is named too, and then nothing is saved.
    Each measure is created and linked by ``measure_create`` and ``measure_update``, so
    each is audited as if entered by hand.
    """
    rows = measures_parse(strategy=strategy, table=table)
    errors: list[RowError] = []
    existing = list(strategy.measures.all())
    by_name = {m.code.lower(): m for m in existing} | {m.title.lower(): m for m in existing}
    created = []
    for row in rows:
        try:
            measure = measure_create(
                actor=actor,
                strategy=strategy,
                fields_of_action=row.fields,
                goals=row.goals,
                **row.values,
            )
        except ValidationError as error:
            errors.append(RowError.of(row.line, validation_faults(error), unit=table.unit))
            continue
        created.append((row, measure))
        by_name.setdefault(measure.title.lower(), measure)
        by_name[measure.code.lower()] = measure
    if not errors:
        for row, measure in created:
            depends: list[Measure] = []
            missing: list[str] = []
            for name in row.depends_on:
                target = by_name.get(name.lower())
                if target is None:
                    missing.append(name)
                else:
                    depends.append(target)
            if missing:
                reason = _("depends_on: no measure “%(names)s”") % {"names": "”, “".join(missing)}
                errors.append(RowError(line=row.line, reason=reason, unit=table.unit))
                continue
            if depends:
                try:
                    measure_update(actor=actor, measure=measure, version=None, depends_on=depends)
                except ValidationError as error:
                    errors.append(RowError.of(row.line, validation_faults(error), unit=table.unit))
    if errors:
        transaction.set_rollback(True)
        raise RowsError(filename=table.filename, row_count=len(table.rows), errors=errors)
    return [measure for _row, measure in created]
