"""Strategy writes: validation with named fields, cycles, priorities, locking, adoption."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kommunalkompass.assessments.maturity import recommendations
from kommunalkompass.assessments.tests.factories import AssessmentFactory
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import Measure, MeasureUpdate, Strategy
from kommunalkompass.strategy.priority import derived_priority, priority, weighted_benefit

from .factories import MeasureFactory, StrategyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return MembershipFactory(role="editor")


def new(strategy, editor, **values):
    return services.measure_create(actor=editor.user, strategy=strategy, **values)


def test_a_new_strategy_becomes_the_only_current_one(editor, strategy):
    second = services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Neu", start_year=2029
    )
    strategy.refresh_from_db()
    assert second.is_current and not strategy.is_current
    assert Strategy.objects.filter(organisation=editor.organisation, is_current=True).count() == 1


def test_agreeing_needs_date_and_body(editor, strategy):
    with pytest.raises(ValidationError) as error:
        services.strategy_set_status(actor=editor.user, strategy=strategy, status="agreed")
    assert set(error.value.message_dict) == {"agreed_on", "agreed_by"}
    services.strategy_set_status(
        actor=editor.user, strategy=strategy, status="agreed",
        agreed_on=datetime.date(2027, 3, 14), agreed_by="Gemeinderat",
    )  # fmt: skip
    strategy.refresh_from_db()
    assert strategy.status == "agreed" and strategy.agreed_by == "Gemeinderat"


def test_measures_are_numbered_per_strategy(editor, strategy):
    first, second = new(strategy, editor, title="A"), new(strategy, editor, title="B")
    assert (first.code, second.code) == ("M01", "M02")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start": datetime.date(2027, 5, 1), "end": datetime.date(2027, 1, 1)}, "end"),
        ({"one_time_cost": Decimal("-1")}, "one_time_cost"),
        ({"annual_cost": Decimal("-0.01")}, "annual_cost"),
        ({"priority_override": "high"}, "priority_reason"),
        ({"benefit_staff": 6}, "benefit_staff"),
        ({"effort": 0}, "effort"),
    ],
)
def test_bad_measures_name_the_field_and_save_nothing(editor, strategy, values, field):
    with pytest.raises(ValidationError) as error:
        new(strategy, editor, title="Kaputt", **values)
    assert field in error.value.message_dict
    assert not Measure.objects.exists()


def test_a_dependency_cycle_is_refused_and_named(editor, strategy):
    a = new(strategy, editor, title="A")
    b = new(strategy, editor, title="B", depends_on=[a])
    c = new(strategy, editor, title="C", depends_on=[b])
    with pytest.raises(ValidationError) as error:
        services.measure_update(actor=editor.user, measure=a, version=a.version, depends_on=[c])
    message = error.value.message_dict["depends_on"][0]
    assert "M01 → M03 → M02 → M01" in message
    assert list(a.depends_on.all()) == []


def test_dependencies_stay_inside_the_strategy(editor, strategy):
    other = MeasureFactory()
    with pytest.raises(ValidationError) as error:
        new(strategy, editor, title="A", depends_on=[other])
    assert "depends_on" in error.value.message_dict


def test_the_second_of_two_concurrent_edits_is_refused(editor, strategy):
    measure = new(strategy, editor, title="E-Akte")
    version = measure.version
    services.measure_update(actor=editor.user, measure=measure, version=version, title="E-Akte 1")
    with pytest.raises(ValidationError) as error:
        services.measure_update(
            actor=editor.user, measure=measure, version=version, title="E-Akte 2"
        )
    assert error.value.code == "stale"
    measure.refresh_from_db()
    assert measure.title == "E-Akte 1"


def test_status_changes_are_kept_as_history(editor, strategy):
    measure = new(strategy, editor, title="A")
    services.measure_report(
        actor=editor.user, measure=measure, status="in_progress", progress=30, comment="Start",
        spent=Decimal("1200.50"),
    )  # fmt: skip
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("in_progress", 30)
    update = MeasureUpdate.objects.get()
    assert update.spent == Decimal("1200.50") and update.comment == "Start"
    with pytest.raises(ValidationError):
        services.measure_report(actor=editor.user, measure=measure, status="done", progress=101)


def test_priority_follows_weighted_benefit_effort_and_risk():
    weights = {"citizens": 30, "staff": 20, "efficiency": 20, "legal": 15, "goals": 15}
    strong = Measure(
        benefit_citizens=5, benefit_staff=4, benefit_efficiency=4, benefit_legal=2,
        benefit_goals=4, effort=2, risk=2,
    )  # fmt: skip
    assert weighted_benefit(strong, weights) == pytest.approx((150 + 80 + 80 + 30 + 60) / 100)
    assert derived_priority(strong, weights) == "high"
    weak = Measure(benefit_citizens=2, benefit_staff=1, effort=5, risk=4)
    assert derived_priority(weak, weights) == "low"
    legal = Measure(benefit_legal=5, effort=5, risk=5)
    assert derived_priority(legal, weights) == "high"
    weak.priority_override, weak.priority_reason = "high", "Ratsbeschluss"
    assert priority(weak, weights) == "high"


def test_indicator_target_in_the_wrong_direction_is_refused(editor, strategy):
    goal = services.goal_create(actor=editor.user, strategy=strategy, title="Online-Dienste")
    with pytest.raises(ValidationError) as error:
        services.indicator_create(
            actor=editor.user, goal=goal, name="Anteil online", unit="%",
            direction="increase", baseline=Decimal(40), baseline_date=datetime.date(2026, 1, 1),
            target=Decimal(30), target_date=datetime.date(2030, 1, 1),
        )  # fmt: skip
    assert "target" in error.value.message_dict
    assert not goal.indicators.exists()


def test_adopting_a_recommendation_keeps_its_link_and_dimension(editor, strategy):
    assessment = AssessmentFactory(organisation=editor.organisation, status="closed")
    services.field_create(
        actor=editor.user, strategy=strategy, name="Verwaltung", dimensions=["services"]
    )
    key = recommendations().for_level("services", 2)[0].key
    measure = services.measure_adopt(
        actor=editor.user, strategy=strategy, assessment=assessment, recommendation_key=key
    )
    assert measure.recommendation_key == key and measure.dimension == "services"
    assert measure.source_assessment == assessment
    assert [f.name for f in measure.fields.all()] == ["Verwaltung"]
    with pytest.raises(ValidationError, match="already measure M01"):
        services.measure_adopt(
            actor=editor.user, strategy=strategy, assessment=assessment, recommendation_key=key
        )


def test_adopting_from_an_open_or_foreign_assessment_is_refused(editor, strategy):
    key = recommendations().for_level("services", 2)[0].key
    for assessment in (
        AssessmentFactory(organisation=editor.organisation, status="open"),
        AssessmentFactory(status="closed"),
    ):
        with pytest.raises(ValidationError):
            services.measure_adopt(
                actor=editor.user, strategy=strategy, assessment=assessment,
                recommendation_key=key,
            )  # fmt: skip
    assert not Measure.objects.exists()


def test_changes_are_audited(editor, strategy):
    measure = new(strategy, editor, title="A")
    services.measure_update(actor=editor.user, measure=measure, version=1, title="B")
    event = AuditEvent.objects.filter(object_id=str(measure.pk), action="update").get()
    assert event.changes["title"] == ["A", "B"]


def test_strategy_factory_builds_a_current_strategy():
    assert StrategyFactory().is_current
