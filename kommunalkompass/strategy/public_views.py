"""The public strategy page ``/p/<slug>/`` and the admins' page that publishes it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kommunalkompass.core.links import absolute_url
from kommunalkompass.organisations.tenancy import organisation_view

from . import selectors, services
from .forms import PublicationForm


@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The published current strategy, for everybody: no log-in, no person named. One 404
    for an unknown organisation, one that does not publish and one without a strategy."""
    page = selectors.public_strategy(slug=slug)
    if page is None:
        raise Http404
    return TemplateResponse(request, "strategy/public.html", {"page": page})


def public_address(request: HttpRequest, slug: str) -> str:
    """The full address of the public page, to paste into the town's website."""
    return absolute_url(reverse("strategy:public", args=[slug]), request)


@organisation_view("strategy.publish_strategy")
@require_http_methods(["GET", "POST"])
def publication(request: HttpRequest) -> HttpResponse:
    """Publish the current strategy, choose what the public page shows, or withdraw it."""
    organisation = request.organisation
    current = selectors.publication_settings(organisation=organisation)
    form = PublicationForm(
        request.POST if request.method == "POST" else None,
        initial={
            "published": current.published,
            "show_costs": current.show_costs,
            "show_ozg": current.show_ozg,
        },
    )
    if request.method == "POST" and form.is_valid():
        saved = services.strategy_publication_update(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
        if saved.published:
            messages.success(request, _("The strategy is public at %(url)s.") % {
                "url": public_address(request, organisation.slug)
            })  # fmt: skip
        else:
            messages.success(request, _("The strategy is not public."))
        return redirect("strategy:publication", organisation.slug)
    return TemplateResponse(
        request,
        "strategy/publication.html",
        {
            "form": form,
            "publication": current,
            "has_strategy": selectors.current_strategy(organisation=organisation) is not None,
            "public_url": public_address(request, organisation.slug),
        },
        status=400 if form.errors else 200,
    )
