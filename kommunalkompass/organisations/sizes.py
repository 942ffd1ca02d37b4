"""Size classes by population, as peer comparisons group organisations."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    UNDER_5K = "lt5k", _("fewer than 5,000 inhabitants")
    FROM_5K = "5k-20k", _("5,000 to 20,000 inhabitants")
    FROM_20K = "20k-50k", _("20,000 to 50,000 inhabitants")
    FROM_50K = "50k-100k", _("50,000 to 100,000 inhabitants")
    FROM_100K = "gte100k", _("100,000 inhabitants or more")


# (class, lowest population, first population of the next class)
BOUNDS: tuple[tuple[SizeClass, int, int | None], ...] = (
    (SizeClass.UNDER_5K, 0, 5_000),
    (SizeClass.FROM_5K, 5_000, 20_000),
    (SizeClass.FROM_20K, 20_000, 50_000),
    (SizeClass.FROM_50K, 50_000, 100_000),
    (SizeClass.FROM_100K, 100_000, None),
)


def size_class(population: int | None) -> SizeClass | None:
    """The class of ``population``; ``None`` when the population is not known."""
    if population is None:
        return None
    for size, low, high in BOUNDS:
        if population >= low and (high is None or population < high):
            return size
    return None


def population_filter(size: SizeClass | str, field: str = "population") -> Q:
    """A filter for the populations of ``size`` on ``field`` (e.g. ``organisation__population``)."""
    for candidate, low, high in BOUNDS:
        if candidate == size:
            condition = Q(**{f"{field}__gte": low})
            return condition & Q(**{f"{field}__lt": high}) if high is not None else condition
    raise ValueError(f"Unknown size class {size!r}.")
