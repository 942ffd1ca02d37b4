"""The shape of an audit event's ``changes``, now and as older code stored them.

``audit_record()`` stores ``{field: [old, new]}``: ``[None, value]`` for what an object was
created with (or what was added to it), ``[value, None]`` for what a deleted object held.
Events written before that (and callers that pass plain values) hold other shapes, all
read here, so that the audit log shows every event alike:

* ``{field: [old, new]}`` from ``changed_fields()`` and hand-written pairs;
* ``{field: value}`` from ``snapshot()`` of a created or deleted object, where a value may
  itself be a list (``"groups": ["leaders", "staff", "it"]``) or a dictionary;
* ``{field: value}`` on an update for something added (``"invitations": {...}``).
"""

from __future__ import annotations

from typing import Any


class Snapshot(dict):
    """The values of an object's fields at one moment: values, never ``[old, new]`` pairs."""


def _is_pair(action: str, value: Any) -> bool:
    if not isinstance(value, list) or len(value) != 2:
        return False
    # A created object has no old value and a deleted one no new value; a list of two
    # other items is the value of a list field (a snapshot stored by older code).
    if action == "create":
        return value[0] is None
    if action == "delete":
        return value[1] is None
    return True


def change_pairs(action: str, changes: Any) -> list[tuple[str, Any, Any]]:
    """``(field, old, new)`` for every entry of a stored or passed ``changes``."""
    if not isinstance(changes, dict):
        return []
    values_only = isinstance(changes, Snapshot)
    rows = []
    for name, value in changes.items():
        if not values_only and _is_pair(action, value):
            old, new = value
        elif action == "delete":
            old, new = value, None
        else:
            old, new = None, value
        rows.append((str(name), old, new))
    return rows


def as_pairs(action: str, changes: Any) -> dict[str, list[Any]]:
    """``changes`` in the stored shape ``{field: [old, new]}``."""
    return {name: [old, new] for name, old, new in change_pairs(action, changes)}
