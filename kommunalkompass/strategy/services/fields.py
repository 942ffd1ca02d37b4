"""Writes of the fields of action, the goals and their indicators."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.assessments.maturity import DIMENSION_KEYS
from kommunalkompass.audit.services import audit_record, snapshot

from ..content import starter_fields
from ..models import FieldOfAction, Goal, Indicator, IndicatorValue, Strategy
from .common import locked_copy, save_changes, validated

FIELD_FIELDS = ("name", "description", "dimensions")
GOAL_FIELDS = ("title", "description", "field")
INDICATOR_FIELDS = (
    "name", "unit", "direction", "baseline", "baseline_date", "target", "target_date",
)  # fmt: skip
VALUE_FIELDS = ("measured_on", "value", "source")


def _checked_dimensions(dimensions: Iterable[str]) -> list[str]:
    dimensions = list(dimensions)
    if not dimensions:
        raise ValidationError(
            {"dimensions": _("Link the field of action to at least one maturity dimension.")}
        )
    if any(d not in DIMENSION_KEYS for d in dimensions):
        raise ValidationError({"dimensions": _("Choose among the maturity dimensions offered.")})
    return dimensions


def _check_field_name(strategy: Strategy, name: str, *, other_than: int | None = None) -> None:
    same = FieldOfAction.objects.filter(strategy=strategy, name__iexact=name)
    if other_than is not None:
        same = same.exclude(pk=other_than)
    if same.exists():
        raise ValidationError({"name": _("The strategy has a field of action of this name.")})


def field_create(
    *,
    actor: User | None,
    strategy: Strategy,
    name: str,
    description: str = "",
    dimensions: Iterable[str] = (),
) -> FieldOfAction:
    """A field of action of the strategy, linked to at least one maturity dimension; its name
    is unique within the strategy (whatever the case)."""
    dimensions = _checked_dimensions(dimensions)
    name = (name or "").strip()
    _check_field_name(strategy, name)
    position = (
        FieldOfAction.objects.filter(strategy=strategy).aggregate(m=Max("position"))["m"] or 0
    )
    field = FieldOfAction(
        organisation_id=strategy.organisation_id,
        strategy=strategy,
        name=name,
        description=description,
        dimensions=dimensions,
        position=position + 1,
    )
    validated(field)
    field.save()
    audit_record(
        actor=actor, organisation=strategy.organisation, action="create", obj=field,
        changes={"name": [None, name]},
    )  # fmt: skip
    return field


@transaction.atomic
def field_create_starters(
    *, actor: User | None, strategy: Strategy, names: Iterable[str], language: str
) -> list[FieldOfAction]:
    """The fields of action of the starter set named in ``names`` (their names in
    ``language``) with their maturity dimensions, all or none; a name the strategy already
    has, or one not in the starter set, is passed over."""
    chosen = set(names)
    existing = {f.name.lower() for f in strategy.fields.all()}
    return [
        field_create(actor=actor, strategy=strategy, name=name, dimensions=dimensions)
        for name, dimensions in starter_fields(language)
        if name in chosen and name.lower() not in existing
    ]


@transaction.atomic
def field_update(
    *,
    actor: User | None,
    field: FieldOfAction,
    name: str,
    description: str = "",
    dimensions: Iterable[str] = (),
) -> FieldOfAction:
    """Rename a field of action, describe it or link it to other maturity dimensions, under
    the same rules as a new one; its goals and measures stay with it. Saved unchanged, it
    writes nothing (the order of the dimensions is no change)."""
    field = locked_copy(field)
    before = snapshot(field, FIELD_FIELDS)
    dimensions = _checked_dimensions(dimensions)
    name = (name or "").strip()
    _check_field_name(field.strategy, name, other_than=field.pk)
    field.name, field.description = name, description
    if set(dimensions) != set(field.dimensions):
        field.dimensions = [key for key in DIMENSION_KEYS if key in dimensions]
    validated(field)
    save_changes(actor=actor, obj=field, before=before, fields=FIELD_FIELDS)
    return field


@transaction.atomic
def field_delete(*, actor: User | None, field: FieldOfAction) -> None:
    """Delete a field of action; its goals and measures stay, without this field."""
    audit_record(
        actor=actor, organisation=field.organisation, action="delete", obj=field,
        changes={"name": [field.name, None]},
    )  # fmt: skip
    field.delete()


@transaction.atomic
def goal_create(
    *, actor: User | None, strategy: Strategy, title: str, field: FieldOfAction | None = None,
    description: str = "",
) -> Goal:  # fmt: skip
    """A goal of the strategy, in one of its fields of action or across them."""
    if field is not None and field.strategy_id != strategy.pk:
        raise ValidationError({"field": _("Choose a field of action of this strategy.")})
    position = Goal.objects.filter(strategy=strategy).aggregate(m=Max("position"))["m"] or 0
    goal = Goal(
        organisation_id=strategy.organisation_id, strategy=strategy, field=field,
        title=(title or "").strip(), description=description, position=position + 1,
    )  # fmt: skip
    validated(goal)
    goal.save()
    audit_record(
        actor=actor, organisation=strategy.organisation, action="create", obj=goal,
        changes={"title": [None, goal.title]},
    )  # fmt: skip
    return goal


@transaction.atomic
def goal_update(
    *, actor: User | None, goal: Goal, title: str, field: FieldOfAction | None = None,
    description: str = "",
) -> Goal:  # fmt: skip
    """Change a goal's wording, description or field of action (one of its strategy's, or
    none: across the fields); its indicators and measures stay with it."""
    goal = locked_copy(goal)
    if field is not None and field.strategy_id != goal.strategy_id:
        raise ValidationError({"field": _("Choose a field of action of this strategy.")})
    before = snapshot(goal, GOAL_FIELDS)
    goal.title, goal.description, goal.field = (title or "").strip(), description, field
    validated(goal)
    save_changes(actor=actor, obj=goal, before=before, fields=GOAL_FIELDS)
    return goal


@transaction.atomic
def goal_delete(*, actor: User | None, goal: Goal) -> None:
    """Delete a goal with its indicators and measured values; measures stay."""
    audit_record(
        actor=actor, organisation=goal.organisation, action="delete", obj=goal,
        changes={"title": [goal.title, None]},
    )  # fmt: skip
    goal.delete()


def _check_indicator(indicator: Indicator) -> None:
    errors = {}
    if indicator.target_date <= indicator.baseline_date:
        errors["target_date"] = _("The target date must lie after the baseline date.")
    if (
        indicator.direction == Indicator.Direction.INCREASE
        and indicator.target <= indicator.baseline
    ):
        errors["target"] = _(
            "Higher is better for this indicator, so the target must be above the baseline."
        )
    if (
        indicator.direction == Indicator.Direction.DECREASE
        and indicator.target >= indicator.baseline
    ):
        errors["target"] = _(
            "Lower is better for this indicator, so the target must be below the baseline."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(*, actor: User | None, goal: Goal, **fields: Any) -> Indicator:
    """An indicator of the goal; its target lies after its baseline, in time and in the
    direction that is better."""
    indicator = Indicator(organisation_id=goal.organisation_id, goal=goal, **fields)
    indicator.full_clean(exclude=["organisation", "goal"])
    _check_indicator(indicator)
    indicator.save()
    audit_record(
        actor=actor, organisation=goal.organisation, action="create", obj=indicator,
        changes=snapshot(indicator, ("name", "unit", "baseline", "target", "target_date")),
    )  # fmt: skip
    return indicator


@transaction.atomic
def indicator_update(*, actor: User | None, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator's name, unit, direction, baseline or target, under the same rules
    as a new one; its measured values stay."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"indicator_update() got unexpected fields: {sorted(unknown)}")
    indicator = locked_copy(indicator)
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean(exclude=["organisation", "goal"])
    _check_indicator(indicator)
    save_changes(actor=actor, obj=indicator, before=before, fields=INDICATOR_FIELDS)
    return indicator


@transaction.atomic
def indicator_value_add(
    *,
    actor: User | None,
    indicator: Indicator,
    measured_on: datetime.date,
    value: Decimal,
    source: str = "",
) -> IndicatorValue:
    """Record a measured value (one per date: a second value for a date replaces it)."""
    values = {"organisation_id": indicator.organisation_id, "value": value, "source": source}
    # Checked before writing: PostgreSQL refuses a value its column cannot hold (a 500),
    # where SQLite would store it. The one value per date is kept by update_or_create.
    IndicatorValue(indicator=indicator, measured_on=measured_on, **values).full_clean(
        exclude=["organisation", "indicator"], validate_unique=False, validate_constraints=False
    )
    entry, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, measured_on=measured_on, defaults=values
    )
    audit_record(
        actor=actor, organisation=indicator.organisation, action="update", obj=indicator,
        changes={"value": [None, f"{measured_on}: {value}"]},
    )  # fmt: skip
    return entry


@transaction.atomic
def indicator_value_update(
    *,
    actor: User | None,
    entry: IndicatorValue,
    measured_on: datetime.date,
    value: Decimal,
    source: str = "",
) -> IndicatorValue:
    """Correct a measured value: its date, the value or its source. An indicator has one
    value per date, so a date that already has another value is refused."""
    entry = locked_copy(entry)
    before = snapshot(entry, VALUE_FIELDS)
    entry.measured_on, entry.value, entry.source = measured_on, value, source
    entry.full_clean(
        exclude=["organisation", "indicator"], validate_unique=False, validate_constraints=False
    )
    taken = IndicatorValue.objects.filter(indicator_id=entry.indicator_id, measured_on=measured_on)
    if taken.exclude(pk=entry.pk).exists():
        raise ValidationError(
            {"measured_on": _("The indicator has a value for this date: change that one.")}
        )
    save_changes(actor=actor, obj=entry, before=before, fields=VALUE_FIELDS)
    return entry
