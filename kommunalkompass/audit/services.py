"""The one way to record who changed what and when."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` of ``obj``, as JSON-safe values."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def audit_record(
    *,
    actor: Any,
    organisation: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Record one change. ``changes`` maps a field to ``[old, new]`` (or to its value)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if authenticated else None,
        actor_label=actor.email if authenticated else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk or ""),
        object_repr=(object_repr or str(obj))[:255],
        changes=changes or {},
    )


def audit_record_many(
    *, actor: Any, organisation: Any, action: str, entries: Iterable[tuple[models.Model, dict]]
) -> list[AuditEvent]:
    """Record one change each for many objects of one kind in a single insert (bulk edits)."""
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    events = []
    content_type = None
    for obj, changes in entries:
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
