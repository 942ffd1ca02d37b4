"""Readiness pulses: trend, weakest element, and anonymity as a property of every output."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kommunalkompass.change import selectors
from kommunalkompass.change.responses import add_responses
from kommunalkompass.organisations.tests.factories import DepartmentFactory, OrganisationFactory

from .factories import InitiativeFactory, pulse_with_answers

pytestmark = pytest.mark.django_db


def test_the_trend_follows_the_pulses_and_names_the_weakest_element_with_actions():
    organisation = OrganisationFactory()
    initiative = InitiativeFactory(organisation=organisation)
    first = pulse_with_answers(organisation, initiative=initiative)
    add_responses(first.assessment, 6, rng=random.Random(1), levels=[2])
    second = pulse_with_answers(organisation, initiative=initiative)
    add_responses(second.assessment, 6, rng=random.Random(2), levels=[4])
    [series] = selectors.readiness_trend(organisation=organisation, language="en")
    assert [row["name"] for row in series.rows] == [
        "Awareness",
        "Desire",
        "Knowledge",
        "Ability",
        "Reinforcement",
    ]
    assert series.rows[0]["scores"] == [2.0, 4.0]
    weakest = selectors.weakest_element(series, language="en")
    assert weakest.name == "Awareness" and weakest.score == 4.0
    assert len(weakest.actions) >= 2


def test_a_department_pulse_below_the_threshold_shows_no_figure():
    organisation = OrganisationFactory()
    department = DepartmentFactory(organisation=organisation)
    pulse = pulse_with_answers(organisation, department=department, respondents=3)
    figures = selectors.pulse_results(pulse=pulse, language="en")
    assert figures.respondents == 3
    assert figures.suppressed
    assert all(e.score is None for e in figures.elements)
    [series] = selectors.readiness_trend(organisation=organisation, language="en")
    assert selectors.weakest_element(series, language="en") is None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=4),
    without=st.integers(min_value=0, max_value=4),
    threshold=st.integers(min_value=2, max_value=7),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_no_output_of_a_pulse_singles_out_fewer_than_k_respondents(sizes, without, threshold, seed):
    """Whatever the departments' sizes: every figure shown rests on at least k respondents,
    and the respondents behind hidden department cells (those without a department
    included) are none or at least k, so that no cell can be recovered by subtraction."""
    organisation = OrganisationFactory()
    departments = [DepartmentFactory(organisation=organisation) for _ in sizes]
    people = [d for d, n in zip(departments, sizes, strict=True) for _ in range(n)]
    people += [None] * without
    pulse = pulse_with_answers(organisation, threshold=threshold)
    if people:
        add_responses(pulse.assessment, len(people), rng=random.Random(seed), departments=people)
    figures = selectors.pulse_results(pulse=pulse, language="en")
    total = len(people)
    counts = Counter(d.pk if d else None for d in people)
    for element in figures.elements:
        assert (element.score is not None) == (total >= threshold)
    shown = {row.department_id for row in figures.departments}
    for department_id in shown:
        assert counts[department_id] >= threshold
    hidden = sum(n for key, n in counts.items() if key not in shown)
    if shown:
        assert hidden == 0 or hidden >= threshold


def test_a_closed_pulse_is_no_re_assessment_in_the_ablaufplan():
    from kommunalkompass.change import services
    from kommunalkompass.organisations.journey import journey_for

    organisation = OrganisationFactory()
    pulse = pulse_with_answers(organisation, respondents=6)
    services.pulse_close(actor=None, pulse=pulse)
    states = {step.phase.key: step.report.state for step in journey_for(organisation)}
    assert states["assessment"] == "not_started"
    assert states["reassessment"] != "done"
