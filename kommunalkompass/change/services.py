"""Writes of the change module, each recorded in the audit log.

Scores (power, interest) are whole numbers from 1 to 5; anything else is refused with a
message naming the field. Private coaching notes are written by the coach and the coachee
only, and the audit log records that they changed, never their text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.assessments import services as assessment_services
from kommunalkompass.assessments.maturity import available_models
from kommunalkompass.assessments.models import Assessment
from kommunalkompass.audit.services import audit_record, lock_for_edit, save_edit, snapshot
from kommunalkompass.organisations.models import Department, Membership, Organisation
from kommunalkompass.strategy.models import Measure

from .models import (
    ActionItem,
    Attitude,
    CoachingSession,
    CommunicationItem,
    Initiative,
    InitiativeStep,
    KotterStep,
    Pulse,
    Quadrant,
    Risk,
    Stakeholder,
    StakeholderAssessment,
)

STALE = _("Someone else has saved this in the meantime. Reload the page and try again.")

INITIATIVE_FIELDS = ("title", "description", "status", "owner", "start", "end")
STEP_FIELDS = ("done", "evidence", "done_on")
RISK_FIELDS = ("kind", "title", "owner", "response", "status")
STAKEHOLDER_FIELDS = (
    "name",
    "kind",
    "role",
    "department",
    "initiative",
    "wanted_quadrant",
    "engagement",
    "owner",
)
ASSESSMENT_FIELDS = ("power", "interest", "attitude")
COMMUNICATION_FIELDS = ("initiative", "audience", "message", "channel", "date", "owner", "status")
SESSION_FIELDS = ("date", "coach", "coachee", "initiative", "participants", "topics", "agreements")
ACTION_FIELDS = ("title", "owner", "due", "status")


# Checks ---------------------------------------------------------------------------------


def check_score(field: str, value: Any, label: str) -> int:
    """``value`` as a score 1–5; a ``ValidationError`` naming the field otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError(
            {
                field: _("%(label)s must be a whole number from 1 to 5, not %(value)s.")
                % {"label": label, "value": value}
            }
        )
    return value


def _check_choice(field: str, value: Any, choices: type[models.Choices]) -> None:
    if value not in choices.values:
        raise ValidationError({field: _("Choose one of the values offered.")})


def _check_member(organisation: Organisation, user: User | None, field: str) -> None:
    if user is None:
        return
    if not Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError({field: _("Choose a member of the organisation.")})


def _check_same_organisation(organisation: Organisation, obj: Any, field: str) -> None:
    if obj is not None and obj.organisation_id != organisation.pk:
        raise ValidationError({field: _("Choose one of the entries offered.")})


def _measures(organisation: Organisation, measures: Iterable[Measure] | None) -> list[Measure]:
    chosen = list(measures or [])
    if any(m.organisation_id != organisation.pk for m in chosen):
        raise ValidationError({"measures": _("Choose measures of this organisation.")})
    return chosen


def _measure_labels(measures: Iterable[Measure]) -> list[str]:
    return sorted(str(m.pk) for m in measures)


def _update(
    *, actor: User | None, obj: models.Model, fields: Iterable[str], values: dict[str, Any]
) -> models.Model:
    """Set ``values`` on a row without a version and record what changed; unchanged,
    nothing is written."""
    fields = tuple(fields)
    before = snapshot(obj, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    after = snapshot(obj, fields)
    if before == after:
        return obj
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        organisation=obj.organisation,  # type: ignore[attr-defined]
        action="update",
        obj=obj,
        changes={name: [before[name], after[name]] for name in fields},
    )
    return obj


def _edit(
    *,
    actor: User | None,
    obj: Any,
    version: int | None,
    fields: Iterable[str],
    values: dict[str, Any],
    measures: list[Measure] | None = None,
) -> Any:
    """Edit a versioned row (refused when someone saved in between); unchanged, nothing
    is written."""
    fields = tuple(fields)
    locked = lock_for_edit(obj, version, stale_message=STALE)
    before = snapshot(locked, fields)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["measures"])
    also: dict[str, Any] = {}
    if measures is not None:
        old = _measure_labels(locked.measures.all())
        new = _measure_labels(measures)
        if old != new:
            locked.measures.set(measures)
            also["measures"] = [old, new]
    save_edit(
        actor=actor,
        organisation=locked.organisation,
        obj=locked,
        before=before,
        fields=fields,
        also_changed=also,
    )
    return locked


def _create(*, actor: User | None, obj: Any, fields: Iterable[str]) -> Any:
    obj.full_clean()
    obj.save()
    audit_record(
        actor=actor,
        organisation=obj.organisation,
        action="create",
        obj=obj,
        changes=snapshot(obj, fields),
    )
    return obj


def _delete(*, actor: User | None, obj: Any, fields: Iterable[str]) -> None:
    audit_record(
        actor=actor,
        organisation=obj.organisation,
        action="delete",
        obj=obj,
        changes=snapshot(obj, fields),
    )
    obj.delete()


# Initiatives -----------------------------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    description: str = "",
    status: str = Initiative.Status.PLANNED,
    owner: User | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    measures: Iterable[Measure] | None = None,
) -> Initiative:
    """A new initiative with Kotter's eight steps as an open checklist."""
    _check_member(organisation, owner, "owner")
    chosen = _measures(organisation, measures)
    _check_dates(start, end)
    initiative = _create(
        actor=actor,
        obj=Initiative(
            organisation=organisation,
            title=(title or "").strip(),
            description=description,
            status=status,
            owner=owner,
            start=start,
            end=end,
        ),
        fields=INITIATIVE_FIELDS,
    )
    initiative.measures.set(chosen)
    InitiativeStep.objects.bulk_create(
        InitiativeStep(organisation=organisation, initiative=initiative, step=step)
        for step in KotterStep.values
    )
    return initiative


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end": _("The end must not be before the start.")})


@transaction.atomic
def initiative_update(
    *,
    actor: User | None,
    initiative: Initiative,
    version: int | None,
    measures: Iterable[Measure] | None = None,
    **values: Any,
) -> Initiative:
    """Edit an initiative's sheet and its measures."""
    unknown = set(values) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    organisation = initiative.organisation
    if "owner" in values:
        _check_member(organisation, values["owner"], "owner")
    _check_dates(values.get("start", initiative.start), values.get("end", initiative.end))
    chosen = _measures(organisation, measures) if measures is not None else None
    return _edit(
        actor=actor,
        obj=initiative,
        version=version,
        fields=INITIATIVE_FIELDS,
        values=values,
        measures=chosen,
    )


@transaction.atomic
def initiative_delete(*, actor: User | None, initiative: Initiative) -> None:
    """Delete an initiative with its checklist, risks and pulses (with their answers)."""
    for pulse in initiative.pulses.select_related("assessment"):
        pulse_delete(actor=actor, pulse=pulse)
    _delete(actor=actor, obj=initiative, fields=INITIATIVE_FIELDS)


@transaction.atomic
def initiative_step_update(
    *,
    actor: User | None,
    step: InitiativeStep,
    done: bool,
    evidence: str = "",
    done_on: datetime.date | None = None,
) -> InitiativeStep:
    """Tick (or untick) a Kotter step with its evidence and date; a step marked done
    without a date is dated today."""
    if done and done_on is None:
        done_on = timezone.localdate()
    return _update(  # type: ignore[return-value]
        actor=actor,
        obj=step,
        fields=STEP_FIELDS,
        values={"done": done, "evidence": evidence.strip(), "done_on": done_on},
    )


@transaction.atomic
def risk_create(
    *,
    actor: User | None,
    initiative: Initiative,
    title: str,
    kind: str = Risk.Kind.RISK,
    owner: User | None = None,
    response: str = "",
    status: str = Risk.Status.OPEN,
) -> Risk:
    """A risk or resistance of an initiative."""
    _check_member(initiative.organisation, owner, "owner")
    return _create(
        actor=actor,
        obj=Risk(
            organisation=initiative.organisation,
            initiative=initiative,
            title=(title or "").strip(),
            kind=kind,
            owner=owner,
            response=response,
            status=status,
        ),
        fields=RISK_FIELDS,
    )


@transaction.atomic
def risk_update(*, actor: User | None, risk: Risk, **values: Any) -> Risk:
    """Edit a risk or resistance (owner, response, status …)."""
    if "owner" in values:
        _check_member(risk.organisation, values["owner"], "owner")
    return _update(actor=actor, obj=risk, fields=RISK_FIELDS, values=values)  # type: ignore[return-value]


@transaction.atomic
def risk_delete(*, actor: User | None, risk: Risk) -> None:
    """Delete a risk or resistance."""
    _delete(actor=actor, obj=risk, fields=RISK_FIELDS)


# Stakeholders ----------------------------------------------------------------------------


def _check_assessment(power: Any, interest: Any, attitude: Any) -> None:
    check_score("power", power, _("Power"))
    check_score("interest", interest, _("Interest"))
    _check_choice("attitude", attitude, Attitude)


@transaction.atomic
def stakeholder_create(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    power: int,
    interest: int,
    attitude: str = Attitude.NEUTRAL,
    kind: str = Stakeholder.Kind.PERSON,
    role: str = "",
    department: Department | None = None,
    initiative: Initiative | None = None,
    wanted_quadrant: str = "",
    engagement: str = "",
    owner: User | None = None,
    measures: Iterable[Measure] | None = None,
    assessed_on: datetime.date | None = None,
) -> Stakeholder:
    """A new stakeholder with its first assessment (power, interest, attitude)."""
    _check_assessment(power, interest, attitude)
    if wanted_quadrant:
        _check_choice("wanted_quadrant", wanted_quadrant, Quadrant)
    _check_member(organisation, owner, "owner")
    _check_same_organisation(organisation, department, "department")
    _check_same_organisation(organisation, initiative, "initiative")
    chosen = _measures(organisation, measures)
    stakeholder = _create(
        actor=actor,
        obj=Stakeholder(
            organisation=organisation,
            name=(name or "").strip(),
            kind=kind,
            role=role,
            department=department,
            initiative=initiative,
            power=power,
            interest=interest,
            attitude=attitude,
            wanted_quadrant=wanted_quadrant,
            engagement=engagement,
            owner=owner,
        ),
        fields=STAKEHOLDER_FIELDS + ASSESSMENT_FIELDS,
    )
    stakeholder.measures.set(chosen)
    StakeholderAssessment.objects.create(
        organisation=organisation,
        stakeholder=stakeholder,
        assessed_on=assessed_on or timezone.localdate(),
        power=power,
        interest=interest,
        attitude=attitude,
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(
    *,
    actor: User | None,
    stakeholder: Stakeholder,
    version: int | None,
    measures: Iterable[Measure] | None = None,
    **values: Any,
) -> Stakeholder:
    """Edit a stakeholder's sheet (not the assessment: ``stakeholder_assess`` adds one)."""
    unknown = set(values) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    organisation = stakeholder.organisation
    if values.get("wanted_quadrant"):
        _check_choice("wanted_quadrant", values["wanted_quadrant"], Quadrant)
    if "owner" in values:
        _check_member(organisation, values["owner"], "owner")
    _check_same_organisation(organisation, values.get("department"), "department")
    _check_same_organisation(organisation, values.get("initiative"), "initiative")
    chosen = _measures(organisation, measures) if measures is not None else None
    return _edit(
        actor=actor,
        obj=stakeholder,
        version=version,
        fields=STAKEHOLDER_FIELDS,
        values=values,
        measures=chosen,
    )


@transaction.atomic
def stakeholder_assess(
    *,
    actor: User | None,
    stakeholder: Stakeholder,
    power: int,
    interest: int,
    attitude: str,
    assessed_on: datetime.date | None = None,
    note: str = "",
) -> StakeholderAssessment:
    """Re-assess a stakeholder: a new row of its history, which becomes its current
    position (the grid draws an arrow from the one before)."""
    _check_assessment(power, interest, attitude)
    assessed_on = assessed_on or timezone.localdate()
    latest = stakeholder.assessments.order_by("-assessed_on", "-created_at", "-pk").first()
    if latest is not None and assessed_on < latest.assessed_on:
        raise ValidationError(
            {"assessed_on": _("A new assessment cannot be dated before the last one.")}
        )
    row = StakeholderAssessment.objects.create(
        organisation=stakeholder.organisation,
        stakeholder=stakeholder,
        assessed_on=assessed_on,
        power=power,
        interest=interest,
        attitude=attitude,
        note=note.strip(),
    )
    before = snapshot(stakeholder, ASSESSMENT_FIELDS)
    Stakeholder.objects.filter(pk=stakeholder.pk).update(
        power=power, interest=interest, attitude=attitude, version=models.F("version") + 1
    )
    stakeholder.refresh_from_db()
    audit_record(
        actor=actor,
        organisation=stakeholder.organisation,
        action="update",
        obj=stakeholder,
        changes={
            "assessed_on": [None, assessed_on.isoformat()],
            **{name: [before[name], getattr(stakeholder, name)] for name in ASSESSMENT_FIELDS},
        },
    )
    return row


@transaction.atomic
def stakeholder_delete(*, actor: User | None, stakeholder: Stakeholder) -> None:
    """Delete a stakeholder with its history."""
    _delete(actor=actor, obj=stakeholder, fields=STAKEHOLDER_FIELDS + ASSESSMENT_FIELDS)


# Communication plan ---------------------------------------------------------------------


@transaction.atomic
def communication_create(
    *,
    actor: User | None,
    organisation: Organisation,
    audience: str,
    message: str,
    channel: str,
    date: datetime.date,
    owner: User | None = None,
    status: str = CommunicationItem.Status.PLANNED,
    initiative: Initiative | None = None,
) -> CommunicationItem:
    """A new entry of the communication plan."""
    _check_member(organisation, owner, "owner")
    _check_same_organisation(organisation, initiative, "initiative")
    return _create(
        actor=actor,
        obj=CommunicationItem(
            organisation=organisation,
            initiative=initiative,
            audience=(audience or "").strip(),
            message=(message or "").strip(),
            channel=channel,
            date=date,
            owner=owner,
            status=status,
        ),
        fields=COMMUNICATION_FIELDS,
    )


@transaction.atomic
def communication_update(
    *, actor: User | None, item: CommunicationItem, version: int | None, **values: Any
) -> CommunicationItem:
    """Edit an entry; its calendar UID stays, its sequence counts up (a re-imported
    calendar updates the event)."""
    if "owner" in values:
        _check_member(item.organisation, values["owner"], "owner")
    _check_same_organisation(item.organisation, values.get("initiative"), "initiative")
    before = item.version
    edited = _edit(
        actor=actor, obj=item, version=version, fields=COMMUNICATION_FIELDS, values=values
    )
    if edited.version != before:
        CommunicationItem.objects.filter(pk=edited.pk).update(sequence=models.F("sequence") + 1)
        edited.refresh_from_db()
    return edited


@transaction.atomic
def communication_delete(*, actor: User | None, item: CommunicationItem) -> None:
    """Delete an entry of the communication plan."""
    _delete(actor=actor, obj=item, fields=COMMUNICATION_FIELDS)


# Coaching --------------------------------------------------------------------------------


def _check_session_people(organisation: Organisation, coach: Any, coachee: Any) -> None:
    if coach is None:
        raise ValidationError({"coach": _("Choose the coach.")})
    if coachee is None:
        raise ValidationError({"coachee": _("Choose the coachee.")})
    _check_member(organisation, coach, "coach")
    _check_member(organisation, coachee, "coachee")


@transaction.atomic
def coaching_session_create(
    *,
    actor: User | None,
    organisation: Organisation,
    date: datetime.date,
    coach: User | None,
    coachee: User | None,
    participants: str = "",
    topics: str = "",
    agreements: str = "",
    initiative: Initiative | None = None,
) -> CoachingSession:
    """A coaching session (without notes: ``coaching_notes_update`` writes those)."""
    _check_session_people(organisation, coach, coachee)
    _check_same_organisation(organisation, initiative, "initiative")
    return _create(
        actor=actor,
        obj=CoachingSession(
            organisation=organisation,
            date=date,
            coach=coach,
            coachee=coachee,
            participants=participants.strip(),
            topics=topics.strip(),
            agreements=agreements.strip(),
            initiative=initiative,
        ),
        fields=SESSION_FIELDS,
    )


@transaction.atomic
def coaching_session_update(
    *, actor: User | None, session: CoachingSession, version: int | None, **values: Any
) -> CoachingSession:
    """Edit a session's date, people, topics and agreements (never its notes)."""
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    _check_session_people(
        session.organisation,
        values.get("coach", session.coach),
        values.get("coachee", session.coachee),
    )
    _check_same_organisation(session.organisation, values.get("initiative"), "initiative")
    return _edit(actor=actor, obj=session, version=version, fields=SESSION_FIELDS, values=values)


@transaction.atomic
def coaching_notes_update(
    *, actor: User | None, session: CoachingSession, notes: str
) -> CoachingSession:
    """Write the session's private notes: only the coach or the coachee may. The audit
    log records that the notes changed, never what they say."""
    if not session.is_participant(actor):
        raise PermissionDenied(_("Only the coach and the coachee can write these notes."))
    locked = CoachingSession.objects.select_for_update().get(pk=session.pk)
    notes = notes.strip()
    if locked.private_notes == notes:
        return locked
    locked.private_notes = notes
    locked.save(update_fields=["private_notes"])
    audit_record(
        actor=actor,
        organisation=locked.organisation,
        action="update",
        obj=locked,
        changes={"private_notes": [_("(private)"), _("(private, changed)")]},
    )
    return locked


@transaction.atomic
def coaching_session_delete(*, actor: User | None, session: CoachingSession) -> None:
    """Delete a session with its actions and notes."""
    _delete(actor=actor, obj=session, fields=SESSION_FIELDS)


@transaction.atomic
def action_item_create(
    *,
    actor: User | None,
    session: CoachingSession,
    title: str,
    owner: User | None = None,
    due: datetime.date | None = None,
    status: str = ActionItem.Status.OPEN,
) -> ActionItem:
    """An action agreed in a session."""
    _check_member(session.organisation, owner, "owner")
    return _create(
        actor=actor,
        obj=ActionItem(
            organisation=session.organisation,
            session=session,
            title=(title or "").strip(),
            owner=owner,
            due=due,
            status=status,
        ),
        fields=ACTION_FIELDS,
    )


@transaction.atomic
def action_item_update(*, actor: User | None, item: ActionItem, **values: Any) -> ActionItem:
    """Edit an action (done, new due date, other owner)."""
    if "owner" in values:
        _check_member(item.organisation, values["owner"], "owner")
    if "due" in values and values["due"] != item.due:
        values["reminded_on"] = None  # a new due date earns a new reminder
    return _update(actor=actor, obj=item, fields=ACTION_FIELDS, values=values)  # type: ignore[return-value]


def action_items_mark_reminded(*, items: Iterable[ActionItem], on: datetime.date) -> int:
    """Note that a reminder went out for ``items`` (not audited: a delivery, not a change)."""
    return ActionItem.objects.filter(pk__in=[item.pk for item in items]).update(reminded_on=on)


# Readiness pulses ------------------------------------------------------------------------


@transaction.atomic
def pulse_create(
    *,
    actor: User | None,
    organisation: Organisation,
    title: str,
    model_ident: str,
    initiative: Initiative | None = None,
    department: Department | None = None,
    anonymity_threshold: int | None = None,
) -> Pulse:
    """A readiness pulse: a draft anonymous assessment on a readiness model, for an
    initiative or a department (a department pulse does not ask for the department; an
    initiative pulse does, and shows departments only as the assessments' rules allow).

    A model that is not a readiness model is refused."""
    model = available_models().get(model_ident)
    if model is None or model.kind != "readiness":
        raise ValidationError(
            {
                "model_ident": _("A pulse runs on a readiness model; %(model)s is not one.")
                % {"model": model_ident}
            }
        )
    if initiative is None and department is None:
        raise ValidationError(
            {"initiative": _("Choose the initiative or the department the pulse is for.")}
        )
    _check_same_organisation(organisation, initiative, "initiative")
    _check_same_organisation(organisation, department, "department")
    assessment = assessment_services.assessment_create(
        actor=actor,
        organisation=organisation,
        title=title,
        model_ident=model_ident,
        groups=["staff"],
        use_departments=department is None,
        anonymity_threshold=anonymity_threshold,
    )
    return _create(
        actor=actor,
        obj=Pulse(
            organisation=organisation,
            assessment=assessment,
            initiative=initiative,
            department=department,
        ),
        fields=("assessment", "initiative", "department"),
    )


def pulse_open(*, actor: User | None, pulse: Pulse) -> str:
    """Open the pulse for answers; returns the open link token (shown again on its page)."""
    tokens = assessment_services.assessment_open(actor=actor, assessment=pulse.assessment)
    return tokens["staff"]


def pulse_close(*, actor: User | None, pulse: Pulse) -> Assessment:
    """Close the pulse: no more answers."""
    return assessment_services.assessment_close(actor=actor, assessment=pulse.assessment)


@transaction.atomic
def pulse_delete(*, actor: User | None, pulse: Pulse) -> None:
    """Delete a pulse with its answers for good."""
    assessment = pulse.assessment
    _delete(actor=actor, obj=pulse, fields=("assessment", "initiative", "department"))
    assessment_services.assessment_delete(actor=actor, assessment=assessment)
