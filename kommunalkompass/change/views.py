"""Pages of the change module under /o/<slug>/change/: thin, the services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kommunalkompass.assessments.models import Assessment
from kommunalkompass.assessments.services import open_link_token
from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import content_language
from kommunalkompass.documents.model import Figure
from kommunalkompass.organisations.downloads import Offer, downloads
from kommunalkompass.organisations.tenancy import get_scoped_or_404, organisation_view

from . import selectors, services
from .charts import grid_chart, trend_chart
from .forms import (
    ActionForm,
    AssessForm,
    CommunicationForm,
    InitiativeForm,
    NotesForm,
    PulseForm,
    RiskForm,
    SessionForm,
    StakeholderForm,
    StepForm,
)
from .icalendar import calendar_bytes
from .models import (
    ActionItem,
    CoachingSession,
    CommunicationItem,
    Initiative,
    InitiativeStep,
    Pulse,
    Risk,
    Stakeholder,
)

VIEW = "change.view_change"
MANAGE = "change.manage_change"
SAVED = _("The changes have been saved.")


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_perm(MANAGE, request.organisation)


def _page(request: HttpRequest, template: str, context: dict, status: int = 200):
    context.setdefault("can_manage", _can_manage(request))
    return TemplateResponse(request, f"change/{template}", context, status=status)


# Overview --------------------------------------------------------------------------------


@organisation_view(VIEW)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The module's start page: counts and where to go next."""
    organisation = request.organisation
    return _page(
        request,
        "overview.html",
        {
            "counts": selectors.overview(organisation=organisation),
            "initiatives": selectors.initiative_list(organisation=organisation),
            "documents": downloads(
                request,
                Offer(
                    "change:plan",
                    _("Change plan"),
                    description=_(
                        "Initiatives, stakeholder grid, readiness trend and communication plan."
                    ),
                ),
            ),
        },
    )


def _create_from_form(request: HttpRequest, form, *, create, done, next_page, page):
    """The create views' one flow: a valid ``form`` goes to ``create`` (the service, given the
    form's values without its ``version`` field); on success ``done`` is said and the browser
    sent to ``next_page(created)`` (URL name and arguments); a refusal or an invalid form shows
    ``page(request, form, 400)`` again with the errors at their fields."""
    if form.is_valid():
        values = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        try:
            created = create(actor=request.user, organisation=request.organisation, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(*next_page(created))
    return page(request, form, 400)


# Initiatives -----------------------------------------------------------------------------


@organisation_view(VIEW)
@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    """The initiatives; editors add one here."""
    return _initiatives_page(request, InitiativeForm(organisation=request.organisation))


@organisation_view(MANAGE)
@require_POST
def initiative_create(request: HttpRequest) -> HttpResponse:
    """Create an initiative (with Kotter's checklist)."""
    return _create_from_form(
        request,
        InitiativeForm(request.POST, organisation=request.organisation),
        create=services.initiative_create,
        done=_("The initiative has been created."),
        next_page=lambda created: ("change:initiative", request.organisation.slug, created.pk),
        page=_initiatives_page,
    )


def _initiatives_page(request: HttpRequest, form, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    return _page(
        request,
        "initiatives.html",
        {"initiatives": selectors.initiative_list(organisation=organisation), "form": form},
        status,
    )


@organisation_view(VIEW)
@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An initiative: its sheet, Kotter's checklist, risks and resistances."""
    initiative = get_scoped_or_404(Initiative, request.organisation, pk=pk)
    form = InitiativeForm(instance=initiative, organisation=request.organisation)
    return _initiative_page(request, initiative, form)


@organisation_view(MANAGE)
@require_POST
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save an initiative's sheet and measures."""
    organisation = request.organisation
    initiative = get_scoped_or_404(Initiative, organisation, pk=pk)
    form = InitiativeForm(request.POST, instance=initiative, organisation=organisation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        measures = data.pop("measures")
        try:
            services.initiative_update(
                actor=request.user,
                initiative=Initiative.objects.get(pk=pk),
                version=version,
                measures=measures,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("change:initiative", organisation.slug, pk)
    return _initiative_page(request, initiative, form, 400)


def _initiative_page(request: HttpRequest, initiative, form, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    initiative = selectors.initiative_detail(initiative=initiative)
    steps = [
        (step, StepForm(instance=step, prefix=f"step-{step.pk}")) for step in initiative.steps.all()
    ]
    risks = [
        (risk, RiskForm(instance=risk, organisation=organisation, prefix=f"risk-{risk.pk}"))
        for risk in initiative.risks.all()
    ]
    return _page(
        request,
        "initiative.html",
        {
            "initiative": initiative,
            "form": form,
            "steps": steps,
            "risks": risks,
            "risk_form": RiskForm(organisation=organisation, prefix="new-risk"),
            "stakeholders": selectors.stakeholder_list(
                organisation=organisation, initiative=initiative
            ),
        },
        status,
    )


@organisation_view(MANAGE)
@require_POST
def step_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a Kotter step with evidence and date."""
    step = get_scoped_or_404(InitiativeStep, request.organisation, pk=pk)
    form = StepForm(request.POST, instance=step, prefix=f"step-{step.pk}")
    if form.is_valid():
        services.initiative_step_update(
            actor=request.user, step=InitiativeStep.objects.get(pk=pk), **form.cleaned_data
        )
        messages.success(request, SAVED)
    else:
        messages.error(
            request, _("The step could not be saved: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(
        reverse("change:initiative", args=[request.organisation.slug, step.initiative_id])
        + f"#step-{step.step}"
    )


def _refused(request: HttpRequest, message: str, form) -> None:
    messages.error(request, message % {"errors": _errors(form)})


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".strip(": ")
        for name, errors in form.errors.items()
    )


@organisation_view(MANAGE)
@require_POST
def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a risk or resistance to an initiative."""
    initiative = get_scoped_or_404(Initiative, request.organisation, pk=pk)
    form = RiskForm(request.POST, organisation=request.organisation, prefix="new-risk")
    if form.is_valid():
        services.risk_create(actor=request.user, initiative=initiative, **form.cleaned_data)
        messages.success(request, _("The risk has been added."))
    else:
        messages.error(
            request, _("The risk could not be added: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(reverse("change:initiative", args=[request.organisation.slug, pk]) + "#risks")


@organisation_view(MANAGE)
@require_POST
def risk_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a risk or resistance (owner, response, status)."""
    risk = get_scoped_or_404(Risk, request.organisation, pk=pk)
    form = RiskForm(
        request.POST, instance=risk, organisation=request.organisation, prefix=f"risk-{pk}"
    )
    if form.is_valid():
        services.risk_update(actor=request.user, risk=Risk.objects.get(pk=pk), **form.cleaned_data)
        messages.success(request, SAVED)
    else:
        messages.error(
            request, _("The risk could not be saved: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(
        reverse("change:initiative", args=[request.organisation.slug, risk.initiative_id])
        + "#risks"
    )


# Stakeholders ----------------------------------------------------------------------------


@organisation_view(VIEW)
@require_GET
def stakeholder_list(request: HttpRequest) -> HttpResponse:
    """The stakeholder register and the power/interest grid with movement."""
    return _stakeholders_page(request, StakeholderForm(organisation=request.organisation))


@organisation_view(MANAGE)
@require_POST
def stakeholder_create(request: HttpRequest) -> HttpResponse:
    """Add a stakeholder with the first assessment."""
    return _create_from_form(
        request,
        StakeholderForm(request.POST, organisation=request.organisation),
        create=services.stakeholder_create,
        done=_("The stakeholder has been added."),
        next_page=lambda _created: ("change:stakeholders", request.organisation.slug),
        page=_stakeholders_page,
    )


def _stakeholders_page(request: HttpRequest, form, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    stakeholders = selectors.stakeholder_list(organisation=organisation)
    points = selectors.stakeholder_grid(stakeholders)
    figure = (
        Figure(grid_chart(points, title=_("Stakeholders"), language=content_language()))
        if points
        else None
    )
    return _page(
        request,
        "stakeholders.html",
        {"points": points, "grid_figure": figure, "form": form},
        status,
    )


@organisation_view(VIEW)
@require_GET
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A stakeholder: sheet, history of assessments, a new assessment."""
    stakeholder = get_scoped_or_404(Stakeholder, request.organisation, pk=pk)
    form = StakeholderForm(instance=stakeholder, organisation=request.organisation)
    return _stakeholder_page(request, stakeholder, form, AssessForm(), 200)


@organisation_view(MANAGE)
@require_POST
def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a stakeholder's sheet."""
    organisation = request.organisation
    stakeholder = get_scoped_or_404(Stakeholder, organisation, pk=pk)
    form = StakeholderForm(request.POST, instance=stakeholder, organisation=organisation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        measures = data.pop("measures")
        try:
            services.stakeholder_update(
                actor=request.user,
                stakeholder=Stakeholder.objects.get(pk=pk),
                version=version,
                measures=measures,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("change:stakeholder", organisation.slug, pk)
    return _stakeholder_page(request, stakeholder, form, AssessForm(), 400)


def _stakeholder_page(request, stakeholder, form, assess_form, status):
    [stakeholder] = selectors.stakeholder_list(organisation=request.organisation, pk=stakeholder.pk)
    return _page(
        request,
        "stakeholder.html",
        {
            "stakeholder": stakeholder,
            "assessment_history": list(stakeholder.assessments.all()),
            "form": form,
            "assess_form": assess_form,
        },
        status,
    )


@organisation_view(MANAGE)
@require_POST
def stakeholder_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-assess a stakeholder: a new row of its history."""
    organisation = request.organisation
    stakeholder = get_scoped_or_404(Stakeholder, organisation, pk=pk)
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            services.stakeholder_assess(
                actor=request.user, stakeholder=stakeholder, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The new assessment has been recorded."))
            return redirect("change:stakeholder", organisation.slug, pk)
    return _stakeholder_page(
        request,
        stakeholder,
        StakeholderForm(instance=stakeholder, organisation=organisation),
        form,
        400,
    )


# Pulses ----------------------------------------------------------------------------------


@organisation_view(VIEW)
@require_GET
def pulse_list(request: HttpRequest) -> HttpResponse:
    """The readiness pulses, their trend per element and the weakest element."""
    return _pulses_page(request, PulseForm(organisation=request.organisation))


@organisation_view(MANAGE)
@require_POST
def pulse_create(request: HttpRequest) -> HttpResponse:
    """Prepare a pulse (a draft anonymous survey on the readiness model)."""
    return _create_from_form(
        request,
        PulseForm(request.POST, organisation=request.organisation),
        create=services.pulse_create,
        done=_("The pulse has been prepared."),
        next_page=lambda pulse: ("change:pulse", request.organisation.slug, pulse.pk),
        page=_pulses_page,
    )


def _trend_figure(series, language: str) -> Figure | None:
    chart = trend_chart(
        series,
        title=_("Readiness per element: %(label)s") % {"label": series.label},
        language=language,
    )
    return Figure(chart) if chart else None


def _pulses_page(request: HttpRequest, form, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    language = content_language()
    trend = [
        (
            series,
            selectors.weakest_element(series, language=language),
            _trend_figure(series, language),
        )
        for series in selectors.readiness_trend(organisation=organisation, language=language)
    ]
    return _page(
        request,
        "pulses.html",
        {
            "pulses": selectors.pulse_list(organisation=organisation),
            "trend": trend,
            "form": form,
        },
        status,
    )


@organisation_view(VIEW)
@require_GET
def pulse_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A pulse: its open link while open, its results as far as the threshold allows."""
    pulse = get_scoped_or_404(
        Pulse.objects.select_related("assessment", "initiative", "department"),
        request.organisation,
        pk=pk,
    )
    assessment = pulse.assessment
    link = ""
    if assessment.status == Assessment.Status.OPEN and _can_manage(request):
        # On the address the editor is using, as the assessments show their links.
        link = request.build_absolute_uri(
            reverse("assessments:survey", args=[open_link_token(assessment, assessment.groups[0])])
        )
    figures = selectors.pulse_results(pulse=pulse, language=content_language())
    return _page(
        request,
        "pulse.html",
        {"pulse": pulse, "link": link, "pulse_figures": figures},
    )


@organisation_view(MANAGE)
@require_POST
def pulse_open(request: HttpRequest, pk: int) -> HttpResponse:
    pulse = get_scoped_or_404(Pulse, request.organisation, pk=pk)
    try:
        services.pulse_open(actor=request.user, pulse=pulse)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The pulse is open: share the link below."))
    return redirect("change:pulse", request.organisation.slug, pk)


@organisation_view(MANAGE)
@require_POST
def pulse_close(request: HttpRequest, pk: int) -> HttpResponse:
    pulse = get_scoped_or_404(Pulse, request.organisation, pk=pk)
    try:
        services.pulse_close(actor=request.user, pulse=pulse)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The pulse is closed."))
    return redirect("change:pulse", request.organisation.slug, pk)


# Communication plan ---------------------------------------------------------------------


@organisation_view(VIEW)
@require_GET
def communication_list(request: HttpRequest) -> HttpResponse:
    """The communication plan as a list and a calendar."""
    return _communications_page(request, CommunicationForm(organisation=request.organisation))


@organisation_view(MANAGE)
@require_POST
def communication_create(request: HttpRequest) -> HttpResponse:
    """Add an entry to the plan."""
    return _create_from_form(
        request,
        CommunicationForm(request.POST, organisation=request.organisation),
        create=services.communication_create,
        done=_("The entry has been added to the plan."),
        next_page=lambda _created: ("change:communications", request.organisation.slug),
        page=_communications_page,
    )


def _communications_page(request: HttpRequest, form, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    items = list(selectors.communication_list(organisation=organisation))
    return _page(
        request,
        "communications.html",
        {"items": items, "months": selectors.communication_calendar(items), "form": form},
        status,
    )


@organisation_view(VIEW)
@require_GET
def communication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry of the plan; editors change it here."""
    item = get_scoped_or_404(CommunicationItem, request.organisation, pk=pk)
    form = CommunicationForm(instance=item, organisation=request.organisation)
    return _page(request, "communication.html", {"item": item, "form": form})


@organisation_view(MANAGE)
@require_POST
def communication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save an entry of the plan (its calendar UID stays)."""
    organisation = request.organisation
    item = get_scoped_or_404(CommunicationItem, organisation, pk=pk)
    form = CommunicationForm(request.POST, instance=item, organisation=organisation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.communication_update(
                actor=request.user,
                item=CommunicationItem.objects.get(pk=pk),
                version=version,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("change:communications", organisation.slug)
    return _page(request, "communication.html", {"item": item, "form": form}, 400)


@organisation_view(VIEW)
@require_GET
def communication_calendar(request: HttpRequest) -> HttpResponse:
    """The plan as an iCalendar file; an empty plan gets a message, not an empty file."""
    organisation = request.organisation
    items = list(selectors.communication_list(organisation=organisation))
    if not items:
        messages.error(
            request,
            _("The plan has no entries yet: there is nothing to export to a calendar."),
        )
        return redirect("change:communications", organisation.slug)
    labels = {key: str(label) for key, label in CommunicationItem.Channel.choices}
    labels["owner"] = _("Owner")
    body = calendar_bytes(
        items,
        name=_("Communication plan – %(organisation)s") % {"organisation": organisation.name},
        stamp=timezone.now(),
        labels=labels,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kommunikationsplan-{slugify(organisation.slug)}.ics"'
    )
    return response


# Coaching --------------------------------------------------------------------------------


@organisation_view(VIEW)
@require_GET
def coaching(request: HttpRequest) -> HttpResponse:
    """Coaching sessions and the open actions per person."""
    return _coaching_page(request, SessionForm(organisation=request.organisation))


@organisation_view(MANAGE)
@require_POST
def session_create(request: HttpRequest) -> HttpResponse:
    """Record a coaching session."""
    return _create_from_form(
        request,
        SessionForm(request.POST, organisation=request.organisation),
        create=services.coaching_session_create,
        done=_("The session has been recorded."),
        next_page=lambda session: ("change:session", request.organisation.slug, session.pk),
        page=_coaching_page,
    )


def _coaching_page(request: HttpRequest, form, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    return _page(
        request,
        "coaching.html",
        {
            "sessions": selectors.coaching_session_list(organisation=organisation),
            "people": selectors.open_actions_by_person(
                organisation=organisation, today=timezone.localdate()
            ),
            "form": form,
            "documents": downloads(
                request,
                Offer(
                    "change:coaching_summary",
                    _("Coaching summary"),
                    description=_("Sessions, agreements and actions, without private notes."),
                ),
            ),
        },
        status,
    )


def _session(request: HttpRequest, pk: int) -> CoachingSession:
    return get_scoped_or_404(
        CoachingSession.objects.defer("private_notes").select_related("coach", "coachee"),
        request.organisation,
        pk=pk,
    )


@organisation_view(VIEW)
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A session; its private notes only for the coach and the coachee."""
    session = _session(request, pk)
    form = SessionForm(instance=session, organisation=request.organisation)
    return _session_page(request, session, form)


@organisation_view(MANAGE)
@require_POST
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a session's date, people, topics and agreements."""
    organisation = request.organisation
    session = _session(request, pk)
    form = SessionForm(request.POST, instance=session, organisation=organisation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            services.coaching_session_update(
                actor=request.user,
                session=CoachingSession.objects.get(pk=pk),
                version=version,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("change:session", organisation.slug, pk)
    return _session_page(request, _session(request, pk), form, 400)


def _session_page(request: HttpRequest, session, form, status: int = 200) -> HttpResponse:
    organisation = request.organisation
    notes = selectors.session_notes(session=session, user=request.user)
    actions = [
        (item, ActionForm(instance=item, organisation=organisation, prefix=f"action-{item.pk}"))
        for item in session.actions.select_related("owner")
    ]
    return _page(
        request,
        "session.html",
        {
            "session": session,
            "form": form,
            "participant": notes is not None,
            "notes_form": NotesForm(initial={"notes": notes}) if notes is not None else None,
            "actions": actions,
            "action_form": ActionForm(organisation=organisation, prefix="new-action"),
        },
        status,
    )


@organisation_view(VIEW)
@require_POST
def session_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the private notes: the coach or the coachee only (any role may be one)."""
    session = get_scoped_or_404(CoachingSession, request.organisation, pk=pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            services.coaching_notes_update(
                actor=request.user, session=session, notes=form.cleaned_data["notes"]
            )
        except PermissionDenied:
            messages.error(request, _("Only the coach and the coachee can write these notes."))
        else:
            messages.success(request, _("The notes have been saved."))
    return redirect("change:session", request.organisation.slug, pk)


@organisation_view(MANAGE)
@require_POST
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an action item to a session."""
    session = get_scoped_or_404(CoachingSession, request.organisation, pk=pk)
    form = ActionForm(request.POST, organisation=request.organisation, prefix="new-action")
    if form.is_valid():
        services.action_item_create(actor=request.user, session=session, **form.cleaned_data)
        messages.success(request, _("The action has been added."))
    else:
        messages.error(
            request, _("The action could not be added: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(reverse("change:session", args=[request.organisation.slug, pk]) + "#actions")


@organisation_view(MANAGE)
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an action item (done, due date, owner)."""
    item = get_scoped_or_404(ActionItem, request.organisation, pk=pk)
    form = ActionForm(
        request.POST, instance=item, organisation=request.organisation, prefix=f"action-{pk}"
    )
    if form.is_valid():
        services.action_item_update(
            actor=request.user, item=ActionItem.objects.get(pk=pk), **form.cleaned_data
        )
        messages.success(request, SAVED)
    else:
        messages.error(
            request, _("The action could not be saved: %(errors)s") % {"errors": _errors(form)}
        )
    return redirect(
        reverse("change:session", args=[request.organisation.slug, item.session_id]) + "#actions"
    )


# Deleting ---------------------------------------------------------------------------------


def _deleter(model, service, argument: str, back: str, done: str):
    """A POST view deleting one ``model`` row of the organisation by the service and going
    back to the list ``back``."""

    @organisation_view(MANAGE)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_scoped_or_404(model, request.organisation, pk=pk)
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Nothing has been deleted: tick the box to confirm."))
            return redirect(back, request.organisation.slug)
        service(actor=request.user, **{argument: obj})
        messages.success(request, done)
        return redirect(back, request.organisation.slug)

    view.__name__ = f"{model.__name__.lower()}_delete"
    view.__doc__ = f"Delete a {model._meta.verbose_name} for good."
    return view


initiative_delete = _deleter(
    Initiative, services.initiative_delete, "initiative", "change:initiatives",
    gettext_lazy("The initiative has been deleted."),
)  # fmt: skip
stakeholder_delete = _deleter(
    Stakeholder, services.stakeholder_delete, "stakeholder", "change:stakeholders",
    gettext_lazy("The stakeholder has been deleted."),
)  # fmt: skip
pulse_delete = _deleter(
    Pulse, services.pulse_delete, "pulse", "change:pulses",
    gettext_lazy("The pulse and its answers have been deleted."),
)  # fmt: skip
communication_delete = _deleter(
    CommunicationItem, services.communication_delete, "item", "change:communications",
    gettext_lazy("The entry has been deleted."),
)  # fmt: skip
session_delete = _deleter(
    CoachingSession, services.coaching_session_delete, "session", "change:coaching",
    gettext_lazy("The session has been deleted."),
)  # fmt: skip
