"""Copy fields of action, their goals and measures from one organisation's strategy into
another's, as a starting point: a consultant who advises several towns starts the next
strategy from one that worked.

What is copied is what makes sense in another town: the names, descriptions, maturity
dimensions, goals, and the measures with their description, duration, costs, effort,
benefit and risk. What belongs to the source town is left behind: dates, schedule, status
(a copy is an idea until the target plans it), progress, lead department and person,
dependencies and indicators with their measured values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommunalkompass.accounts.models import User
from kommunalkompass.audit.services import audit_record
from kommunalkompass.organisations.models import Organisation

from ..models import FieldOfAction, Goal, Measure, Strategy
from .fields import field_create, goal_create
from .measures import measure_create

# The values of a measure that travel to another organisation.
COPIED_MEASURE_FIELDS = (
    "title",
    "description",
    "duration_quarters",
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
    "dimension",
)


@dataclass(frozen=True)
class CopyResult:
    fields: list[FieldOfAction]
    goals: list[Goal]
    measures: list[Measure]

    def summary(self) -> str:
        """“2 fields of action, 3 goals and 5 measures”, for the message and the logs."""
        return _("%(fields)s, %(goals)s and %(measures)s") % {
            "fields": ngettext(
                "%(count)d field of action", "%(count)d fields of action", len(self.fields)
            )
            % {"count": len(self.fields)},
            "goals": ngettext("%(count)d goal", "%(count)d goals", len(self.goals))
            % {"count": len(self.goals)},
            "measures": ngettext("%(count)d measure", "%(count)d measures", len(self.measures))
            % {"count": len(self.measures)},
        }


def _current(organisation: Organisation) -> Strategy | None:
    return Strategy.objects.filter(organisation=organisation, is_current=True).first()


@transaction.atomic
def strategy_copy_parts(
    *,
    actor: User,
    source: Organisation,
    target: Organisation,
    field_ids: Iterable[int],
    with_goals: bool = True,
    with_measures: bool = True,
) -> CopyResult:
    """Copy the chosen fields of action of ``source``'s current strategy, with their goals
    and the measures assigned to them if asked, into ``target``'s current strategy.

    Only for a member who may edit the target's strategy and at least read the source's
    (``PermissionDenied`` otherwise, saying which). All or nothing: a field of action whose
    name the target already has, or a field that is not the source's, stores nothing and
    names it. The copy is recorded in both audit logs: every created object and a summary
    on the target's strategy, and on the source's strategy what was copied where.
    """
    if source.pk == target.pk:
        raise ValidationError({"source": _("Choose another organisation than this one.")})
    if not actor.has_perm("strategy.view_strategy", source):
        raise PermissionDenied(_("You are not a member of the organisation you want to copy from."))
    if not actor.has_perm("strategy.manage_strategy", target):
        raise PermissionDenied(
            _("Only an editor or administrator of %(organisation)s can copy into its strategy.")
            % {"organisation": target.name}
        )
    source_strategy, target_strategy = _current(source), _current(target)
    if source_strategy is None:
        raise ValidationError(
            {
                "source": _("%(organisation)s has no current strategy.")
                % {"organisation": source.name}
            }
        )
    if target_strategy is None:
        raise ValidationError(_("Start a strategy first; then copy parts of another into it."))
    ids = {int(pk) for pk in field_ids}
    if not ids:
        raise ValidationError({"fields": _("Choose at least one field of action to copy.")})
    chosen = list(
        FieldOfAction.objects.filter(strategy=source_strategy, pk__in=ids).order_by(
            "position", "pk"
        )
    )
    if len(chosen) != len(ids):
        raise ValidationError(
            {"fields": _("Choose fields of action of the strategy of %(organisation)s.")
             % {"organisation": source.name}}
        )  # fmt: skip
    taken = {name.casefold() for name in target_strategy.fields.values_list("name", flat=True)}
    clashes = [field.name for field in chosen if field.name.casefold() in taken]
    if clashes:
        raise ValidationError(
            {
                "fields": ngettext(
                    "The strategy of %(organisation)s already has a field of action named "
                    "%(names)s; rename it there or leave it out. Nothing has been copied.",
                    "The strategy of %(organisation)s already has fields of action named "
                    "%(names)s; rename them there or leave them out. Nothing has been copied.",
                    len(clashes),
                )
                % {
                    "organisation": target.name,
                    "names": ", ".join(f"„{name}“" for name in clashes),
                }
            }
        )
    new_fields: dict[int, FieldOfAction] = {}
    for field in chosen:
        new_fields[field.pk] = field_create(
            actor=actor,
            strategy=target_strategy,
            name=field.name,
            description=field.description,
            dimensions=field.dimensions,
        )
    new_goals: dict[int, Goal] = {}
    if with_goals:
        for goal in Goal.objects.filter(strategy=source_strategy, field_id__in=ids).order_by(
            "position", "pk"
        ):
            new_goals[goal.pk] = goal_create(
                actor=actor,
                strategy=target_strategy,
                title=goal.title,
                field=new_fields[goal.field_id] if goal.field_id else None,
                description=goal.description,
            )
    new_measures: list[Measure] = []
    if with_measures:
        measures = (
            Measure.objects.filter(strategy=source_strategy, fields__in=ids)
            .distinct()
            .prefetch_related("fields", "goals")
            .order_by("number")
        )
        for measure in measures:
            new_measures.append(
                measure_create(
                    actor=actor,
                    strategy=target_strategy,
                    fields_of_action=[
                        new_fields[f.pk] for f in measure.fields.all() if f.pk in new_fields
                    ],
                    goals=[new_goals[g.pk] for g in measure.goals.all() if g.pk in new_goals],
                    status=Measure.Status.IDEA,
                    **{name: getattr(measure, name) for name in COPIED_MEASURE_FIELDS},
                )
            )
    result = CopyResult(list(new_fields.values()), list(new_goals.values()), new_measures)
    names = ", ".join(field.name for field in chosen)
    audit_record(
        actor=actor,
        organisation=target,
        action="update",
        obj=target_strategy,
        changes={
            "copied_from": [
                None,
                _("%(parts)s from %(organisation)s: %(names)s")
                % {"parts": result.summary(), "organisation": source.name, "names": names},
            ]
        },
    )
    audit_record(
        actor=actor,
        organisation=source,
        action="update",
        obj=source_strategy,
        changes={
            "copied_to": [
                None,
                _("%(parts)s to %(organisation)s: %(names)s")
                % {"parts": result.summary(), "organisation": target.name, "names": names},
            ]
        },
    )
    return result
