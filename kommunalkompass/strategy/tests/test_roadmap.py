"""The roadmap: computed from the measures, moved by hand, limits per year."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import roadmap, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(editor):
    strategy = services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Digital", start_year=2027,
        horizon_years=3,
    )  # fmt: skip
    services.strategy_set_limits(
        actor=editor.user,
        strategy=strategy,
        budgets={2027: Decimal(100_000), 2028: Decimal(100_000), 2029: Decimal(100_000)},
        capacities={2027: None, 2028: None, 2029: None},
    )
    return strategy


def measure(strategy, editor, title, **values):
    values = {"benefit_citizens": 4, "benefit_staff": 3, "duration_quarters": 2, **values}
    return services.measure_create(actor=editor.user, strategy=strategy, title=title, **values)


def test_the_roadmap_keeps_dependencies_and_budgets(editor, strategy):
    base = measure(strategy, editor, "Basis", one_time_cost=Decimal(60_000))
    follow = measure(strategy, editor, "Aufbau", one_time_cost=Decimal(60_000), depends_on=[base])
    too_big = measure(strategy, editor, "Großprojekt", one_time_cost=Decimal(500_000))
    plan = services.roadmap_compute(actor=editor.user, strategy=strategy)
    for item in (base, follow, too_big):
        item.refresh_from_db()
    assert base.planned_quarter is not None and follow.planned_quarter is not None
    assert follow.planned_quarter >= base.planned_quarter + base.duration_quarters
    assert too_big.planned_quarter is None
    assert [(m.code, reason) for m, reason in plan.unplanned] == [
        ("M03", str(roadmap.REASONS["budget"]))
    ]
    assert all(load.cost <= load.budget for load in plan.loads)
    assert too_big.unplanned_reason == "budget"


def test_finished_and_running_measures(editor, strategy):
    done = measure(strategy, editor, "Fertig", status="done")
    running = measure(
        strategy, editor, "Läuft", status="in_progress", start=datetime.date(2027, 4, 15)
    )
    services.roadmap_compute(actor=editor.user, strategy=strategy)
    done.refresh_from_db()
    running.refresh_from_db()
    assert done.planned_quarter is None
    assert running.planned_quarter == 1  # Q2 2027, where it started


def test_a_move_that_breaks_a_dependency_is_refused_and_named(editor, strategy):
    base = measure(strategy, editor, "Basis")
    follow = measure(strategy, editor, "Aufbau", depends_on=[base])
    services.roadmap_compute(actor=editor.user, strategy=strategy)
    base.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.measure_move(actor=editor.user, measure=follow, quarter=base.planned_quarter)
    assert "M02 would start before a measure it depends on ends." in error.value.messages
    follow.refresh_from_db()
    later = base.planned_quarter + 4
    services.measure_move(actor=editor.user, measure=follow, quarter=later)
    follow.refresh_from_db()
    assert (follow.planned_quarter, follow.pinned) == (later, True)
    services.roadmap_compute(actor=editor.user, strategy=strategy)
    follow.refresh_from_db()
    assert follow.planned_quarter == later  # a start fixed by hand is kept


def test_a_move_over_the_budget_is_refused(editor, strategy):
    first = measure(strategy, editor, "A", one_time_cost=Decimal(80_000), duration_quarters=1)
    second = measure(strategy, editor, "B", one_time_cost=Decimal(80_000), duration_quarters=1)
    services.roadmap_compute(actor=editor.user, strategy=strategy)
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="budget of 2027"):
        services.measure_move(actor=editor.user, measure=second, quarter=first.planned_quarter)


def test_limits_are_refused_when_negative(editor, strategy):
    with pytest.raises(ValidationError) as error:
        services.strategy_set_limits(
            actor=editor.user, strategy=strategy, budgets={2027: Decimal(-1)}, capacities={}
        )
    assert "budget_2027" in error.value.message_dict


def test_the_roadmap_page_shows_the_gantt_chart_and_the_years(client, editor, strategy):
    measure(strategy, editor, "E-Akte")
    client.post(reverse("strategy:roadmap_compute", args=[editor.organisation.slug]))
    page = client.get(reverse("strategy:roadmap", args=[editor.organisation.slug]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Roadmap 2027–2029" in text and "M01 E-Akte" in text
    assert "100,000" in text  # the budget of a year


def test_bad_moves_through_the_page_change_nothing(client, editor, strategy):
    item = measure(strategy, editor, "E-Akte")
    url = reverse("strategy:roadmap_move", args=[editor.organisation.slug])
    client.post(url, {"measure": item.pk, "quarter": 99})
    client.post(url, {"measure": 0, "quarter": 1})
    item.refresh_from_db()
    assert item.planned_quarter is None


def test_the_page_says_why_a_measure_is_not_planned(client, editor, strategy):
    measure(strategy, editor, "Großprojekt", one_time_cost=Decimal(500_000))
    client.post(reverse("strategy:roadmap_compute", args=[editor.organisation.slug]))
    page = client.get(reverse("strategy:roadmap", args=[editor.organisation.slug]))
    assert "the budget of the years it would run in is used up" in page.content.decode()


def _lead(page) -> str:
    text = page.content.decode()
    start = text.index('<p class="lead">') + len('<p class="lead">')
    return text[start : text.index("</p>", start)].strip()


def test_the_subtitle_names_the_period_once(client, editor, strategy):
    url = reverse("strategy:roadmap", args=[editor.organisation.slug])
    assert _lead(client.get(url)) == "Digital, 2027–2029"
    strategy.title = "Digitalstrategie 2027–2029"
    strategy.save()
    assert _lead(client.get(url)) == "Digitalstrategie 2027–2029"


def test_editors_get_draggable_bars_and_viewers_do_not(client, editor, strategy):
    item = measure(strategy, editor, "E-Akte")
    client.post(reverse("strategy:roadmap_compute", args=[editor.organisation.slug]))
    url = reverse("strategy:roadmap", args=[editor.organisation.slug])
    text = client.get(url).content.decode()
    assert (
        f'data-roadmap-key="{item.pk}"' in text and 'data-roadmap-form="roadmap-move-form"' in text
    )
    assert 'id="roadmap-move-form"' in text
    viewer = MembershipFactory(organisation=editor.organisation, role=Role.VIEWER)
    client.force_login(viewer.user)
    text = client.get(url).content.decode()
    assert "data-roadmap-key" not in text and "data-roadmap-form" not in text
    assert "M01 E-Akte" in text  # the chart is still there


def test_a_moved_measure_shows_its_quarters_on_its_page(client, editor, strategy):
    item = measure(strategy, editor, "E-Akte", duration_quarters=3)
    slug = editor.organisation.slug
    page = client.get(reverse("strategy:measure", args=[slug, item.pk])).content.decode()
    assert "not planned" in page
    client.post(
        reverse("strategy:roadmap_move", args=[slug]), {"measure": item.pk, "quarter": 5, "pin": 1}
    )
    page = client.get(reverse("strategy:measure", args=[slug, item.pk])).content.decode()
    assert "Q2 2028 to Q4 2028" in page and "fixed by hand" in page
