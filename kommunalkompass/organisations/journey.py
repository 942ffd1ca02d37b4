"""The Ablaufplan: the five phases of the journey and how modules report their state.

A module reports the state of a phase by registering a provider in its
``AppConfig.ready()``::

    from kommunalkompass.organisations.journey import PhaseReport, register_phase_provider

    def assessment_phase(organisation) -> PhaseReport: ...

    register_phase_provider("assessment", assessment_phase)

A provider receives the organisation and returns a ``PhaseReport``; it must cost a fixed
number of queries. The organisations app never imports a module to learn its state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class PhaseState(StrEnum):
    NOT_AVAILABLE = "not_available"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STATE_LABELS = {
    PhaseState.NOT_AVAILABLE: _("Not part of this installation yet"),
    PhaseState.NOT_STARTED: _("Not started"),
    PhaseState.IN_PROGRESS: _("In progress"),
    PhaseState.DONE: _("Done"),
}


@dataclass(frozen=True)
class PhaseReport:
    """What a module says about one phase of one organisation."""

    state: PhaseState
    summary: str | Promise = ""
    next_step_label: str | Promise = ""
    next_step_url: str = ""
    facts: list[str | Promise] = field(default_factory=list)


@dataclass(frozen=True)
class Phase:
    key: str
    number: int
    title: str | Promise
    description: str | Promise


PHASES: tuple[Phase, ...] = (
    Phase(
        "setup",
        1,
        _("Set-up"),
        _("Describe the organisation, add its departments and invite the team."),
    ),
    Phase(
        "assessment",
        2,
        _("Quick-Check & maturity"),
        _(
            "Leaders and staff answer an anonymous survey; the results show the maturity "
            "of each dimension, where perspectives differ and where the gaps are."
        ),
    ),
    Phase(
        "strategy",
        3,
        _("Vision & strategy"),
        _(
            "Agree a digital vision, fields of action, goals with indicators and a "
            "prioritised, scheduled set of measures."
        ),
    ),
    Phase(
        "implementation",
        4,
        _("Implementation"),
        _(
            "Carry out the measures, track the OZG services and other legal duties, "
            "and accompany the people affected by the change."
        ),
    ),
    Phase(
        "reassessment",
        5,
        _("Re-assessment"),
        _("A later assessment shows the progress against the first one."),
    ),
)

PhaseProvider = Callable[..., PhaseReport]
_providers: dict[str, PhaseProvider] = {}


def register_phase_provider(phase_key: str, provider: PhaseProvider) -> None:
    """Let a module report the state of ``phase_key``. One provider per phase."""
    if phase_key not in {phase.key for phase in PHASES}:
        raise ValueError(f"Unknown journey phase {phase_key!r}.")
    if phase_key in _providers and _providers[phase_key] is not provider:
        raise ValueError(f"Journey phase {phase_key!r} already has a provider.")
    _providers[phase_key] = provider


FactProvider = Callable[..., list]
_fact_providers: dict[str, list[FactProvider]] = {}


def register_phase_facts(phase_key: str, provider: FactProvider) -> None:
    """Let a further module add facts to a phase another module reports (e.g. the OZG state
    to the implementation phase of the strategy)."""
    if phase_key not in {phase.key for phase in PHASES}:
        raise ValueError(f"Unknown journey phase {phase_key!r}.")
    providers = _fact_providers.setdefault(phase_key, [])
    if provider not in providers:
        providers.append(provider)


@dataclass(frozen=True)
class JourneyStep:
    phase: Phase
    report: PhaseReport
    is_next: bool = False

    @property
    def state_label(self) -> str | Promise:
        return STATE_LABELS[self.report.state]


def journey_for(organisation) -> list[JourneyStep]:
    """Each phase with its reported state; the first unfinished available phase is next."""
    reports = []
    for phase in PHASES:
        provider = _providers.get(phase.key)
        report = provider(organisation) if provider else PhaseReport(state=PhaseState.NOT_AVAILABLE)
        extra = [fact for more in _fact_providers.get(phase.key, []) for fact in more(organisation)]
        if extra and report.state != PhaseState.NOT_AVAILABLE:
            report = replace(report, facts=[*report.facts, *extra])
        reports.append(report)
    next_index = next(
        (
            index
            for index, report in enumerate(reports)
            if report.state in (PhaseState.NOT_STARTED, PhaseState.IN_PROGRESS)
        ),
        None,
    )
    return [
        JourneyStep(phase=phase, report=report, is_next=index == next_index)
        for index, (phase, report) in enumerate(zip(PHASES, reports, strict=True))
    ]


# Batch states: the state of a phase for many organisations at once, for the portfolio.
# ``fn(organisations)`` returns ``{organisation id: PhaseState}`` in a fixed number of
# queries and must decide as the phase's provider does (each module tests that they agree).
StateProvider = Callable[..., dict[int, PhaseState]]
_state_providers: dict[str, StateProvider] = {}


def register_phase_states(phase_key: str, provider: StateProvider) -> None:
    """Let the module that reports ``phase_key`` give its state for many organisations at
    once (the portfolio at ``/o/``). One per phase, beside ``register_phase_provider``."""
    if phase_key not in {phase.key for phase in PHASES}:
        raise ValueError(f"Unknown journey phase {phase_key!r}.")
    if phase_key in _state_providers and _state_providers[phase_key] is not provider:
        raise ValueError(f"Journey phase {phase_key!r} already has a state provider.")
    _state_providers[phase_key] = provider


@dataclass(frozen=True)
class PhasePosition:
    """Where an organisation stands on the Ablaufplan: the states of all phases and the
    phase marked as the next step (None when every available phase is done)."""

    states: tuple[PhaseState, ...]
    phase: Phase | None

    @property
    def state_label(self) -> str | Promise:
        if self.phase is None:
            return STATE_LABELS[PhaseState.DONE]
        return STATE_LABELS[self.states[self.phase.number - 1]]


def _next_index(states: list[PhaseState]) -> int | None:
    return next(
        (
            index
            for index, state in enumerate(states)
            if state in (PhaseState.NOT_STARTED, PhaseState.IN_PROGRESS)
        ),
        None,
    )


def phase_positions(organisations: list) -> dict[int, PhasePosition]:
    """Each organisation's position on the Ablaufplan, decided as ``journey_for`` decides
    the next step. A fixed number of queries for phases with a batch state provider; a
    phase with only a single provider is asked once per organisation."""
    by_phase: dict[str, dict[int, PhaseState]] = {}
    for phase in PHASES:
        batch = _state_providers.get(phase.key)
        single = _providers.get(phase.key)
        if batch is not None:
            by_phase[phase.key] = batch(organisations)
        elif single is not None:
            by_phase[phase.key] = {o.pk: single(o).state for o in organisations}
        else:
            by_phase[phase.key] = {}
    positions = {}
    for organisation in organisations:
        states = [
            by_phase[phase.key].get(organisation.pk, PhaseState.NOT_AVAILABLE)
            if phase.key in _providers or phase.key in _state_providers
            else PhaseState.NOT_AVAILABLE
            for phase in PHASES
        ]
        index = _next_index(states)
        positions[organisation.pk] = PhasePosition(
            states=tuple(states), phase=PHASES[index] if index is not None else None
        )
    return positions
