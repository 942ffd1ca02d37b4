"""Which recommendations a result shows: those of each dimension's level, and those that
single answers make due whatever the level (docs/scoring.md, "Recommendations").

Pure functions over the loaded content and counts of answers; the counts come from
``selectors.answer_level_counts`` for an assessment and from the person's own answers for
the public Quick-Check, so that the results page, the report and the Quick-Check pick
recommendations by one rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .maturity import MaturityModel, Recommendation, RecommendationSet, Trigger

# Per question key: how many respondents gave each level (1–5); "weiß nicht" is not counted.
AnswerCounts = Mapping[str, Mapping[int, int]]

# Below this population an organisation is shown the small-town variant of a recommendation
# (docs/scoring.md, "Recommendations").
SMALL_TOWN_POPULATION = 10_000


@dataclass(frozen=True)
class AdviceContext:
    """What picks recommendations beyond the levels: the submitted answers counted per
    question and level, the fewest respondents a trigger needs (the assessment's anonymity
    threshold; 1 for one person's own Quick-Check), and whether the organisation is a small
    municipality (it is shown the small-town variants)."""

    answer_counts: AnswerCounts = field(default_factory=dict)
    threshold: int = 1
    small_town: bool = False

    @classmethod
    def of_answers(
        cls, answers: Mapping[str, int | None], *, small_town: bool = False
    ) -> AdviceContext:
        """One person's answers (question key → level, or None for "don't know")."""
        counts = {key: {level: 1} for key, level in answers.items() if level is not None}
        return cls(counts, 1, small_town)


def is_small_town(population: int | None) -> bool:
    """Whether an organisation of ``population`` inhabitants sees the small-town variants
    (unknown population: no)."""
    return population is not None and population < SMALL_TOWN_POPULATION


@dataclass(frozen=True)
class AdviceItem:
    """One recommendation as a result shows it, its texts in the result's language.
    ``raised_by`` names the questions whose answers made it due; it is empty for a
    recommendation of the dimension's level."""

    recommendation: Recommendation
    title: str
    description: str
    benefit: str
    effort: str
    first_step: str
    raised_by: tuple[str, ...] = ()
    small_town: str = ""  # how a small municipality does it, "" where not shown

    @property
    def key(self) -> str:
        return self.recommendation.key

    @property
    def reason(self) -> str:
        """Why a recommendation beyond the level is shown, in the active language: the
        questions whose answers made it due, quoted ("" for one of the level)."""
        if not self.raised_by:
            return ""
        quoted = [pgettext("a quoted question", "“%(text)s”") % {"text": t} for t in self.raised_by]
        return _("Recommended because of the answers to: %(questions)s") % {
            "questions": get_text_list(quoted, _("and"))
        }


def trigger_fires(trigger: Trigger, counts: Mapping[int, int], threshold: int) -> bool:
    """Whether the answers to the trigger's question make its recommendation due: at least
    ``threshold`` respondents answered it with a level, and at least half of them chose
    ``at_most`` or a lower level (the median answer is at or below it). A fact over all
    respondents of the question together, never over a group, so it says nothing about
    fewer than ``threshold`` people."""
    answered = sum(counts.values())
    low = sum(n for level, n in counts.items() if level <= trigger.at_most)
    return answered >= max(threshold, 1) and 2 * low >= answered


def triggered(
    *, advice: RecommendationSet, model: MaturityModel, context: AdviceContext
) -> dict[str, list[tuple[Recommendation, tuple[str, ...]]]]:
    """Per dimension (the one the recommendation is filed under), the recommendations whose
    triggers on ``model`` fire, each with the keys of the questions that raised it, in the
    order of the file."""
    due: dict[str, list[tuple[Recommendation, tuple[str, ...]]]] = {}
    for dimension, _level, recommendation in advice.with_triggers():
        keys = tuple(
            trigger.question
            for trigger in recommendation.triggers
            if trigger.model == model.ident
            and trigger_fires(
                trigger, context.answer_counts.get(trigger.question, {}), context.threshold
            )
        )
        if keys:
            due.setdefault(dimension, []).append((recommendation, keys))
    return due


def effort_label(effort: str) -> str:
    """The effort of a recommendation in the active language."""
    return {
        "low": pgettext("effort", "low"),
        "medium": pgettext("effort", "medium"),
        "high": pgettext("effort", "high"),
    }[effort]


def item(
    recommendation: Recommendation,
    *,
    language: str,
    raised_by: tuple[str, ...] = (),
    small_town: bool = False,
) -> AdviceItem:
    """``recommendation`` with its texts in ``language`` (the effort in the active one),
    with its small-town variant where ``small_town`` and it has one."""
    variant = recommendation.small_town if small_town else None
    return AdviceItem(
        recommendation=recommendation,
        title=recommendation.title.get(language),
        description=recommendation.description.get(language),
        benefit=recommendation.benefit.get(language),
        effort=effort_label(recommendation.effort),
        first_step=recommendation.first_step.get(language),
        raised_by=raised_by,
        small_town=variant.get(language) if variant else "",
    )
