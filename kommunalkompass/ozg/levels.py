"""The levels the OZG module counts with, read from the service maturity models.

Kept apart from services and selectors so that both (and the aggregates across
organisations) read the same numbers without importing each other.
"""

from __future__ import annotations

from .maturity import available_models, get_model

# The highest level of each maturity model version (levels start at 0), from the data files.
MAX_LEVEL = {version: model.max_level for version, model in available_models().items()}
ONLINE_LEVEL = get_model("1.1").online_level  # the national counting rule: 2
COMPLIANT_LEVEL = get_model("1.1").compliant_level  # "Online-Leistung": 3
