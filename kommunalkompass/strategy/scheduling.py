"""Automatic roadmap scheduling: in which quarter of the horizon each measure starts.

Pure Python on plain dataclasses, no Django: the strategy app builds `Task` rows from its
measures and `Limits` from the strategy's yearly budgets and capacities. `schedule` plans
as much weighted benefit as early as the limits allow, `validate` checks a plan edited by
hand, `year_loads` shows what a plan books per year. The model, the objective, the reason
codes, the heuristic and the measured figures are in docs/roadmap-scheduling.md.

Up to `exact_up_to` measures the plan is a time-indexed mixed-integer programme solved by
HiGHS (`highspy`); beyond that, or when the solver finds no plan in time, a list-scheduling
heuristic guided by the LP relaxation, whose optimum is also the reported bound.
"""

from __future__ import annotations

import heapq
import math
import time
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import highspy
import numpy as np

REASONS = ("budget", "capacity", "dependency", "horizon", "pinned_conflict")
_UNLIMITED_CENTS = 10**18
_PD_TOLERANCE = 1e-6  # person-days: floats summed in different orders


class SchedulingError(ValueError):
    """Input no plan can be made from; the message names the measure, field or year."""

    def __init__(
        self,
        message: str,
        *,
        key: int | None = None,
        field: str | None = None,
        cycle: list[int] | None = None,
    ) -> None:
        super().__init__(message)
        self.key = key
        self.field = field
        self.cycle = cycle


@dataclass(frozen=True)
class Task:
    """One measure to schedule; money in euros, effort in person-days per year."""

    key: int
    title: str
    duration: int
    benefit: float
    one_time_cost: Decimal
    annual_cost: Decimal
    person_days: float
    depends_on: tuple[int, ...] = ()
    earliest: int = 0
    pinned: int | None = None


@dataclass(frozen=True)
class Limits:
    """The horizon and its yearly limits; index 0 of budgets/capacities is the first year.

    Shorter tuples than the horizon has calendar years leave the remaining years unlimited.
    `first_year` only names years and quarters in messages ("Q3 2027").
    """

    quarters: int
    first_quarter: int = 1
    budgets: tuple[Decimal | None, ...] = ()
    capacities: tuple[float | None, ...] = ()
    first_year: int | None = None


@dataclass(frozen=True)
class Schedule:
    """A plan: start quarter per planned measure, reason code per unplanned one."""

    starts: dict[int, int]
    unplanned: dict[int, str]
    objective: float
    bound: float
    exact: bool
    method: str
    seconds: float

    def gap(self) -> float:
        """Relative distance of the objective from the upper bound (0.0 = proven best)."""
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)


@dataclass(frozen=True)
class Problem:
    """One broken rule of a plan: `rule` is a reason-like code, `message` says it in English."""

    rule: str
    message: str
    key: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class YearLoad:
    """What a plan books in one calendar year of the horizon against its limits."""

    year: int  # index from the horizon start
    label: str
    cost: Decimal
    budget: Decimal | None
    person_days: float
    capacity: float | None


# --------------------------------------------------------------------------------------
# Graph helpers


def find_cycle(edges: Mapping[Any, Iterable[Any]] | Iterable[tuple[Any, Any]]) -> list | None:
    """A directed cycle as a node list [a, b, …] (a → b → … → a), or None if acyclic.

    `edges` is either an adjacency mapping (node → successors) or (from, to) pairs.
    """
    adjacency: dict[Any, list[Any]] = {}
    if isinstance(edges, Mapping):
        for node, successors in edges.items():
            adjacency.setdefault(node, []).extend(successors)
    else:
        for node, successor in edges:
            adjacency.setdefault(node, []).append(successor)
    for successors in list(adjacency.values()):
        for successor in successors:
            adjacency.setdefault(successor, [])
    state = dict.fromkeys(adjacency, 0)  # 0 unseen, 1 on the current path, 2 done
    for root in adjacency:
        if state[root]:
            continue
        path, position = [root], {root: 0}
        stack = [iter(adjacency[root])]
        state[root] = 1
        while stack:
            for successor in stack[-1]:
                if state[successor] == 1:
                    return path[position[successor] :]
                if state[successor] == 0:
                    state[successor] = 1
                    position[successor] = len(path)
                    path.append(successor)
                    stack.append(iter(adjacency[successor]))
                    break
            else:
                stack.pop()
                done = path.pop()
                del position[done]
                state[done] = 2
    return None


# --------------------------------------------------------------------------------------
# Input checks and the prepared instance


def _decimal(value: Any, what: str, *, key: int | None = None, field: str = "") -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise SchedulingError(f"{what} is not a number: {value!r}.", key=key, field=field) from None
    if not number.is_finite():
        raise SchedulingError(f"{what} is not a finite number.", key=key, field=field)
    if number < 0:
        raise SchedulingError(f"{what} is negative ({number}).", key=key, field=field)
    return number


def _number(value: Any, what: str, *, key: int | None = None, field: str = "") -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SchedulingError(f"{what} is not a number: {value!r}.", key=key, field=field) from None
    if not math.isfinite(number):
        raise SchedulingError(f"{what} is not a finite number.", key=key, field=field)
    if number < 0:
        raise SchedulingError(f"{what} is negative ({value}).", key=key, field=field)
    return number


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def _euro(cents: int) -> str:
    return f"{Decimal(cents) / 100:,.2f} €"


class _Instance:
    """Checked input in index form, with what each start books in each year."""

    def __init__(self, tasks: Sequence[Task], limits: Limits) -> None:
        self.limits = limits
        quarters = limits.quarters
        if not isinstance(quarters, int) or quarters < 1:
            raise SchedulingError(
                f"The horizon needs at least one quarter (quarters = {quarters!r}).",
                field="quarters",
            )
        if limits.first_quarter not in (1, 2, 3, 4):
            raise SchedulingError(
                f"first_quarter must be 1 to 4, not {limits.first_quarter!r}.",
                field="first_quarter",
            )
        self.T = quarters
        self.year_of = [(limits.first_quarter - 1 + q) // 4 for q in range(quarters)]
        self.years = self.year_of[-1] + 1
        for name, values in (("budgets", limits.budgets), ("capacities", limits.capacities)):
            if len(values) > self.years:
                raise SchedulingError(
                    f"{name} has {len(values)} entries, but the horizon covers only "
                    f"{self.years} calendar years.",
                    field=name,
                )
        self.budget = [_UNLIMITED_CENTS] * self.years
        self.capacity = [math.inf] * self.years
        for year, value in enumerate(limits.budgets):
            if value is not None:
                amount = _decimal(value, f"The budget for {self.year_label(year)}", field="budgets")
                self.budget[year] = int((amount * 100).to_integral_value(rounding=ROUND_FLOOR))
        for year, value in enumerate(limits.capacities):
            if value is not None:
                what = f"The staff capacity for {self.year_label(year)}"
                self.capacity[year] = _number(value, what, field="capacities")

        self.tasks = list(tasks)
        self.index: dict[int, int] = {}
        for i, task in enumerate(self.tasks):
            if task.key in self.index:
                other = self.tasks[self.index[task.key]]
                raise SchedulingError(
                    f'Measures "{other.title}" and "{task.title}" have the same key {task.key}.',
                    key=task.key,
                    field="key",
                )
            self.index[task.key] = i
        self.one_cents: list[int] = []
        self.annual_cents: list[int] = []
        self.person_days: list[float] = []
        self.benefit: list[float] = []
        for task in self.tasks:
            self._check_task(task)
        n = len(self.tasks)
        self.dur = [task.duration for task in self.tasks]
        self.preds: list[list[int]] = [[] for _ in range(n)]
        self.succs: list[list[int]] = [[] for _ in range(n)]
        for j, task in enumerate(self.tasks):
            for dep in dict.fromkeys(task.depends_on):
                if dep not in self.index:
                    raise SchedulingError(
                        f'Measure "{task.title}" depends on an unknown measure (key {dep}).',
                        key=task.key,
                        field="depends_on",
                    )
                i = self.index[dep]
                self.preds[j].append(i)
                self.succs[i].append(j)
        self.topo = self._topological_order()
        self.usage = [self._usage(i) for i in range(n)]

    def _check_task(self, task: Task) -> None:
        name = f'Measure "{task.title}"'
        if not isinstance(task.duration, int) or task.duration < 1:
            raise SchedulingError(
                f"{name} needs a duration of at least one quarter.", key=task.key, field="duration"
            )
        if task.duration > self.T:
            raise SchedulingError(
                f"{name} takes {task.duration} quarters, longer than the horizon of "
                f"{self.T} quarters.",
                key=task.key,
                field="duration",
            )
        self.benefit.append(_number(task.benefit, f"The benefit of {name}", key=task.key))
        one = _decimal(task.one_time_cost, f"The one-time cost of {name}", key=task.key)
        annual = _decimal(task.annual_cost, f"The annual cost of {name}", key=task.key)
        self.one_cents.append(int((one * 100).to_integral_value(rounding=ROUND_HALF_UP)))
        self.annual_cents.append(int((annual * 100).to_integral_value(rounding=ROUND_HALF_UP)))
        self.person_days.append(
            _number(task.person_days, f"The staff effort of {name}", key=task.key)
        )
        if not isinstance(task.earliest, int) or task.earliest < 0:
            raise SchedulingError(
                f"{name} has an invalid earliest start {task.earliest!r}.",
                key=task.key,
                field="earliest",
            )

    def _topological_order(self) -> list[int]:
        n = len(self.tasks)
        pending = [len(p) for p in self.preds]
        ready = [i for i in range(n) if not pending[i]]
        heapq.heapify(ready)
        order = []
        while ready:
            i = heapq.heappop(ready)
            order.append(i)
            for j in self.succs[i]:
                pending[j] -= 1
                if not pending[j]:
                    heapq.heappush(ready, j)
        if len(order) < n:
            # Kahn's algorithm stalls only on measures in or behind a cycle
            cycle = find_cycle({i: self.succs[i] for i in range(n) if pending[i]}) or []
            first = cycle.index(min(cycle))  # name it from the measure listed first
            cycle = cycle[first:] + cycle[:first]
            titles = [self.tasks[i].title for i in cycle]
            keys = [self.tasks[i].key for i in cycle]
            raise SchedulingError(
                f"Dependency cycle: {' → '.join([*titles, titles[0]])} (each measure has to "
                "finish before the next one starts). Remove one of these dependencies.",
                key=keys[0],
                field="depends_on",
                cycle=keys,
            )
        return order

    def _usage(self, i: int) -> list[tuple[tuple[int, int, float], ...]]:
        """Per start quarter: (year, cents, person-days) for each year the run touches."""
        d, one, annual, pd = (
            self.dur[i],
            self.one_cents[i],
            self.annual_cents[i],
            self.person_days[i],
        )
        year_of = self.year_of
        per_start = []
        for s in range(self.T - d + 1):
            parts = []
            k0 = 0
            while k0 < d:
                year = year_of[s + k0]
                k1 = k0
                while k1 < d and year_of[s + k1] == year:
                    k1 += 1
                # cumulative rounding to the cent: the parts add up to the exact totals
                cents = (
                    _half_up(one * k1, d)
                    - _half_up(one * k0, d)
                    + _half_up(annual * k1, 4)
                    - _half_up(annual * k0, 4)
                )
                parts.append((year, cents, pd * (k1 - k0) / 4))
                k0 = k1
            per_start.append(tuple(parts))
        return per_start

    # labels for messages
    def year_label(self, year: int) -> str:
        if self.limits.first_year is not None:
            return str(self.limits.first_year + year)
        return f"year {year + 1} of the horizon"

    def quarter_label(self, q: int) -> str:
        if self.limits.first_year is not None:
            offset = self.limits.first_quarter - 1 + q
            return f"Q{offset % 4 + 1} {self.limits.first_year + offset // 4}"
        return f"quarter {q + 1} of the horizon"

    def name(self, i: int) -> str:
        return f'"{self.tasks[i].title}"'

    def value(self, i: int, s: int) -> float:
        """Weighted benefit delivered early: benefit × quarters left from the last one run."""
        return self.benefit[i] * (self.T - s - self.dur[i] + 1)


class _Load:
    """Free budget (cents) and capacity (person-days) per year while a plan is built."""

    __slots__ = ("budget", "capacity")

    def __init__(self, inst: _Instance) -> None:
        self.budget = list(inst.budget)
        self.capacity = list(inst.capacity)

    def copy(self) -> _Load:
        other = _Load.__new__(_Load)
        other.budget = list(self.budget)
        other.capacity = list(self.capacity)
        return other

    def fits(self, parts: tuple[tuple[int, int, float], ...]) -> bool:
        budget, capacity = self.budget, self.capacity
        for year, cents, pd in parts:
            if cents > budget[year] or pd > capacity[year] + _PD_TOLERANCE:
                return False
        return True

    def take(self, parts: tuple[tuple[int, int, float], ...], sign: int = 1) -> None:
        for year, cents, pd in parts:
            self.budget[year] -= sign * cents
            self.capacity[year] -= sign * pd


# --------------------------------------------------------------------------------------
# Scheduling


class _Planner:
    def __init__(self, inst: _Instance, deadline: float) -> None:
        self.inst = inst
        self.deadline = deadline
        n = len(inst.tasks)
        self.unplanned: dict[int, str] = {}  # index → reason decided before optimising
        self.fixed: dict[int, int] = {}  # pinned measures kept, at their start
        self.required: dict[int, int] = {}  # their other prerequisites, with a feasible start
        self.lo = [0] * n
        self.hi = [0] * n
        self.domains: dict[int, list[int]] = {}

    # -- windows and pinned measures ----------------------------------------------------
    def windows(self) -> None:
        """Earliest and latest start per measure; pinned starts checked against them."""
        inst, lo = self.inst, self.lo
        for j in inst.topo:
            task = inst.tasks[j]
            start = max([task.earliest, *(lo[i] + inst.dur[i] for i in inst.preds[j])])
            if task.pinned is not None:
                self._check_pinned(j, start)
                start = task.pinned
            lo[j] = start
        self.latest()

    def latest(self) -> None:
        """Latest start per measure: within the horizon, and early enough for the pinned
        measures that need it, directly or through others (those not given up). Measures
        no pinned one needs may be left out, so what follows them does not hold them back."""
        inst, hi = self.inst, self.hi
        needed = [False] * len(inst.tasks)
        for i in reversed(inst.topo):
            task = inst.tasks[i]
            latest = inst.T - inst.dur[i]
            for j in inst.succs[i]:
                if needed[j] and j not in self.unplanned:
                    latest = min(latest, hi[j] - inst.dur[i])
                    needed[i] = True
            needed[i] = needed[i] or task.pinned is not None
            hi[i] = task.pinned if task.pinned is not None else latest

    def _check_pinned(self, j: int, start: int) -> None:
        inst, task = self.inst, self.inst.tasks[j]
        pinned, name = task.pinned, self.inst.name(j)
        if not isinstance(pinned, int) or not 0 <= pinned <= inst.T - inst.dur[j]:
            raise SchedulingError(
                f"Measure {name} is pinned to a start outside the horizon "
                f"(it takes {inst.dur[j]} quarters, the horizon has {inst.T}).",
                key=task.key,
                field="pinned",
            )
        where = inst.quarter_label(pinned)
        if pinned < task.earliest:
            raise SchedulingError(
                f"Measure {name} is pinned to start in {where}, before its earliest start "
                f"{inst.quarter_label(task.earliest)}.",
                key=task.key,
                field="pinned",
            )
        if start > pinned:
            late = max(inst.preds[j], key=lambda i: self.lo[i] + inst.dur[i])
            raise SchedulingError(
                f"Measure {name} is pinned to start in {where}, but its prerequisite "
                f"{inst.name(late)} cannot finish before "
                f"{inst.quarter_label(self.lo[late] + inst.dur[late] - 1)} ends.",
                key=task.key,
                field="pinned",
            )
        for year, cents, pd in inst.usage[j][pinned]:
            if cents > inst.budget[year]:
                raise SchedulingError(
                    f"Measure {name} is pinned to start in {where}; on its own it books "
                    f"{_euro(cents)} in {inst.year_label(year)}, more than that year's budget "
                    f"of {_euro(inst.budget[year])}.",
                    key=task.key,
                    field="pinned",
                )
            if pd > inst.capacity[year] + _PD_TOLERANCE:
                raise SchedulingError(
                    f"Measure {name} is pinned to start in {where}; on its own it needs "
                    f"{pd:g} person-days in {inst.year_label(year)}, more than that year's "
                    f"staff capacity of {inst.capacity[year]:g}.",
                    key=task.key,
                    field="pinned",
                )

    def place_pinned(self, load: _Load) -> None:
        """Keep each pinned measure (in start order) whose run, with its prerequisites, fits."""
        inst = self.inst
        pinned = [i for i in inst.topo if inst.tasks[i].pinned is not None]
        pinned.sort(key=lambda i: (inst.tasks[i].pinned, i))
        for j in pinned:
            ancestors = self._open_ancestors(j)
            if ancestors is None:
                self.unplanned[j] = "dependency"
                continue
            trial = load.copy()
            placed: dict[int, int] = {}
            ok = trial.fits(inst.usage[j][inst.tasks[j].pinned])
            trial.take(inst.usage[j][inst.tasks[j].pinned])
            for i in ancestors if ok else ():  # topological order
                earliest = max(
                    [self.lo[i], *(self._start(p, placed) + inst.dur[p] for p in inst.preds[i])]
                )
                start = next(
                    (s for s in range(earliest, self.hi[i] + 1) if trial.fits(inst.usage[i][s])),
                    None,
                )
                if start is None:
                    ok = False
                    break
                placed[i] = start
                trial.take(inst.usage[i][start])
            if not ok:
                self.unplanned[j] = "pinned_conflict"
                continue
            self.fixed[j] = inst.tasks[j].pinned
            self.required.update(placed)
            load.budget, load.capacity = trial.budget, trial.capacity

    def _start(self, i: int, placed: dict[int, int]) -> int:
        if i in self.fixed:
            return self.fixed[i]
        if i in self.required:
            return self.required[i]
        return placed[i]

    def _open_ancestors(self, j: int) -> list[int] | None:
        """Prerequisites of j still to place, in topological order; None if one was dropped."""
        inst, seen, stack = self.inst, set(), list(self.inst.preds[j])
        while stack:
            i = stack.pop()
            if i in seen or i in self.fixed or i in self.required:
                continue
            if i in self.unplanned:
                return None
            seen.add(i)
            stack.extend(inst.preds[i])
        rank = {i: r for r, i in enumerate(inst.topo)}
        return sorted(seen, key=rank.__getitem__)

    # -- candidate starts -------------------------------------------------------------
    def build_domains(self, pinned_load: _Load) -> None:
        """Starts each free measure may take: in its window, after its prerequisites' earliest
        finish, and affordable on its own next to the pinned measures."""
        inst = self.inst
        for j in inst.topo:
            if j in self.fixed or j in self.unplanned:
                continue
            start = self.lo[j]
            blocked = False
            for i in inst.preds[j]:
                if i in self.fixed:
                    start = max(start, self.fixed[i] + inst.dur[i])
                elif i in self.domains:
                    start = max(start, self.domains[i][0] + inst.dur[i])
                else:
                    blocked = True
            if blocked:
                continue
            domain = [s for s in range(start, self.hi[j] + 1) if pinned_load.fits(inst.usage[j][s])]
            if j in self.required and self.required[j] not in domain:
                domain.append(self.required[j])
                domain.sort()
            if domain:
                self.domains[j] = domain

    # -- greedy list scheduling -------------------------------------------------------
    def greedy(self, base_load: _Load, rank: dict[int, float]) -> dict[int, int]:
        """List scheduling: free measures in rank order (lower first) once their prerequisites
        are decided, each at its earliest start that the remaining limits allow."""
        inst, domains = self.inst, self.domains
        starts = {**self.fixed, **self.required}
        load = base_load.copy()
        pending = {}
        ready: list[tuple[float, int]] = []
        for j in domains:
            if j in starts:
                continue
            count = sum(1 for i in inst.preds[j] if i in domains and i not in starts)
            pending[j] = count
            if not count:
                ready.append((rank[j], j))
        heapq.heapify(ready)
        while ready:
            _, j = heapq.heappop(ready)
            earliest = 0
            for i in inst.preds[j]:
                if i not in starts:
                    earliest = -1
                    break
                earliest = max(earliest, starts[i] + inst.dur[i])
            if earliest >= 0:
                usage = inst.usage[j]
                for s in domains[j]:
                    if s >= earliest and load.fits(usage[s]):
                        starts[j] = s
                        load.take(usage[s])
                        break
            for k in inst.succs[j]:
                if k in pending:
                    pending[k] -= 1
                    if not pending[k]:
                        heapq.heappush(ready, (rank[k], k))
        return starts

    def improve(self, starts: dict[int, int], *, swaps: bool = True) -> dict[int, int]:
        """Local search until nothing improves or time runs out: move measures earlier,
        insert measures that now fit, swap a measure in for a less valuable one."""
        inst = self.inst
        starts = dict(starts)
        load = _Load(inst)
        for i, s in starts.items():
            load.take(inst.usage[i][s])
        for _ in range(50):
            changed = self._shift_earlier(starts, load)
            changed |= self._insert(starts, load)
            if swaps and time.monotonic() < self.deadline:
                changed |= self._swap(starts, load)
            if not changed or time.monotonic() >= self.deadline:
                break
        return starts

    def _earliest(self, j: int, starts: dict[int, int]) -> int | None:
        earliest = 0
        for i in self.inst.preds[j]:
            if i not in starts:
                return None
            earliest = max(earliest, starts[i] + self.inst.dur[i])
        return earliest

    def _shift_earlier(self, starts: dict[int, int], load: _Load) -> bool:
        inst, changed = self.inst, False
        for j in inst.topo:
            if j not in starts or j in self.fixed:
                continue
            current = starts[j]
            earliest = self._earliest(j, starts)
            usage = inst.usage[j]
            load.take(usage[current], -1)
            for s in self.domains[j]:
                if s >= current:
                    break
                if s >= earliest and load.fits(usage[s]):
                    starts[j] = current = s
                    changed = True
                    break
            load.take(usage[current])
        return changed

    def _insert(self, starts: dict[int, int], load: _Load) -> bool:
        inst, changed = self.inst, False
        for j in inst.topo:
            if j in starts or j not in self.domains:
                continue
            earliest = self._earliest(j, starts)
            if earliest is None:
                continue
            for s in self.domains[j]:
                if s >= earliest and load.fits(inst.usage[j][s]):
                    starts[j] = s
                    load.take(inst.usage[j][s])
                    changed = True
                    break
        return changed

    def _swap(self, starts: dict[int, int], load: _Load) -> bool:
        """Take out one planned measure without planned dependents to fit a more valuable
        unplanned one, then try to put the removed one back elsewhere."""
        inst, changed = self.inst, False
        candidates = []
        for j in self.domains:
            if j in starts:
                continue
            earliest = self._earliest(j, starts)
            if earliest is None:
                continue
            best = next((s for s in self.domains[j] if s >= earliest), None)
            if best is not None:
                candidates.append((-inst.value(j, best), j, earliest))
        candidates.sort()
        for _, j, _ in candidates:
            if time.monotonic() >= self.deadline:
                break
            earliest = self._earliest(j, starts)  # earlier swaps may have moved prerequisites
            if j in starts or earliest is None:
                continue
            has_planned_succ = {p for i in [*starts, j] for p in inst.preds[i]}
            victims = sorted(  # least valuable first
                (inst.value(i, starts[i]), i)
                for i in starts
                if i not in self.fixed and i not in self.required and i not in has_planned_succ
            )
            if not victims:
                break
            best_move = None
            for s in self.domains[j]:
                if s < earliest:
                    continue
                gain = inst.value(j, s)  # falls with later starts
                if gain <= victims[0][0] or (best_move and gain - victims[0][0] <= best_move[0]):
                    break
                need = inst.usage[j][s]
                short = {
                    year
                    for year, cents, pd in need
                    if cents > load.budget[year] or pd > load.capacity[year] + _PD_TOLERANCE
                }
                for loss, v in victims:
                    if loss >= gain or (best_move and gain - loss <= best_move[0]):
                        break
                    freed = inst.usage[v][starts[v]]
                    if not short <= {entry[0] for entry in freed}:
                        continue  # it books nothing in a year that is short
                    load.take(freed, -1)
                    fits = load.fits(need)
                    load.take(freed)
                    if fits:
                        best_move = (gain - loss, s, v)
                        break
            if best_move is None:
                continue
            _, s, v = best_move
            load.take(inst.usage[v][starts.pop(v)], -1)
            starts[j] = s
            load.take(inst.usage[j][s])
            earliest_v = self._earliest(v, starts)
            for t in self.domains[v]:
                if earliest_v is not None and t >= earliest_v and load.fits(inst.usage[v][t]):
                    starts[v] = t
                    load.take(inst.usage[v][t])
                    break
            changed = True
        return changed

    # -- the mixed-integer programme ----------------------------------------------------
    def model(self, pinned_load: _Load, *, integral: bool) -> tuple[highspy.HighsLp, list]:
        """Time-indexed model over the free measures, in step form: column (j, s) is
        y[j, s] = 1 when j has started by quarter s (s in j's candidate starts), so
        x[j, s] = y[j, s] − y[j, s⁻] starts it in s. Branching on "started by s" splits the
        search evenly where branching on single start quarters would barely cut it."""
        inst, domains = self.inst, self.domains
        columns: list[tuple[int, int]] = []
        first_column = {}
        for j in inst.topo:
            if j in domains:
                first_column[j] = len(columns)
                columns.extend((j, s) for s in domains[j])
        cost = np.zeros(len(columns))
        lower = np.zeros(len(columns))
        for j, c0 in first_column.items():
            domain = domains[j]
            for a, s in enumerate(domain):
                following = inst.value(j, domain[a + 1]) if a + 1 < len(domain) else 0.0
                cost[c0 + a] = inst.value(j, s) - following
            if j in self.required:
                lower[c0 + len(domain) - 1] = 1.0  # prerequisites of kept pinned measures
        starts_, index, values, row_lower, row_upper = [0], [], [], [], []

        def add_row(cols: list[int], coefs: list[float], upper: float) -> None:
            index.extend(cols)
            values.extend(coefs)
            starts_.append(len(index))
            row_lower.append(-math.inf)
            row_upper.append(upper)

        # started by s ⇒ started by any later s
        for j, c0 in first_column.items():
            for a in range(len(domains[j]) - 1):
                add_row([c0 + a, c0 + a + 1], [1.0, -1.0], 0.0)
        # precedence: j started by t ⇒ prerequisite i started by t − duration of i; only
        # where i's side changes before j's next candidate start (the rest is implied)
        for j, c0 in first_column.items():
            dom_j = domains[j]
            for i in inst.preds[j]:
                if i not in first_column:
                    continue  # pinned prerequisite: already in j's window
                dom_i, ci, d = domains[i], first_column[i], inst.dur[i]
                for a, t in enumerate(dom_j):
                    covered = bisect_right(dom_i, t - d)
                    if a + 1 < len(dom_j) and bisect_right(dom_i, dom_j[a + 1] - d) == covered:
                        continue
                    add_row([c0 + a, ci + covered - 1], [1.0, -1.0], 0.0)
        # yearly budget and capacity: Σ use[s]·(y[s] − y[s⁻]) = Σ (use[s] − use[s⁺])·y[s]
        for year in range(inst.years):
            for part, limit in ((1, pinned_load.budget[year]), (2, pinned_load.capacity[year])):
                if (part == 1 and inst.budget[year] == _UNLIMITED_CENTS) or (
                    part == 2 and math.isinf(inst.capacity[year])
                ):
                    continue
                coef: dict[int, float] = {}
                for j, c0 in first_column.items():
                    for a, s in enumerate(domains[j]):
                        amount = sum(e[part] for e in inst.usage[j][s] if e[0] == year)
                        if amount:
                            amount = amount / 100 if part == 1 else amount
                            coef[c0 + a] = coef.get(c0 + a, 0.0) + amount
                            if a:
                                coef[c0 + a - 1] = coef.get(c0 + a - 1, 0.0) - amount
                cols = [c for c, v in coef.items() if abs(v) > 1e-12]
                if cols:
                    upper = limit / 100 if part == 1 else limit + _PD_TOLERANCE / 2
                    add_row(cols, [coef[c] for c in cols], upper)
        lp = highspy.HighsLp()
        lp.num_col_ = len(columns)
        lp.num_row_ = len(row_lower)
        lp.col_cost_ = cost
        lp.col_lower_ = lower
        lp.col_upper_ = np.ones(len(columns))
        lp.row_lower_ = np.array(row_lower, dtype=np.float64)
        lp.row_upper_ = np.array(row_upper, dtype=np.float64)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = len(columns)
        lp.a_matrix_.num_row_ = len(row_lower)
        lp.a_matrix_.start_ = np.array(starts_, dtype=np.int32)
        lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
        lp.a_matrix_.value_ = np.array(values, dtype=np.float64)
        if integral:
            lp.integrality_ = [highspy.HighsVarType.kInteger] * len(columns)
        return lp, columns


def _start_shares(columns: list[tuple[int, int]], values: Sequence[float]) -> list[float]:
    """From step values y[j, s] to start values x[j, s] = y[j, s] − y[j, s⁻]."""
    shares = []
    for col, (j, _s) in enumerate(columns):
        before = values[col - 1] if col and columns[col - 1][0] == j else 0.0
        shares.append(values[col] - before)
    return shares


def _step_values(columns: list[tuple[int, int]], starts: Mapping[int, int]) -> list[float]:
    """A plan as step values: y[j, s] = 1 from j's start on."""
    return [1.0 if j in starts and starts[j] <= s else 0.0 for j, s in columns]


def _solver(seconds: float, **options: Any) -> highspy.Highs:
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", max(0.05, seconds))
    solver.setOptionValue("threads", 1)
    for name, value in options.items():
        solver.setOptionValue(name, value)
    return solver


def _objective(inst: _Instance, starts: Mapping[int, int]) -> float:
    return sum(inst.value(i, s) for i, s in starts.items())


def schedule(
    tasks: Sequence[Task],
    limits: Limits,
    *,
    exact_up_to: int = 200,
    time_limit: float = 8.0,
    mip_gap: float = 1e-4,
) -> Schedule:
    """Plan each measure's start quarter, maximising benefit × quarters left after it ends.

    Respects dependencies, earliest starts, pinned starts and the yearly budget and staff
    capacity. Up to `exact_up_to` measures a MILP solved by HiGHS within `time_limit`
    seconds (`exact` when proven optimal, that is within the relative `mip_gap`), beyond
    that a heuristic; `bound` is an upper bound on the objective of any plan keeping the
    same pinned measures. Every measure is either in `starts` or, with a reason code from
    REASONS, in `unplanned`. Raises SchedulingError on input no plan can be made from.
    """
    started = time.monotonic()
    deadline = started + time_limit
    inst = _Instance(tasks, limits)
    planner = _Planner(inst, deadline)
    planner.windows()
    load = _Load(inst)
    planner.place_pinned(load)
    planner.latest()  # pinned measures given up no longer hold their prerequisites back
    pinned_load = _Load(inst)
    for i, s in planner.fixed.items():
        pinned_load.take(inst.usage[i][s])
    planner.build_domains(pinned_load)
    base_load = pinned_load.copy()
    for i, s in planner.required.items():
        base_load.take(inst.usage[i][s])

    constant = sum(inst.value(i, s) for i, s in planner.fixed.items())
    exact_path = bool(planner.domains) and len(inst.tasks) <= exact_up_to
    # The heuristic plan: the answer beyond exact_up_to, the MILP's start solution below.
    # Below, it may take a quarter of the time, leaving the rest to the solver.
    planner.deadline = deadline if not exact_path else started + time_limit / 4
    best, bound = _heuristic(planner, pinned_load, base_load, constant)
    planner.deadline = deadline
    exact = not planner.domains  # nothing left to decide
    method = "milp" if len(inst.tasks) <= exact_up_to else "heuristic"
    if exact_path:
        lp, columns = planner.model(pinned_load, integral=True)
        solver = _solver(deadline - time.monotonic(), mip_rel_gap=mip_gap)
        solver.passModel(lp)
        start = highspy.HighsSolution()
        start.col_value = _step_values(columns, best)
        solver.setSolution(start)
        solver.run()
        status = solver.getModelStatus()
        info = solver.getInfo()
        if info.primal_solution_status == highspy.kSolutionStatusFeasible:
            shares = _start_shares(columns, solver.getSolution().col_value)
            milp = {**planner.fixed}
            for col, (j, s) in enumerate(columns):
                if shares[col] > 0.5:
                    milp[j] = s
            if _objective(inst, milp) >= _objective(inst, best) - 1e-9:
                best = milp
            exact = status == highspy.HighsModelStatus.kOptimal
        else:
            method = "heuristic"  # no solution from the solver in time: the heuristic plan
        if math.isfinite(info.mip_dual_bound):
            bound = min(bound, info.mip_dual_bound + constant)
    best = _repair(planner, best)
    objective = _objective(inst, best)
    if not math.isfinite(bound):
        bound = constant + sum(inst.value(j, domain[0]) for j, domain in planner.domains.items())
    bound = max(bound, objective)
    if exact and bound - objective > max(mip_gap * bound, 1e-6):
        exact = False  # the plan changed in repair: should not happen, but never claim it
    unplanned = _reasons(planner, best)
    return Schedule(
        starts={inst.tasks[i].key: s for i, s in sorted(best.items())},
        unplanned={inst.tasks[i].key: reason for i, reason in sorted(unplanned.items())},
        objective=objective,
        bound=bound,
        exact=exact,
        method=method,
        seconds=time.monotonic() - started,
    )


def _density_rank(inst: _Instance, domains: Mapping[int, list[int]]) -> dict[int, float]:
    """Lower rank first: value at the earliest start per share of the limits it uses."""
    rank = {}
    for j, domain in domains.items():
        use = 1e-9
        for year, cents, pd in inst.usage[j][domain[0]]:
            if inst.budget[year] != _UNLIMITED_CENTS:
                use += cents / max(1, inst.budget[year])
            if math.isfinite(inst.capacity[year]):
                use += pd / max(1e-9, inst.capacity[year])
        rank[j] = -inst.value(j, domain[0]) / use
    return rank


def _heuristic(
    planner: _Planner, pinned_load: _Load, base_load: _Load, constant: float
) -> tuple[dict[int, int], float]:
    """The LP relaxation first: its optimum is the bound, and its fractional starts give
    list orders (α-points) for the greedy; then benefit density as one more order. Each
    list schedule gets local search; the best plan wins."""
    inst = planner.inst
    orders: list[dict[int, float]] = []
    bound = math.inf
    if planner.domains:
        lp, columns = planner.model(pinned_load, integral=False)
        remaining = planner.deadline - time.monotonic()
        solver = _solver(remaining / 2)  # the rest for the list schedules and local search
        solver.passModel(lp)
        solver.run()
        if solver.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            bound = solver.getInfo().objective_function_value + constant
            shares = _start_shares(columns, solver.getSolution().col_value)
            mass: dict[int, float] = {}
            alpha: dict[float, dict[int, int]] = {0.25: {}, 0.5: {}, 0.75: {}}
            for col, (j, s) in enumerate(columns):
                before = mass.get(j, 0.0)
                mass[j] = before + shares[col]
                for level, points in alpha.items():
                    if before < level <= mass[j] + 1e-9:
                        points[j] = s
            for level in (0.5, 0.25, 0.75):
                # measures the LP starts (to `level`) by that quarter, the others after
                points = alpha[level]
                orders.append(
                    {j: points.get(j, inst.T + 1 - mass.get(j, 0.0)) for j in planner.domains}
                )
    orders.insert(min(1, len(orders)), _density_rank(inst, planner.domains))
    best = planner.improve(planner.greedy(base_load, orders[0]))
    for rank in orders[1:]:
        if time.monotonic() >= planner.deadline:
            break
        plan = planner.improve(planner.greedy(base_load, rank))
        if _objective(inst, plan) > _objective(inst, best):
            best = plan
    return best, bound


def _repair(planner: _Planner, starts: dict[int, int]) -> dict[int, int]:
    """Make the plan hold exactly (to the cent) and complete: drop what a solver tolerance
    let through, start measures as early as they fit, insert any measure that still fits."""
    inst = planner.inst
    starts = dict(starts)
    for j in inst.topo:  # prerequisites planned and finished first
        if j in starts and j not in planner.fixed:
            earliest = planner._earliest(j, starts)
            if earliest is None or starts[j] < earliest:
                del starts[j]
    load = _Load(inst)
    for i, s in starts.items():
        load.take(inst.usage[i][s])
    while any(b < 0 for b in load.budget) or any(c < -_PD_TOLERANCE for c in load.capacity):
        has_planned_succ = {p for i in starts for p in inst.preds[i]}
        victim = min(
            (
                i
                for i in starts
                if i not in planner.fixed
                and i not in planner.required
                and i not in has_planned_succ
            ),
            key=lambda i: inst.value(i, starts[i]),
        )
        load.take(inst.usage[victim][starts.pop(victim)], -1)
    # earlier never lowers the objective: this only moves measures the objective is
    # indifferent about (no benefit), so they too start as early as the limits allow
    planner._shift_earlier(starts, load)
    planner._insert(starts, load)
    return starts


def _reasons(planner: _Planner, starts: Mapping[int, int]) -> dict[int, str]:
    """Why each unplanned measure is unplanned (see REASONS and the docs)."""
    inst = planner.inst
    load = _Load(inst)
    for i, s in starts.items():
        load.take(inst.usage[i][s])
    reasons: dict[int, str] = {}
    for j in inst.topo:
        if j in starts:
            continue
        if j in planner.unplanned:
            reasons[j] = planner.unplanned[j]
            continue
        if planner.lo[j] > planner.hi[j]:
            reasons[j] = "horizon"
            continue
        earliest = planner._earliest(j, starts)
        if earliest is None or max(earliest, planner.lo[j]) > planner.hi[j]:
            reasons[j] = "dependency"
            continue
        over_budget = over_capacity = 0
        for s in range(max(earliest, planner.lo[j]), planner.hi[j] + 1):
            for year, cents, _pd in inst.usage[j][s]:
                if cents > load.budget[year]:
                    over_budget += 1
                    break
            for year, _cents, pd in inst.usage[j][s]:
                if pd > load.capacity[year] + _PD_TOLERANCE:
                    over_capacity += 1
                    break
        reasons[j] = "capacity" if over_capacity > over_budget else "budget"
    return reasons


# --------------------------------------------------------------------------------------
# Checking a plan and what it books


def year_loads(tasks: Sequence[Task], limits: Limits, starts: Mapping[int, int]) -> list[YearLoad]:
    """Cost and person-days a plan books per calendar year, next to the limits.

    Starts of unknown measures or outside the horizon are ignored (`validate` reports them).
    """
    inst = _Instance(tasks, limits)
    cents = [0] * inst.years
    days = [0.0] * inst.years
    for key, s in starts.items():
        i = inst.index.get(key)
        if i is None or not 0 <= s <= inst.T - inst.dur[i]:
            continue
        for year, c, pd in inst.usage[i][s]:
            cents[year] += c
            days[year] += pd
    return [
        YearLoad(
            year=year,
            label=inst.year_label(year),
            cost=Decimal(cents[year]) / 100,
            budget=None
            if inst.budget[year] == _UNLIMITED_CENTS
            else Decimal(inst.budget[year]) / 100,
            person_days=days[year],
            capacity=None if math.isinf(inst.capacity[year]) else inst.capacity[year],
        )
        for year in range(inst.years)
    ]


def validate(tasks: Sequence[Task], limits: Limits, starts: Mapping[int, int]) -> list[Problem]:
    """Every rule a given plan (key → start quarter) breaks; empty when the plan holds.

    For manual moves: the plan may leave measures out, but not pinned ones. Rules:
    "unknown", "horizon", "earliest", "pinned", "dependency", "budget", "capacity".
    Input no plan can be made from (cycles, unknown dependencies) raises SchedulingError.
    """
    inst = _Instance(tasks, limits)
    problems: list[Problem] = []
    planned: dict[int, int] = {}
    for key, s in starts.items():
        i = inst.index.get(key)
        if i is None:
            problems.append(
                Problem("unknown", f"The plan has an unknown measure (key {key}).", key)
            )
            continue
        name, where = inst.name(i), inst.quarter_label(s) if 0 <= s < inst.T else str(s)
        if not isinstance(s, int) or not 0 <= s <= inst.T - inst.dur[i]:
            problems.append(
                Problem(
                    "horizon",
                    f"Measure {name} starting in {where} does not finish within the horizon.",
                    key,
                )
            )
            continue
        if s < inst.tasks[i].earliest:
            problems.append(
                Problem(
                    "earliest",
                    f"Measure {name} starts in {where}, before its earliest start "
                    f"{inst.quarter_label(inst.tasks[i].earliest)}.",
                    key,
                )
            )
        planned[i] = s
    for i, task in enumerate(inst.tasks):
        if task.pinned is not None and planned.get(i) != task.pinned:
            problems.append(
                Problem(
                    "pinned",
                    f"Measure {inst.name(i)} is pinned to start in "
                    f"{inst.quarter_label(task.pinned)}.",
                    task.key,
                )
            )
    for j in inst.topo:
        if j not in planned:
            continue
        for i in inst.preds[j]:
            if i not in planned:
                message = f"Measure {inst.name(j)} needs {inst.name(i)}, which is not planned."
            elif planned[i] + inst.dur[i] > planned[j]:
                message = (
                    f"Measure {inst.name(j)} starts in {inst.quarter_label(planned[j])}, before "
                    f"its prerequisite {inst.name(i)} finishes "
                    f"(end of {inst.quarter_label(planned[i] + inst.dur[i] - 1)})."
                )
            else:
                continue
            problems.append(Problem("dependency", message, inst.tasks[j].key))
    cents = [0] * inst.years
    days = [0.0] * inst.years
    users: list[list[tuple[int, int]]] = [[] for _ in range(inst.years)]
    for i, s in planned.items():
        for year, c, pd in inst.usage[i][s]:
            cents[year] += c
            days[year] += pd
            users[year].append((c, i))
    for year in range(inst.years):
        who = ", ".join(inst.name(i) for _, i in sorted(users[year], reverse=True)[:5])
        more = len(users[year]) - 5
        who += f" and {more} more" if more > 0 else ""
        if cents[year] > inst.budget[year]:
            problems.append(
                Problem(
                    "budget",
                    f"The plan books {_euro(cents[year])} in {inst.year_label(year)}, more than "
                    f"the budget of {_euro(inst.budget[year])} (largest: {who}).",
                    year=year,
                )
            )
        if days[year] > inst.capacity[year] + _PD_TOLERANCE:
            problems.append(
                Problem(
                    "capacity",
                    f"The plan needs {days[year]:g} person-days in {inst.year_label(year)}, "
                    f"more than the staff capacity of {inst.capacity[year]:g} (largest: {who}).",
                    year=year,
                )
            )
    return problems
