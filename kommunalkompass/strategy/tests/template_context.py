"""Context for rendering the strategy templates in the template test (tests/test_templates.py)."""

import datetime
from decimal import Decimal

from kommunalkompass.strategy import selectors, services
from kommunalkompass.strategy.charts import indicator_figure
from kommunalkompass.strategy.forms import (
    FieldForm,
    GoalForm,
    IndicatorForm,
    LimitsForm,
    MeasureForm,
    ReportForm,
    StatusForm,
    StrategyForm,
    ValueForm,
    WeightsForm,
)


def extend(context: dict) -> None:
    organisation, user = context["current_organisation"], context["user"]
    strategy = services.strategy_create(
        actor=user, organisation=organisation, title="Digitalstrategie", start_year=2027
    )
    field = services.field_create(
        actor=user, strategy=strategy, name="Verwaltung & Services", dimensions=["services"]
    )
    goal = services.goal_create(actor=user, strategy=strategy, title="Online", field=field)
    indicator = services.indicator_create(
        actor=user, goal=goal, name="Onlinedienste", unit="%", direction="increase",
        baseline=Decimal(20), baseline_date=datetime.date(2026, 1, 1), target=Decimal(80),
        target_date=datetime.date(2030, 12, 31),
    )  # fmt: skip
    measure = services.measure_create(
        actor=user, strategy=strategy, title="E-Akte", fields_of_action=[field], goals=[goal]
    )
    services.measure_report(actor=user, measure=measure, status="in_progress", progress=10)
    context.update(
        {
            "strategy": strategy,
            "fields": [field],
            "goals": [
                {
                    "goal": goal,
                    "indicator_form": IndicatorForm(),
                    "indicators": [
                        {
                            "indicator": indicator,
                            "latest": None,
                            "state": "no_data",
                            "state_label": "noch kein Messwert",
                            "values": [],
                            "figure": indicator_figure(indicator, [], "de"),
                            "value_form": ValueForm(),
                        }
                    ],
                }
            ],  # fmt: skip
            "status_rows": [("Idee", 1)],
            "versions": [strategy],
            "weights_form": WeightsForm(strategy=strategy),
            "measure_total": 1,
            "status_form": StatusForm(),
            "strategy_form": StrategyForm(organisation=organisation),
            "starter": ["Bildung"],
            "goal_form": GoalForm(strategy=strategy),
            "field_form": FieldForm(),
            "measure_rows": selectors.measure_rows(strategy=strategy),
            "portfolio": None,
            "filters": {
                "field": None,
                "status": "",
                "department": None,
                "priority_filter": "",
                "search": "",
                "sort": "",
            },  # fmt: skip
            "statuses": [("idea", "Idee")],
            "priorities": [("high", "Hoch")],
            "measure": selectors.measure_detail(strategy=strategy, pk=measure.pk),
            "measure_form": MeasureForm(strategy=strategy),
            "report_form": ReportForm(),
            "benefit": 2.5,
            "priority": "Hoch",
            "derived_priority": "Mittel",
            "stale": None,
            "offers": [],
            "dashboard": selectors.dashboard(strategy=strategy, today=datetime.date(2027, 6, 1)),
            "status_labels": ["Idee"],
            "figure": None,
            "loads": [],
            "planned": [],
            "unplanned": [],
            "quarters": [(0, "Q1 2027")],
            "limits_form": LimitsForm(strategy=strategy),
            "totals": selectors.measure_totals(selectors.measure_rows(strategy=strategy)),
            "totals_text": {"one_time": "0 €", "annual": "0 €", "total": "0 €"},
            "sort_headers": [
                {"label": "Nr.", "numeric": False, "url": "?sort=-number", "aria_sort": "ascending"}
            ],
            "mine": False,
            "heading": "Ziel bearbeiten",
            "lead": "Online",
            "back_url": "/",
        }
    )
