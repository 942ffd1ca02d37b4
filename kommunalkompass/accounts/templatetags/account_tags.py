import math
from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(duration: timedelta | None) -> int:
    """A duration in whole minutes, rounded up (a lock-out of 90 seconds is 2 minutes)."""
    if not duration:
        return 0
    return math.ceil(duration.total_seconds() / 60)
