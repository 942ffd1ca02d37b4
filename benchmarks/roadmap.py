"""Roadmap scheduling on generated strategies of 50, 200 and 1,000 measures.

Each strategy: a 20-quarter horizon (5 calendar years), durations of 1–6 quarters, about
1.5 dependencies per measure (only on measures of an earlier stage, so acyclic), some
earliest starts and pinned measures, and yearly budgets and staff capacities of about 60 %
of what all measures together would need, so not everything fits.

Prints per size the method, solve time, objective, the upper bound (MIP dual bound or LP
relaxation) and the gap between them, planned/unplanned counts, and the targets on the
reference machine (2 cores): 200 measures solved exactly in under 5 s, 1,000 measures
within 5 % of the bound in under 10 s. A missed target is printed, not a failure.
Plain Python: no Django setup, no database.
"""

import random
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kommunalkompass.strategy.scheduling import (  # noqa: E402
    Limits,
    Task,
    schedule,
    validate,
)

QUARTERS = 20
YEARS = 5
SHARE = 0.6  # budgets and capacities as a share of the average yearly demand


def strategy(size: int, seed: int) -> tuple[list[Task], Limits]:
    """A seeded strategy: measures in four stages, later stages depending on earlier ones."""
    rng = random.Random(seed)
    stages = sorted(rng.choices(range(4), weights=[35, 30, 20, 15], k=size))
    first_of_stage = {stage: stages.index(stage) for stage in set(stages)}
    tasks = []
    for i, stage in enumerate(stages):
        duration = rng.randint(1, 6)
        earlier = first_of_stage[stage]  # measures of earlier stages have lower indices
        depends_on: tuple[int, ...] = ()
        if stage and earlier:
            count = min(earlier, rng.choices([1, 2, 3, 4], weights=[25, 35, 25, 15])[0])
            depends_on = tuple(sorted(rng.sample(range(1, earlier + 1), count)))
        earliest = rng.randint(1, 8) if rng.random() < 0.2 else 0
        pinned = None
        if not stage and rng.random() < 0.04:
            pinned = rng.randint(earliest, min(QUARTERS - duration, earliest + 4))
        tasks.append(
            Task(
                key=i + 1,
                title=f"Measure {i + 1}",
                duration=duration,
                benefit=round(rng.uniform(0.5, 5.0), 2),
                one_time_cost=Decimal(rng.randrange(10_000, 500_000, 1_000)),
                annual_cost=Decimal(rng.randrange(0, 50_000, 500)),
                person_days=float(rng.randrange(20, 300, 5)),
                depends_on=depends_on,
                earliest=earliest,
                pinned=pinned,
            )
        )
    money = sum(t.one_time_cost + t.annual_cost * t.duration / 4 for t in tasks)
    days = sum(t.person_days * t.duration / 4 for t in tasks)
    budgets = tuple(
        (money / YEARS * Decimal(SHARE) * Decimal(rng.uniform(0.8, 1.2))).quantize(Decimal(1))
        for _ in range(YEARS)
    )
    capacities = tuple(round(days / YEARS * SHARE * rng.uniform(0.8, 1.2)) for _ in range(YEARS))
    limits = Limits(quarters=QUARTERS, budgets=budgets, capacities=capacities, first_year=2026)
    return tasks, limits


def main() -> None:
    targets = []
    print(
        f"{'measures':>8} {'method':>9} {'seconds':>8} {'objective':>11} {'bound':>11} "
        f"{'gap %':>6} {'planned':>7} {'unplanned':>9}  reasons"
    )
    runs = [(50, {}), (200, {}), (200, {"exact_up_to": 0}), (1000, {})]
    for size, options in runs:
        tasks, limits = strategy(size, seed=size)
        plan = schedule(tasks, limits, **options)
        assert not validate(tasks, limits, plan.starts), "the plan breaks a rule"
        reasons = ", ".join(f"{r} {n}" for r, n in sorted(Counter(plan.unplanned.values()).items()))
        print(
            f"{size:>8} {plan.method:>9} {plan.seconds:>8.2f} {plan.objective:>11.1f} "
            f"{plan.bound:>11.1f} {plan.gap() * 100:>6.2f} {len(plan.starts):>7} "
            f"{len(plan.unplanned):>9}  {reasons}{'  (proven optimal)' if plan.exact else ''}"
            f"{'  (heuristic forced)' if options else ''}",
            flush=True,
        )
        if size == 200 and not options:
            targets.append(("200 measures exact in under 5 s", plan.exact and plan.seconds < 5))
        if size == 1000:
            targets.append(
                (
                    "1,000 measures within 5 % in under 10 s",
                    plan.gap() <= 0.05 and plan.seconds < 10,
                )
            )
    for name, met in targets:
        print(f"target {name}: {'met' if met else 'missed'}")


if __name__ == "__main__":
    main()
