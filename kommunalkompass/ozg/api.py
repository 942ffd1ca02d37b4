"""API of the OZG module (mounted under /api/v1/): the catalog, service states, dashboard."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination
from kommunalkompass.organisations.selectors import department_list
from kommunalkompass.organisations.tenancy import api_organisation, requires

from . import selectors, services
from .levels import MAX_LEVEL
from .models import ServiceState

router = Router(tags=["ozg"])
VIEW, MANAGE = "ozg.view_services", "ozg.manage_services"


class VerwaltungsleistungOut(Schema):
    leika_key: str
    name: str
    leika_type: str
    legal_basis: str


class CatalogItem(Schema):
    ozg_id: str
    name: str
    themenfeld: str | None
    lebenslage: str | None
    jurisdiction: str
    verwaltungsleistungen: list[VerwaltungsleistungOut]

    @staticmethod
    def resolve_themenfeld(obj) -> str | None:
        return obj.themenfeld.name if obj.themenfeld else None

    @staticmethod
    def resolve_lebenslage(obj) -> str | None:
        return obj.lebenslage.name if obj.lebenslage else None

    @staticmethod
    def resolve_verwaltungsleistungen(obj) -> list:
        return list(obj.verwaltungsleistungen.all())


@router.get("/ozg/catalog", response=list[CatalogItem])
@paginate(Pagination)
def catalog(request: HttpRequest, q: str = ""):
    """The installation's OZG catalog; ``q`` searches name, OZG-ID and LeiKa key."""
    return selectors.catalog_search(q).prefetch_related("verwaltungsleistungen").order_by("ozg_id")


class StateOut(Schema):
    ozg_id: str
    name: str
    relevant: bool
    status: str
    model_version: str
    level: int | None
    target_level: int | None
    target_date: datetime.date | None
    department: int | None
    responsible_person: str
    solution: str
    solution_name: str
    go_live: datetime.date | None
    online_url: str
    version: int


def _state_out(state: ServiceState) -> dict:
    return {
        "ozg_id": state.leistung.ozg_id,
        "name": state.leistung.name,
        "department": state.department_id,
        **{
            name: getattr(state, name)
            for name in StateOut.model_fields
            if name not in ("ozg_id", "name", "department")
        },
    }


@router.get(
    "/organisations/{slug}/ozg/services", response=list[StateOut], openapi_extra=requires(VIEW)
)
@paginate(Pagination)
def service_list(request: HttpRequest, slug: str, q: str = "", status: str = ""):
    """The organisation's service states; filter by ``q`` and ``status``."""
    organisation = api_organisation(request, slug, VIEW)
    states = selectors.service_states(
        organisation=organisation,
        q=q,
        status=status if status in ServiceState.Status.values else "",
    )
    return [_state_out(state) for state in states]


class BulkIn(Schema):
    ozg_ids: list[str] = Field(..., min_length=1, description="OZG-IDs of tracked services")
    status: str | None = None
    department: int | None = None
    solution: str | None = None
    # Absent leaves a text as it is and "" clears it; null is no text (a 422, not a 500).
    solution_name: str = Field(None, description='Left out: unchanged; "": cleared')
    solution_provider: str = Field(None, description='Left out: unchanged; "": cleared')


class BulkOut(Schema):
    updated: int


@router.patch(
    "/organisations/{slug}/ozg/services", response=BulkOut, openapi_extra=requires(MANAGE)
)
def service_bulk(request: HttpRequest, slug: str, payload: BulkIn):
    """Set status, department or solution of many services at once: all of them or none."""
    organisation = api_organisation(request, slug, MANAGE)
    data = payload.dict(exclude_unset=True)
    ozg_ids = list(dict.fromkeys(data.pop("ozg_ids")))
    states = list(selectors.service_states_by_ozg_id(organisation=organisation, ozg_ids=ozg_ids))
    found = {state.leistung.ozg_id for state in states}
    missing = [ozg_id for ozg_id in ozg_ids if ozg_id not in found]
    if missing:
        raise ValidationError(
            {
                "ozg_ids": _("Not tracked by this organisation: %(ids)s.")
                % {"ids": ", ".join(missing)}
            }
        )
    if "department" in data:
        department = (
            department_list(organisation=organisation).filter(pk=data["department"]).first()
        )
        if data["department"] is not None and department is None:
            raise ValidationError({"department": _("Choose a department of this organisation.")})
        data["department"] = department
    if "status" in data and data["status"] not in ServiceState.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    if "solution" in data and data["solution"] not in ["", *ServiceState.Solution.values]:
        raise ValidationError({"solution": _("Choose one of the solutions offered.")})
    count = services.service_states_bulk_update(
        actor=request.auth, organisation=organisation, states=states, **data
    )
    return {"updated": count}


class DashboardOut(Schema):
    relevant: int
    online_national: int
    compliant: int
    share_online: float | None = Field(
        None, description="online_national / relevant as a fraction (0.66 is 66 %)"
    )
    share_compliant: float | None = Field(None, description="compliant / relevant as a fraction")
    by_level: dict[str, int]
    by_status: dict[str, int]
    by_themenfeld: list[dict]
    by_department: list[dict]
    due: list[str]
    overdue: list[str]


@router.get(
    "/organisations/{slug}/ozg/dashboard", response=DashboardOut, openapi_extra=requires(VIEW)
)
def dashboard(request: HttpRequest, slug: str):
    """The dashboard figures: both counting rules, levels, statuses, Themenfelder,
    departments and the OZG-IDs of the services due within 90 days and overdue."""
    organisation = api_organisation(request, slug, VIEW)
    version = selectors.ozg_settings(organisation=organisation).model_version
    data = selectors.dashboard(
        organisation=organisation,
        today=timezone.localdate(),
        highest_level=MAX_LEVEL[version],
    )
    return {
        "relevant": data.relevant,
        "online_national": data.online_national,
        "compliant": data.compliant,
        "share_online": data.share_online,
        "share_compliant": data.share_compliant,
        "by_level": dict(data.by_level),
        "by_status": {value: count for value, _label, count in data.by_status},
        "by_themenfeld": data.by_themenfeld,
        "by_department": data.by_department,
        "due": [s.leistung.ozg_id for s in data.due],
        "overdue": [s.leistung.ozg_id for s in data.overdue],
    }
