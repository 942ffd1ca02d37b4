"""What the strategy services share: the model check, the message for a stale edit and the
save of an edit of a row without a version."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.audit.services import audit_record, changed_fields, snapshot

M = TypeVar("M", bound=models.Model)


def stale_message(what: str) -> str:
    """The refusal of an edit made on an older version of a ``what`` (strategy, measure)."""
    return _(
        "Someone else changed this %(what)s while you were editing. Their version is "
        "shown below; make your changes again on top of it."
    ) % {"what": what}


def validated(obj: models.Model) -> None:
    """Run the model's own checks; the organisation and strategy are set by the service."""
    obj.full_clean(exclude=["organisation", "strategy"])


def locked_copy(obj: M) -> M:
    """The stored row of ``obj``, locked until the transaction ends: an edit starts from
    what is stored, not from an instance a form has already changed."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def save_changes(
    *, actor: User | None, obj: models.Model, before: dict[str, Any], fields: Iterable[str]
) -> dict[str, Any]:
    """Save the edited ``obj`` and record the change, for a row without a ``version``.

    ``before`` is the ``snapshot(obj, fields)`` taken before the edit. Only the fields that
    differ are written (an edit of another field by someone else in between is kept); an
    edit that changes nothing writes nothing. Returns the changes.
    """
    changes = changed_fields(before, snapshot(obj, fields))
    if changes:
        obj.save(update_fields=list(changes))
        audit_record(
            actor=actor, organisation=obj.organisation, action="update", obj=obj,  # type: ignore[attr-defined]
            changes=changes,
        )  # fmt: skip
    return changes
