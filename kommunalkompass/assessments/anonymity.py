"""What an output with one row per respondent may say about them (docs/scoring.md, "Raw
answers"); pure functions, nothing here reads the database.

The results page hides small cells of one breakdown at a time (``scoring.suppressed_keys``):
its figures are means. The raw answers carry every attribute of a respondent at once —
group, department, and the questions their respondent number has rows for, which betray a
group shown other questions — so they are checked over the combination: every combination
that appears must have at least *k* respondents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .scoring import suppressed_keys

# One respondent's attributes: (group, department id or None).
Profile = tuple[str, int | None]


@dataclass(frozen=True)
class ExportPlan:
    """Which groups and departments the export names, and which questions each respondent
    has a row for. A respondent whose group is not named has rows for the questions every
    group of the unnamed ones was shown, so that the rows do not name the group either."""

    threshold: int
    respondents: int
    use_departments: bool
    present_groups: frozenset[str]
    present_departments: frozenset[int]
    groups: frozenset[str]  # named in the export
    departments: frozenset[int]  # named in the export
    group_questions: Mapping[str, tuple[str, ...]]
    unnamed_questions: tuple[str, ...]  # the rows of a respondent whose group is not named

    @property
    def empty(self) -> bool:
        """Fewer than *k* submitted: the export has no answers at all."""
        return self.respondents < self.threshold

    def group_of(self, group: str) -> str:
        return group if group in self.groups else ""

    def department_of(self, department: int | None) -> int | None:
        return department if department in self.departments else None

    def questions_of(self, group: str) -> tuple[str, ...]:
        return (
            self.group_questions.get(group, ()) if group in self.groups else self.unnamed_questions
        )

    def key_of(self, profile: Profile) -> tuple:
        """What the export shows of a respondent with this profile."""
        group, department = profile
        return (self.group_of(group), self.department_of(department), self.questions_of(group))

    @property
    def group_naming(self) -> str:
        """``all``, ``some`` or ``none`` of the groups with respondents are named."""
        return _naming(self.groups, self.present_groups)

    @property
    def department_naming(self) -> str:
        """``all``, ``some`` or ``none`` of the departments with respondents are named, or
        ``""`` when the assessment does not ask for it or nobody gave one."""
        if not self.use_departments or not self.present_departments:
            return ""
        return _naming(self.departments, self.present_departments)

    @property
    def questions_reduced(self) -> bool:
        """Some respondents lack rows for questions their group was shown."""
        return any(
            set(self.group_questions.get(group, ())) - set(self.unnamed_questions)
            for group in self.present_groups - self.groups
        )


def _naming(named: frozenset, present: frozenset) -> str:
    return "all" if present <= named else "some" if named else "none"


def smallest_cell(cells: Mapping[Profile, int], plan: ExportPlan) -> int | None:
    """The fewest respondents sharing one combination of what ``plan`` shows (None: nobody)."""
    shown: Counter = Counter()
    for profile, n in cells.items():
        if n > 0:
            shown[plan.key_of(profile)] += n
    return min(shown.values(), default=None)


def _common(questions: Mapping[str, Sequence[str]], groups: Iterable[str]) -> tuple[str, ...]:
    """The questions shown to every one of ``groups``, in the model's order."""
    ordered = sorted(groups)
    if not ordered:
        return ()
    first, *others = ordered
    return tuple(
        key for key in questions.get(first, ()) if all(key in questions.get(g, ()) for g in others)
    )


def export_plan(
    cells: Mapping[Profile, int],
    *,
    questions: Mapping[str, Sequence[str]],
    use_departments: bool,
    threshold: int,
) -> ExportPlan:
    """The plan for an export of the respondents counted in ``cells`` ((group, department)
    → submitted respondents); ``questions`` are the question keys shown to each group, in
    the model's order.

    Tried in this order, the first whose every combination that appears has at least
    ``threshold`` respondents wins:

    1. group and department, both named for everyone;
    2. one of them, with the cells the results page hides left blank (below *k*, and by
       complementary suppression as many others as it takes for the blank ones to reach
       *k*): the one that names more respondents, the group on a tie;
    3. neither.

    With fewer than ``threshold`` respondents in all, the export is empty.
    """
    cells = {profile: n for profile, n in cells.items() if n > 0}
    by_group: Counter = Counter()
    by_department: Counter = Counter()
    for (group, department), n in cells.items():
        by_group[group] += n
        by_department[department] += n
    present_groups = frozenset(by_group)
    present_departments = frozenset(d for d in by_department if d is not None)
    group_questions = {group: tuple(keys) for group, keys in questions.items()}

    def plan(groups: frozenset, departments: frozenset) -> ExportPlan:
        return ExportPlan(
            threshold=threshold,
            respondents=sum(cells.values()),
            use_departments=use_departments,
            present_groups=present_groups,
            present_departments=present_departments,
            groups=groups,
            departments=departments,
            group_questions=group_questions,
            unnamed_questions=_common(questions, present_groups - groups),
        )

    def named(candidate: ExportPlan) -> int:
        return sum(
            n
            for (group, department), n in cells.items()
            if candidate.group_of(group) or candidate.department_of(department) is not None
        )

    candidates = []
    if use_departments:
        candidates.append([plan(present_groups, present_departments)])
    by_group_only = plan(present_groups - suppressed_keys(by_group, threshold), frozenset())
    alone = [by_group_only]
    if use_departments:
        hidden = suppressed_keys(by_department, threshold)
        alone.append(plan(frozenset(), present_departments - hidden))
    # The group wins a tie: the results are read by group (the perspectives).
    candidates.append(sorted(alone, key=named, reverse=True))
    candidates.append([plan(frozenset(), frozenset())])
    for candidate in (c for group in candidates for c in group):
        smallest = smallest_cell(cells, candidate)
        if smallest is None or smallest >= threshold:
            return candidate
    return plan(frozenset(), frozenset())  # fewer than k in all: ``empty`` says so


def export_note(plan: ExportPlan, *, group_name: Callable[[str], str]) -> str:
    """One or two sentences for the download: which attributes the export contains and
    why the others are left out."""
    k = plan.threshold
    if plan.empty:
        return _("The export contains no answers: fewer than %(k)d respondents have submitted.") % {
            "k": k
        }
    groups, departments = plan.group_naming, plan.department_naming
    names = ", ".join(sorted(group_name(g) for g in plan.groups))
    if groups == "all" and departments == "all":
        note = _(
            "Respondent group and department included: every combination of the two has at "
            "least %(k)d respondents."
        ) % {"k": k}
    elif groups == "all" and departments == "":
        note = _("Respondent group included: every group has at least %(k)d respondents.") % {
            "k": k
        }
    elif groups == "all":
        note = _(
            "Respondent group included, department not included: too few respondents per "
            "combination of group and department (fewer than %(k)d)."
        ) % {"k": k}
    elif groups == "some":
        note = _(
            "Respondent group named only for %(groups)s: the other groups have fewer than "
            "%(k)d respondents or would reveal such a group."
        ) % {"groups": names, "k": k}
        if departments:
            note += " " + _(
                "Department not included: too few respondents per combination of group and "
                "department."
            )
    elif departments == "all":
        note = _(
            "Department included, respondent group not included: too few respondents per "
            "combination of group and department (fewer than %(k)d)."
        ) % {"k": k}
    elif departments == "some":
        note = _(
            "Respondent group not included; department named only where it has at least "
            "%(k)d respondents and does not reveal a smaller one."
        ) % {"k": k}
    elif departments == "none":
        note = _(
            "Neither respondent group nor department included: too few respondents per group "
            "and per department (fewer than %(k)d)."
        ) % {"k": k}
    else:
        note = _(
            "Respondent group not included: too few respondents per group (fewer than %(k)d)."
        ) % {"k": k}
    if plan.questions_reduced:
        note += " " + _(
            "Where the group is not named, only the questions that all those groups were "
            "shown are included, so that the questions do not reveal the group."
        )
    return note
