"""The Ablaufplan's phases 3 to 5 as the strategy reports them: figures that say what they
count, and a re-assessment that is done only after the strategy's starting point."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.assessments.tests.factories import AssessmentFactory
from kommunalkompass.organisations.journey import PHASES, journey_for
from kommunalkompass.organisations.tests.factories import OrganisationFactory
from kommunalkompass.strategy.models import Measure

from .factories import MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def phase(organisation, key: str):
    return next(step for step in journey_for(organisation) if step.phase.key == key)


def closed(organisation, title: str, days_ago: int) -> Assessment:
    return AssessmentFactory(
        organisation=organisation,
        title=title,
        status=Assessment.Status.CLOSED,
        created_at=NOW - datetime.timedelta(days=days_ago + 20),
        closed_at=NOW - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def organisation():
    return OrganisationFactory()


def strategy_with_measures(organisation, **statuses: int):
    strategy = StrategyFactory(organisation=organisation)
    for status, count in statuses.items():
        for _ in range(count):
            MeasureFactory(strategy=strategy, status=status)
    return strategy


def test_phase_figures_say_what_they_count(organisation):
    """41 measures in phase 3 and "9 of 39" in phase 4 left the reader guessing: phase 3
    splits the measures by what happens to them, phase 4 counts those to be implemented and
    says that ideas and dropped measures are not counted."""
    strategy_with_measures(
        organisation, done=2, in_progress=3, planned=4, idea=5, dropped=1
    )  # 15 measures, 9 to be implemented
    strategy = phase(organisation, "strategy").report
    assert [str(fact) for fact in strategy.facts] == [
        "15 measures in total",
        "9 of them to be implemented (planned, in progress or completed)",
        "5 ideas, not yet planned",
        "1 dropped",
    ]
    implementation = phase(organisation, "implementation").report
    facts = [str(fact) for fact in implementation.facts]
    assert facts[0] == (
        "2 of 9 measures to be implemented completed, 3 in progress "
        "(ideas and dropped measures are not counted)"
    )
    assert implementation.state == "in_progress"


def test_implementation_is_done_when_every_measure_to_be_implemented_is(organisation):
    strategy_with_measures(organisation, done=3, idea=2, dropped=1)
    implementation = phase(organisation, "implementation").report
    assert implementation.state == "done"
    assert str(implementation.facts[0]).startswith("3 of 3 measures to be implemented completed")


def test_reassessment_is_not_done_by_the_assessments_the_strategy_starts_from(organisation):
    """Two assessments closed before the strategy (a Quick-Check and the full analysis it
    starts from) are no re-assessment: phase 5 is not done while phase 4 runs."""
    closed(organisation, "Quick-Check 2025", days_ago=365)
    analysis = closed(organisation, "Reifegradanalyse 2026", days_ago=30)
    strategy = strategy_with_measures(organisation, done=1, in_progress=2)
    strategy.assessments.set([analysis])
    assert phase(organisation, "implementation").report.state == "in_progress"
    report = phase(organisation, "reassessment").report
    assert report.state == "not_started"
    description = next(p for p in PHASES if p.key == "reassessment").description
    assert str(report.summary) != str(description)


def test_an_open_assessment_after_the_starting_point_is_the_reassessment_in_progress(
    organisation,
):
    analysis = closed(organisation, "Reifegradanalyse 2026", days_ago=30)
    strategy_with_measures(organisation, in_progress=1).assessments.set([analysis])
    AssessmentFactory(organisation=organisation, title="Quick-Check Herbst", status="open")
    report = phase(organisation, "reassessment").report
    assert report.state == "in_progress"
    assert "Quick-Check Herbst" in str(report.summary)
    assert "Reifegradanalyse 2026" in str(report.summary)


def test_reassessment_is_done_with_an_assessment_closed_after_the_starting_point(
    organisation,
):
    analysis = closed(organisation, "Reifegradanalyse 2026", days_ago=400)
    strategy_with_measures(organisation, in_progress=1).assessments.set([analysis])
    later = closed(organisation, "Reifegradanalyse 2027", days_ago=5)
    report = phase(organisation, "reassessment").report
    assert report.state == "done"
    assert "Reifegradanalyse 2027" in str(report.summary)
    url = reverse("assessments:compare", args=[organisation.slug])
    assert report.next_step_url == f"{url}?earlier={analysis.pk}&later={later.pk}"
    description = next(p for p in PHASES if p.key == "reassessment").description
    assert str(report.summary) != str(description)


def test_without_a_starting_assessment_the_strategy_start_is_the_starting_point(
    organisation,
):
    closed(organisation, "Quick-Check 2025", days_ago=365)
    closed(organisation, "Quick-Check 2026", days_ago=200)
    strategy = strategy_with_measures(organisation, in_progress=1)
    assert phase(organisation, "reassessment").report.state == "not_started"
    type(strategy).objects.filter(pk=strategy.pk).update(
        created_at=NOW - datetime.timedelta(days=300)
    )
    assert phase(organisation, "reassessment").report.state == "done"


def test_without_a_strategy_there_is_no_reassessment_yet(organisation):
    closed(organisation, "Quick-Check 2025", days_ago=365)
    closed(organisation, "Quick-Check 2026", days_ago=30)
    report = phase(organisation, "reassessment").report
    assert report.state == "not_started"
    assert Measure.objects.count() == 0
