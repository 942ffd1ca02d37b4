"""The roadmap scheduler: plain data in, plan out; no database."""

import itertools
import random
from decimal import Decimal

import pytest

from kommunalkompass.strategy.scheduling import (
    REASONS,
    Limits,
    SchedulingError,
    Task,
    find_cycle,
    schedule,
    validate,
    year_loads,
)


def task(key, title=None, *, duration=1, benefit=1.0, cost=0, annual=0, days=0.0, **extra):
    return Task(
        key=key,
        title=title or f"M{key}",
        duration=duration,
        benefit=benefit,
        one_time_cost=Decimal(cost),
        annual_cost=Decimal(annual),
        person_days=days,
        **extra,
    )


def generated(size, seed):
    """A strategy like the benchmark's: four stages, ~1.5 dependencies, 60 % budgets."""
    rng = random.Random(seed)
    stages = sorted(rng.choices(range(4), weights=[35, 30, 20, 15], k=size))
    tasks = []
    for i, stage in enumerate(stages):
        earlier = stages.index(stage)
        deps = ()
        if stage and earlier:
            deps = tuple(rng.sample(range(1, earlier + 1), min(earlier, rng.randint(1, 3))))
        tasks.append(
            task(
                i + 1,
                duration=rng.randint(1, 6),
                benefit=rng.uniform(0.5, 5),
                cost=rng.randrange(10_000, 500_000, 1_000),
                annual=rng.randrange(0, 50_000, 500),
                days=float(rng.randrange(20, 300, 5)),
                depends_on=deps,
                earliest=rng.randint(1, 8) if rng.random() < 0.2 else 0,
            )
        )
    money = sum(t.one_time_cost + t.annual_cost * t.duration / 4 for t in tasks)
    days = sum(t.person_days * t.duration / 4 for t in tasks)
    limits = Limits(
        quarters=20,
        budgets=tuple((money / 5 * Decimal("0.6")).quantize(Decimal(1)) for _ in range(5)),
        capacities=tuple(days / 5 * 0.6 for _ in range(5)),
    )
    return tasks, limits


def assert_feasible(tasks, limits, plan):
    assert validate(tasks, limits, plan.starts) == []
    assert set(plan.starts) | set(plan.unplanned) == {t.key for t in tasks}
    assert not set(plan.starts) & set(plan.unplanned)
    assert set(plan.unplanned.values()) <= set(REASONS)
    assert plan.objective <= plan.bound + 1e-6


# -- plans --------------------------------------------------------------------------------


def test_small_case_finds_the_known_optimum():
    # One budget of 100 per year: A (worth more) goes first, B waits for the next year.
    tasks = [
        task(1, "A", duration=2, benefit=3, cost=100),
        task(2, "B", duration=2, benefit=1, cost=100),
    ]
    limits = Limits(quarters=8, budgets=(Decimal(100), Decimal(100)))
    plan = schedule(tasks, limits)
    assert plan.starts == {1: 0, 2: 4}
    # A ends in quarter 1: 3 × (8 − 1); B ends in quarter 5: 1 × (8 − 5)
    assert plan.objective == pytest.approx(24)
    assert plan.exact and plan.method == "milp"
    assert plan.gap() == pytest.approx(0, abs=1e-4)
    assert plan.unplanned == {}


def test_knapsack_choice_and_reason_budget():
    tasks = [
        task(1, "A", benefit=3, cost=60),
        task(2, "B", benefit=2, cost=50),
        task(3, "C", benefit=2, cost=40),
    ]
    plan = schedule(tasks, Limits(quarters=4, budgets=(Decimal(100),)))
    assert plan.starts == {1: 0, 3: 0}
    assert plan.unplanned == {2: "budget"}
    assert plan.objective == pytest.approx(3 * 4 + 2 * 4)


def test_dependencies_are_respected():
    tasks = [
        task(1, "Basis", duration=3, benefit=1),
        task(2, "Portal", duration=2, benefit=5, depends_on=(1,)),
        task(3, "App", duration=1, benefit=5, depends_on=(1, 2)),
    ]
    plan = schedule(tasks, Limits(quarters=12))
    assert plan.starts == {1: 0, 2: 3, 3: 5}
    assert_feasible(tasks, Limits(quarters=12), plan)


def test_earliest_start_is_respected():
    tasks = [task(1, duration=2, benefit=2, earliest=3), task(2, benefit=1, earliest=0)]
    plan = schedule(tasks, Limits(quarters=8))
    assert plan.starts == {1: 3, 2: 0}


def test_pinned_measure_is_kept_and_others_plan_around_it():
    tasks = [
        task(1, "Pinned", duration=2, benefit=1, cost=100, pinned=2),
        task(2, "Free", duration=2, benefit=5, cost=100),
    ]
    limits = Limits(quarters=8, budgets=(Decimal(100), Decimal(100)))
    plan = schedule(tasks, limits)
    assert plan.starts[1] == 2  # kept, though starting at 0 would be worth more
    assert plan.starts[2] == 4  # year 1 is taken by the pinned measure
    assert_feasible(tasks, limits, plan)


def test_prerequisite_of_pinned_measure_is_planned_before_it():
    tasks = [
        task(1, "Prerequisite", duration=2, benefit=0),
        task(2, "Pinned", benefit=1, depends_on=(1,), pinned=4),
    ]
    plan = schedule(tasks, Limits(quarters=8))
    assert plan.starts[2] == 4 and plan.starts[1] + 2 <= 4


def test_yearly_budget_and_capacity_hold_in_the_booked_amounts():
    tasks, limits = generated(40, seed=7)
    plan = schedule(tasks, limits, time_limit=1)
    assert_feasible(tasks, limits, plan)
    loads = year_loads(tasks, limits, plan.starts)
    assert len(loads) == 5
    for load in loads:
        assert load.cost <= load.budget
        assert load.person_days <= load.capacity + 1e-6
    assert {"budget", "capacity"} & set(plan.unplanned.values())


def test_booking_spreads_costs_over_the_quarters_and_their_years():
    # The horizon starts in Q3: a four-quarter measure runs two quarters in each year.
    tasks = [task(1, duration=4, cost="1000.00", annual="400", days=80.0)]
    limits = Limits(quarters=8, first_quarter=3, first_year=2026)
    loads = year_loads(tasks, limits, {1: 0})
    assert [(load.label, load.cost, load.person_days) for load in loads] == [
        ("2026", Decimal("700.00"), 40.0),  # 500 one-time + 2 × 400/4 annual
        ("2027", Decimal("700.00"), 40.0),
        ("2028", Decimal("0"), 0.0),
    ]


def test_booking_rounds_to_cents_without_losing_any():
    tasks = [task(1, duration=3, cost="100.00")]
    loads = year_loads(tasks, Limits(quarters=8), {1: 2})  # quarters 2, 3 | 4
    assert [load.cost for load in loads] == [Decimal("66.67"), Decimal("33.33")]


def test_measure_that_fits_nowhere_is_unplanned_with_its_reason():
    tasks = [
        task(1, "Too expensive", cost=500),
        task(2, "Too much work", days=500.0),  # 125 a quarter
        task(3, "Too late", duration=2, earliest=7),
        task(4, "Fine", cost=10, days=10.0),
    ]
    limits = Limits(quarters=8, budgets=(Decimal(100), Decimal(100)), capacities=(100.0, 100.0))
    plan = schedule(tasks, limits)
    assert plan.unplanned == {1: "budget", 2: "capacity", 3: "horizon"}
    assert plan.starts == {4: 0}


def test_dependent_of_unplanned_measure_is_unplanned_with_dependency():
    tasks = [
        task(1, "Too expensive", cost=500),
        task(2, "Needs it", depends_on=(1,)),
        task(3, "Needs that", depends_on=(2,)),
    ]
    plan = schedule(tasks, Limits(quarters=8, budgets=(Decimal(100), Decimal(100))))
    assert plan.unplanned == {1: "budget", 2: "dependency", 3: "dependency"}


def test_pinned_measures_that_do_not_fit_together_report_a_conflict():
    tasks = [
        task(1, "First", cost=80, pinned=0),
        task(2, "Second", cost=80, pinned=1),
        task(3, "After second", depends_on=(2,)),
    ]
    plan = schedule(tasks, Limits(quarters=4, budgets=(Decimal(100),)))
    assert plan.starts == {1: 0}
    assert plan.unplanned == {2: "pinned_conflict", 3: "dependency"}


def test_measure_without_benefit_is_still_planned_when_it_fits():
    plan = schedule([task(1, benefit=0, cost=10)], Limits(quarters=4, budgets=(Decimal(100),)))
    assert plan.starts == {1: 0}
    assert plan.objective == 0 and plan.gap() == 0


@pytest.mark.parametrize("exact_up_to", [200, 0])
def test_measures_without_benefit_start_as_early_as_they_fit(exact_up_to):
    tasks = [
        task(1, "Valuable", benefit=5, cost=60),
        task(2, "Unscored", duration=2, benefit=0, cost=60),
        task(3, "Unscored too", benefit=0, cost=10),
    ]
    limits = Limits(quarters=8, budgets=(Decimal(100), Decimal(100)))
    plan = schedule(tasks, limits, exact_up_to=exact_up_to)
    # year 1 has 30 left after 60 + 10: half of the second measure's cost fits in Q4
    assert plan.starts == {1: 0, 2: 3, 3: 0}


def test_empty_strategy():
    plan = schedule([], Limits(quarters=20))
    assert plan.starts == {} and plan.unplanned == {} and plan.objective == 0


def test_heuristic_gives_a_feasible_plan_close_to_the_bound():
    tasks, limits = generated(150, seed=3)
    plan = schedule(tasks, limits, exact_up_to=0, time_limit=2)
    assert plan.method == "heuristic" and not plan.exact
    assert_feasible(tasks, limits, plan)
    assert 0 < plan.objective <= plan.bound
    assert plan.gap() < 0.05


def test_heuristic_and_milp_agree_on_a_small_case():
    tasks, limits = generated(25, seed=11)
    exact = schedule(tasks, limits, time_limit=1)
    heuristic = schedule(tasks, limits, exact_up_to=0, time_limit=0.5)
    assert_feasible(tasks, limits, exact)
    assert_feasible(tasks, limits, heuristic)
    assert exact.method == "milp"
    # each bound holds for the other method's plan too
    assert heuristic.objective <= exact.bound + 1e-6
    assert exact.objective <= heuristic.bound + 1e-6


@pytest.mark.parametrize("seed", range(12))
def test_milp_matches_brute_force_on_tiny_strategies(seed):
    rng = random.Random(seed)
    quarters = rng.choice([4, 5, 6])
    tasks = [
        task(
            key,
            duration=rng.randint(1, 3),
            benefit=rng.choice([0, 1, 2, 3.5]),
            cost=rng.randrange(0, 100, 10),
            annual=rng.randrange(0, 40, 10),
            days=float(rng.randrange(0, 50, 5)),
            depends_on=tuple(rng.sample(range(1, key), min(key - 1, rng.randint(0, 2)))),
            earliest=rng.choice([0, 0, 1, 2]),
        )
        for key in range(1, rng.randint(2, 4) + 1)
    ]
    years = (quarters + 3) // 4
    limits = Limits(
        quarters,
        budgets=tuple(Decimal(rng.randrange(30, 150, 10)) for _ in range(years)),
        capacities=tuple(rng.choice([None, 20.0, 40.0]) for _ in range(years)),
    )
    best = 0.0
    options = [[None, *range(quarters - t.duration + 1)] for t in tasks]
    for combination in itertools.product(*options):
        starts = {t.key: s for t, s in zip(tasks, combination, strict=True) if s is not None}
        if not validate(tasks, limits, starts):
            value = sum(
                t.benefit * (quarters - starts[t.key] - t.duration + 1)
                for t in tasks
                if t.key in starts
            )
            best = max(best, value)
    plan = schedule(tasks, limits)
    assert plan.exact
    assert plan.objective == pytest.approx(best)
    assert_feasible(tasks, limits, plan)
    heuristic = schedule(tasks, limits, exact_up_to=0)
    assert_feasible(tasks, limits, heuristic)
    assert heuristic.objective <= best + 1e-9 <= heuristic.bound + 2e-9


# -- bad input ----------------------------------------------------------------------------


def test_cycle_is_named_in_order():
    tasks = [
        task(1, "A", depends_on=(3,)),
        task(2, "B", depends_on=(1,)),
        task(3, "C", depends_on=(2,)),
        task(4, "D"),
    ]
    with pytest.raises(SchedulingError) as error:
        schedule(tasks, Limits(quarters=8))
    assert "A → B → C → A" in str(error.value)
    assert error.value.cycle == [1, 2, 3]


def test_self_dependency_is_a_cycle():
    with pytest.raises(SchedulingError, match="A → A") as error:
        schedule([task(1, "A", depends_on=(1,))], Limits(quarters=8))
    assert error.value.cycle == [1]


def test_unknown_dependency_names_the_measure():
    with pytest.raises(SchedulingError, match='"Portal" depends on an unknown measure \\(key 9'):
        schedule([task(1, "Portal", depends_on=(9,))], Limits(quarters=8))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pinned": 7, "duration": 2}, 'Measure "X" is pinned to a start outside the horizon'),
        ({"pinned": 1, "earliest": 2}, 'Measure "X" is pinned to start in quarter 2 .*, before'),
        ({"duration": 9}, 'Measure "X" takes 9 quarters, longer than the horizon of 8'),
        ({"cost": -5}, 'one-time cost of Measure "X" is negative'),
        ({"benefit": -1}, 'benefit of Measure "X" is negative'),
        ({"days": -1.0}, 'staff effort of Measure "X" is negative'),
    ],
)
def test_invalid_measure_is_named(changes, message):
    with pytest.raises(SchedulingError, match=message) as error:
        schedule([task(1, "X", **changes)], Limits(quarters=8))
    assert error.value.key == 1


def test_pinned_start_before_prerequisite_can_finish():
    tasks = [task(1, "Basis", duration=3), task(2, "Portal", depends_on=(1,), pinned=2)]
    with pytest.raises(SchedulingError, match='"Portal" is pinned .* prerequisite "Basis"'):
        schedule(tasks, Limits(quarters=8))


def test_pinned_measure_alone_over_a_years_budget_names_measure_and_year():
    tasks = [task(1, "Portal", cost=300, pinned=0)]
    limits = Limits(quarters=8, budgets=(Decimal(200), None), first_year=2026)
    with pytest.raises(SchedulingError, match='"Portal" is pinned .* 300.00 € in 2026') as error:
        schedule(tasks, limits)
    assert error.value.field == "pinned"


def test_budget_too_small_for_any_measure_is_no_error():
    tasks = [task(1, cost=50), task(2, cost=60, depends_on=(1,))]
    plan = schedule(tasks, Limits(quarters=4, budgets=(Decimal(10),)))
    assert plan.starts == {} and plan.unplanned == {1: "budget", 2: "dependency"}


def test_limits_longer_than_the_horizon_name_the_field():
    with pytest.raises(SchedulingError, match="budgets has 3 entries") as error:
        schedule([task(1)], Limits(quarters=8, budgets=(1, 2, 3)))
    assert error.value.field == "budgets"


def test_duplicate_keys_are_refused():
    with pytest.raises(SchedulingError, match="same key 1"):
        schedule([task(1, "A"), task(1, "B")], Limits(quarters=4))


# -- validating manual moves --------------------------------------------------------------


def test_validate_accepts_a_valid_plan():
    tasks = [task(1, duration=2, cost=100), task(2, depends_on=(1,), cost=50)]
    limits = Limits(quarters=8, budgets=(Decimal(150), None))
    assert validate(tasks, limits, {1: 0, 2: 2}) == []


def test_validate_names_measure_and_rule():
    tasks = [
        task(1, "Basis", duration=2, cost=100),
        task(2, "Portal", depends_on=(1,), cost=50, earliest=2),
        task(3, "Pinned", pinned=5),
        task(4, "Long", duration=3, days=300.0),
    ]
    limits = Limits(
        quarters=8, budgets=(Decimal(120), None), capacities=(100.0, 100.0), first_year=2026
    )
    problems = validate(tasks, limits, {1: 0, 2: 1, 4: 6, 99: 0})
    found = {(p.rule, p.key) for p in problems}
    assert found == {
        ("unknown", 99),
        ("horizon", 4),
        ("earliest", 2),
        ("dependency", 2),
        ("pinned", 3),
        ("budget", None),
    }
    budget = next(p for p in problems if p.rule == "budget")
    assert budget.year == 0 and "2026" in budget.message and '"Basis"' in budget.message
    dependency = next(p for p in problems if p.rule == "dependency")
    assert '"Portal"' in dependency.message and '"Basis"' in dependency.message

    problems = validate(tasks, limits, {1: 0, 2: 2, 3: 5, 4: 0})
    assert [(p.rule, p.year) for p in problems] == [("budget", 0), ("capacity", 0)]


def test_validate_reports_unplanned_prerequisite():
    tasks = [task(1, "Basis"), task(2, "Portal", depends_on=(1,))]
    problems = validate(tasks, Limits(quarters=4), {2: 1})
    assert [(p.rule, p.key) for p in problems] == [("dependency", 2)]
    assert "not planned" in problems[0].message


# -- graph helper -------------------------------------------------------------------------


def test_find_cycle():
    assert find_cycle([(1, 2), (2, 3), (1, 3)]) is None
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"], "d": []}) == ["a", "b", "c"]
    assert find_cycle([(1, 1)]) == [1]
    assert find_cycle({}) is None
