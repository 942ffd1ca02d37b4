from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from kommunalkompass.audit.presentation import present_events
from kommunalkompass.core.filters import filter_select
from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import content_language
from kommunalkompass.organisations.downloads import Offer, downloads
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.tenancy import get_scoped_or_404, organisation_view

from . import selectors, services
from .aggregates import MIN_ORGANISATIONS, installation_dashboard
from .charts import progress_figure, status_figure, themenfeld_figure
from .forms import BulkForm, CriteriaForm, DutyForm, SettingsForm, StateForm, UsageForm
from .levels import MAX_LEVEL
from .maturity import get_model
from .models import Jurisdiction, LegalDuty, ServiceState

PAGE_SIZE = 50


def _without_page(query) -> str:
    """The list's query parameters for its page links, without the page itself."""
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()


LIST_LIMIT = 10  # due and overdue services named on the dashboard (the report lists all)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_perm("ozg.manage_services", request.organisation)


@organisation_view("ozg.view_services")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The OZG state of the organisation at a glance."""
    settings = selectors.ozg_settings(organisation=request.organisation)
    data = selectors.dashboard(
        organisation=request.organisation,
        today=timezone.localdate(),
        highest_level=MAX_LEVEL[settings.model_version],
    )
    progress = selectors.progress(organisation=request.organisation)
    language = content_language()
    return TemplateResponse(
        request,
        "ozg/dashboard.html",
        {
            "settings": settings,
            "dashboard": data,
            "overdue": data.overdue[:LIST_LIMIT],
            "overdue_more": max(0, len(data.overdue) - LIST_LIMIT),
            "due": data.due[:LIST_LIMIT],
            "due_more": max(0, len(data.due) - LIST_LIMIT),
            "progress": progress,
            "progress_figure": progress_figure(progress, language) if len(progress) > 1 else None,
            "themenfeld_figure": themenfeld_figure(data.by_themenfeld, language),
            "status_figure": status_figure(data.by_status, language),
            "settings_form": SettingsForm(
                initial={
                    "model_version": settings.model_version,
                    "share_for_aggregation": settings.share_for_aggregation,
                }
            ),
            "can_manage": _can_manage(request),
            "downloads": downloads(
                request,
                Offer(
                    "ozg:report",
                    _("OZG status report"),
                    description=_(
                        "Key figures, levels and status by Themenfeld and department, progress "
                        "by month, overdue and due services."
                    ),
                ),
                Offer(
                    "ozg:services_export",
                    _("Services as a table"),
                    description=_("Every tracked service with its state, one row each."),
                ),
            ),
        },
    )


def _filters(request: HttpRequest) -> dict:
    get = request.GET
    return {
        "q": get.get("q", "").strip()[:100],
        "themenfeld": _int(get.get("themenfeld")),
        "lebenslage": _int(get.get("lebenslage")),
        "status": get.get("status", "") if get.get("status") in ServiceState.Status.values else "",
        "level": _int(get.get("level")),
        "department": _int(get.get("department")),
        "jurisdiction": get.get("jurisdiction", "")
        if get.get("jurisdiction") in Jurisdiction.values
        else "",
    }


@organisation_view("ozg.view_services")
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    """The services with filters and search; htmx requests get the table only."""
    filters = _filters(request)
    states = selectors.service_states(organisation=request.organisation, **filters)
    page = Paginator(states, PAGE_SIZE).get_page(request.GET.get("page"))
    choices = selectors.service_filter_choices(organisation=request.organisation)
    labels = {
        "themenfeld": _("Themenfeld"),
        "lebenslage": _("Lebenslage"),
        "status": _("Status"),
        "level": _("Level"),
        "department": _("Department"),
        "jurisdiction": _("Jurisdiction"),
    }
    context = {
        "page": page,
        "filters": filters,
        "query": _without_page(request.GET),
        "filter_selects": [
            filter_select(name, label, choices[name], filters[name])
            for name, label in labels.items()
        ],
        "bulk_form": BulkForm(organisation=request.organisation),
        "can_manage": _can_manage(request),
        "offer": selectors.take_over_offer(organisation=request.organisation),
    }
    template = "ozg/_service_table.html" if request.htmx else "ozg/services.html"
    return TemplateResponse(request, template, context)


@organisation_view("ozg.manage_services")
@require_POST
def service_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST, organisation=request.organisation)
    ids = [i for i in (_int(v) for v in request.POST.getlist("state")) if i]
    back = request.POST.get("back", "")
    if form.is_valid():
        states = selectors.service_states_by_id(organisation=request.organisation, ids=ids)
        try:
            count = services.service_states_bulk_update(
                actor=request.user,
                organisation=request.organisation,
                states=states,
                **form.changes(),
            )
        except ValidationError as error:
            for message in error.messages[:20]:
                messages.error(request, message)
        else:
            messages.success(request, _("%(count)d services have been updated.") % {"count": count})
    else:
        messages.error(request, _("Choose valid values."))
    url = redirect("ozg:services", request.organisation.slug).url
    return redirect(f"{url}?{back}" if back and not back.startswith(("/", "http")) else url)


@organisation_view("ozg.manage_services")
@require_POST
def track(request: HttpRequest) -> HttpResponse:
    """Take over the catalog: the services the organisation's kind executes, and on
    request the undecided ones and those of other levels."""
    chosen = set(request.POST.getlist("also"))
    result = services.catalog_take_over(
        actor=request.user,
        organisation=request.organisation,
        undecided="undecided" in chosen,
        other_municipal="other_municipal" in chosen,
        non_municipal="non_municipal" in chosen,
    )
    tracked = ngettext(
        "%(count)d service of the catalog is now tracked.",
        "%(count)d services of the catalog are now tracked.",
        result.total,
    ) % {"count": result.total}
    if result.non_municipal:
        tracked += " " + ngettext(
            "%(count)d of them, executed by the state or the federation, is not relevant.",
            "%(count)d of them, executed by the state or the federation, are not relevant.",
            result.non_municipal,
        ) % {"count": result.non_municipal}
    messages.success(request, tracked)
    left_out = sum(result.left_out.values())
    if left_out:
        messages.info(
            request,
            ngettext(
                "%(count)d service of other levels or of unknown level was not taken over; "
                "you can take it over later.",
                "%(count)d services of other levels or of unknown level were not taken over; "
                "you can take them over later.",
                left_out,
            )
            % {"count": left_out},
        )
    return redirect("ozg:services", request.organisation.slug)


@organisation_view("ozg.view_services")
@require_GET
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    state = get_scoped_or_404(ServiceState, request.organisation, pk=pk)
    return _detail(request, state, StateForm(
        instance=state, organisation=request.organisation, initial={"version": state.version}
    ))  # fmt: skip


def _detail(request, state, form, status=200, criteria_form=None, usage_form=None) -> HttpResponse:
    history = present_events(selectors.service_state_history(state=state))
    return TemplateResponse(
        request,
        "ozg/service_detail.html",
        {
            "state": state,
            "leistung": state.leistung,
            "verwaltungsleistungen": state.leistung.verwaltungsleistungen.all(),
            "execution": selectors.service_execution(
                leistung=state.leistung, language=content_language()
            ),
            "form": form,
            "history": history,
            "can_manage": _can_manage(request),
            "highest_level": MAX_LEVEL.get(state.model_version, 7),
            "criteria_form": criteria_form
            or CriteriaForm(model=get_model(state.model_version), ratings=state.criteria),
            "usage_form": usage_form or UsageForm(),
            "usage": selectors.usage_list(state=state),
        },
        status=status,
    )


@organisation_view("ozg.manage_services")
@require_POST
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    state = get_scoped_or_404(ServiceState, request.organisation, pk=pk)
    form = StateForm(request.POST, instance=state, organisation=request.organisation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.service_state_update(actor=request.user, state=state, version=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("ozg:service", request.organisation.slug, pk)
    state.refresh_from_db()
    return _detail(request, state, form, status=400)


@organisation_view("ozg.manage_services")
@require_POST
def service_measure(request: HttpRequest, pk: int) -> HttpResponse:
    """Make bringing this service online a measure of the strategy, in one step."""
    state = get_scoped_or_404(ServiceState, request.organisation, pk=pk)
    try:
        measure = services.service_measure_create(actor=request.user, state=state)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The service is now measure %(code)s of the strategy.") % {"code": measure.code},
        )
    return redirect("ozg:service", request.organisation.slug, pk)


@organisation_view("ozg.view_services")
@require_GET
def duty_list(request: HttpRequest) -> HttpResponse:
    """The legal duties beyond the OZG that apply to the organisation, and their state;
    those that bind only its municipal companies in a section of their own."""
    rows = selectors.duty_rows(organisation=request.organisation, language=content_language())
    return TemplateResponse(
        request,
        "ozg/duties.html",
        {
            "duty_rows": [row for row in rows if not row.for_companies],
            "company_duty_rows": [row for row in rows if row.for_companies],
            "can_manage": _can_manage(request),
            "today": timezone.localdate(),
        },
    )


def _duty(request: HttpRequest, pk: int) -> LegalDuty:
    """The duty ``pk``; a duty of another state's law is a 404, as an unknown one."""
    duty = selectors.legal_duty(organisation=request.organisation, pk=pk)
    if duty is None:
        raise Http404
    return duty


@organisation_view("ozg.view_services")
@require_GET
def duty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    duty = _duty(request, pk)
    state = selectors.duty_state(organisation=request.organisation, duty=duty)
    return _duty_page(request, duty, DutyForm(instance=state), state)


def _duty_page(request, duty, form, state, status=200) -> HttpResponse:
    # The stored record, not the form's instance: a refused edit leaves the record unchanged.
    row = selectors.duty_row(
        organisation=request.organisation, duty=duty, language=content_language()
    )
    return TemplateResponse(
        request,
        "ozg/duty_detail.html",
        {"row": row, "form": form, "state": state, "can_manage": _can_manage(request)},
        status=status,
    )


@organisation_view("ozg.manage_services")
@require_POST
def duty_edit(request: HttpRequest, pk: int) -> HttpResponse:
    duty = _duty(request, pk)
    state = selectors.duty_state(organisation=request.organisation, duty=duty)
    form = DutyForm(request.POST, instance=state)
    if form.is_valid():
        try:
            services.duty_state_update(
                actor=request.user, organisation=request.organisation, duty=duty,
                **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("ozg:duty", request.organisation.slug, pk)
    return _duty_page(request, duty, form, state, status=400)


@organisation_view("ozg.manage_services")
@require_POST
def duty_measure(request: HttpRequest, pk: int) -> HttpResponse:
    duty = _duty(request, pk)
    try:
        measure = services.duty_measure_create(
            actor=request.user, organisation=request.organisation, duty=duty
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The duty is now measure %(code)s of the strategy.") % {"code": measure.code},
        )
    return redirect("ozg:duty", request.organisation.slug, pk)


@organisation_view("ozg.manage_services")
@require_POST
def duty_measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the duty's status over from its linked strategy measure."""
    duty = _duty(request, pk)
    try:
        state = services.duty_state_take_measure_status(
            actor=request.user, organisation=request.organisation, duty=duty
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The duty's status is now “%(status)s”, as its measure's.")
            % {"status": state.get_status_display()},
        )
    if request.POST.get("back") == "list":
        return redirect("ozg:duties", request.organisation.slug)
    return redirect("ozg:duty", request.organisation.slug, pk)


@organisation_view("ozg.manage_services")
@require_POST
def settings_update(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.ozg_settings_update(
            actor=request.user, organisation=request.organisation, **form.cleaned_data
        )
        messages.success(request, _("The settings have been saved."))
    else:
        messages.error(request, _("Choose one of the maturity models offered."))
    return redirect("ozg:dashboard", request.organisation.slug)


@organisation_view("ozg.view_services")
@require_GET
def across(request: HttpRequest) -> HttpResponse:
    """The OZG state across the organisations that share it, for those that share too."""
    settings = selectors.ozg_settings(organisation=request.organisation)
    same_state = request.GET.get("state") == "1"
    data = None
    if settings.share_for_aggregation:
        organisations = (
            Organisation.objects.filter(state=request.organisation.state) if same_state else None
        )
        data = installation_dashboard(organisations=organisations)
    return TemplateResponse(
        request,
        "ozg/across.html",
        {
            "shared": settings.share_for_aggregation,
            "data": data,
            "enough": data is not None and data["shown"],
            "min_organisations": MIN_ORGANISATIONS,
            "same_state": same_state,
            "can_manage": _can_manage(request),
        },
    )


@organisation_view("ozg.manage_services")
@require_POST
def service_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate the criteria; the level follows by the minimum rule."""
    state = get_scoped_or_404(ServiceState, request.organisation, pk=pk)
    form = CriteriaForm(request.POST, model=get_model(state.model_version), ratings=state.criteria)
    if form.is_valid():
        try:
            updated = services.service_criteria_rate(
                actor=request.user, state=state, answers=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The criteria have been rated; the service is at level %(level)s.")
                % {"level": updated.level if updated.level is not None else "–"},
            )
            return redirect("ozg:service", request.organisation.slug, pk)
    return _detail(
        request,
        state,
        StateForm(instance=state, organisation=request.organisation,
                  initial={"version": state.version}),
        status=400,
        criteria_form=form,
    )  # fmt: skip


@organisation_view("ozg.manage_services")
@require_POST
def service_usage(request: HttpRequest, pk: int) -> HttpResponse:
    state = get_scoped_or_404(ServiceState, request.organisation, pk=pk)
    form = UsageForm(request.POST)
    if form.is_valid():
        try:
            services.usage_record(actor=request.user, state=state, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The number of uses has been recorded."))
            return redirect("ozg:service", request.organisation.slug, pk)
    return _detail(
        request,
        state,
        StateForm(instance=state, organisation=request.organisation,
                  initial={"version": state.version}),
        status=400,
        usage_form=form,
    )  # fmt: skip
