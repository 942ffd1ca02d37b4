"""API of the procurement module (mounted under /api/v1/): procurements, their requirements,
bids and the evaluation, read only. The evaluation is the same ``evaluation_result`` the
page and the report show."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination
from kommunalkompass.organisations.tenancy import api_organisation, get_scoped_or_404, requires

from . import presentation, selectors
from .models import Procurement

router = Router(tags=["procurement"])
VIEW = "procurement.view_procurements"
BASE = "/organisations/{slug}/procurements"


class ProcurementOut(Schema):
    id: int
    title: str
    subject: str
    estimated_value: Decimal
    evb_it_type: str
    catalog_key: str
    measures: list[int]
    versions: list[dict]
    evaluation_status: str | None
    stage: str


def _out(procurement: Procurement) -> dict:
    evaluation = getattr(procurement, "evaluation", None)
    return {
        "id": procurement.pk,
        "title": procurement.title,
        "subject": procurement.subject,
        "estimated_value": procurement.estimated_value,
        "evb_it_type": procurement.evb_it_type,
        "catalog_key": procurement.catalog_key,
        "measures": [m.pk for m in procurement.measures.all()],
        "versions": [
            {"number": v.number, "status": v.status, "published_at": v.published_at}
            for v in procurement.versions.all()
        ],
        "evaluation_status": evaluation.status if evaluation else None,
        "stage": procurement.stage,
    }


def _procurement(request: HttpRequest, slug: str, procurement_id: int) -> Procurement:
    organisation = api_organisation(request, slug, VIEW)
    return get_scoped_or_404(
        Procurement.objects.prefetch_related("measures", "versions"), organisation,
        pk=procurement_id,
    )  # fmt: skip


@router.get(BASE, response=list[ProcurementOut], openapi_extra=requires(VIEW))
@paginate(Pagination)
def procurement_list(request: HttpRequest, slug: str):
    """The organisation's procurements, newest first."""
    organisation = api_organisation(request, slug, VIEW)
    rows = selectors.procurement_list(organisation=organisation).prefetch_related(
        "measures", "versions"
    )
    return [_out(p) for p in rows]


@router.get(BASE + "/{procurement_id}", response=ProcurementOut, openapi_extra=requires(VIEW))
def procurement_detail(request: HttpRequest, slug: str, procurement_id: int):
    """One procurement with its versions and the measures it serves."""
    return _out(_procurement(request, slug, procurement_id))


class RequirementOut(Schema):
    key: str
    group: str
    non_functional: bool
    kind: str
    weight: int
    text: str
    text_en: str
    evidence: str


class RequirementsOut(Schema):
    version: int | None
    status: str | None
    requirements: list[RequirementOut]


@router.get(
    BASE + "/{procurement_id}/requirements", response=RequirementsOut,
    openapi_extra=requires(VIEW),
)  # fmt: skip
def requirements(
    request: HttpRequest,
    slug: str,
    procurement_id: int,
    version: int | None = Query(None, ge=1, le=32767),  # noqa: B008 (ninja's way)
):
    """The requirements of a version (``version``; by default the newest)."""
    procurement = _procurement(request, slug, procurement_id)
    versions = procurement.versions.order_by("-number")
    specification = (
        versions.filter(number=version).first() if version is not None else versions.first()
    )
    if specification is None:
        return {"version": None, "status": None, "requirements": []}
    return {
        "version": specification.number,
        "status": specification.status,
        "requirements": list(specification.requirements.order_by("position", "pk")),
    }


class PriceOut(Schema):
    lot: int
    price: Decimal


class BidOut(Schema):
    id: int
    bidder: str
    version: int
    prices: list[PriceOut]
    total: Decimal
    created_at: datetime.datetime


@router.get(BASE + "/{procurement_id}/bids", response=list[BidOut], openapi_extra=requires(VIEW))
def bids(request: HttpRequest, slug: str, procurement_id: int):
    """The bids with their prices per lot."""
    procurement = _procurement(request, slug, procurement_id)
    return [
        {
            "id": bid.pk,
            "bidder": bid.bidder,
            "version": bid.specification.number,
            "prices": [{"lot": p.lot.number, "price": p.price} for p in bid.prices.all()],
            "total": selectors.bid_total(bid),
            "created_at": bid.created_at,
        }
        for bid in selectors.bids_of(procurement=procurement)
    ]


class LineOut(Schema):
    rank: int | None
    bidder: str
    performance: float
    price: Decimal
    score: float | None
    excluded: bool
    exclusion_reason: str
    calculation: str
    in_band: bool | None


class MarginOut(Schema):
    input: str
    current: float
    changes_award_at: float
    new_winner: str


class SignOffOut(Schema):
    signer: str
    role: str
    signed_at: datetime.datetime


class EvaluationOut(Schema):
    method: str | None
    parameters: dict
    method_text: str
    status: str | None
    version: int | None
    warning: str
    missing: list[str]
    error: str
    winner: str | None
    ranking: list[LineOut]
    sensitivity: list[MarginOut]
    signoffs: list[SignOffOut]


@router.get(
    BASE + "/{procurement_id}/evaluation", response=EvaluationOut, openapi_extra=requires(VIEW)
)
def evaluation(request: HttpRequest, slug: str, procurement_id: int):
    """The evaluation as the page shows it: method, ranking with calculation, sensitivity."""
    procurement = _procurement(request, slug, procurement_id)
    result = selectors.evaluation_result(procurement=procurement)
    calculations = {row.bidder: row.calculation for row in
                    presentation.calculation_rows(result, "de")}  # fmt: skip
    ranking = []
    if result.ranking is not None:
        for line, row in result.ranked:
            ranking.append({
                "rank": line.rank, "bidder": line.key, "performance": float(line.performance),
                "price": row.price, "score": float(line.score) if line.score is not None else None,
                "excluded": line.excluded,
                "exclusion_reason": row.excluded.reason if row.excluded else "",
                "calculation": calculations.get(line.key, ""), "in_band": line.in_band,
            })  # fmt: skip
    return {
        "method": result.evaluation.method if result.evaluation else None,
        "parameters": result.evaluation.parameters if result.evaluation else {},
        "method_text": presentation.method_text(result.parameters, "de") if result.parameters
        else "",
        "status": result.evaluation.status if result.evaluation else None,
        "version": result.specification.number if result.specification else None,
        "warning": "mean" if result.warns_mean else "",
        "missing": result.missing,
        "error": result.error,
        "winner": result.ranking.winner.key if result.ranking and result.ranking.winner else None,
        "ranking": ranking,
        "sensitivity": [
            {"input": m.what, "current": float(m.current), "changes_award_at": float(m.needed),
             "new_winner": m.runner_up or ""}
            for m in result.margins if m.needed is not None
        ],
        "signoffs": [
            {"signer": s.signer_name, "role": s.signer_role, "signed_at": s.signed_at}
            for s in result.signoffs
        ],
    }  # fmt: skip
