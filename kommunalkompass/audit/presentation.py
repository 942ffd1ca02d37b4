"""Audit events as a person reads them: the one place that turns a stored event into text.

Used by every page that shows events (the audit log, the OZG service history). For each
change it shows the field's label (the model field's ``verbose_name``), choice labels,
yes/no, dates and amounts in the page's language (a ``DecimalField`` whose English
``verbose_name`` names ``EUR`` is an amount of money), and for a long text or a table of
values "changed" with the old and new text on demand. The object is named by its own name
(the type alone where the stored name says nothing, as ``OzgSettings object (9)`` of older
events), the actor by name and e-mail address. Every stored shape of ``changes`` is read
(``audit/changes.py``). Nothing here queries the database: give it events with ``actor``
and ``content_type`` loaded (``selectors.audit_event_list``).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kommunalkompass.documents.formatting import format_euro

from .changes import change_pairs
from .models import AuditEvent

LONG = 80  # characters: a longer value is shown as "changed", its text on demand
EMPTY = "–"
LEGACY_REPR = re.compile(r"\w+ object \([^)]*\)")  # Django's default __str__
DATED = re.compile(r"(\d{4}-\d{2}(?:-\d{2})?): (.+)", re.DOTALL)
NUMBER = re.compile(r"-?\d+(\.\d+)?")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Changes recorded under a name that is not a field of the object's model.
EXTRA_LABELS = {
    "tracked_services": gettext_lazy("services taken over from the catalog"),
    "roadmap": gettext_lazy("roadmap computed"),
    "value": gettext_lazy("measured value"),
    "usage": gettext_lazy("monthly uses"),
    "invitation": gettext_lazy("invitation"),
    "invitations": gettext_lazy("survey invitations"),
    # strategy.services.strategy_copy_parts, recorded on both strategies
    "copied_from": gettext_lazy("copied from another organisation"),
    "copied_to": gettext_lazy("copied to another organisation"),
    # change.services.stakeholder_assess: the date of the new assessment, on the stakeholder
    "assessed_on": gettext_lazy("assessed on"),
}
# Keys of the tables of values some changes record (``roadmap``, ``invitations``).
KEY_LABELS = {
    "planned": gettext_lazy("measures scheduled"),
    "unplanned": gettext_lazy("measures not scheduled"),
    "group": gettext_lazy("respondent group"),
    "count": gettext_lazy("invitations sent"),
}
# The items of list fields whose choices live outside the model (an assessment's groups).
ITEM_LABELS = {
    "groups": {
        "leaders": gettext_lazy("Leaders (Führungskräfte)"),
        "staff": gettext_lazy("Staff (Mitarbeitende)"),
        "it": gettext_lazy("IT"),
    },
}


@dataclass(frozen=True)
class Change:
    """One changed field. ``single`` is one value (of a created or deleted object, or
    something added): it is in ``new``. ``long`` values are shown as ``summary`` with the
    texts on demand."""

    label: str
    old: str
    new: str
    single: bool = False
    long: bool = False
    summary: str = ""


@dataclass(frozen=True)
class PresentedEvent:
    event: AuditEvent
    created_at: datetime.datetime
    actor: str
    actor_email: str
    action: str
    object_type: str
    object_name: str
    changes: list[Change] = field(default_factory=list)

    # Beyond this many changes (a new object with all its values) the list is shown folded,
    # with its count, so that one event does not fill the screen.
    FOLD_AFTER = 3

    @property
    def folded(self) -> bool:
        return len(self.changes) > self.FOLD_AFTER


def present_events(events: Iterable[AuditEvent]) -> list[PresentedEvent]:
    """The events as they are shown, in the active language; no database queries."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return [_present(event, language) for event in events]


def _present(event: AuditEvent, language: str) -> PresentedEvent:
    model = event.content_type.model_class() if event.content_type_id else None
    if event.actor_id and event.actor is not None:
        name, email = event.actor.full_name, event.actor.email
    else:
        name, email = "", event.actor_label
    return PresentedEvent(
        event=event,
        created_at=event.created_at,
        actor=name or email or _("System"),
        actor_email=email if name else "",
        action=event.get_action_display(),
        object_type=capfirst(str(model._meta.verbose_name)) if model else "",
        object_name=_object_name(event, model),
        changes=_changes(event, model, language),
    )


def _object_name(event: AuditEvent, model) -> str:
    name = event.object_repr
    if LEGACY_REPR.fullmatch(name) or (model is not None and name in _type_names(model)):
        return ""  # the type says all there is
    return name


@functools.cache
def _type_names(model) -> frozenset[str]:
    """The model's name in every language: an object named only that is named by its type."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(str(model._meta.verbose_name))
    return frozenset(names)


def _changes(event: AuditEvent, model, language: str) -> list[Change]:
    rows = []
    for name, old, new in change_pairs(event.action, event.changes):
        model_field = _field(model, name)
        items = ITEM_LABELS.get(name, {})
        old_text = _text(model_field, old, language, items)
        new_text = _text(model_field, new, language, items)
        if old_text == new_text:
            continue  # older code recorded some unchanged values
        single = event.action in ("create", "delete") or (model_field is None and not old_text)
        if single:
            old_text, new_text = "", new_text or old_text
        long = any(len(text) > LONG or "\n" in text for text in (old_text, new_text))
        rows.append(
            Change(
                label=_label(model_field, name),
                old=old_text,
                new=new_text,
                single=single,
                long=long,
                summary=(_("show") if single else _("changed")) if long else "",
            )
        )
    return rows


def _field(model, name: str):
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A reverse relation ("usage" of a service) has no label of its own.
    return found if getattr(found, "verbose_name", None) else None


def _label(model_field, name: str) -> str:
    if model_field is not None:
        return capfirst(str(model_field.verbose_name))
    if name in EXTRA_LABELS:
        return capfirst(str(EXTRA_LABELS[name]))
    return capfirst(name.replace("_", " "))


def _is_money(model_field) -> bool:
    if not isinstance(model_field, models.DecimalField):
        return False
    with translation.override(None):  # the English source text
        return "EUR" in str(model_field.verbose_name)


def _text(model_field, value: Any, language: str, items: dict | None = None) -> str:
    """``value`` as the page shows it; ``""`` for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, bool) or isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    choices = getattr(model_field, "flatchoices", None) if model_field is not None else None
    if choices:
        labels = {str(key): label for key, label in choices}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(model_field, models.DateTimeField):
        return _datetime(value)
    if isinstance(model_field, models.DateField):
        return _date(value)
    if isinstance(model_field, models.DecimalField):
        return _amount(value, language) if _is_money(model_field) else _number(value)
    if isinstance(value, dict):
        return "; ".join(
            f"{KEY_LABELS.get(key, key)}: {_text(None, item, language) or EMPTY}"
            for key, item in value.items()
        )
    if isinstance(value, list):
        labels = items or {}
        return ", ".join(
            str(labels.get(item, "")) or _text(None, item, language) or EMPTY for item in value
        )
    if isinstance(value, float):
        return number_format(value)
    if model_field is None and isinstance(value, str):
        return _dated(value)
    return str(value)


def _date(value: Any) -> str:
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return date_format(day, "SHORT_DATE_FORMAT")


def _datetime(value: Any) -> str:
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "SHORT_DATETIME_FORMAT")


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _amount(value: Any, language: str) -> str:
    number = _decimal(value)
    return str(value) if number is None else format_euro(number, 2, language)


def _number(value: Any) -> str:
    number = _decimal(value)
    return str(value) if number is None else number_format(number)


def _dated(text: str) -> str:
    """``2026-09-30: 4.2`` (a value recorded with its date) as ``30.09.2026: 4,2``; a date
    alone as a date; a number as a number."""
    if DAY.fullmatch(text):
        return _date(text)
    found = DATED.fullmatch(text)
    if not found:
        # An amount kept as text in a table of values (budgets per year): 45.000
        return number_format(Decimal(text), force_grouping=True) if NUMBER.fullmatch(text) else text
    when, rest = found.groups()
    if len(when) == 10:
        shown = _date(when)
    else:
        try:
            shown = date_format(datetime.date.fromisoformat(f"{when}-01"), "YEAR_MONTH_FORMAT")
        except ValueError:
            return text
    number = _decimal(rest)
    return f"{shown}: {rest if number is None else number_format(number)}"
