"""Context for rendering the strategy templates in the template test (tests/test_templates.py)."""

import datetime
from decimal import Decimal

from django.core.paginator import Paginator

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
from kommunalkompass.strategy.workshop_forms import (
    AdoptForm,
    CardForm,
    ClusterForm,
    JoinForm,
    PhaseForm,
    WorkshopForm,
)
from kommunalkompass.strategy.workshops import qr_svg


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
            "measure_page": Paginator(selectors.measure_list(strategy=strategy), 50).get_page(1),
            "query": "",
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
            "totals": selectors.measure_totals(selectors.measure_list(strategy=strategy)),
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
    _workshop_context(context, user, strategy, measure)


def _workshop_context(context: dict, user, strategy, measure) -> None:
    workshop = services.workshop_create(
        actor=user, strategy=strategy, title="Visionsworkshop", held_on=datetime.date(2027, 3, 1),
        question="Wie arbeitet unsere Verwaltung 2030?",
    )  # fmt: skip
    participant = services.participant_join(workshop=workshop, secret="s" * 20)
    cluster = services.cluster_create(actor=user, workshop=workshop, name="Service")
    card, _created = services.card_post(
        workshop=workshop, participant=participant, text="Alles online", client_key="k1"
    )
    services.card_assign(actor=user, card=card, cluster=cluster)
    workshop = services.workshop_set_phase(actor=user, workshop=workshop, phase="vote")
    services.vote_cast(workshop=workshop, participant=participant, cluster=cluster)
    adoption = services.workshop_adopt(
        actor=user, workshop=workshop, kind="measure", text="Onlinezugang", cluster=cluster
    )
    board = selectors.workshop_board(workshop=workshop, participant=participant)
    adopt_form = AdoptForm(strategy=strategy)
    context.update(
        {
            "workshop": workshop,
            "workshops": selectors.workshop_list(strategy=strategy),
            "board": board,
            "participant": participant,
            "join_url": "https://kompass.example/w/abc/",
            "qr": qr_svg("https://kompass.example/w/abc/"),
            "input": selectors.workshop_input(workshop=workshop, language="de"),
            "phase_form": PhaseForm(),
            "cluster_form": ClusterForm(),
            "card_form": CardForm(),
            "workshop_form": WorkshopForm(),
            "join_form": JoinForm(),
            "votes_left": 2,
            "card_errors": ["Fehler"],
            "signed_in": True,
            "voting": True,
            "can_arrange": True,
            "adopt_rows": [
                {"cluster": cluster, "votes": 1, "cards": [], "adopted": [adoption],
                 "form": adopt_form}
            ],  # fmt: skip
            "any_card_form": AdoptForm(strategy=strategy, prefix="any", wording_required=False),
            "top_cards": [{"card": card, "votes": 1, "adopted": [], "form": adopt_form}],
            "adoption": adoption,
            "origins": selectors.strategy_origins(strategy=strategy),
            "entry": board.cards[0],
            "column": board.clusters[0],
            "target": "cluster",
            "target_id": cluster.pk,
            "mine": 1,
            "source": "cluster",
            "source_id": cluster.pk,
            "label": "Service",
        }
    )  # fmt: skip
    # The measure-page sections of several modules share the name "section" (strategy's
    # measure page includes each with its own context): the keys are merged, not replaced.
    context.setdefault("section", {}).update(
        {
            "origins": selectors.measure_origins(measure=adoption.measure),
            "slug": strategy.organisation.slug,
        }
    )
