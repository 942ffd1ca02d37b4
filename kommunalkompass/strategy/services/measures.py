"""Writes of the measures: create, edit, report, adopt from an assessment, delete."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Max
from django.utils import translation
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.assessments.maturity import DIMENSION_KEYS, Recommendation, recommendations
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.audit.services import audit_record, lock_for_edit, save_edit, snapshot

from ..models import FieldOfAction, Goal, Measure, MeasureUpdate, Strategy
from .common import stale_message, validated

MEASURE_FIELDS = (
    "title",
    "description",
    "lead_department",
    "lead_person",
    "participants",
    "start",
    "end",
    "duration_quarters",
    "earliest_start",
    "one_time_cost",
    "annual_cost",
    "person_days",
    "funding_source",
    "benefit_citizens",
    "benefit_staff",
    "benefit_efficiency",
    "benefit_legal",
    "benefit_goals",
    "effort",
    "risk",
    "status",
    "progress",
    "priority_override",
    "priority_reason",
    "dimension",
)

CREATE_FIELDS = (*MEASURE_FIELDS, "source_assessment", "recommendation_key", "planned_quarter")
EFFORT_BY_RECOMMENDATION = {"low": 2, "medium": 3, "high": 4}


def _edges(
    strategy: Strategy, measure: Measure | None, depends_on: list[Measure]
) -> dict[int, set[int]]:
    edges: dict[int, set[int]] = {}
    for source, target in Measure.depends_on.through.objects.filter(
        from_measure__strategy=strategy
    ).values_list("from_measure_id", "to_measure_id"):
        edges.setdefault(source, set()).add(target)
    if measure is not None:
        edges[measure.pk] = {m.pk for m in depends_on}
    return edges


def find_cycle(edges: dict[int, set[int]]) -> list[int] | None:
    """A dependency cycle as a closed path ``[a, b, …, a]``, or ``None``."""
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    path: list[int] = []

    def visit(node: int) -> list[int] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def _check_measure(measure: Measure, depends_on: list[Measure]) -> None:
    errors: dict[str, str] = {}
    if measure.start and measure.end and measure.end < measure.start:
        errors["end"] = _("The end lies before the start.")
    for name in ("one_time_cost", "annual_cost"):
        if getattr(measure, name) is not None and getattr(measure, name) < 0:
            errors[name] = _("A cost cannot be negative.")
    if measure.priority_override and not measure.priority_reason.strip():
        errors["priority_reason"] = _("Give a reason when you set the priority by hand.")
    if measure.dimension and measure.dimension not in DIMENSION_KEYS:
        errors["dimension"] = _("Choose one of the maturity dimensions.")
    foreign = [m for m in depends_on if m.strategy_id != measure.strategy_id]
    if foreign:
        errors["depends_on"] = _("A measure can depend only on measures of the same strategy.")
    if measure.pk and any(m.pk == measure.pk for m in depends_on):
        errors["depends_on"] = _("A measure cannot depend on itself.")
    if errors:
        raise ValidationError(errors)


def _check_cycle(strategy: Strategy, measure: Measure, depends_on: list[Measure]) -> None:
    cycle = find_cycle(_edges(strategy, measure, depends_on))
    if cycle:
        names = dict(Measure.objects.filter(pk__in=cycle).values_list("pk", "number"))
        path = " → ".join(f"M{names[pk]:02d}" for pk in cycle)
        raise ValidationError(
            {"depends_on": _("These dependencies would form a cycle: %(path)s.") % {"path": path}}
        )


def _next_number(strategy: Strategy) -> int:
    return (Measure.objects.filter(strategy=strategy).aggregate(m=Max("number"))["m"] or 0) + 1


@transaction.atomic
def measure_create(
    *,
    actor: User | None,
    strategy: Strategy,
    fields_of_action: Iterable[FieldOfAction] = (),
    goals: Iterable[Goal] = (),
    depends_on: Iterable[Measure] = (),
    **values: Any,
) -> Measure:
    """A new measure with the next number of the strategy."""
    depends_on = list(depends_on)
    unknown = sorted(set(values) - set(CREATE_FIELDS))
    if unknown:
        raise TypeError(f"measure_create() got unknown fields: {', '.join(unknown)}")
    measure = Measure(
        organisation_id=strategy.organisation_id,
        strategy=strategy,
        number=_next_number(strategy),
        **{
            k: v
            for k, v in values.items()
            if k in (*MEASURE_FIELDS, "source_assessment", "recommendation_key")
        },
    )
    _check_measure(measure, depends_on)
    validated(measure)
    measure.save()
    _set_relations(measure, fields_of_action, goals, depends_on)
    _check_cycle(strategy, measure, depends_on)
    audit_record(
        actor=actor, organisation=strategy.organisation, action="create", obj=measure,
        changes=snapshot(measure, ("title", "status", "one_time_cost", "annual_cost")),
    )  # fmt: skip
    return measure


RELATIONS = ("fields", "goals", "depends_on")


def _relation_changes(
    measure: Measure,
    fields_of_action: list[FieldOfAction],
    goals: list[Goal],
    depends_on: list[Measure],
) -> dict[str, list[list[str]]]:
    """``{relation: [old names, new names]}`` for the relations of the measure that change."""
    changes = {}
    wanted: dict[str, Sequence[models.Model]] = dict(
        zip(RELATIONS, (fields_of_action, goals, depends_on), strict=True)
    )
    for name in RELATIONS:
        current = list(getattr(measure, name).all())
        if {obj.pk for obj in current} != {obj.pk for obj in wanted[name]}:
            changes[name] = [sorted(map(str, current)), sorted(map(str, wanted[name]))]
    return changes


def _set_relations(
    measure: Measure,
    fields_of_action: Iterable[FieldOfAction],
    goals: Iterable[Goal],
    depends_on: Iterable[Measure],
) -> None:
    fields_of_action, goals = list(fields_of_action), list(goals)
    if any(f.strategy_id != measure.strategy_id for f in fields_of_action):
        raise ValidationError({"fields": _("Choose fields of action of this strategy.")})
    if any(g.strategy_id != measure.strategy_id for g in goals):
        raise ValidationError({"goals": _("Choose goals of this strategy.")})
    measure.fields.set(fields_of_action)
    measure.goals.set(goals)
    measure.depends_on.set(depends_on)


@transaction.atomic
def measure_update(
    *,
    actor: User | None,
    measure: Measure,
    version: int | None,
    fields_of_action: Iterable[FieldOfAction] | None = None,
    goals: Iterable[Goal] | None = None,
    depends_on: Iterable[Measure] | None = None,
    **values: Any,
) -> Measure:
    """Save an edit made on version ``version``; refused when someone saved in between."""
    locked = lock_for_edit(measure, version, stale_message=stale_message(_("measure")))
    before = snapshot(locked, MEASURE_FIELDS)
    for name in MEASURE_FIELDS:
        if name in values:
            setattr(locked, name, values[name])
    deps = list(depends_on) if depends_on is not None else list(locked.depends_on.all())
    _check_measure(locked, deps)
    validated(locked)
    fields_of_action = list(
        fields_of_action if fields_of_action is not None else locked.fields.all()
    )
    goals = list(goals if goals is not None else locked.goals.all())
    changes = save_edit(
        actor=actor, organisation=locked.organisation, obj=locked, before=before,
        fields=MEASURE_FIELDS,
        also_changed=_relation_changes(locked, fields_of_action, goals, deps),
    )  # fmt: skip
    if not changes:
        return locked  # saved unchanged: no new version, nothing recorded
    _set_relations(locked, fields_of_action, goals, deps)
    _check_cycle(locked.strategy, locked, deps)
    if "status" in changes or "progress" in changes:
        MeasureUpdate.objects.create(
            organisation_id=locked.organisation_id, measure=locked, status=locked.status,
            progress=locked.progress, author=actor,
        )  # fmt: skip
    return locked


@transaction.atomic
def measure_report(
    *, actor: User | None, measure: Measure, status: str, progress: int, comment: str = "",
    spent: Decimal | None = None, reported_on: datetime.date | None = None,
) -> MeasureUpdate:  # fmt: skip
    """A status report: the measure takes the new status and progress, the history keeps it."""
    if status not in Measure.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a whole number from 0 to 100.")})
    if spent is not None and spent < 0:
        raise ValidationError({"spent": _("An amount spent cannot be negative.")})
    if (status, progress) == (measure.status, measure.progress) and not (
        comment.strip() or spent is not None
    ):
        raise ValidationError(
            _(
                "There is nothing to report: change the status or the progress, enter an "
                "amount spent or write a comment."
            )
        )
    update = MeasureUpdate.objects.create(
        organisation_id=measure.organisation_id, measure=measure, status=status,
        progress=progress, comment=comment, spent=spent, author=actor,
        **({"reported_on": reported_on} if reported_on else {}),
    )  # fmt: skip
    before = (measure.status, measure.progress)
    Measure.objects.filter(pk=measure.pk).update(
        status=status, progress=progress, version=F("version") + 1
    )
    measure.status, measure.progress = status, progress
    measure.version = Measure.objects.values_list("version", flat=True).get(pk=measure.pk)
    audit_record(
        actor=actor, organisation=measure.organisation, action="update", obj=measure,
        changes={"status": [before[0], status], "progress": [before[1], progress]},
    )  # fmt: skip
    return update


def _adopted_description(recommendation: Recommendation, language: str) -> str:
    """The recommendation's text with its benefit and first step, all in ``language``."""
    with translation.override(language):
        return (
            recommendation.description.get(language)
            + "\n\n"
            + _("Benefit: %(benefit)s") % {"benefit": recommendation.benefit.get(language)}
            + "\n"
            + _("First step: %(step)s") % {"step": recommendation.first_step.get(language)}
        )


def _recommendation(key: str) -> tuple[str, Recommendation] | None:
    """``(dimension, recommendation)`` of the recommendation ``key``, or ``None``."""
    for dimension, levels in recommendations().recommendations.items():
        for items in levels.values():
            for recommendation in items:
                if recommendation.key == key:
                    return dimension, recommendation
    return None


@transaction.atomic
def measure_adopt(
    *, actor: User | None, strategy: Strategy, assessment: Assessment, recommendation_key: str
) -> Measure:
    """Make a recommendation of a closed assessment a measure, keeping the link."""
    if assessment.organisation_id != strategy.organisation_id:
        raise ValidationError(_("Choose an assessment of this organisation."))
    if assessment.status != assessment.Status.CLOSED:
        raise ValidationError(_("Measures can be adopted from closed assessments only."))
    found = _recommendation(recommendation_key)
    if found is None:
        raise ValidationError(_("This recommendation does not exist."))
    dimension, recommendation = found
    existing = Measure.objects.filter(
        strategy=strategy, recommendation_key=recommendation_key
    ).first()
    if existing is not None:
        raise ValidationError(
            _("This recommendation is already measure %(code)s.") % {"code": existing.code}
        )
    # A strategy is a German document for the council; the measure takes the German text.
    language = "de"
    fields_of_action = [f for f in strategy.fields.all() if dimension in (f.dimensions or [])]
    return measure_create(
        actor=actor,
        strategy=strategy,
        fields_of_action=fields_of_action,
        title=recommendation.title.get(language)[:200],
        description=_adopted_description(recommendation, language),
        effort=EFFORT_BY_RECOMMENDATION.get(recommendation.effort, 3),
        dimension=dimension,
        source_assessment=assessment,
        recommendation_key=recommendation_key,
        status=Measure.Status.IDEA,
    )


@transaction.atomic
def measure_delete(*, actor: User | None, measure: Measure) -> None:
    """Delete a measure that no other measure depends on (else name them)."""
    dependents = sorted(m.code for m in measure.dependents.all())
    if dependents:
        raise ValidationError(
            _("%(code)s cannot be deleted: %(others)s depend on it.")
            % {"code": measure.code, "others": ", ".join(dependents)}
        )
    audit_record(
        actor=actor, organisation=measure.organisation, action="delete", obj=measure,
        changes=snapshot(measure, ("title", "status")),
    )  # fmt: skip
    measure.delete()
