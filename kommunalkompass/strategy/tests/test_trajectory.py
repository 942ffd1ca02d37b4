"""The traffic light of an indicator, by the rule in docs/strategy.md."""

import datetime
from decimal import Decimal

import pytest

from kommunalkompass.strategy.models import Indicator, IndicatorValue
from kommunalkompass.strategy.trajectory import expected_value, trajectory

START, END = datetime.date(2026, 1, 1), datetime.date(2030, 1, 1)


def indicator(direction="increase", baseline=20, target=60):
    return Indicator(
        direction=direction, baseline=Decimal(baseline), baseline_date=START,
        target=Decimal(target), target_date=END,
    )  # fmt: skip


def value(on, amount):
    return IndicatorValue(measured_on=on, value=Decimal(amount))


def test_expected_value_runs_straight_from_baseline_to_target():
    halfway = START + (END - START) / 2
    assert expected_value(indicator(), halfway) == pytest.approx(Decimal(40), abs=Decimal("0.1"))
    assert expected_value(indicator(), END + datetime.timedelta(days=400)) == Decimal(60)


@pytest.mark.parametrize(
    ("amount", "state"),
    [(40, "on_track"), (38, "on_track"), (37, "at_risk"), (33, "at_risk"), (25, "off_track")],
)
def test_rising_indicator_halfway(amount, state):
    halfway = START + (END - START) / 2  # 40 expected: 20 of 20 needed
    assert trajectory(indicator(), [value(halfway, amount)]) == state


def test_falling_indicator_is_judged_in_its_direction():
    falling = indicator("decrease", baseline=30, target=10)
    halfway = START + (END - START) / 2  # 20 expected
    assert trajectory(falling, [value(halfway, 19)]) == "on_track"
    assert trajectory(falling, [value(halfway, 29)]) == "off_track"


def test_the_latest_value_counts_and_none_means_no_data():
    rising = indicator()
    assert trajectory(rising, []) == "no_data"
    assert trajectory(rising, [value(START, 25)]) == "no_data"  # only the baseline date
    early, late = datetime.date(2027, 1, 1), datetime.date(2028, 1, 1)
    assert trajectory(rising, [value(late, 40), value(early, 20)]) == "on_track"
