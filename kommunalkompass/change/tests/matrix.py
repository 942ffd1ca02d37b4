"""Arguments of the change URLs for the tenancy matrix (tests/test_tenancy_matrix.py)."""

from kommunalkompass.change import services
from kommunalkompass.change.models import ActionItem, CoachingSession, InitiativeStep, Risk

from .factories import (
    CoachingSessionFactory,
    CommunicationFactory,
    InitiativeFactory,
    StakeholderFactory,
    pulse_with_answers,
)


def _initiative(organisation) -> dict:
    return {"pk": InitiativeFactory(organisation=organisation).pk}


def _step(organisation) -> dict:
    initiative = InitiativeFactory(organisation=organisation)
    return {"pk": InitiativeStep.objects.filter(initiative=initiative).first().pk}


def _risk(organisation) -> dict:
    initiative = InitiativeFactory(organisation=organisation)
    return {"pk": services.risk_create(actor=None, initiative=initiative, title="Risiko").pk}


def _session(organisation) -> dict:
    return {"pk": CoachingSessionFactory(organisation=organisation).pk}


def _action(organisation) -> dict:
    session = CoachingSession.objects.filter(organisation=organisation).first()
    session = session or CoachingSessionFactory(organisation=organisation)
    return {
        "pk": ActionItem.objects.create(organisation=organisation, session=session, title="A").pk
    }


URL_KWARGS = {
    "change:initiative": _initiative,
    "change:initiative_edit": _initiative,
    "change:initiative_delete": _initiative,
    "change:risk_create": _initiative,
    "change:step": _step,
    "change:risk": _risk,
    "change:stakeholder": lambda o: {"pk": StakeholderFactory(organisation=o).pk},
    "change:stakeholder_delete": lambda o: {"pk": StakeholderFactory(organisation=o).pk},
    "change:stakeholder_edit": lambda o: {"pk": StakeholderFactory(organisation=o).pk},
    "change:stakeholder_assess": lambda o: {"pk": StakeholderFactory(organisation=o).pk},
    "change:pulse": lambda o: {"pk": pulse_with_answers(o).pk},
    "change:pulse_open": lambda o: {"pk": pulse_with_answers(o).pk},
    "change:pulse_close": lambda o: {"pk": pulse_with_answers(o).pk},
    "change:pulse_delete": lambda o: {"pk": pulse_with_answers(o).pk},
    "change:communication": lambda o: {"pk": CommunicationFactory(organisation=o).pk},
    "change:communication_delete": lambda o: {"pk": CommunicationFactory(organisation=o).pk},
    "change:communication_edit": lambda o: {"pk": CommunicationFactory(organisation=o).pk},
    "change:session": _session,
    "change:session_edit": _session,
    "change:session_delete": _session,
    "change:session_notes": _session,
    "change:action_create": _session,
    "change:action": _action,
}

API_PARAMS = {
    "initiative_id": lambda o: InitiativeFactory(organisation=o).pk,
    "stakeholder_id": lambda o: StakeholderFactory(organisation=o).pk,
    "pulse_id": lambda o: pulse_with_answers(o).pk,
    "session_id": lambda o: CoachingSessionFactory(organisation=o).pk,
}

__all__ = ["API_PARAMS", "URL_KWARGS", "Risk"]
