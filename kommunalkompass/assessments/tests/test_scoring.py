"""The scoring rules of docs/scoring.md, pinned with hand-computed numbers."""

import dataclasses
import random
import statistics
from collections import Counter

import pytest

from kommunalkompass.assessments.scoring import (
    ScoreCount,
    ScoreRow,
    level_of,
    mean_of,
    score_assessment,
    score_difference,
    shown_score,
    spread_of,
    suppressed_keys,
)

DIMS = ["strategy", "people"]
GROUPS = ["leaders", "staff", "it"]


def rows_for(group, scores, dimension="strategy", start=0, department=None):
    """One row per respondent with weight sum 1 and the given score."""
    return [
        ScoreRow(start + n, group, department, dimension, weighted_sum=s, weight_sum=1)
        for n, s in enumerate(scores)
    ]


def test_respondent_score_is_the_weighted_mean_of_the_answered_levels():
    # Levels 2 (weight 1) and 5 (weight 2); "weiß nicht" is simply not in the sums.
    row = ScoreRow(1, "staff", None, "strategy", weighted_sum=2 * 1 + 5 * 2, weight_sum=3)
    assert row.score == pytest.approx(4.0)


def test_dimension_score_level_spread_and_overall():
    rows = rows_for("staff", [2, 3, 4, 3, 3]) + rows_for("staff", [1, 2, 2, 2, 3], "people")
    results = score_assessment(rows, dimensions=DIMS, groups=GROUPS, threshold=5)
    strategy, people = results.dimension("strategy"), results.dimension("people")
    assert strategy.score == pytest.approx(3.0)
    assert strategy.level == 3
    assert strategy.spread == pytest.approx(0.6324555, rel=1e-6)
    assert people.score == pytest.approx(2.0)
    assert results.score == pytest.approx(2.5)
    assert results.level == 2
    assert results.respondents == 5


def test_level_is_the_floor_of_the_shown_score_within_one_to_five():
    # 1.96 is shown as "2.0": its level is 2, not 1 (docs/scoring.md, "What is shown").
    scores = (1.0, 1.94, 1.95, 1.96, 1.99, 2.0, 4.94, 4.96, 5.0)
    assert [level_of(s) for s in scores] == [1, 1, 2, 2, 2, 2, 4, 5, 5]
    assert [shown_score(s) for s in scores] == [1.0, 1.9, 2.0, 2.0, 2.0, 2.0, 4.9, 5.0, 5.0]
    assert level_of(None) is None and shown_score(None) is None


def test_derived_figures_add_up_with_the_shown_scores():
    """Gap, perspective gap, overall score and the change between two scores are computed
    from the scores as shown, so that the arithmetic a reader can do holds."""
    assert score_difference(2.56, 2.34) == 0.3  # "2.3 → 2.6: +0.3", not +0.2
    assert score_difference(4.0, 2.25) == 1.7  # target 4, score "2.3": gap 1.7
    rows = rows_for("leaders", [3.06] * 5) + rows_for("staff", [2.02] * 5, start=10)
    dimension = score_assessment(
        rows, dimensions=["strategy"], groups=GROUPS, threshold=5, targets={"strategy": 4}
    ).dimension("strategy")
    leaders, staff = dimension.groups["leaders"], dimension.groups["staff"]
    assert (leaders.shown_score, staff.shown_score) == (3.1, 2.0)
    assert dimension.perspective_gap == 1.1 and dimension.perspectives_differ
    assert dimension.shown_score == 2.5 and dimension.gap == 1.5


def test_respondents_without_answers_in_a_dimension_are_left_out():
    rows = rows_for("staff", [4, 4, 4, 4, 4]) + [
        ScoreRow(99, "staff", None, "strategy", weighted_sum=0, weight_sum=0)
    ]
    results = score_assessment(rows, dimensions=["strategy"], groups=GROUPS, threshold=5)
    assert results.dimension("strategy").respondents == 5
    assert results.dimension("strategy").score == 4


def test_target_and_gap():
    rows = rows_for("staff", [2, 2, 3, 3, 2.5])
    results = score_assessment(
        rows, dimensions=["strategy"], groups=GROUPS, threshold=5, targets={"strategy": 4}
    )
    assert results.dimension("strategy").gap == pytest.approx(1.5)
    assert results.gaps[0].key == "strategy"


def test_perspective_gap_is_flagged_at_one_point():
    rows = rows_for("leaders", [4] * 5) + rows_for("staff", [3] * 6, start=10)
    rows += rows_for("it", [3.5] * 5, start=20)
    dimension = score_assessment(
        rows, dimensions=["strategy"], groups=GROUPS, threshold=5
    ).dimension("strategy")
    assert dimension.perspective_gap == pytest.approx(1.0)
    assert dimension.perspectives_differ


def test_small_group_is_suppressed_with_its_complement():
    rows = rows_for("leaders", [5, 5, 5]) + rows_for("staff", [2] * 12, start=10)
    rows += rows_for("it", [3] * 6, start=30)
    dimension = score_assessment(
        rows, dimensions=["strategy"], groups=GROUPS, threshold=5
    ).dimension("strategy")
    leaders, staff, it = (dimension.groups[g] for g in GROUPS)
    assert leaders.suppressed and leaders.score is None and leaders.respondents == 3
    # With only leaders hidden, total minus staff minus IT would give them away:
    # the smallest other group (IT, 6) is hidden as well.
    assert it.suppressed and it.score is None
    assert not staff.suppressed and staff.score == 2
    assert dimension.score is not None


def test_dimension_below_the_threshold_shows_nothing():
    rows = rows_for("staff", [4, 4, 4])
    dimension = score_assessment(
        rows, dimensions=["strategy"], groups=GROUPS, threshold=5
    ).dimension("strategy")
    assert dimension.suppressed
    assert dimension.score is None and dimension.spread is None and dimension.level is None
    assert all(cell.score is None for cell in dimension.groups.values())


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"a": 10, "b": 10, "c": 10}, set()),
        ({"a": 2, "b": 10, "c": 20}, {"a", "b"}),
        ({"a": 2, "b": 2, "c": 20}, {"a", "b", "c"}),
        ({"a": 3, "b": 3, "c": 20, "d": 30}, {"a", "b"}),
        ({"a": 0, "b": 10, "c": 20}, set()),
    ],
)
def test_complementary_suppression(counts, hidden):
    assert suppressed_keys(counts, 5) == hidden


def test_departments_follow_the_same_rule():
    rows = rows_for("staff", [2] * 8, department=1) + rows_for(
        "staff", [4] * 2, start=20, department=2
    )
    dimension = score_assessment(
        rows, dimensions=["strategy"], groups=GROUPS, threshold=5
    ).dimension("strategy")
    assert dimension.departments[2].suppressed
    assert dimension.departments[1].suppressed  # its only complement


@pytest.mark.parametrize("seed", range(20))
def test_counted_scores_give_fmean_and_pstdev_to_the_bit(seed):
    rng = random.Random(seed)
    weights = [0.5, 1, 1.5, 2, 3, 0.1]
    scores = []
    for _ in range(rng.randint(1, 300)):
        answered = [(rng.randint(1, 5), rng.choice(weights)) for _ in range(rng.randint(1, 9))]
        weighted = sum(level * weight for level, weight in answered)
        scores.append(weighted / sum(weight for _level, weight in answered))
    counted = list(Counter(scores).items())
    rng.shuffle(counted)
    assert mean_of(counted) == statistics.fmean(scores)
    assert spread_of(counted) == statistics.pstdev(scores)


def test_counted_rows_score_exactly_like_rows_per_respondent():
    rng = random.Random(11)
    rows = [
        ScoreRow(
            respondent,
            rng.choice(["leaders", "staff", "staff", "it", ""]),
            5 if respondent % 40 == 0 else rng.choice([None, 1, 2, 2, 3, 4]),
            dimension,
            weighted_sum=rng.choice([0, 2, 3.5, 4, 7, 9.5, 12]),
            weight_sum=rng.choice([1, 2, 2.5, 3]),
        )
        for respondent in range(120)
        for dimension in DIMS
        if rng.random() < 0.9
    ]
    counted = Counter(
        (r.group, r.department_id, r.dimension, r.weighted_sum, r.weight_sum) for r in rows
    )
    counts = [ScoreCount(*key, respondents=n) for key, n in counted.items()]
    options = {"dimensions": DIMS, "groups": GROUPS, "threshold": 5, "targets": {"people": 4}}
    respondents = len({r.response_id for r in rows})
    per_respondent = score_assessment(rows, **options)
    assert dataclasses.asdict(score_assessment(counts, respondents=respondents, **options)) == (
        dataclasses.asdict(per_respondent)
    )
    assert any(cell.suppressed for cell in per_respondent.dimension("people").departments.values())
    with pytest.raises(ValueError, match="number of respondents"):
        score_assessment(counts, **options)
