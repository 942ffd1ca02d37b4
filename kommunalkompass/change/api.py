"""API of the change module (mounted under /api/v1/): initiatives, stakeholders, pulses,
the communication plan and coaching — never the private notes of a coaching session."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination
from kommunalkompass.core.language import content_language
from kommunalkompass.organisations.tenancy import api_organisation, get_scoped_or_404, requires
from kommunalkompass.strategy.models import Measure

from . import selectors, services
from .models import (
    Attitude,
    CoachingSession,
    CommunicationItem,
    Initiative,
    Pulse,
    Quadrant,
    Stakeholder,
)

router = Router(tags=["change"])
VIEW, MANAGE = "change.view_change", "change.manage_change"
BASE = "/organisations/{slug}/change"


def _user_email(user) -> str | None:
    return user.email if user is not None else None


# Initiatives -----------------------------------------------------------------------------


class StepOut(Schema):
    step: int
    name: str
    done: bool
    evidence: str
    done_on: datetime.date | None


class RiskOut(Schema):
    id: int
    kind: str
    title: str
    owner: str | None
    response: str
    status: str


class InitiativeOut(Schema):
    id: int
    title: str
    description: str
    status: str
    owner: str | None
    start: datetime.date | None
    end: datetime.date | None
    measures: list[int]
    steps_done: int
    version: int


class InitiativeDetail(InitiativeOut):
    steps: list[StepOut]
    risks: list[RiskOut]


class InitiativeIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    status: str = Initiative.Status.PLANNED
    start: datetime.date | None = None
    end: datetime.date | None = None
    measures: list[int] = []


def _initiative_out(initiative: Initiative, *, detail: bool = False) -> dict:
    steps = list(initiative.steps.all())
    out = {
        "id": initiative.pk,
        "title": initiative.title,
        "description": initiative.description,
        "status": initiative.status,
        "owner": _user_email(initiative.owner),
        "start": initiative.start,
        "end": initiative.end,
        "measures": [m.pk for m in initiative.measures.all()],
        "steps_done": sum(1 for step in steps if step.done),
        "version": initiative.version,
    }
    if detail:
        out["steps"] = [
            {
                "step": s.step,
                "name": str(s.get_step_display()),
                "done": s.done,
                "evidence": s.evidence,
                "done_on": s.done_on,
            }
            for s in steps
        ]
        out["risks"] = [
            {
                "id": r.pk,
                "kind": r.kind,
                "title": r.title,
                "owner": _user_email(r.owner),
                "response": r.response,
                "status": r.status,
            }
            for r in initiative.risks.all()
        ]
    return out


@router.get(f"{BASE}/initiatives", response=list[InitiativeOut], openapi_extra=requires(VIEW))
@paginate(Pagination)
def initiative_list(request: HttpRequest, slug: str):
    """The change initiatives with their checklist progress."""
    organisation = api_organisation(request, slug, VIEW)
    return [
        _initiative_out(i)
        for i in selectors.initiative_list(organisation=organisation).prefetch_related(
            "steps", "measures"
        )
    ]


@router.post(
    f"{BASE}/initiatives",
    response={201: InitiativeDetail},
    openapi_extra=requires(MANAGE),
)
def initiative_create(request: HttpRequest, slug: str, payload: InitiativeIn):
    """Create an initiative; Kotter's eight steps come with it as an open checklist."""
    organisation = api_organisation(request, slug, MANAGE)
    data = payload.dict()
    ids = data.pop("measures")
    measures = list(Measure.objects.for_organisation(organisation).filter(pk__in=ids))
    if len(measures) != len(set(ids)):
        raise ValidationError({"measures": _("Choose measures of this organisation.")})
    initiative = services.initiative_create(
        actor=request.auth, organisation=organisation, measures=measures, **data
    )
    return Status(
        201, _initiative_out(selectors.initiative_detail(initiative=initiative), detail=True)
    )


@router.get(
    f"{BASE}/initiatives/{{initiative_id}}",
    response=InitiativeDetail,
    openapi_extra=requires(VIEW),
)
def initiative_detail(request: HttpRequest, slug: str, initiative_id: int):
    """One initiative with its Kotter steps and its risks and resistances."""
    organisation = api_organisation(request, slug, VIEW)
    initiative = get_scoped_or_404(Initiative, organisation, pk=initiative_id)
    return _initiative_out(selectors.initiative_detail(initiative=initiative), detail=True)


# Stakeholders ----------------------------------------------------------------------------


class PositionOut(Schema):
    assessed_on: datetime.date
    power: int
    interest: int
    attitude: str


class StakeholderOut(Schema):
    id: int
    name: str
    kind: str
    role: str
    power: int
    interest: int
    attitude: str
    quadrant: str
    wanted_quadrant: str
    engagement: str
    owner: str | None
    initiative: int | None
    measures: list[int]
    history: list[PositionOut]
    version: int


class StakeholderIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    power: int = Field(..., description="1–5")
    interest: int = Field(..., description="1–5")
    attitude: str = Attitude.NEUTRAL
    kind: str = Stakeholder.Kind.PERSON
    role: str = ""
    wanted_quadrant: str = Field("", description=", ".join(Quadrant.values))
    engagement: str = ""
    initiative: int | None = None


class AssessIn(Schema):
    power: int
    interest: int
    attitude: str
    assessed_on: datetime.date | None = None
    note: str = ""


def _stakeholder_out(person: Stakeholder) -> dict:
    return {
        "id": person.pk,
        "name": person.name,
        "kind": person.kind,
        "role": person.role,
        "power": person.power,
        "interest": person.interest,
        "attitude": person.attitude,
        "quadrant": person.quadrant,
        "wanted_quadrant": person.wanted_quadrant,
        "engagement": person.engagement,
        "owner": _user_email(person.owner),
        "initiative": person.initiative_id,
        "measures": [m.pk for m in person.measures.all()],
        "history": [
            {
                "assessed_on": row.assessed_on,
                "power": row.power,
                "interest": row.interest,
                "attitude": row.attitude,
            }
            for row in person.assessments.all()
        ],
        "version": person.version,
    }


@router.get(f"{BASE}/stakeholders", response=list[StakeholderOut], openapi_extra=requires(VIEW))
@paginate(Pagination)
def stakeholder_list(request: HttpRequest, slug: str):
    """The stakeholder register, each with the history of its assessments."""
    organisation = api_organisation(request, slug, VIEW)
    return [_stakeholder_out(p) for p in selectors.stakeholder_list(organisation=organisation)]


@router.post(f"{BASE}/stakeholders", response={201: StakeholderOut}, openapi_extra=requires(MANAGE))
def stakeholder_create(request: HttpRequest, slug: str, payload: StakeholderIn):
    """Add a stakeholder with its first assessment; scores outside 1–5 are refused."""
    organisation = api_organisation(request, slug, MANAGE)
    data = payload.dict()
    initiative_id = data.pop("initiative")
    initiative = (
        get_scoped_or_404(Initiative, organisation, pk=initiative_id) if initiative_id else None
    )
    person = services.stakeholder_create(
        actor=request.auth, organisation=organisation, initiative=initiative, **data
    )
    [person] = selectors.stakeholder_list(organisation=organisation, pk=person.pk)
    return Status(201, _stakeholder_out(person))


@router.post(
    f"{BASE}/stakeholders/{{stakeholder_id}}/assessments",
    response={201: StakeholderOut},
    openapi_extra=requires(MANAGE),
)
def stakeholder_assess(request: HttpRequest, slug: str, stakeholder_id: int, payload: AssessIn):
    """Re-assess a stakeholder: a new row of its history."""
    organisation = api_organisation(request, slug, MANAGE)
    person = get_scoped_or_404(Stakeholder, organisation, pk=stakeholder_id)
    services.stakeholder_assess(actor=request.auth, stakeholder=person, **payload.dict())
    [person] = selectors.stakeholder_list(organisation=organisation, pk=person.pk)
    return Status(201, _stakeholder_out(person))


# Pulses ----------------------------------------------------------------------------------


class ElementOut(Schema):
    key: str
    name: str
    score: float | None = Field(None, description="1–5; null when hidden (fewer than k)")


class DepartmentOut(Schema):
    department: int
    name: str
    scores: dict[str, float | None]


class PulseOut(Schema):
    id: int
    title: str
    status: str
    initiative: int | None
    department: int | None
    anonymity_threshold: int
    respondents: int
    suppressed: bool
    elements: list[ElementOut]
    departments: list[DepartmentOut] = Field(
        ..., description="Only departments shown under the anonymity rules"
    )


def _pulse_out(pulse: Pulse, language: str) -> dict:
    figures = selectors.pulse_results(pulse=pulse, language=language)
    keys = [e.key for e in figures.elements]
    return {
        "id": pulse.pk,
        "title": pulse.assessment.title,
        "status": pulse.assessment.status,
        "initiative": pulse.initiative_id,
        "department": pulse.department_id,
        "anonymity_threshold": figures.threshold,
        "respondents": figures.respondents,
        "suppressed": figures.suppressed,
        "elements": [{"key": e.key, "name": e.name, "score": e.score} for e in figures.elements],
        "departments": [
            {
                "department": row.department_id,
                "name": row.name,
                "scores": dict(zip(keys, row.scores, strict=True)),
            }
            for row in figures.departments
        ],
    }


@router.get(f"{BASE}/pulses", response=list[PulseOut], openapi_extra=requires(VIEW))
@paginate(Pagination)
def pulse_list(request: HttpRequest, slug: str):
    """The readiness pulses with their figures, as far as the anonymity threshold allows."""
    organisation = api_organisation(request, slug, VIEW)
    language = content_language()
    return [_pulse_out(p, language) for p in selectors.pulse_list(organisation=organisation)]


@router.get(f"{BASE}/pulses/{{pulse_id}}", response=PulseOut, openapi_extra=requires(VIEW))
def pulse_detail(request: HttpRequest, slug: str, pulse_id: int):
    """One pulse's figures (elements, departments where shown)."""
    organisation = api_organisation(request, slug, VIEW)
    pulse = get_scoped_or_404(Pulse.objects.select_related("assessment"), organisation, pk=pulse_id)
    return _pulse_out(pulse, content_language())


# Communication plan ---------------------------------------------------------------------


class CommunicationOut(Schema):
    id: int
    uid: str
    date: datetime.date
    audience: str
    message: str
    channel: str
    owner: str | None
    status: str
    initiative: int | None
    version: int


class CommunicationIn(Schema):
    date: datetime.date
    audience: str = Field(..., min_length=1, max_length=200)
    message: str = Field(..., min_length=1)
    channel: str = Field(..., description=", ".join(CommunicationItem.Channel.values))
    status: str = CommunicationItem.Status.PLANNED


def _communication_out(item: CommunicationItem) -> dict:
    return {
        "id": item.pk,
        "uid": str(item.uid),
        "date": item.date,
        "audience": item.audience,
        "message": item.message,
        "channel": item.channel,
        "owner": _user_email(item.owner),
        "status": item.status,
        "initiative": item.initiative_id,
        "version": item.version,
    }


@router.get(f"{BASE}/communications", response=list[CommunicationOut], openapi_extra=requires(VIEW))
@paginate(Pagination)
def communication_list(request: HttpRequest, slug: str):
    """The communication plan by date."""
    organisation = api_organisation(request, slug, VIEW)
    return [_communication_out(i) for i in selectors.communication_list(organisation=organisation)]


@router.post(
    f"{BASE}/communications", response={201: CommunicationOut}, openapi_extra=requires(MANAGE)
)
def communication_create(request: HttpRequest, slug: str, payload: CommunicationIn):
    """Add an entry to the communication plan."""
    organisation = api_organisation(request, slug, MANAGE)
    if payload.channel not in CommunicationItem.Channel.values:
        raise ValidationError({"channel": _("Choose one of the values offered.")})
    item = services.communication_create(
        actor=request.auth, organisation=organisation, **payload.dict()
    )
    return Status(201, _communication_out(item))


# Coaching (never the private notes) -----------------------------------------------------


class ActionOut(Schema):
    id: int
    title: str
    owner: str | None
    due: datetime.date | None
    status: str


class SessionOut(Schema):
    id: int
    date: datetime.date
    coach: str | None
    coachee: str | None
    participants: str
    topics: str
    agreements: str
    initiative: int | None
    actions: list[ActionOut]


def _session_out(session: CoachingSession) -> dict:
    return {
        "id": session.pk,
        "date": session.date,
        "coach": _user_email(session.coach),
        "coachee": _user_email(session.coachee),
        "participants": session.participants,
        "topics": session.topics,
        "agreements": session.agreements,
        "initiative": session.initiative_id,
        "actions": [
            {
                "id": a.pk,
                "title": a.title,
                "owner": _user_email(a.owner),
                "due": a.due,
                "status": a.status,
            }
            for a in session.actions.all()
        ],
    }


@router.get(f"{BASE}/coaching", response=list[SessionOut], openapi_extra=requires(VIEW))
@paginate(Pagination)
def session_list(request: HttpRequest, slug: str):
    """Coaching sessions with agreements and actions; private notes are never included."""
    organisation = api_organisation(request, slug, VIEW)
    return [_session_out(s) for s in selectors.coaching_session_list(organisation=organisation)]


@router.get(f"{BASE}/coaching/{{session_id}}", response=SessionOut, openapi_extra=requires(VIEW))
def session_detail(request: HttpRequest, slug: str, session_id: int):
    """One coaching session, without its private notes (they are not part of the API)."""
    organisation = api_organisation(request, slug, VIEW)
    session = get_scoped_or_404(
        selectors.coaching_session_list(organisation=organisation), organisation, pk=session_id
    )
    return _session_out(session)
