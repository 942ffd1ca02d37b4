from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import content_language
from kommunalkompass.organisations.downloads import Offer, downloads
from kommunalkompass.organisations.tenancy import get_scoped_or_404, organisation_view
from kommunalkompass.strategy import selectors as strategy_selectors
from kommunalkompass.strategy import services as strategy_services
from kommunalkompass.strategy.models import Measure

from . import selectors, services
from .content import role_template
from .documents import advertisement, advertisement_text, hint_sentence
from .forms import (
    LEVELS,
    NewPostForm,
    PostForm,
    RoleNeedForm,
    SettingsForm,
    process_formset,
)
from .models import Post, RoleNeed


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_perm("positions.manage_posts", request.organisation)


def _post(request: HttpRequest, pk: int) -> Post:
    return get_scoped_or_404(
        selectors.post_queryset(organisation=request.organisation), request.organisation, pk=pk
    )


@organisation_view("positions.view_posts")
@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    """Existing posts with their grade hints, and what is planned per year."""
    language = content_language()
    rows = selectors.post_rows(organisation=request.organisation, language=language)
    return TemplateResponse(
        request,
        "positions/list.html",
        {
            "existing": [r for r in rows if r.post.status == Post.Status.EXISTING],
            "plans": selectors.planned_by_year(
                organisation=request.organisation, rows=rows, language=language
            ),
            "templates": selectors.templates(language),
            "language": language,
            "can_manage": _can_manage(request),
        },
    )


@organisation_view("positions.manage_posts")
@require_http_methods(["GET", "POST"])
def post_new(request: HttpRequest) -> HttpResponse:
    """A new post from a role template."""
    initial = {"role_key": request.GET.get("role", "")}
    form = NewPostForm(
        request.POST if request.method == "POST" else None,
        organisation=request.organisation,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create_from_template(
                actor=request.user,
                organisation=request.organisation,
                language=content_language(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The post has been created from the template."))
            return redirect("positions:edit", request.organisation.slug, post.pk)
    return TemplateResponse(
        request,
        "positions/new.html",
        {"form": form, "templates": selectors.templates(content_language())},
        status=400 if request.method == "POST" else 200,
    )


def _description_context(post: Post, description, language: str) -> dict:
    hint = selectors.hint_for(post, description, language)
    rules = selectors.rules_for(post)
    return {
        "post": post,
        "description": description,
        "processes": [
            {
                "process": process,
                "features": [
                    rules.feature_map[key].label.get(language)
                    for key in process.features
                    if key in rules.feature_map
                ],
            }
            for process in (description.processes.all() if description else [])
        ],
        "competences": [
            {**c, "label": LEVELS.get(c["level"], "")}
            for c in (description.competences if description else [])
        ],
        "hint": hint,
        "hint_sentence": hint_sentence(hint),
        "rules": rules,
        "rules_label": rules.label(language),
        "feature_labels": {f.key: f.label.get(language) for f in rules.features},
        "language": language,
    }


@organisation_view("positions.view_posts")
@require_GET
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The current description of a post, its grade hint and its versions."""
    post = _post(request, pk)
    language = content_language()
    description = selectors.current_description(post)
    context = _description_context(post, description, language)
    template = role_template(post.role_key)
    context.update(
        {
            "versions": selectors.version_list(post=post),
            "deputised_by": list(post.deputised_by.all()),
            "template_title": template.title.get(language) if template else "",
            "downloads": downloads(
                request,
                Offer("positions:description", _("Job description"), {"pk": post.pk}),
                Offer("positions:advertisement", _("Job advertisement"), {"pk": post.pk}),
            ),
            "can_manage": _can_manage(request),
        }
    )
    return TemplateResponse(request, "positions/detail.html", context)


@organisation_view("positions.view_posts")
@require_GET
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """An earlier (or the current) version of a description, read-only, with its hint."""
    post = _post(request, pk)
    description = selectors.version_of(post=post, number=number)
    if description is None:
        raise Http404
    context = _description_context(post, description, content_language())
    context["is_current"] = description.number == max(v.number for v in post.versions.all())
    return TemplateResponse(request, "positions/version.html", context)


def _initial_processes(description) -> list[dict]:
    if description is None:
        return []
    return [
        {"title": p.title, "share": p.share, "tasks": p.tasks, "features": list(p.features)}
        for p in description.processes.all()
    ]


@organisation_view("positions.manage_posts")
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The description editor: post, Arbeitsvorgänge, authority, requirements, conditions."""
    post = _post(request, pk)
    description = selectors.current_description(post)
    status = 200
    if request.method == "POST":
        form = PostForm(
            request.POST, organisation=request.organisation, post=post, description=description
        )
        rules_key = request.POST.get("rules_key") or post.rules_key
        formset = process_formset(request.POST, rules_key=rules_key)
        if form.is_valid() and formset.is_valid():
            try:
                services.post_update(
                    actor=request.user,
                    organisation=request.organisation,
                    post=post,
                    version=form.cleaned_data.get("version"),
                    fields=form.post_fields(),
                    description=form.description_fields(),
                    processes=formset.processes(),
                    note=form.cleaned_data.get("note", ""),
                )
            except ValidationError as error:
                errors = (
                    error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                )
                form.process_errors = errors.pop("processes", [])
                for field, field_messages in errors.items():
                    for message in field_messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The description has been saved."))
                return redirect("positions:detail", request.organisation.slug, post.pk)
        status = 400
    else:
        form = PostForm(organisation=request.organisation, post=post, description=description)
        formset = process_formset(rules_key=post.rules_key, initial=_initial_processes(description))
    language = content_language()
    return TemplateResponse(
        request,
        "positions/edit.html",
        {
            "post": post,
            "form": form,
            "formset": formset,
            "process_errors": getattr(form, "process_errors", []),
            "hint": selectors.hint_for(post, description, language),
            "hint_sentence": hint_sentence(selectors.hint_for(post, description, language)),
        },
        status=status,
    )


@organisation_view("positions.manage_posts")
@require_POST
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(request, pk)
    services.post_delete(actor=request.user, organisation=request.organisation, post=post)
    messages.success(request, _("The post has been deleted."))
    return redirect("positions:list", request.organisation.slug)


@organisation_view("positions.view_posts")
@require_GET
def advertisement_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The job advertisement as text to copy, with its downloads."""
    post = _post(request, pk)
    ad = advertisement(organisation=request.organisation, post=post)
    return TemplateResponse(
        request,
        "positions/advertisement.html",
        {
            "post": post,
            "ad": ad,
            "text": advertisement_text(ad),
            "downloads": downloads(
                request, Offer("positions:advertisement", _("Job advertisement"), {"pk": post.pk})
            ),
            "can_manage": _can_manage(request),
        },
    )


@organisation_view("positions.view_posts")
@require_GET
def advertisement_txt(request: HttpRequest, pk: int) -> HttpResponse:
    """The job advertisement as plain text (UTF-8), for job portals."""
    post = _post(request, pk)
    text = advertisement_text(advertisement(organisation=request.organisation, post=post))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stellenausschreibung-{post.pk}.txt"'
    return response


@organisation_view("positions.manage_posts")
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """What the organisation offers in advertisements; hours and days for the capacity."""
    current = selectors.position_settings(organisation=request.organisation)
    initial = {
        "version": current.version,
        "employer_offer": current.employer_offer,
        "full_time_hours": current.full_time_hours,
        "person_days_per_fte": current.person_days_per_fte,
    }
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.position_settings_update(
                actor=request.user,
                organisation=request.organisation,
                version=data.get("version"),
                employer_offer=data["employer_offer"],
                full_time_hours=data["full_time_hours"],
                person_days_per_fte=data["person_days_per_fte"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("positions:list", request.organisation.slug)
    return TemplateResponse(
        request,
        "positions/settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# Roles the roadmap's measures need ------------------------------------------------------------


def _measure(request: HttpRequest, pk: int) -> Measure:
    return get_scoped_or_404(Measure, request.organisation, pk=pk)


def _needs_page(request: HttpRequest, measure: Measure, form: RoleNeedForm, status: int = 200):
    return TemplateResponse(
        request,
        "positions/measure_needs.html",
        {
            "measure": measure,
            "needs": selectors.measure_needs(measure=measure, language=content_language()),
            "form": form,
            "can_manage": _can_manage(request),
        },
        status=status,
    )


@organisation_view("positions.view_posts")
@require_GET
def measure_needs(request: HttpRequest, pk: int) -> HttpResponse:
    """The roles a measure needs, with the posts planned for them."""
    return _needs_page(request, _measure(request, pk), RoleNeedForm())


@organisation_view("positions.manage_posts")
@require_POST
def need_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A role the measure needs: template, FTE, from when."""
    measure = _measure(request, pk)
    form = RoleNeedForm(request.POST)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.role_need_create(
                actor=request.user, organisation=request.organisation, measure=measure, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The role need has been added."))
            return redirect("positions:measure_needs", request.organisation.slug, measure.pk)
    return _needs_page(request, measure, form, status=400)


def _need(request: HttpRequest, pk: int) -> RoleNeed:
    return get_scoped_or_404(
        RoleNeed.objects.select_related("measure"), request.organisation, pk=pk
    )


@organisation_view("positions.manage_posts")
@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a role need: role, FTE, from when, note."""
    need = _need(request, pk)
    initial = {
        "version": need.version,
        "role_key": need.role_key,
        "fte": need.fte,
        "needed_from": need.needed_from,
        "note": need.note,
    }
    form = RoleNeedForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.role_need_update(
                actor=request.user,
                organisation=request.organisation,
                need=need,
                version=data.pop("version"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The role need has been saved."))
            return redirect("positions:measure_needs", request.organisation.slug, need.measure_id)
    return TemplateResponse(
        request,
        "positions/need_edit.html",
        {"need": need, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@organisation_view("positions.manage_posts")
@require_POST
def need_delete(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    services.role_need_delete(actor=request.user, organisation=request.organisation, need=need)
    messages.success(request, _("The role need has been removed."))
    return redirect("positions:measure_needs", request.organisation.slug, need.measure_id)


@organisation_view("positions.manage_posts")
@require_POST
def need_post(request: HttpRequest, pk: int) -> HttpResponse:
    """A planned post for a role need, described by its role template."""
    need = _need(request, pk)
    number = f"{need.measure.code}-{need.pk}"
    try:
        post = services.post_create_from_need(
            actor=request.user,
            organisation=request.organisation,
            need=need,
            number=number,
            language=content_language(),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("positions:measure_needs", request.organisation.slug, need.measure_id)
    messages.success(request, _("A planned post has been created for the role need."))
    return redirect("positions:detail", request.organisation.slug, post.pk)


@organisation_view("strategy.manage_strategy")
@require_POST
def capacity_apply(request: HttpRequest) -> HttpResponse:
    """Set the roadmap's staff capacity per year to what the posts give."""
    strategy = strategy_selectors.current_strategy(organisation=request.organisation)
    if strategy is None:
        raise Http404
    capacities = selectors.staff_capacity(strategy=strategy)
    strategy_services.strategy_set_limits(
        actor=request.user,
        strategy=strategy,
        budgets={
            int(year): Decimal(str(value)) if value not in (None, "") else None
            for year, value in strategy.budgets.items()
        },
        capacities=capacities,
    )
    messages.success(request, _("The staff capacity now comes from the posts."))
    return redirect("strategy:roadmap", request.organisation.slug)
