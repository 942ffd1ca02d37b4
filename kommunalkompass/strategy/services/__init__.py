"""Writes of the strategy module: every change validated, audited and all-or-nothing.

One module per entity (``strategies``, ``fields`` with goals and indicators, ``measures``,
``roadmap``); every service is named ``<entity>_<action>``, takes keyword arguments only and
is re-exported here: ``from kommunalkompass.strategy import services`` and then
``services.measure_create(actor=…, strategy=…, …)``.
"""

from .copy import CopyResult, strategy_copy_parts
from .fields import (
    field_create,
    field_create_starters,
    field_delete,
    field_update,
    goal_create,
    goal_delete,
    goal_update,
    indicator_create,
    indicator_update,
    indicator_value_add,
    indicator_value_update,
)
from .imports import measures_import
from .measures import (
    CREATE_FIELDS,
    EFFORT_BY_RECOMMENDATION,
    MEASURE_FIELDS,
    find_cycle,
    measure_adopt,
    measure_create,
    measure_delete,
    measure_report,
    measure_update,
)
from .publication import strategy_publication_update
from .roadmap import measure_move, roadmap_compute
from .strategies import (
    STRATEGY_FIELDS,
    strategy_create,
    strategy_set_limits,
    strategy_set_status,
    strategy_set_weights,
    strategy_update,
)
from .workshops import (
    card_assign,
    card_delete,
    card_post,
    cluster_create,
    cluster_delete,
    participant_join,
    vote_cast,
    vote_withdraw,
    workshop_adopt,
    workshop_create,
    workshop_delete,
    workshop_set_phase,
    workshop_update,
)

__all__ = [
    "CREATE_FIELDS",
    "card_assign",
    "card_delete",
    "card_post",
    "cluster_create",
    "cluster_delete",
    "participant_join",
    "vote_cast",
    "vote_withdraw",
    "workshop_adopt",
    "workshop_create",
    "workshop_delete",
    "workshop_set_phase",
    "workshop_update",
    "CopyResult",
    "EFFORT_BY_RECOMMENDATION",
    "MEASURE_FIELDS",
    "STRATEGY_FIELDS",
    "field_create",
    "field_create_starters",
    "field_delete",
    "field_update",
    "find_cycle",
    "goal_create",
    "goal_delete",
    "goal_update",
    "indicator_create",
    "indicator_update",
    "indicator_value_add",
    "indicator_value_update",
    "measure_adopt",
    "measure_create",
    "measure_delete",
    "measure_move",
    "measure_report",
    "measure_update",
    "measures_import",
    "roadmap_compute",
    "strategy_copy_parts",
    "strategy_create",
    "strategy_publication_update",
    "strategy_set_limits",
    "strategy_set_status",
    "strategy_set_weights",
    "strategy_update",
]
