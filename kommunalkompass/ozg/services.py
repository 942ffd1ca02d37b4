"""Writes of the OZG module: an organisation's service states, validated and audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.audit.services import (
    audit_record,
    audit_record_many,
    changed_fields,
    lock_for_edit,
    save_edit,
    snapshot,
)
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.strategy.models import Measure, Strategy
from kommunalkompass.strategy.selectors import current_strategy
from kommunalkompass.strategy.services import measure_create

from . import counts
from .execution import Group, catalog_groups
from .levels import COMPLIANT_LEVEL, MAX_LEVEL, ONLINE_LEVEL
from .maturity import get_model, level_from_criteria
from .models import (
    DutyState,
    Jurisdiction,
    LegalDuty,
    OzgLeistung,
    OzgSettings,
    ServiceState,
    Snapshot,
    UsageCount,
)
from .selectors import duty_status_from_measure_status, ozg_settings, snapshot_figures

STATE_FIELDS = (
    "criteria",
    "relevant",
    "relevance_reason",
    "level",
    "target_level",
    "target_date",
    "status",
    "department",
    "responsible_person",
    "solution",
    "solution_name",
    "solution_provider",
    "solution_url",
    "go_live",
    "online_url",
    "notes",
)
BULK_FIELDS = ("status", "department", "solution", "solution_name", "solution_provider")


def _stored_settings(organisation: Organisation) -> OzgSettings:
    """The organisation's settings row, locked; created with the defaults on its first write
    (pages read ``selectors.ozg_settings``, which writes nothing)."""
    found = OzgSettings.objects.select_for_update().filter(organisation=organisation).first()
    if found is None:
        found, _created = OzgSettings.objects.get_or_create(organisation=organisation)
    return found


@transaction.atomic
def ozg_settings_update(
    *,
    actor: User | None,
    organisation: Organisation,
    model_version: str,
    share_for_aggregation: bool,
) -> OzgSettings:
    """Choose the maturity model for new ratings (existing ratings keep their version) and
    whether the organisation's figures count in views across organisations. The settings
    row is created here, on the first save."""
    if model_version not in MAX_LEVEL:
        raise ValidationError({"model_version": _("Choose one of the maturity models offered.")})
    current = _stored_settings(organisation)
    before = snapshot(current, ("model_version", "share_for_aggregation"))
    current.model_version, current.share_for_aggregation = model_version, share_for_aggregation
    current.save(update_fields=["model_version", "share_for_aggregation"])
    changes = changed_fields(before, snapshot(current, ("model_version", "share_for_aggregation")))
    if changes:
        audit_record(
            actor=actor, organisation=organisation, action="update", obj=current,
            changes=changes,
        )  # fmt: skip
    return current


@transaction.atomic
def catalog_track(
    *,
    actor: User | None,
    organisation: Organisation,
    leistungen: Iterable[OzgLeistung],
    not_relevant_because: dict[int, str] | None = None,
) -> int:
    """Start tracking the given OZG-Leistungen; returns how many are new.

    Those already tracked are left as they are. ``not_relevant_because`` maps OZG-Leistung
    ids to the reason they are tracked as not relevant; every other one is relevant.
    """
    version = ozg_settings(organisation=organisation).model_version
    reasons = not_relevant_because or {}
    existing = set(
        ServiceState.objects.filter(organisation=organisation).values_list("leistung_id", flat=True)
    )
    new = [
        ServiceState(
            organisation=organisation,
            leistung=leistung,
            model_version=version,
            relevant=leistung.pk not in reasons,
            relevance_reason=reasons.get(leistung.pk, ""),
            status=(
                ServiceState.Status.NOT_RELEVANT
                if leistung.pk in reasons
                else ServiceState.Status.OPEN
            ),
        )
        for leistung in leistungen
        if leistung.pk not in existing
    ]
    ServiceState.objects.bulk_create(new, batch_size=1000)
    kept = counts.LevelCounts()
    for state in new:
        kept.add(state)
    kept.apply()
    if new:
        audit_record(
            actor=actor, organisation=organisation, action="update",
            obj=_stored_settings(organisation), changes={"tracked_services": [None, len(new)]},
        )  # fmt: skip
    return len(new)


@dataclass(frozen=True)
class TakeOver:
    """How many OZG-Leistungen a take-over of the catalog tracked, per group."""

    own: int
    undecided: int
    other_municipal: int
    non_municipal: int
    # Not taken over (left for later), per group.
    left_out: dict[str, int]

    @property
    def total(self) -> int:
        return self.own + self.undecided + self.other_municipal + self.non_municipal


def _not_relevant_reason(jurisdiction: str) -> str:
    # Stored like the user's own reasons; the product's users are German administrations.
    if jurisdiction == Jurisdiction.BUND:
        return _german("Executed by the federal administration (jurisdiction in the catalog).")
    return _german("Executed by the state administration (jurisdiction in the catalog).")


@transaction.atomic
def catalog_take_over(
    *,
    actor: User | None,
    organisation: Organisation,
    undecided: bool = False,
    other_municipal: bool = False,
    non_municipal: bool = False,
) -> TakeOver:
    """Track the catalog's OZG-Leistungen that the organisation's kind executes.

    By default only its own (``execution.Group.OWN``: the default list names its level).
    On request also the undecided ones and those of the other municipal level (tracked as
    relevant, for the organisation to review) and those the state or the federation
    executes (tracked as not relevant, with that reason). Federal services never become
    relevant this way. Services already tracked are left as they are.
    """
    groups = catalog_groups(organisation=organisation)
    chosen = {
        Group.OWN: True,
        Group.UNDECIDED: undecided,
        Group.OTHER_MUNICIPAL: other_municipal,
        Group.NON_MUNICIPAL: non_municipal,
    }
    wanted = [leistung for group, take in chosen.items() if take for leistung in groups[group]]
    reasons = {
        leistung.pk: _not_relevant_reason(leistung.jurisdiction)
        for leistung in groups[Group.NON_MUNICIPAL]
    }
    catalog_track(
        actor=actor, organisation=organisation, leistungen=wanted, not_relevant_because=reasons
    )
    taken = {group: len(groups[group]) if take else 0 for group, take in chosen.items()}
    return TakeOver(
        own=taken[Group.OWN],
        undecided=taken[Group.UNDECIDED],
        other_municipal=taken[Group.OTHER_MUNICIPAL],
        non_municipal=taken[Group.NON_MUNICIPAL],
        left_out={group: len(groups[group]) for group, take in chosen.items() if not take},
    )


def _check(state: ServiceState, today: datetime.date) -> None:
    errors: dict[str, str] = {}
    highest = MAX_LEVEL.get(state.model_version, 7)
    for name in ("level", "target_level"):
        value = getattr(state, name)
        if value is not None and not 0 <= value <= highest:
            errors[name] = _("The maturity model %(version)s has the levels 0 to %(highest)d.") % {
                "version": state.model_version,
                "highest": highest,
            }
    if state.status == ServiceState.Status.ONLINE:
        if state.go_live and state.go_live > today:
            errors["go_live"] = _(
                "A service marked online cannot go live in the future; set the status "
                "to “in progress” until it does."
            )
        if state.level is None or state.level < ONLINE_LEVEL:
            errors["level"] = _(
                "A service counts as online from level %(level)d; raise the level or "
                "choose another status."
            ) % {"level": ONLINE_LEVEL}
    if not state.relevant and not state.relevance_reason.strip():
        errors["relevance_reason"] = _("Say why the service is not relevant here.")
    if errors:
        raise ValidationError(errors)


def _normalise(state: ServiceState) -> None:
    """Relevance and the status "not relevant" go together."""
    if not state.relevant:
        state.status = ServiceState.Status.NOT_RELEVANT
    elif state.status == ServiceState.Status.NOT_RELEVANT:
        state.relevant = False


@transaction.atomic
def service_state_update(
    *, actor: User | None, state: ServiceState, version: int | None = None, **values: Any
) -> ServiceState:
    """Change one service state; refused on a stale copy (``version``), audited field by field."""
    locked = lock_for_edit(
        state,
        version,
        stale_message=_(
            "Someone else changed this service while you were editing. Reload the page "
            "to see their changes, then make yours again."
        ),
    )
    before = snapshot(locked, STATE_FIELDS)
    counted = (locked.relevant, locked.level)
    for name in STATE_FIELDS:
        if name in values:
            setattr(locked, name, values[name])
    reopened = values.get("relevant") and "status" not in values
    if reopened and locked.status == ServiceState.Status.NOT_RELEVANT:
        locked.status = ServiceState.Status.OPEN
    _normalise(locked)
    locked.full_clean(exclude=["organisation", "leistung", "measure"])
    _check(locked, timezone.localdate())
    save_edit(
        actor=actor, organisation=locked.organisation, obj=locked, before=before,
        fields=STATE_FIELDS,
    )  # fmt: skip
    kept = counts.LevelCounts()
    kept.change(before=counted, state=locked)
    kept.apply()
    return locked


@transaction.atomic
def service_states_bulk_update(
    *, actor: User | None, organisation: Organisation, states: Iterable[ServiceState], **values: Any
) -> int:
    """Set status, department or solution of many services at once: all or none."""
    unknown = sorted(set(values) - set(BULK_FIELDS))
    if unknown:
        raise ValidationError(
            _("These fields cannot be set for many services at once: %(fields)s.")
            % {"fields": ", ".join(unknown)}
        )
    if not values:
        raise ValidationError(_("Choose what to set."))
    chosen = list(states)
    if any(s.organisation_id != organisation.pk for s in chosen):
        raise ValidationError(_("Choose services of this organisation."))
    if not chosen:
        raise ValidationError(_("Choose at least one service."))
    # Fresh, locked rows: a refused change leaves the caller's objects as they were.
    states = list(
        ServiceState.objects.select_for_update()
        .filter(pk__in=[s.pk for s in chosen])
        .select_related("leistung")
        .order_by("pk")
    )
    today = timezone.localdate()
    entries, problems = [], []
    kept = counts.LevelCounts()
    for state in states:
        counted = (state.relevant, state.level)
        before = snapshot(state, BULK_FIELDS)
        for name, value in values.items():
            setattr(state, name, value)
        _normalise(state)
        try:
            state.full_clean(exclude=["organisation", "leistung", "measure"])
            _check(state, today)
        except ValidationError as error:
            problems.append(
                _("%(service)s: %(problem)s")
                % {"service": state.leistung.name, "problem": " ".join(error.messages)}
            )
            continue
        kept.change(before=counted, state=state)
        entries.append((state, changed_fields(before, snapshot(state, BULK_FIELDS))))
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    # One UPDATE per distinct set of values written (mostly one or two: the chosen values,
    # and "not relevant" kept), not QuerySet.bulk_update's CASE per row and field, which
    # took three quarters of the time for 500 services. The other fields are as locked.
    attname = {field.name: field.attname for field in ServiceState._meta.concrete_fields}
    attnames = [attname[name] for name in dict.fromkeys([*values, "status", "relevant"])]
    groups: dict[tuple, list[int]] = {}
    for state in states:
        state.version += 1
        state.updated_at = now
        groups.setdefault(tuple(getattr(state, a) for a in attnames), []).append(state.pk)
    for written, pks in groups.items():
        for start in range(0, len(pks), 500):
            ServiceState.objects.filter(pk__in=pks[start : start + 500]).update(
                **dict(zip(attnames, written, strict=True)),
                version=F("version") + 1,
                updated_at=now,
            )
    kept.apply()
    audit_record_many(
        actor=actor, organisation=organisation, action="update",
        entries=[(state, changes) for state, changes in entries if changes],
    )  # fmt: skip
    return len(states)


@transaction.atomic
def level_counts_recount(
    *,
    organisations: Iterable[Organisation | int] | None = None,
    themenfelder: Iterable[int | None] | None = None,
) -> int:
    """Count the service states anew (``OzgLevelCount``) of the given organisations, the
    given Themenfeld ids (``None``: the OZG-Leistungen without one), both, or all: after
    writes that bypass the services (the demo, an organisation import, OZG-Leistungen
    moved or deleted in the catalog), and to repair (``manage.py ozg_recount``). Returns
    the number of count rows written."""
    return counts.recount(organisations=organisations, themenfelder=themenfelder)


def snapshot_take(*, organisation: Organisation, month: datetime.date | None = None) -> Snapshot:
    """Keep this month's figures (replacing an earlier snapshot of the same month)."""
    first = (month or timezone.localdate()).replace(day=1)
    found, _created = Snapshot.objects.update_or_create(
        organisation=organisation,
        month=first,
        defaults={"figures": snapshot_figures(organisation=organisation)},
    )
    return found


DUTY_FIELDS = ("status", "evidence", "responsible_person", "deadline", "notes")


@transaction.atomic
def duty_state_update(
    *, actor: User | None, organisation: Organisation, duty: LegalDuty, **values: Any
) -> DutyState:
    """Record where the organisation stands with a legal duty (created on first save)."""
    if duty.state and duty.state != organisation.state:
        raise ValidationError(_("This duty is part of another state's law."))
    state = (
        DutyState.objects.select_for_update().filter(organisation=organisation, duty=duty).first()
    ) or DutyState(organisation=organisation, duty=duty)
    before = snapshot(state, DUTY_FIELDS)
    for name in DUTY_FIELDS:
        if name in values:
            setattr(state, name, values[name])
    state.full_clean(exclude=["organisation", "duty", "measure", "updated_by"])
    changes = changed_fields(before, snapshot(state, DUTY_FIELDS))
    if not changes:
        return state  # saved unchanged (a duty without a row is open): nothing is written
    state.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    state.save()
    audit_record(
        actor=actor, organisation=organisation, action="update", obj=state,
        changes=changes, object_repr=duty.title,
    )  # fmt: skip
    return state


def _german(text: str, **values: object) -> str:
    with translation.override("de"):
        return _(text) % values


def _current_strategy(organisation: Organisation) -> Strategy:
    strategy = current_strategy(organisation=organisation)
    if strategy is None:
        raise ValidationError(
            _("Start the organisation's strategy first; the measure becomes part of it.")
        )
    return strategy


@transaction.atomic
def service_measure_create(*, actor: User | None, state: ServiceState) -> Measure:
    """Make bringing a service online a measure of the current strategy, linked both ways."""
    if state.measure is not None:
        raise ValidationError(
            _("This service is already measure %(code)s.") % {"code": state.measure.code}
        )
    strategy = _current_strategy(state.organisation)
    target = state.target_level if state.target_level is not None else COMPLIANT_LEVEL
    # A strategy is a German document for the council; the measure's text is German too.
    with translation.override("de"):
        title = (_("Online: %(name)s") % {"name": state.leistung.name})[:200]
        description = _(
            "Bring the OZG-Leistung %(name)s (OZG-ID %(ozg_id)s) from level %(level)s to "
            "level %(target)d of the OZG maturity model %(version)s, so that citizens and "
            "businesses can apply online."
        ) % {
            "name": state.leistung.name,
            "ozg_id": state.leistung.ozg_id,
            "level": state.level if state.level is not None else "–",
            "target": target,
            "version": state.model_version,
        }
    measure = measure_create(
        actor=actor,
        strategy=strategy,
        title=title,
        description=description,
        lead_department=state.department,
        lead_person=state.responsible_person,
        benefit_citizens=4,
        benefit_legal=4,
        dimension="services",
        status="planned",
    )
    ServiceState.objects.filter(pk=state.pk).update(measure=measure)
    state.measure = measure
    return measure


@transaction.atomic
def duty_measure_create(
    *, actor: User | None, organisation: Organisation, duty: LegalDuty
) -> Measure:
    """Make fulfilling a legal duty a measure of the current strategy, linked both ways."""
    state, _created = DutyState.objects.get_or_create(organisation=organisation, duty=duty)
    if state.measure is not None:
        raise ValidationError(
            _("This duty is already measure %(code)s.") % {"code": state.measure.code}
        )
    strategy = _current_strategy(organisation)
    measure = measure_create(
        actor=actor,
        strategy=strategy,
        title=_german("Fulfil: %(title)s", title=duty.title)[:200],
        description=f"{duty.description}\n\n{duty.legal_basis}".strip(),
        benefit_legal=5,
        dimension="security" if "sicherheit" in duty.key or duty.key == "nis2" else "services",
        status="planned",
    )
    DutyState.objects.filter(pk=state.pk).update(measure=measure)
    return measure


@transaction.atomic
def duty_state_take_measure_status(
    *, actor: User | None, organisation: Organisation, duty: LegalDuty
) -> DutyState:
    """Set the duty's status from its linked strategy measure (completed: fulfilled; in
    progress: in progress; idea or planned: open); recorded in the audit log like any edit.
    Refused when no measure is linked or the measure was dropped."""
    state = (
        DutyState.objects.for_organisation(organisation)
        .select_related("measure")
        .filter(duty=duty)
        .first()
    )
    if state is None or state.measure is None:
        raise ValidationError(_("This duty is not linked to a measure of the strategy."))
    status = duty_status_from_measure_status(state.measure.status)
    if status is None:
        raise ValidationError(
            _("Measure %(code)s was dropped; set the duty's status yourself.")
            % {"code": state.measure.code}
        )
    return duty_state_update(actor=actor, organisation=organisation, duty=duty, status=status)


CRITERION_ANSWERS = ("yes", "no", "na")


@transaction.atomic
def service_criteria_rate(
    *, actor: User | None, state: ServiceState, answers: dict[str, str]
) -> ServiceState:
    """Rate the service on the criteria of its model (fulfilled, not fulfilled, does not
    apply); the level follows by the minimum rule and the ratings are kept."""
    model = get_model(state.model_version)
    known = {criterion.key for criterion in model.criteria}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationError(
            _("The model %(version)s has no criterion %(keys)s.")
            % {"version": state.model_version, "keys": ", ".join(unknown)}
        )
    wrong = sorted(key for key, answer in answers.items() if answer not in CRITERION_ANSWERS)
    if wrong:
        raise ValidationError(_("Answer each criterion with yes, no or does not apply."))
    ratings = {
        key: None if answer == "na" else model.rating_for(key, fulfilled=answer == "yes")
        for key, answer in answers.items()
    }

    def rated(values: dict) -> dict:
        return {key: value for key, value in values.items() if value is not None}

    if rated(ratings) == rated(state.criteria or {}):
        # The ratings as they were (a criterion not rated reads as "does not apply"): the
        # level stays as it is, also one set by hand before any criterion was rated.
        return state
    level = level_from_criteria(model, ratings)
    return service_state_update(
        actor=actor, state=state, version=None, criteria=ratings, level=level
    )


@transaction.atomic
def usage_record(
    *, actor: User | None, state: ServiceState, month: datetime.date, count: int
) -> UsageCount:
    """How often the online service was used in a month (a second figure replaces it)."""
    if count < 0:
        raise ValidationError({"count": _("A number of uses cannot be negative.")})
    first = month.replace(day=1)
    if first > timezone.localdate():
        raise ValidationError({"month": _("Uses can be recorded for past months only.")})
    usage, _created = UsageCount.objects.update_or_create(
        state=state, month=first,
        defaults={"organisation_id": state.organisation_id, "count": count},
    )  # fmt: skip
    audit_record(
        actor=actor, organisation=state.organisation, action="update", obj=state,
        changes={"usage": [None, f"{first:%Y-%m}: {count}"]},
    )  # fmt: skip
    return usage
