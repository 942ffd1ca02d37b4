"""The demo strategies: what a user opening them would check."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kommunalkompass.assessments.maturity import recommendations
from kommunalkompass.assessments.selectors import assessment_results
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import (
    FieldOfAction,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureUpdate,
    Strategy,
)

pytestmark = pytest.mark.django_db


def load_demo() -> None:
    call_command("demo", stdout=StringIO())


def current(slug: str) -> Strategy:
    strategies = Strategy.objects.filter(organisation__slug=slug, is_current=True)
    assert strategies.count() == 1
    return strategies.get()


def counts() -> dict[str, int]:
    models = (Strategy, FieldOfAction, Goal, Indicator, IndicatorValue, Measure, MeasureUpdate)
    return {
        **{model.__name__: model.objects.count() for model in models},
        "dependencies": Measure.depends_on.through.objects.count(),
    }


def test_musterstadt_has_an_agreed_strategy_built_on_its_assessment():
    # One load for all of Musterstadt's checks: the demo takes a few seconds to load.
    load_demo()
    strategy = current("musterstadt")
    check_strategy(strategy)
    check_measures(strategy)
    check_adopted(strategy)


def check_strategy(strategy: Strategy) -> None:
    assert strategy.status == Strategy.Status.AGREED
    assert strategy.agreed_on and strategy.agreed_by
    assert strategy.vision and len(strategy.principle_list()) >= 5 and strategy.foreword
    assert [a.title for a in strategy.assessments.all()] == ["Reifegradanalyse 2026"]
    assert set(strategy.budgets) == set(strategy.capacities) == {str(y) for y in strategy.years}
    # Five of the file, one adopted from the demo's vision workshop.
    assert strategy.fields.filter(origins__isnull=True).count() == 5
    goals = list(strategy.goals.select_related("field"))
    assert len(goals) == 10
    assert all(goal.field is not None for goal in goals)
    for goal in goals:
        indicator = goal.indicators.get()
        assert indicator.values.exists(), goal.title
        assert indicator.target_date > indicator.baseline_date


def check_measures(strategy: Strategy) -> None:
    measures = list(
        strategy.measures.filter(origins__isnull=True).select_related("lead_department")
    )
    assert 35 <= len(measures) <= 45
    assert {m.status for m in measures} == set(Measure.Status.values)
    assert all(m.one_time_cost >= 0 and m.annual_cost >= 0 for m in measures)
    assert all(m.lead_department.organisation_id == strategy.organisation_id for m in measures)

    edges: dict[int, set[int]] = {}
    for source, target in Measure.depends_on.through.objects.filter(
        from_measure__strategy=strategy
    ).values_list("from_measure__number", "to_measure__number"):
        assert target < source  # on earlier measures only
        edges.setdefault(source, set()).add(target)
    assert services.find_cycle(edges) is None
    assert sum(len(targets) for targets in edges.values()) >= len(measures)

    today = timezone.localdate()
    for measure in measures:
        if measure.status in (Measure.Status.DONE, Measure.Status.IN_PROGRESS):
            assert measure.start and measure.start <= today, measure
            assert measure.updates.exists(), measure
        if measure.status == Measure.Status.DONE:
            assert measure.end and measure.end <= today and measure.progress == 100, measure

    overrides = [m for m in measures if m.priority_override]
    assert overrides and all(m.priority_reason for m in overrides)


def check_adopted(strategy: Strategy) -> None:
    """At least two measures adopted from the weakest dimensions of the assessment."""
    assessment = strategy.assessments.get()
    adopted = list(strategy.measures.filter(source_assessment=assessment))
    assert len(adopted) >= 2
    results = assessment_results(assessment=assessment)
    for measure in adopted:
        level = results.dimension(measure.dimension).level
        offered = recommendations().for_level(measure.dimension, level)
        assert measure.recommendation_key in {r.key for r in offered}
        assert "Nutzen:" in measure.description  # the German text of the recommendation


def test_beispielhausen_has_a_small_draft_and_reloading_keeps_the_counts():
    load_demo()
    strategy = current("beispielhausen")
    assert strategy.status == Strategy.Status.DRAFT
    assert strategy.fields.count() == 2
    assert Indicator.objects.filter(goal__strategy=strategy).count() == 2
    assert strategy.measures.count() == 6

    before = counts()
    load_demo()
    assert counts() == before
    assert current("musterstadt").measures.count() == before["Measure"] - 6


def test_the_demo_publishes_musterstadt_and_not_beispielhausen(client):
    load_demo()
    public = client.get("/p/musterstadt/")
    assert public.status_code == 200
    html = public.content.decode()
    assert "Digitalstrategie Musterstadt 2027–2031" in html
    assert "Cost (EUR)" in html  # the demo shows the costs
    assert "OZG services online" in html  # and the OZG share
    # The demo's status reports have authors (members of the team): none of them is named.
    authors = {
        text
        for update in MeasureUpdate.objects.filter(
            organisation__slug="musterstadt", author__isnull=False
        ).select_related("author")
        for text in (update.author.email, update.author.get_full_name())
        if text
    }
    assert authors
    assert not [text for text in authors if text in html]
    assert client.get("/p/beispielhausen/").status_code == 404
