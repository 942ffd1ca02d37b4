"""The copy page: fields of action, goals and measures from another of the user's
organisations into this one's strategy (``services.strategy_copy_parts``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.organisations.tenancy import organisation_view

from . import selectors, services
from .copying import CopyPartsForm, CopySourceForm, copy_parts, copy_sources


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
def strategy_copy(request: HttpRequest) -> HttpResponse:
    """Step 1 chooses the organisation (GET ``?source=<slug>``), step 2 the parts (POST).
    Only the user's own organisations are offered; anything else is refused by the form."""
    target = request.organisation
    sources = copy_sources(user=request.user, target=target)
    by_slug = {organisation.slug: organisation for organisation in sources}
    chosen = request.POST.get("source") if request.method == "POST" else request.GET.get("source")
    source = by_slug.get(chosen or "")
    source_form = CopySourceForm(
        {"source": chosen} if chosen else None, sources=sources, auto_id="copy-%s"
    )
    if chosen and source is None:
        source_form.add_error("source", _("Choose one of your organisations."))
    parts = copy_parts(organisation=source) if source else []
    form = (
        CopyPartsForm(
            request.POST if request.method == "POST" else None,
            parts=parts,
            initial={"source": source.slug},
        )
        if source
        else None
    )
    status = 200
    if request.method == "POST":
        if form is not None and form.is_valid():
            try:
                result = services.strategy_copy_parts(
                    actor=request.user,
                    source=source,
                    target=target,
                    field_ids=form.cleaned_data["fields_of_action"],
                    with_goals=form.cleaned_data["with_goals"],
                    with_measures=form.cleaned_data["with_measures"],
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    error = ValidationError(str(error))
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Copied from %(organisation)s: %(parts)s.")
                    % {"organisation": source.name, "parts": result.summary()},
                )
                return redirect("strategy:fields", target.slug)
        status = 400
    return TemplateResponse(
        request,
        "strategy/copy.html",
        {
            "strategy": selectors.current_strategy(organisation=target),
            "sources": sources,
            "source": source,
            "source_form": source_form,
            "form": form,
            "parts": parts,
            "selected": {
                int(value) for value in request.POST.getlist("fields_of_action") if value.isdigit()
            },
        },
        status=status,
    )
