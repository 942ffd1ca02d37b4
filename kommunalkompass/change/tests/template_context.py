"""Context for rendering the change templates in the template test (tests/test_templates.py)."""

import datetime

from kommunalkompass.change import selectors
from kommunalkompass.change.forms import (
    ActionForm,
    AssessForm,
    CommunicationForm,
    InitiativeForm,
    NotesForm,
    PulseForm,
    RiskForm,
    SessionForm,
    StakeholderForm,
    StepForm,
)
from kommunalkompass.change.views import Figure, grid_chart, trend_chart

from .factories import (
    ActionItemFactory,
    CoachingSessionFactory,
    CommunicationFactory,
    InitiativeFactory,
    StakeholderFactory,
    pulse_with_answers,
)


def extend(context: dict) -> None:
    organisation = context["current_organisation"]
    initiative = InitiativeFactory(organisation=organisation)
    stakeholder = StakeholderFactory(organisation=organisation, initiative=initiative)
    pulse = pulse_with_answers(organisation, initiative=initiative, respondents=6)
    item = CommunicationFactory(organisation=organisation, initiative=initiative)
    session = CoachingSessionFactory(organisation=organisation)
    action = ActionItemFactory(session=session, due=datetime.date(2027, 1, 1))
    stakeholders = selectors.stakeholder_list(organisation=organisation)
    points = selectors.stakeholder_grid(stakeholders)
    trend = selectors.readiness_trend(organisation=organisation, language="en")
    step = initiative.steps.first()
    risk_form = RiskForm(organisation=organisation)
    action_form = ActionForm(organisation=organisation)
    context.update(
        {
            "counts": selectors.overview(organisation=organisation),
            "initiatives": selectors.initiative_list(organisation=organisation),
            "initiative": selectors.initiative_detail(initiative=initiative),
            "steps": [(step, StepForm(instance=step))],
            "risks": [],
            "risk_form": risk_form,
            "stakeholders": stakeholders,
            "stakeholder": stakeholder,
            "points": points,
            "grid_figure": Figure(grid_chart(points, title="Stakeholder", language="en")),
            "assessment_history": list(stakeholder.assessments.all()),
            "assess_form": AssessForm(),
            "pulses": selectors.pulse_list(organisation=organisation),
            "pulse": pulse,
            "link": "https://kompass.example/s/abc/",
            "pulse_figures": selectors.pulse_results(pulse=pulse, language="en"),
            "trend": [
                (
                    series,
                    selectors.weakest_element(series, language="en"),
                    Figure(trend_chart(series, title="Trend", language="en")),
                )
                for series in trend
            ],
            "items": [item],
            "months": selectors.communication_calendar([item]),
            "item": item,
            "sessions": selectors.coaching_session_list(organisation=organisation),
            "people": selectors.open_actions_by_person(
                organisation=organisation, today=datetime.date(2027, 6, 1)
            ),
            "session": session,
            "participant": True,
            "notes_form": NotesForm(),
            "actions": [(action, action_form)],
            "action_form": action_form,
            "change_forms": [
                InitiativeForm(organisation=organisation),
                StakeholderForm(organisation=organisation),
                PulseForm(organisation=organisation),
                CommunicationForm(organisation=organisation),
                SessionForm(organisation=organisation),
            ],
        }
    )
    # The measure-page sections of several modules share the name "section" (strategy's
    # measure page includes each with its own context): the keys are merged, not replaced.
    context.setdefault("section", {}).update({"stakeholders": [stakeholder]})
