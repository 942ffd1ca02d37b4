"""The evaluation engine: the hand-checkable example of docs/procurement.md and the
properties the issue asks for."""

from fractions import Fraction as F

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kommunalkompass.procurement.evaluation import (
    BidFigures,
    EvaluationError,
    Parameters,
    ScoreInput,
    performance_points,
    rank,
    sensitivity,
)

# docs/procurement.md, "A worked example": three bids.
A = BidFigures("A", F(600), F(100_000))
B = BidFigures("B", F(800), F(125_000))
C = BidFigures("C", F(490), F(80_000))
EXAMPLE = [A, B, C]


def test_einfache_richtwertmethode_example():
    ranking = rank(EXAMPLE, Parameters("simple"))
    assert ranking.order() == ["B", "C", "A"]
    z = {line.key: line.score for line in ranking.lines}
    assert z == {"A": F(6, 1000), "B": F(64, 10000), "C": F(6125, 1000000)}


def test_erweiterte_richtwertmethode_example():
    by_price = rank(EXAMPLE, Parameters("extended", tolerance=F(5), decision="price"))
    assert by_price.band_floor == F(608, 100000)
    assert by_price.order() == ["C", "B", "A"]
    assert [line.in_band for line in by_price.lines] == [True, True, False]
    by_performance = rank(EXAMPLE, Parameters("extended", tolerance=F(5), decision="performance"))
    assert by_performance.order() == ["B", "C", "A"]


def test_gewichtete_richtwertmethode_example():
    weights = {"weight_performance": F(6, 10), "weight_price": F(4, 10)}
    median = rank(EXAMPLE, Parameters("weighted", reference="median", **weights))
    assert median.references == {"L_ref": 600, "P_ref": 100_000}
    assert {line.key: line.score for line in median.lines} == {
        "A": F(1),
        "B": F(112, 100),
        "C": F(99, 100),
    }
    assert median.order() == ["B", "A", "C"]
    mean = Parameters("weighted", reference="mean", weight_performance=F(6, 10),
                      weight_price=F(4, 10))  # fmt: skip
    assert mean.warns
    assert rank(EXAMPLE, mean).order() == ["B", "A", "C"]


@pytest.mark.parametrize(
    ("formula", "order", "points"),
    [
        ("ratio", ["B", "A", "C"], {"A": 400, "B": 320, "C": 500}),
        ("difference", ["B", "C", "A"], {"A": 375, "B": F(875, 4), "C": 500}),
        ("linear", ["C", "A", "B"], {"A": F(2500, 9), "B": 0, "C": 500}),
    ],
)
def test_price_points_example(formula, order, points):
    ranking = rank(EXAMPLE, Parameters("price_points", formula=formula, max_price_points=F(500)))
    assert ranking.order() == order
    assert {line.key: line.terms["PP"] for line in ranking.lines} == points


def test_bad_input_is_named():
    with pytest.raises(EvaluationError, match="price must be above 0") as error:
        rank([BidFigures("X", F(1), F(0))], Parameters())
    assert error.value.field == "price"
    with pytest.raises(EvaluationError, match="add up to 1") as error:
        rank(EXAMPLE, Parameters("weighted", weight_performance=F(6, 10), weight_price=F(6, 10)))
    assert error.value.field == "weight_price"
    with pytest.raises(EvaluationError, match="between 0 and 10"):
        performance_points([(11, 5)])
    with pytest.raises(EvaluationError, match="tolerance"):
        rank(EXAMPLE, Parameters("extended", tolerance=F(120)))


def test_an_excluded_bid_is_not_ranked():
    ranking = rank([A, BidFigures("B", F(800), F(125_000), excluded=True), C], Parameters())
    assert ranking.order() == ["C", "A"]
    assert ranking.lines[-1].key == "B" and ranking.lines[-1].rank is None


def test_sensitivity_names_how_far_the_award_is_from_changing():
    scores = ScoreInput(
        points={"A": {"R1": 6, "R2": 6}, "B": {"R1": 8, "R2": 8}, "C": {"R1": 5, "R2": 5}},
        weights={"R1": 50, "R2": 50},
    )
    figures = [BidFigures(b.key, F(0), b.price) for b in EXAMPLE]
    margins = {m.label: m for m in sensitivity(figures, scores, Parameters())}
    # B wins with L = 800; at 7 points for R1 its L is 750, Z = 0.006 < C's 0.00625.
    assert margins["points:B:R1"].needed == 7
    assert margins["points:B:R1"].runner_up == "C"
    # C's own points: at 6 for R1 its L is 550, Z = 0.006875 > 0.0064.
    assert margins["points:C:R1"].needed == 6
    # Every weight moved alone leaves B first (its points are the highest everywhere).
    assert margins["weight:R1"].needed is None


# Properties -------------------------------------------------------------------------------------

amounts = st.integers(min_value=1, max_value=10_000_000).map(F)
performances = st.integers(min_value=0, max_value=10_000).map(F)


@st.composite
def bid_lists(draw, min_size=1, max_size=6):
    count = draw(st.integers(min_value=min_size, max_value=max_size))
    return [BidFigures(f"bid-{n}", draw(performances), draw(amounts)) for n in range(count)]


@settings(max_examples=200)
@given(bids=bid_lists(), factor=st.fractions(min_value=F(1, 1000), max_value=1000))
def test_scaling_all_prices_keeps_the_simple_ranking(bids, factor):
    assume(factor > 0)
    scaled = [BidFigures(b.key, b.performance, b.price * factor) for b in bids]
    assert rank(scaled, Parameters()).order() == rank(bids, Parameters()).order()


methods = st.sampled_from([
    Parameters("simple"),
    Parameters("extended", tolerance=F(10), decision="price"),
    Parameters("extended", tolerance=F(5), decision="performance"),
    Parameters("weighted", reference="median", weight_performance=F(7, 10), weight_price=F(3, 10)),
    Parameters("weighted", reference="mean"),
    Parameters("weighted", reference="value", reference_performance=F(500),
               reference_price=F(100_000)),
    Parameters("price_points", formula="ratio"),
    Parameters("price_points", formula="difference"),
    Parameters("price_points", formula="linear"),
])  # fmt: skip


@settings(max_examples=200)
@given(bids=bid_lists(), parameters=methods, data=st.data())
def test_the_ranking_does_not_depend_on_the_order_of_bids(bids, parameters, data):
    assume(parameters.method != "weighted" or all(b.performance for b in bids))
    shuffled = data.draw(st.permutations(bids))
    assert rank(shuffled, parameters).order() == rank(bids, parameters).order()


@settings(max_examples=300)
@given(
    bids=bid_lists(min_size=2),
    weight=st.integers(min_value=0, max_value=10).map(lambda n: F(n, 10)),
    less=st.integers(min_value=1, max_value=1000),
    more=st.integers(min_value=1, max_value=1_000_000),
)
def test_a_dominated_bid_leaves_the_order_of_the_others_reference(bids, weight, less, more):
    parameters = Parameters("weighted", reference="value", weight_performance=weight,
                            weight_price=1 - weight, reference_performance=F(1000),
                            reference_price=F(100_000))  # fmt: skip
    worst_l = min(b.performance for b in bids)
    dominated = BidFigures(
        "dominated", max(worst_l - less, F(0)), max(b.price for b in bids) + more
    )
    before = rank(bids, parameters).order()
    after = [key for key in rank([*bids, dominated], parameters).order() if key != "dominated"]
    assert after == before


def test_the_median_variant_can_still_flip_two_bids_when_a_dominated_bid_arrives():
    """The issue asks that a dominated bid leave the order of the others under the median
    variant too. That does not hold in general: the median moves with every bid, and with
    it the exchange rate between L and P. The median moves less than the mean (which is why
    the federal guide prefers it), but it moves. This is the smallest case found; the
    reference-value variant, whose references are announced in advance, never flips (the
    property test above), and docs/procurement.md says so."""
    parameters = Parameters("weighted", reference="median")
    x, y = BidFigures("X", F(100), F(100)), BidFigures("Y", F(300), F(250))
    dominated = BidFigures("Z", F(50), F(1000))
    assert rank([x, y], parameters).order() == ["X", "Y"]
    assert rank([x, y, dominated], parameters).order() == ["Y", "X", "Z"]


@settings(max_examples=300)
@given(bids=bid_lists(min_size=2), parameters=methods, less=st.integers(1, 1000),
       more=st.integers(1, 1_000_000))  # fmt: skip
def test_a_dominated_bid_never_ranks_above_a_bid_that_dominates_it(bids, parameters, less, more):
    assume(all(b.performance > less for b in bids))
    dominated = BidFigures("dominated", min(b.performance for b in bids) - less,
                           max(b.price for b in bids) + more)  # fmt: skip
    order = rank([*bids, dominated], parameters).order()
    assert order[-1] == "dominated"
