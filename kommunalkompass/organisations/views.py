import json
import tempfile

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kommunalkompass.audit.presentation import present_events
from kommunalkompass.audit.selectors import audit_event_list
from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import document_language
from kommunalkompass.documents.downloads import document_response

from . import portability, selectors, services
from .documents import portfolio_document
from .downloads import Offer, downloads
from .forms import (
    AccountForInvitationForm,
    DepartmentForm,
    InvitationForm,
    OrganisationCreateForm,
    OrganisationUpdateForm,
    RoleForm,
)
from .journey import journey_for
from .models import Department, Invitation, Membership
from .portfolio import (
    Portfolio,
    PortfolioFilters,
    build_portfolio,
    filter_choices,
    filter_memberships,
)
from .tenancy import get_scoped_or_404, organisation_view


def _portfolio(request: HttpRequest) -> tuple[Portfolio, PortfolioFilters, list]:
    """The portfolio of the signed-in user as the request filters and sorts it: only the
    organisations the user is a member of, whatever the query string says."""
    everything = list(selectors.membership_list_for_user(user=request.user))
    filters = PortfolioFilters(
        query=request.GET.get("q", "").strip(),
        state=request.GET.get("state", "").strip(),
        kind=request.GET.get("kind", "").strip(),
    )
    portfolio = build_portfolio(
        filter_memberships(everything, filters), sort=request.GET.get("sort", "name")
    )
    return portfolio, filters, everything


def _portfolio_headers(request: HttpRequest, portfolio: Portfolio) -> list[dict]:
    """Each sortable heading with the address that sorts by it (again: the other way
    round) and its ``aria-sort``."""
    key, descending = portfolio.sort.removeprefix("-"), portfolio.sort.startswith("-")
    columns = [
        ("name", _("Organisation"), False),
        ("kind", _("Kind"), False),
        ("state", _("State"), False),
        *((column.key, column.label, column.numeric) for column in portfolio.columns),
    ]
    headers = []
    for name, label, numeric in columns:
        query = request.GET.copy()
        query["sort"] = f"-{name}" if name == key and not descending else name
        headers.append(
            {
                "key": name,
                "label": label,
                "numeric": numeric,
                "url": f"?{query.urlencode()}",
                "aria_sort": ("descending" if descending else "ascending") if name == key else "",
            }
        )
    return headers


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The user's organisations; with several, the portfolio: their figures side by side,
    sortable (``?sort=``), filtered by state and kind, exportable as XLSX."""
    portfolio, filters, everything = _portfolio(request)
    export = request.GET.copy()
    export.pop("page", None)
    context = {
        "portfolio": portfolio,
        "memberships": [row.membership for row in portfolio.rows],
        "headers": _portfolio_headers(request, portfolio),
        "filters": filters,
        "query": filters.query,
        "choices": filter_choices(everything),
        "several": len(everything) > 1,
        "has_memberships": bool(everything),
        "export_url": reverse("organisations:portfolio_xlsx")
        + (f"?{export.urlencode()}" if export else ""),
    }
    template = (
        "organisations/_organisation_rows.html" if request.htmx else "organisations/list.html"
    )
    return TemplateResponse(request, template, context)


@login_required
@require_GET
def portfolio_export(request: HttpRequest) -> HttpResponse:
    """The portfolio as the page shows it (same filters and order), as an XLSX file."""
    portfolio, _filters, _everything = _portfolio(request)
    document = portfolio_document(
        portfolio=portfolio,
        author=request.user.full_name or request.user.email,
        language=document_language(request),
    )
    return document_response(document, "xlsx")


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(creator=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation has been created."))
            return redirect("organisations:home", organisation.slug)
    return TemplateResponse(request, "organisations/create.html", {"form": form})


@login_required
@require_GET
def register_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    entries = list(selectors.register_search(query=query))
    for entry in entries:
        entry.prefill_json = json.dumps(entry.organisation_prefill())
    return TemplateResponse(
        request, "organisations/_register_results.html", {"entries": entries, "query": query}
    )


@organisation_view("organisations.view_organisation")
@require_GET
def organisation_home(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "organisations/home.html", {"journey": journey_for(request.organisation)}
    )


@organisation_view("organisations.change_organisation")
def organisation_settings(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    form = OrganisationUpdateForm(
        request.POST or None,
        request.FILES or None,
        instance=organisation,
        initial={"version": organisation.version},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        logo, remove_logo = data.pop("logo"), data.pop("remove_logo")
        try:
            services.organisation_settings_update(
                actor=request.user,
                organisation=organisation,
                version=version,
                logo=logo.read(services.LOGO_MAX_BYTES + 1) if logo and not remove_logo else None,
                remove_logo=bool(remove_logo),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("organisations:settings", organisation.slug)
    return TemplateResponse(request, "organisations/settings.html", {"form": form})


# Archives up to this size are built in memory, larger ones in a temporary file.
EXPORT_IN_MEMORY_BYTES = 16 * 1024 * 1024


@organisation_view("organisations.export_organisation")
@require_POST
def organisation_export(request: HttpRequest) -> HttpResponse:
    """The whole organisation as one ZIP archive (docs/operations.md, "Leaving")."""
    # FileResponse closes the file once it is sent.
    archive = tempfile.SpooledTemporaryFile(max_size=EXPORT_IN_MEMORY_BYTES)  # noqa: SIM115
    portability.organisation_export(
        actor=request.user, organisation=request.organisation, target=archive
    )
    archive.seek(0)
    return FileResponse(
        archive,
        as_attachment=True,
        filename=portability.archive_filename(request.organisation),
        content_type="application/zip",
    )


MEMBERS_PER_PAGE = 25


def _members_page(request: HttpRequest, invitation_form: InvitationForm | None = None, status=200):
    organisation = request.organisation
    can_manage = request.user.has_perm("organisations.manage_members", organisation)
    member_page = Paginator(selectors.member_list(organisation=organisation), MEMBERS_PER_PAGE)
    member_page = member_page.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "organisations/members.html",
        {
            "members": member_page.object_list,
            "member_page": member_page,
            "invitations": (
                selectors.invitation_list_pending(organisation=organisation) if can_manage else []
            ),
            "can_manage": can_manage,
            "invitation_form": invitation_form or InvitationForm(),
            "role_choices": RoleForm.base_fields["role"].choices,
            "downloads": downloads(
                request,
                Offer(
                    "organisations:team_document",
                    _("Team list"),
                    description=_("Members with role and department, and the departments."),
                ),
            ),
        },
        status=status,
    )


@organisation_view("organisations.view_members")
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    return _members_page(request)


@organisation_view("organisations.manage_members")
@require_POST
def member_invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                organisation=request.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                link_for=lambda token: request.build_absolute_uri(
                    reverse("organisations:invitation_accept", args=[token])
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("organisations:members", request.organisation.slug)
    return _members_page(request, invitation_form=form, status=400)


@organisation_view("organisations.manage_members")
@require_POST
def member_change_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_scoped_or_404(
        Membership.objects.select_related("user"), request.organisation, pk=pk
    )
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["role"][0])
        services.membership_change_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The role of %(email)s has been changed.") % {"email": membership.user.email}
        )
    return redirect("organisations:members", request.organisation.slug)


@organisation_view("organisations.manage_members")
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_scoped_or_404(
        Membership.objects.select_related("user"), request.organisation, pk=pk
    )
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("organisations:members", request.organisation.slug)
    messages.success(
        request,
        _("%(email)s has been removed from the organisation.") % {"email": membership.user.email},
    )
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("organisations:members", request.organisation.slug)


@organisation_view("organisations.manage_members")
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_scoped_or_404(Invitation, request.organisation, pk=pk)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("organisations:members", request.organisation.slug)


DEPARTMENTS_PER_PAGE = 25


def _departments_page(request: HttpRequest, form: DepartmentForm | None = None, status=200):
    organisation = request.organisation
    department_page = Paginator(
        selectors.department_list(organisation=organisation), DEPARTMENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "organisations/departments.html",
        {
            "departments": department_page.object_list,
            "department_page": department_page,
            "form": form or DepartmentForm(),
            "can_manage": request.user.has_perm("organisations.manage_departments", organisation),
        },
        status=status,
    )


@organisation_view("organisations.view_departments")
@require_GET
def department_list(request: HttpRequest) -> HttpResponse:
    return _departments_page(request)


@organisation_view("organisations.manage_departments")
@require_POST
def department_create(request: HttpRequest) -> HttpResponse:
    form = DepartmentForm(request.POST)
    if form.is_valid():
        try:
            services.department_create(
                actor=request.user, organisation=request.organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The department has been added."))
            return redirect("organisations:departments", request.organisation.slug)
    return _departments_page(request, form=form, status=400)


@organisation_view("organisations.manage_departments")
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_scoped_or_404(Department, request.organisation, pk=pk)
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        try:
            services.department_update(
                actor=request.user, department=department, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The department has been saved."))
            return redirect("organisations:departments", request.organisation.slug)
    return TemplateResponse(
        request, "organisations/department_edit.html", {"form": form, "department": department}
    )


@organisation_view("organisations.manage_departments")
@require_POST
def department_delete(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_scoped_or_404(Department, request.organisation, pk=pk)
    services.department_delete(actor=request.user, department=department)
    messages.success(request, _("The department has been deleted."))
    return redirect("organisations:departments", request.organisation.slug)


@organisation_view("organisations.view_audit_log")
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(audit_event_list(organisation=request.organisation), 25).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "organisations/audit_log.html",
        {"page": page, "events": present_events(page.object_list)},
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Public page behind the e-mailed link: join the organisation, with a new account if needed."""
    invitation = selectors.invitation_by_token(token)
    try:
        services.invitation_check(invitation)
    except ValidationError as error:
        return TemplateResponse(
            request,
            "organisations/invitation_invalid.html",
            {"message": error.messages[0]},
            status=404 if invitation is None else 410,
        )
    from kommunalkompass.accounts.models import User

    existing_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if not request.user.is_authenticated and not existing_account:
        form = AccountForInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                membership = services.invitation_accept(token=token, user=request.user)
            elif form is not None and form.is_valid():
                membership = services.invitation_accept(
                    token=token,
                    user=None,
                    new_user={
                        "full_name": form.cleaned_data["full_name"],
                        "password": form.cleaned_data["password"],
                    },
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                membership = None
        except ValidationError as error:
            if form is not None:
                add_service_errors(form, error)
            else:
                messages.error(request, error.messages[0])
            membership = None
        if membership is not None:
            messages.success(
                request,
                _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name},
            )
            return redirect("organisations:home", membership.organisation.slug)
    return TemplateResponse(
        request,
        "organisations/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "existing_account": existing_account,
            "wrong_account": request.user.is_authenticated
            and request.user.email.lower() != invitation.email.lower(),
        },
        status=400 if form is not None and form.is_bound else 200,
    )
