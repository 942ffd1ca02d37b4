"""The traffic light of a goal's indicator: is the measured value on the way to the target?

The expected value on a date lies on the straight line from the baseline (at its date) to
the target (at its date). Progress made = (latest value − baseline) / (expected − baseline)
on the date of the latest value, in the indicator's direction. On track from 90 % of the
expected progress, at risk from 60 %, off track below; without a measured value after the
baseline there is no judgement yet (docs/strategy.md).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

LABELS = {
    "on_track": _("on track"),
    "at_risk": _("at risk"),
    "off_track": _("off track"),
    "no_data": _("no value measured yet"),
}
ON_TRACK_FROM = 0.9
AT_RISK_FROM = 0.6


def expected_value(indicator, on: datetime.date) -> Decimal:
    span = (indicator.target_date - indicator.baseline_date).days
    elapsed = min(max((on - indicator.baseline_date).days, 0), span)
    share = Decimal(elapsed) / Decimal(span) if span else Decimal(1)
    return indicator.baseline + (indicator.target - indicator.baseline) * share


def trajectory(indicator, values) -> str:
    """``on_track``, ``at_risk``, ``off_track`` or ``no_data`` from the measured ``values``."""
    later = [v for v in values if v.measured_on > indicator.baseline_date]
    if not later:
        return "no_data"
    latest = max(later, key=lambda v: v.measured_on)
    expected = expected_value(indicator, latest.measured_on)
    needed = expected - indicator.baseline
    if needed == 0:
        return "on_track"
    made = (latest.value - indicator.baseline) / needed
    if made >= Decimal(str(ON_TRACK_FROM)):
        return "on_track"
    if made >= Decimal(str(AT_RISK_FROM)):
        return "at_risk"
    return "off_track"
