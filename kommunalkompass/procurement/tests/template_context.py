"""Context for rendering the procurement templates in the template test."""

from kommunalkompass.procurement import catalogs, presentation, selectors, services
from kommunalkompass.procurement.forms import (
    BidUploadForm,
    ExclusionForm,
    LotForm,
    MethodForm,
    RequirementForm,
    ScoreForm,
)

from .factories import import_bid, make_published


def extend(context: dict) -> None:
    organisation = context["current_organisation"]
    specification = make_published(organisation)
    procurement = specification.procurement
    a = import_bid(specification, "Anbieter A", 100_000)
    b = import_bid(specification, "Anbieter B", 120_000, fulfilled={"VK-01": "nein"})
    evaluation = services.evaluation_configure(
        actor=None, procurement=procurement, method="weighted",
        parameters={"reference": "mean", "weight_performance": "0.6", "weight_price": "0.4"},
    )  # fmt: skip
    requirements = list(specification.requirements.filter(kind="B"))
    for bid, points in ((a, 6), (b, 8)):
        services.scores_update(
            actor=None, evaluation=evaluation, bid=bid, points={r.pk: points for r in requirements}
        )
    result = selectors.evaluation_result(procurement=procurement)
    draft = services.specification_new_draft(actor=None, procurement=procurement)
    context.update(
        {
            "procurement": procurement,
            "procurements": selectors.procurement_list(organisation=organisation),
            "procurement_catalogs": [
                (c, c.title.de, c.description.de) for c in catalogs.shipped_catalogs()
            ],  # fmt: skip
            "procedure_hint": selectors.procedure_hint(
                procurement=procurement,
                day=__import__("datetime").date(2026, 12, 5),
                language="de",
            ),  # fmt: skip
            "evb_it": selectors.evb_it_type("cloud"),
            "evb_it_use": "Cloud",
            "evb_it_source": catalogs.load_evb_it(),
            "latest_version": draft,
            "published_version": specification,
            "draft_version": draft,
            "spec_versions": procurement.versions.all(),
            "requirement_groups": selectors.requirement_groups(specification=draft),
            "requirement_totals": selectors.specification_totals(specification=draft),
            "spec_lots": draft.lots.all(),
            "served_measures": [],
            "bid_count": 2,
            "requirement_form": RequirementForm(),
            "lot_form": LotForm(),
            "requirement": requirements[0],
            "requirement_frozen": False,
            "bid_rows": [(bid, selectors.bid_total(bid)) for bid in (a, b)],
            "row_errors": ["Row 2: the requirement text of VK-01 was changed"],
            "evaluation_frozen": False,
            "bid": b,
            "bid_total": selectors.bid_total(b),
            "bid_prices": b.prices.all(),
            "bid_answers": selectors.bid_answers(bid=b),
            "evaluation_result": result,
            "method_form": MethodForm(),
            "can_sign": True,
            "signed_by_me": False,
            "ranking_rows": presentation.calculation_rows(result, "de"),
            "margin_rows": presentation.sensitivity_rows(result, "de"),
            "robust_count": presentation.robust_count(result),
            "method_text": presentation.method_text(result.parameters, "de"),
            "open_evaluation": evaluation,
            "score_rows": [
                (ScoreForm(requirements=requirements)[f"points_{r.pk}"], r, None)
                for r in requirements
            ],  # fmt: skip
            "bid_exclusion": None,
            "exclusion_form": ExclusionForm(specification=specification),
            "a_answers": list(b.answers.filter(requirement__kind="A")),
            "upload_form": BidUploadForm(),
        }
    )
