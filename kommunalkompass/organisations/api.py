"""API for organisations, departments and memberships (mounted under /api/v1/)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination

from . import selectors, services
from .models import Department, Membership, Organisation
from .tenancy import api_organisation, get_scoped_or_404, requires

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    ags: str
    state: str
    population: int | None
    notes: str
    version: int


class OrganisationPatch(Schema):
    name: str | None = None
    kind: str | None = None
    ags: str | None = None
    state: str | None = None
    population: int | None = Field(None, ge=0)
    notes: str | None = None
    version: int | None = Field(
        None, description="The version you read; a stale version is refused with 400."
    )


class DepartmentOut(Schema):
    id: int
    name: str
    short_name: str


class DepartmentIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    short_name: str = Field("", max_length=30)


class MembershipOut(Schema):
    id: int
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    role: str
    department_id: int | None


class MembershipPatch(Schema):
    role: str


@router.get("/organisations", response=list[OrganisationOut], summary="Your organisations")
@paginate(Pagination)
def organisation_list(request: HttpRequest):
    return Organisation.objects.filter(organisations_membership__user=request.auth).order_by("name")


@router.get(
    "/organisations/{slug}",
    response=OrganisationOut,
    openapi_extra=requires("organisations.view_organisation"),
)
def organisation_detail(request: HttpRequest, slug: str):
    return api_organisation(request, slug, "organisations.view_organisation")


@router.patch(
    "/organisations/{slug}",
    response=OrganisationOut,
    openapi_extra=requires("organisations.change_organisation"),
)
def organisation_update(request: HttpRequest, slug: str, payload: OrganisationPatch):
    organisation = api_organisation(request, slug, "organisations.change_organisation")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    for name in ("name", "kind", "ags", "state", "notes"):
        if name in data and data[name] is None:
            data[name] = ""
    return services.organisation_update(
        actor=request.auth, organisation=organisation, version=version, **data
    )


@router.get(
    "/organisations/{slug}/departments",
    response=list[DepartmentOut],
    openapi_extra=requires("organisations.view_departments"),
)
@paginate(Pagination)
def department_list(request: HttpRequest, slug: str):
    organisation = api_organisation(request, slug, "organisations.view_departments")
    return selectors.department_list(organisation=organisation)


@router.post(
    "/organisations/{slug}/departments",
    response={201: DepartmentOut},
    openapi_extra=requires("organisations.manage_departments"),
)
def department_create(request: HttpRequest, slug: str, payload: DepartmentIn):
    organisation = api_organisation(request, slug, "organisations.manage_departments")
    return Status(
        201,
        services.department_create(actor=request.auth, organisation=organisation, **payload.dict()),
    )


@router.put(
    "/organisations/{slug}/departments/{department_id}",
    response=DepartmentOut,
    openapi_extra=requires("organisations.manage_departments"),
)
def department_update(request: HttpRequest, slug: str, department_id: int, payload: DepartmentIn):
    organisation = api_organisation(request, slug, "organisations.manage_departments")
    department = get_scoped_or_404(Department, organisation, pk=department_id)
    return services.department_update(actor=request.auth, department=department, **payload.dict())


@router.delete(
    "/organisations/{slug}/departments/{department_id}",
    response={204: None},
    openapi_extra=requires("organisations.manage_departments"),
)
def department_delete(request: HttpRequest, slug: str, department_id: int):
    organisation = api_organisation(request, slug, "organisations.manage_departments")
    department = get_scoped_or_404(Department, organisation, pk=department_id)
    services.department_delete(actor=request.auth, department=department)
    return Status(204, None)


@router.get(
    "/organisations/{slug}/memberships",
    response=list[MembershipOut],
    openapi_extra=requires("organisations.view_members"),
)
@paginate(Pagination)
def membership_list(request: HttpRequest, slug: str):
    organisation = api_organisation(request, slug, "organisations.view_members")
    return selectors.member_list(organisation=organisation)


@router.patch(
    "/organisations/{slug}/memberships/{membership_id}",
    response=MembershipOut,
    openapi_extra=requires("organisations.manage_members"),
)
def membership_update(
    request: HttpRequest, slug: str, membership_id: int, payload: MembershipPatch
):
    organisation = api_organisation(request, slug, "organisations.manage_members")
    membership = get_scoped_or_404(Membership, organisation, pk=membership_id)
    return services.membership_change_role(
        actor=request.auth, membership=membership, role=payload.role
    )


@router.delete(
    "/organisations/{slug}/memberships/{membership_id}",
    response={204: None},
    openapi_extra=requires("organisations.manage_members"),
)
def membership_delete(request: HttpRequest, slug: str, membership_id: int):
    organisation = api_organisation(request, slug, "organisations.manage_members")
    membership = get_scoped_or_404(Membership, organisation, pk=membership_id)
    services.membership_remove(actor=request.auth, membership=membership)
    return Status(204, None)
