"""What the strategy services share: the model check and the message for a stale edit."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _


def stale_message(what: str) -> str:
    """The refusal of an edit made on an older version of a ``what`` (strategy, measure)."""
    return _(
        "Someone else changed this %(what)s while you were editing. Their version is "
        "shown below; make your changes again on top of it."
    ) % {"what": what}


def validated(obj: models.Model) -> None:
    """Run the model's own checks; the organisation and strategy are set by the service."""
    obj.full_clean(exclude=["organisation", "strategy"])
