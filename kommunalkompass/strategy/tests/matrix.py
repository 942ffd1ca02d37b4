"""Arguments of the strategy URLs for the tenancy matrix (tests/test_tenancy_matrix.py)."""

from kommunalkompass.strategy.models import FieldOfAction, Strategy

from .factories import (
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MeasureFactory,
    StrategyFactory,
    WorkshopFactory,
)


def _current(organisation) -> Strategy:
    return Strategy.objects.filter(
        organisation=organisation, is_current=True
    ).first() or StrategyFactory(organisation=organisation)


def _measure(organisation) -> dict:
    return {"pk": MeasureFactory(strategy=_current(organisation)).pk}


def _workshop(organisation) -> dict:
    return {"pk": WorkshopFactory(strategy=_current(organisation)).pk}


URL_KWARGS = {
    **{
        name: _workshop
        for name in (
            "strategy:workshop",
            "strategy:workshop_edit",
            "strategy:workshop_phase",
            "strategy:workshop_delete",
            "strategy:workshop_cluster_add",
            "strategy:workshop_cluster_remove",
            "strategy:workshop_card_move",
            "strategy:workshop_card_remove",
            "strategy:workshop_adopt",
            "strategy:workshop_present",
            "strategy:workshop_live",
            "strategy:workshop_protocol_pdf",
            "strategy:workshop_protocol_docx",
        )
    },
    **{
        name: _measure
        for name in (
            "strategy:measure",
            "strategy:measure_edit",
            "strategy:measure_report",
            "strategy:measure_delete",
        )
    },
    "strategy:goal_edit": lambda organisation: {
        "pk": GoalFactory(strategy=_current(organisation)).pk
    },
    "strategy:field_edit": lambda organisation: {
        "pk": FieldOfAction.objects.create(
            organisation=organisation,
            strategy=_current(organisation),
            name=f"Feld {FieldOfAction.objects.count() + 1}",
            dimensions=["data"],
        ).pk
    },
    "strategy:indicator_edit": lambda organisation: {
        "pk": IndicatorFactory(goal=GoalFactory(strategy=_current(organisation))).pk
    },
    "strategy:indicator_value_edit": lambda organisation: {
        "pk": IndicatorValueFactory(
            indicator=IndicatorFactory(goal=GoalFactory(strategy=_current(organisation)))
        ).pk
    },
    "strategy:goal_delete": lambda organisation: {
        "pk": GoalFactory(strategy=_current(organisation)).pk
    },
    "strategy:field_delete": lambda organisation: {
        "pk": FieldOfAction.objects.create(
            organisation=organisation,
            strategy=_current(organisation),
            name="Feld",
            dimensions=["data"],
        ).pk
    },
    "strategy:indicator_create": lambda organisation: {
        "pk": GoalFactory(strategy=_current(organisation)).pk
    },
    "strategy:indicator_value": lambda organisation: {
        "pk": IndicatorFactory(goal=GoalFactory(strategy=_current(organisation))).pk
    },
}


def prepare(organisation) -> None:
    """Every organisation of the matrix has a current strategy."""
    _current(organisation)


API_PARAMS = {
    "measure_id": lambda organisation: _measure(organisation)["pk"],
    "goal_id": lambda organisation: GoalFactory(strategy=_current(organisation)).pk,
    "indicator_id": lambda organisation: (
        IndicatorFactory(goal=GoalFactory(strategy=_current(organisation))).pk
    ),
}
API_PARAMS["workshop_id"] = lambda organisation: _workshop(organisation)["pk"]
