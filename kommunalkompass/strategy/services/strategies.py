"""Writes of a strategy version: create, edit, status, benefit weights, yearly limits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.audit.services import audit_record, lock_for_edit, save_edit, snapshot
from kommunalkompass.organisations.models import Organisation

from ..models import BENEFIT_CRITERIA, DEFAULT_WEIGHTS, Strategy
from .common import stale_message, validated

STRATEGY_FIELDS = ("title", "start_year", "horizon_years", "vision", "principles", "foreword")


@transaction.atomic
def strategy_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    start_year: int,
    horizon_years: int = 5,
    vision: str = "",
    principles: str = "",
    foreword: str = "",
    assessments: Iterable[Assessment] = (),
    make_current: bool = True,
) -> Strategy:
    """A new strategy version (a draft); the current one unless told otherwise."""
    strategy = Strategy(
        organisation=organisation,
        title=(title or "").strip(),
        start_year=start_year,
        horizon_years=horizon_years,
        vision=vision,
        principles=principles,
        foreword=foreword,
        weights=dict(DEFAULT_WEIGHTS),
    )
    validated(strategy)
    if make_current:
        Strategy.objects.filter(organisation=organisation, is_current=True).update(is_current=False)
        strategy.is_current = True
    strategy.save()
    assessments = list(assessments)
    if any(a.organisation_id != organisation.pk for a in assessments):
        raise ValidationError({"assessments": _("Choose assessments of this organisation.")})
    strategy.assessments.set(assessments)
    audit_record(
        actor=actor,
        organisation=organisation,
        action="create",
        obj=strategy,
        changes=snapshot(strategy, STRATEGY_FIELDS),
    )
    return strategy


@transaction.atomic
def strategy_update(
    *, actor: User | None, strategy: Strategy, version: int | None = None, **fields: Any
) -> Strategy:
    """Change title, horizon, vision, principles or foreword (refused on a stale copy)."""
    locked = lock_for_edit(strategy, version, stale_message=stale_message(_("strategy")))
    before = snapshot(locked, STRATEGY_FIELDS)
    for name in STRATEGY_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    validated(locked)
    if "assessments" in fields:
        chosen = list(fields["assessments"])
        if any(a.organisation_id != locked.organisation_id for a in chosen):
            raise ValidationError({"assessments": _("Choose assessments of this organisation.")})
        locked.assessments.set(chosen)
    save_edit(
        actor=actor, organisation=locked.organisation, obj=locked, before=before,
        fields=STRATEGY_FIELDS,
    )  # fmt: skip
    return locked


@transaction.atomic
def strategy_set_status(
    *,
    actor: User | None,
    strategy: Strategy,
    status: str,
    agreed_on: datetime.date | None = None,
    agreed_by: str = "",
) -> Strategy:
    """Draft → agreed (with date and body) → under revision → agreed again."""
    if status not in Strategy.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    if status == Strategy.Status.AGREED:
        errors = {}
        if agreed_on is None:
            errors["agreed_on"] = _("Enter the date on which the strategy was agreed.")
        if not (agreed_by or "").strip():
            errors["agreed_by"] = _("Enter who agreed it, for example the council.")
        if errors:
            raise ValidationError(errors)
        if (strategy.status, strategy.agreed_on, strategy.agreed_by) == (
            status,
            agreed_on,
            agreed_by.strip(),
        ):
            return strategy  # saved unchanged: nothing to record
        strategy.agreed_on, strategy.agreed_by = agreed_on, agreed_by.strip()
    elif strategy.status == status:
        return strategy
    old = strategy.status
    strategy.status = status
    strategy.version += 1
    strategy.save(update_fields=["status", "agreed_on", "agreed_by", "updated_at", "version"])
    audit_record(
        actor=actor,
        organisation=strategy.organisation,
        action="update",
        obj=strategy,
        changes={"status": [old, status]},
    )
    return strategy


def strategy_set_weights(
    *, actor: User | None, strategy: Strategy, weights: dict[str, Any]
) -> Strategy:
    """The weights (0–100) of the benefit criteria; at least one above zero."""
    new = {}
    for key, _label in BENEFIT_CRITERIA:
        value = weights.get(key, DEFAULT_WEIGHTS[key])
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ValidationError({key: _("A weight is a whole number from 0 to 100.")})
        new[key] = value
    if not any(new.values()):
        raise ValidationError(_("At least one criterion needs a weight above zero."))
    old = strategy.benefit_weights()
    if old == new:
        return strategy
    strategy.weights = new
    strategy.save(update_fields=["weights", "updated_at"])
    audit_record(
        actor=actor, organisation=strategy.organisation, action="update", obj=strategy,
        changes={"weights": [old, new]},
    )  # fmt: skip
    return strategy


def strategy_set_limits(
    *,
    actor: User | None,
    strategy: Strategy,
    budgets: dict[int, Decimal | None],
    capacities: dict[int, int | None],
) -> Strategy:
    """Budgets (euro) and staff capacities (person-days) per year of the horizon, which the
    roadmap plans within; a value left empty (``None``) means no limit for that year."""
    errors = {}
    new_budgets, new_capacities = {}, {}
    for year in strategy.years:
        budget, capacity = budgets.get(year), capacities.get(year)
        if budget is not None:
            if budget < 0:
                errors[f"budget_{year}"] = _("A budget cannot be negative.")
            new_budgets[str(year)] = str(budget)
        if capacity is not None:
            if capacity < 0:
                errors[f"capacity_{year}"] = _("A capacity cannot be negative.")
            new_capacities[str(year)] = int(capacity)
    if errors:
        raise ValidationError(errors)
    old = {"budgets": strategy.budgets, "capacities": strategy.capacities}
    strategy.budgets, strategy.capacities = new_budgets, new_capacities
    strategy.save(update_fields=["budgets", "capacities", "updated_at"])
    audit_record(
        actor=actor,
        organisation=strategy.organisation,
        action="update",
        obj=strategy,
        changes={
            "budgets": [old["budgets"], new_budgets],
            "capacities": [old["capacities"], new_capacities],
        },
    )
    return strategy
