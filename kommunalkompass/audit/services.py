"""The one way to record who changed what and when."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

from .changes import Snapshot, as_pairs
from .models import AuditEvent

M = TypeVar("M", bound=models.Model)


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, decimal.Decimal):
        # One text per amount: 0, 0.00 and 0E+2 are the same amount, not a change.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> Snapshot:
    """The current values of ``fields`` of ``obj``, as JSON-safe values (dates in ISO)."""
    return Snapshot({name: _plain(getattr(obj, name)) for name in fields})


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _real_changes(changes: dict[str, Any] | None) -> dict[str, Any]:
    """``changes`` without the ``[old, new]`` pairs whose two values are the same."""
    return {
        name: value
        for name, value in (changes or {}).items()
        if not (isinstance(value, list | tuple) and len(value) == 2 and value[0] == value[1])
    }


def audit_record(
    *,
    actor: Any,
    organisation: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEvent | None:
    """Record one change. ``changes`` maps a field to ``[old, new]``, or is a ``snapshot()``
    of the object (what it was created with, or what it held when deleted); it is stored as
    ``{field: [old, new]}`` (see ``audit/changes.py``).

    Pairs whose old and new value are the same are no change; an update that is left with
    none records nothing and returns None (saving a form unchanged leaves no trace).
    """
    changes = _real_changes(as_pairs(action, changes or {}))
    if action == "update" and not changes:
        return None
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if authenticated else None,
        actor_label=actor.email if authenticated else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk or ""),
        object_repr=(object_repr or str(obj))[:255],
        changes=changes,
    )


def audit_record_many(
    *, actor: Any, organisation: Any, action: str, entries: Iterable[tuple[models.Model, dict]]
) -> list[AuditEvent]:
    """Record one change each for many objects of one kind in a single insert (bulk edits).

    As with ``audit_record``, an update without a real change is not recorded.
    """
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    events = []
    content_type = None
    for obj, recorded in entries:
        changes = _real_changes(as_pairs(action, recorded))
        if action == "update" and not changes:
            continue
        if content_type is None:
            content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        events.append(
            AuditEvent(
                organisation=organisation,
                actor=actor if authenticated else None,
                actor_label=actor.email if authenticated else "",
                action=action,
                content_type=content_type,
                object_id=str(obj.pk or ""),
                object_repr=str(obj)[:255],
                changes=changes,
            )
        )
    return AuditEvent.objects.bulk_create(events, batch_size=1000)


# Concurrent edits --------------------------------------------------------------------------


def lock_for_edit(obj: M, version: int | None, *, stale_message: str) -> M:
    """The stored row of ``obj``, locked until the transaction ends.

    ``version`` is the version the editor started from (None: no check, e.g. a command);
    when someone saved in between, the edit is refused with ``stale_message`` (code
    ``stale``) instead of silently overwriting their change. Call inside a transaction.
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    # Every model edited concurrently has a ``version`` field; no common base declares it.
    if version is not None and locked.version != version:  # type: ignore[attr-defined]
        raise ValidationError(stale_message, code="stale")
    return locked


def save_edit(
    *,
    actor: Any,
    organisation: Any,
    obj: models.Model,
    before: dict[str, Any],
    fields: Iterable[str],
    also_changed: dict[str, Any] | None = None,
    object_repr: str | None = None,
) -> dict[str, Any]:
    """Save an edited, locked row as its next version and record the change.

    ``before`` is the ``snapshot(obj, fields)`` taken before the edit. Only when a field or
    ``also_changed`` (e.g. related rows) differs is the row saved with ``version`` + 1 and
    the change recorded; an edit that changes nothing writes nothing. Returns the changes.
    """
    changes = {**changed_fields(before, snapshot(obj, fields)), **(also_changed or {})}
    if changes:
        # An F() expression, not an int: the database counts up (see lock_for_edit for why
        # the attribute is not declared).
        obj.version = F("version") + 1  # type: ignore[attr-defined]
        obj.save()
        obj.refresh_from_db()
        audit_record(
            actor=actor, organisation=organisation, action="update", obj=obj,
            changes=changes, object_repr=object_repr,
        )  # fmt: skip
    return changes
