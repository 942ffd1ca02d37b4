"""The pay-grade hint: § 12 (VKA) Abs. 2 TVöD computed over a description's Arbeitsvorgänge.

Pure: no database, no request. The rules of a ladder come from ``content.GradeRules``;
the Arbeitsvorgänge are ``Process`` values (a label, a share of the working time in whole
per cent, the features the Arbeitsvorgang meets as a whole).

The rule as computed here:

- Each Arbeitsvorgang is judged as a whole: it meets a feature (and every feature that
  feature implies) with its entire share, or not at all; its share is never split.
- A requirement of a Fallgruppe is met when the Arbeitsvorgänge meeting its feature take
  together at least the share the feature names (½ unless it names another, e.g. ⅓).
- A Fallgruppe is met when the grade it builds on is met and all its requirements are; a
  grade is met when one of its Fallgruppen is.
- The hint is the highest grade of the ladder that is met (``None``: none is).

It is a hint for HR and the staff council, never a decision: personal requirements
(a degree, years of experience) and anything the file marks as not verified are named,
not decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .content import GradeRules


@dataclass(frozen=True)
class Process:
    """An Arbeitsvorgang as the computation sees it."""

    label: str
    share: int  # per cent of the working time
    features: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class RequirementCheck:
    feature: str
    label: str
    share: Fraction  # the share the feature needs
    carried_by: tuple[str, ...]  # labels of the Arbeitsvorgänge meeting it
    carried_share: int  # their summed share in per cent
    verified: bool

    @property
    def met(self) -> bool:
        return Fraction(self.carried_share, 100) >= self.share

    @property
    def share_percent(self) -> str:
        """The needed share as people write it: 50 %, 33⅓ %, 20 %."""
        percent = self.share * 100
        if percent.denominator == 1:
            return f"{percent.numerator} %"
        if self.share == Fraction(1, 3):
            return "33⅓ %"
        return f"{float(percent):.1f} %"


@dataclass(frozen=True)
class CaseCheck:
    number: int
    builds_on: str | None
    builds_on_met: bool
    requirements: tuple[RequirementCheck, ...]
    personal: str
    verified: bool
    note: str

    @property
    def met(self) -> bool:
        return self.builds_on_met and all(r.met for r in self.requirements)


@dataclass(frozen=True)
class GradeCheck:
    grade: str
    cases: tuple[CaseCheck, ...]

    @property
    def met(self) -> bool:
        return any(case.met for case in self.cases)

    @property
    def met_case(self) -> CaseCheck | None:
        return next((case for case in self.cases if case.met), None)


@dataclass(frozen=True)
class ProcessGroup:
    """The Arbeitsvorgänge that carry ``grade`` when each is judged alone, and their sum."""

    grade: str | None
    processes: tuple[Process, ...]

    @property
    def share(self) -> int:
        return sum(p.share for p in self.processes)


@dataclass(frozen=True)
class GradeHint:
    rules_key: str
    agreement: str
    grade: str | None
    checks: tuple[GradeCheck, ...]  # every grade of the ladder, lowest first
    groups: tuple[ProcessGroup, ...]  # highest grade first; None (no grade) last
    total_share: int

    @property
    def result(self) -> GradeCheck | None:
        return next((c for c in self.checks if c.grade == self.grade), None)

    @property
    def next_check(self) -> GradeCheck | None:
        """The grade above the hint: what it would take (None at the top of the ladder)."""
        grades = [c.grade for c in self.checks]
        index = grades.index(self.grade) + 1 if self.grade in grades else 0
        return self.checks[index] if index < len(self.checks) else None

    @property
    def personal(self) -> str:
        case = self.result.met_case if self.result else None
        return case.personal if case else ""

    @property
    def relies_on_unverified(self) -> bool:
        """The hint's grade, or a grade it builds on, rests on a feature or share not checked."""
        case = self.result.met_case if self.result else None
        if case is None:
            return False
        return not case.verified or any(not r.verified for r in case.requirements)

    @property
    def label(self) -> str:
        return f"Entgeltgruppe {self.grade} {self.agreement}" if self.grade else ""


def _checks(
    rules: GradeRules, processes: Sequence[tuple[Process, frozenset[str]]], language: str
) -> tuple[GradeCheck, ...]:
    met: dict[str, bool] = {}
    checks = []
    for grade in rules.grades:
        cases = []
        for case in grade.cases:
            requirements = []
            for requirement in case.requires:
                carriers = [p for p, closure in processes if requirement.feature in closure]
                feature = rules.feature_map[requirement.feature]
                requirements.append(
                    RequirementCheck(
                        feature=requirement.feature,
                        label=feature.label.get(language),
                        share=requirement.fraction,
                        carried_by=tuple(p.label for p in carriers),
                        carried_share=sum(p.share for p in carriers),
                        verified=feature.verified,
                    )
                )
            cases.append(
                CaseCheck(
                    number=case.number,
                    builds_on=case.builds_on,
                    builds_on_met=case.builds_on is None or met[case.builds_on],
                    requirements=tuple(requirements),
                    personal=case.personal.get(language) if case.personal else "",
                    verified=case.verified,
                    note=case.note.get(language) if case.note else "",
                )
            )
        check = GradeCheck(grade=grade.grade, cases=tuple(cases))
        met[grade.grade] = check.met
        checks.append(check)
    return tuple(checks)


def _highest(checks: Iterable[GradeCheck]) -> str | None:
    grade = None
    for check in checks:
        if check.met:
            grade = check.grade
    return grade


def process_grade(rules: GradeRules, process: Process) -> str | None:
    """The grade one Arbeitsvorgang carries on its own, judged as a whole."""
    alone = Process(process.label, 100, process.features)
    return _highest(_checks(rules, [(alone, rules.closure(process.features))], "de"))


def grade_hint(rules: GradeRules, processes: Sequence[Process], language: str = "de") -> GradeHint:
    """The pay-grade hint for ``processes`` under ``rules``, with its explanation."""
    with_closure = [(p, rules.closure(p.features)) for p in processes]
    checks = _checks(rules, with_closure, language)
    by_grade: dict[str | None, list[Process]] = {}
    for process in processes:
        by_grade.setdefault(process_grade(rules, process), []).append(process)
    order = {grade: index for index, grade in enumerate(rules.ladder)}
    groups = tuple(
        ProcessGroup(grade, tuple(members))
        for grade, members in sorted(
            by_grade.items(),
            key=lambda item: -1 if item[0] is None else order[item[0]],
            reverse=True,
        )
    )
    return GradeHint(
        rules_key=rules.key,
        agreement=rules.agreement_short,
        grade=_highest(checks),
        checks=checks,
        groups=groups,
        total_share=sum(p.share for p in processes),
    )


def grade_index(rules: GradeRules, grade: str | None) -> int:
    """The position of ``grade`` on the ladder (-1 for none), for comparing grades."""
    return -1 if grade is None else list(rules.ladder).index(grade)
