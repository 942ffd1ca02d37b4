"""Pages of the vision workshops (docs/strategy.md, "Vision workshops").

The facilitator's pages live under ``/o/<slug>/strategy/workshops/``; the participants'
under ``/w/<token>/``, without log-in: the join link (or the QR code on the projector)
is all they need. A participant's browser is known by a secret cookie for that link.
"""

from __future__ import annotations

import secrets

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kommunalkompass.core import ratelimit
from kommunalkompass.core.forms import add_service_errors
from kommunalkompass.core.language import content_language
from kommunalkompass.organisations.downloads import Offer, downloads
from kommunalkompass.organisations.tenancy import get_scoped_or_404, organisation_view

from . import selectors, services
from .extensions import MeasureSection
from .models import Strategy, Workshop, WorkshopCard, WorkshopCluster, WorkshopParticipant
from .views import with_strategy
from .workshop_forms import (
    AdoptForm,
    CardForm,
    ClusterForm,
    JoinForm,
    PhaseForm,
    WorkshopForm,
)

COOKIE = "kk_workshop"
RATE_SCOPE = "workshop_write"


def _can_manage(request: HttpRequest) -> bool:
    return request.user.has_perm("strategy.manage_strategy", request.organisation)


def _workshop(request: HttpRequest, strategy: Strategy, pk: int) -> Workshop:
    return get_scoped_or_404(
        Workshop.objects.filter(strategy=strategy).select_related("strategy"),
        request.organisation,
        pk=pk,
    )


def join_url(request: HttpRequest | None, workshop: Workshop) -> str:
    path = reverse("strategy:workshop_join", args=[workshop.token])
    return request.build_absolute_uri(path) if request is not None else path


def qr_svg(url: str) -> str:
    """The join link as an inline SVG QR code (no style attribute: the CSP allows it)."""
    return mark_safe(  # noqa: S308 — segno writes the SVG; the URL is ours
        segno.make(url, error="m").svg_inline(scale=8, border=2, omitsize=True, title=url)
    )


def _back(request: HttpRequest, workshop: Workshop, anchor: str = "") -> HttpResponse:
    url = reverse("strategy:workshop", args=[request.organisation.slug, workshop.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# The facilitator's pages --------------------------------------------------------------------


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def workshop_list(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    """The workshops of the current strategy."""
    return TemplateResponse(
        request,
        "strategy/workshop/list.html",
        {
            "strategy": strategy,
            "workshops": selectors.workshop_list(strategy=strategy),
            "can_manage": _can_manage(request),
        },
    )


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def workshop_create(request: HttpRequest, strategy: Strategy) -> HttpResponse:
    form = WorkshopForm(
        request.POST or None,
        initial={
            "held_on": timezone.localdate(),
            "facilitator": request.user.display_name,
            "question": _("How does our administration work in 2030?"),
            "votes_per_participant": 5,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        try:
            workshop = services.workshop_create(actor=request.user, strategy=strategy, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workshop has been created. Share its join link."))
            return _back(request, workshop)
    return TemplateResponse(
        request,
        "strategy/workshop/form.html",
        {"form": form, "strategy": strategy, "workshop": None},
        status=400 if form.errors else 200,
    )


@organisation_view("strategy.manage_strategy")
@require_http_methods(["GET", "POST"])
@with_strategy
def workshop_edit(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    workshop = _workshop(request, strategy, pk)
    form = WorkshopForm(
        request.POST or None, instance=workshop, initial={"version": workshop.version}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.workshop_update(actor=request.user, workshop=workshop, version=version, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes have been saved."))
            return _back(request, workshop)
    return TemplateResponse(
        request,
        "strategy/workshop/form.html",
        {"form": form, "strategy": strategy, "workshop": workshop},
        status=400 if form.errors else 200,
    )


def _detail_context(request: HttpRequest, workshop: Workshop) -> dict:
    board = selectors.workshop_board(workshop=workshop)
    adopted: dict[tuple[str, int | None], list] = {}
    for adoption in board.adoptions:
        key = (
            ("cluster", adoption.cluster_id) if adoption.cluster_id else ("card", adoption.card_id)
        )
        adopted.setdefault(key, []).append(adoption)
    return {
        "workshop": workshop,
        "board": board,
        "join_url": join_url(request, workshop),
        "can_manage": _can_manage(request),
        # A closed workshop's wall stays as it was; what it brought can still be adopted.
        "can_arrange": _can_manage(request) and not workshop.is_closed,
        "phase_form": PhaseForm(initial={"phase": workshop.phase}),
        "cluster_form": ClusterForm(),
        "adopt_rows": [
            {
                "cluster": entry.cluster,
                "votes": entry.total_votes,
                "cards": entry.cards,
                "adopted": adopted.get(("cluster", entry.cluster.pk), []),
                "form": AdoptForm(
                    strategy=workshop.strategy,
                    initial={"text": entry.cluster.name, "kind": "field"},
                    prefix=f"cluster-{entry.cluster.pk}",
                ),
            }
            for entry in board.ranked
        ],
        "top_cards": [
            {
                "card": entry.card,
                "votes": entry.votes,
                "adopted": adopted.get(("card", entry.card.pk), []),
                "form": AdoptForm(
                    strategy=workshop.strategy,
                    initial={"text": entry.card.text, "kind": "measure"},
                    prefix=f"card-{entry.card.pk}",
                ),
            }
            for entry in sorted(board.cards, key=lambda c: -c.votes)[:5]
            if entry.votes
        ],
        "any_card_form": AdoptForm(
            strategy=workshop.strategy,
            prefix="any",
            wording_required=False,
            initial={"kind": "measure"},
        ),  # fmt: skip
        "downloads": downloads(
            request,
            Offer(
                "strategy:workshop_protocol",
                _("Workshop protocol"),
                description=_(
                    "Question, participants, all cards by cluster, votes and what the "
                    "strategy took from the workshop."
                ),
                kwargs={"pk": workshop.pk},
            ),
        ),
    }


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def workshop_detail(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """The facilitator's page: join link, phase, clustering board, result and adoption."""
    workshop = _workshop(request, strategy, pk)
    return TemplateResponse(
        request, "strategy/workshop/detail.html", _detail_context(request, workshop)
    )


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def workshop_phase(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    workshop = _workshop(request, strategy, pk)
    form = PhaseForm(request.POST)
    if form.is_valid():
        workshop = services.workshop_set_phase(
            actor=request.user, workshop=workshop, phase=form.cleaned_data["phase"]
        )
        messages.success(
            request, _("The workshop is now in the phase “%(phase)s”.") % {
                "phase": workshop.get_phase_display()
            }
        )  # fmt: skip
    else:
        messages.error(request, _("Choose one of the phases offered."))
    return _back(request, workshop)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def workshop_delete(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    workshop = _workshop(request, strategy, pk)
    services.workshop_delete(actor=request.user, workshop=workshop)
    messages.success(request, _("The workshop has been deleted."))
    return redirect("strategy:workshops", request.organisation.slug)


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def cluster_add(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    workshop = _workshop(request, strategy, pk)
    form = ClusterForm(request.POST)
    if form.is_valid():
        try:
            services.cluster_create(
                actor=request.user, workshop=workshop, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the cluster a name of at most 120 characters."))
    return _back(request, workshop, "board")


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def cluster_remove(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    workshop = _workshop(request, strategy, pk)
    cluster = WorkshopCluster.objects.filter(
        workshop=workshop, pk=_int(request.POST.get("cluster"))
    ).first()
    if cluster is None:
        return _not_found(request, workshop)
    services.cluster_delete(actor=request.user, cluster=cluster)
    messages.success(request, _("The cluster has been removed; its cards are unassigned."))
    return _back(request, workshop, "board")


def _not_found(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    """A card or cluster that is not (or no longer) on the workshop's wall."""
    messages.error(request, _("That card or cluster is no longer on the wall; nothing changed."))
    return _back(request, workshop, "board")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def card_move(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """Put a card into a cluster: dragged on the board (JS, answered 204) or chosen in the
    card's select (no JS, back to the board)."""
    workshop = _workshop(request, strategy, pk)
    card = WorkshopCard.objects.filter(workshop=workshop, pk=_int(request.POST.get("card"))).first()
    if card is None:
        return _not_found(request, workshop)
    cluster_id = _int(request.POST.get("cluster"))
    cluster = None
    if cluster_id is not None:
        cluster = WorkshopCluster.objects.filter(workshop=workshop, pk=cluster_id).first()
        if cluster is None:
            return _not_found(request, workshop)
    services.card_assign(actor=request.user, card=card, cluster=cluster)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return _back(request, workshop, "board")


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def card_remove(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    workshop = _workshop(request, strategy, pk)
    card = WorkshopCard.objects.filter(workshop=workshop, pk=_int(request.POST.get("card"))).first()
    if card is None:
        return _not_found(request, workshop)
    services.card_delete(actor=request.user, card=card)
    messages.success(request, _("The card has been taken off the wall."))
    return _back(request, workshop, "board")


@organisation_view("strategy.manage_strategy")
@require_POST
@with_strategy
def workshop_adopt(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """Adopt a cluster (or a card) into the strategy in one step."""
    workshop = _workshop(request, strategy, pk)
    kind, _sep, source_id = (request.POST.get("source") or "").partition(":")
    source_pk = _int(source_id)
    # The form "adopt any card" chooses its card in a list; its fields carry "any-".
    any_card = request.POST.get("form") == "any"
    cluster = card = None
    if kind == "cluster":
        cluster = WorkshopCluster.objects.filter(workshop=workshop, pk=source_pk).first()
    elif kind == "card":
        card = WorkshopCard.objects.filter(workshop=workshop, pk=source_pk).first()
    if cluster is None and card is None:
        return _not_found(request, workshop)
    form = AdoptForm(
        request.POST,
        strategy=workshop.strategy,
        prefix="any" if any_card else f"{kind}-{source_pk}",
        wording_required=not any_card,
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return _back(request, workshop, "result")
    data = form.cleaned_data
    try:
        adoption = services.workshop_adopt(
            actor=request.user,
            workshop=workshop,
            kind=data["kind"],
            text=data["text"] or (card.text if card is not None else ""),
            cluster=cluster,
            card=card,
            dimensions=data["dimensions"],
            field=data["field"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(text)s” is now in the strategy as %(kind)s.")
            % {"text": adoption.text, "kind": adoption.get_kind_display()},
        )
    return _back(request, workshop, "result")


@organisation_view("strategy.view_strategy")
@require_GET
@with_strategy
def workshop_present(request: HttpRequest, strategy: Strategy, pk: int) -> HttpResponse:
    """The presenter view for the projector: QR code, cards arriving, votes filling up."""
    workshop = _workshop(request, strategy, pk)
    url = join_url(request, workshop)
    return TemplateResponse(
        request,
        "strategy/workshop/present.html",
        {
            "workshop": workshop,
            "join_url": url,
            "qr": qr_svg(url),
            "input": selectors.workshop_input(workshop=workshop, language=content_language()),
            "board": selectors.workshop_board(workshop=workshop),
        },
    )


@never_cache
@organisation_view("strategy.view_strategy")
@require_GET
def workshop_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The part of the presenter view that htmx asks for every two seconds: a fixed
    number of queries, whatever the number of cards (tested at two sizes)."""
    workshop = get_scoped_or_404(Workshop, request.organisation, pk=pk)
    return TemplateResponse(
        request,
        "strategy/workshop/_live.html",
        {"workshop": workshop, "board": selectors.workshop_board(workshop=workshop)},
    )


# The participants' pages (/w/<token>/) ------------------------------------------------------


def _joined(request: HttpRequest, token: str) -> tuple[Workshop, WorkshopParticipant | None]:
    workshop = selectors.workshop_by_token(token=token)
    if workshop is None:
        raise Http404
    participant = selectors.participant_for(
        workshop=workshop, secret=request.COOKIES.get(COOKIE, "")
    )
    return workshop, participant


def _closed(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    return TemplateResponse(
        request, "strategy/workshop/closed.html", {"workshop": workshop}, status=410
    )


def _participant_page(
    request: HttpRequest,
    workshop: Workshop,
    participant: WorkshopParticipant,
    card_form: CardForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    board = selectors.workshop_board(workshop=workshop, participant=participant)
    used = sum(c.mine for c in board.clusters) + sum(c.mine for c in board.cards)
    return TemplateResponse(
        request,
        "strategy/workshop/participant.html",
        {
            "workshop": workshop,
            "participant": participant,
            "board": board,
            "card_form": card_form or CardForm(),
            "votes_left": max(0, workshop.votes_per_participant - used),
            "card_errors": errors or [],
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The join link: the join page, or for a participant the page of the current phase."""
    workshop, participant = _joined(request, token)
    if workshop.is_closed:
        return _closed(request, workshop)
    if participant is not None:
        if request.method == "POST":
            return redirect("strategy:workshop_join", token)
        return _participant_page(request, workshop, participant)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if limited := ratelimit.refused(request, RATE_SCOPE):
            return limited
        secret = secrets.token_urlsafe(32)
        services.participant_join(
            workshop=workshop,
            secret=secret,
            user=request.user if request.user.is_authenticated else None,
            named=form.cleaned_data["named"],
        )
        response = redirect("strategy:workshop_join", token)
        response.set_cookie(
            COOKIE,
            secret,
            max_age=7 * 24 * 3600,
            path=reverse("strategy:workshop_join", args=[token]),
            httponly=True,
            secure=request.is_secure(),
            samesite="Lax",
        )
        return response
    return TemplateResponse(
        request,
        "strategy/workshop/join.html",
        {"workshop": workshop, "form": form, "signed_in": request.user.is_authenticated},
    )


def _participant_or_join(request: HttpRequest, token: str):
    workshop, participant = _joined(request, token)
    if workshop.is_closed:
        return workshop, None, _closed(request, workshop)
    if participant is None:
        return workshop, None, redirect("strategy:workshop_join", token)
    if limited := ratelimit.refused(request, RATE_SCOPE):
        return workshop, participant, limited
    return workshop, participant, None


@never_cache
@require_POST
def post_card(request: HttpRequest, token: str) -> HttpResponse:
    """A participant's card; the same form sent twice stores one card."""
    workshop, participant, answer = _participant_or_join(request, token)
    if answer is not None:
        return answer
    form = CardForm(request.POST)
    form.is_valid()
    try:
        _card, created = services.card_post(
            workshop=workshop,
            participant=participant,
            text=request.POST.get("text", ""),
            client_key=request.POST.get("client_key", ""),
        )
    except ValidationError as error:
        # Keep what was written (and its key) for a corrected second try.
        return _participant_page(
            request, workshop, participant, card_form=form, errors=error.messages, status=400
        )
    if created:
        messages.success(request, _("Your card is on the wall."))
    else:
        messages.info(request, _("This card had been sent already; it is on the wall once."))
    return redirect("strategy:workshop_join", token)


@never_cache
@require_POST
def vote(request: HttpRequest, token: str) -> HttpResponse:
    """Cast or take back one vote on a cluster or a card."""
    workshop, participant, answer = _participant_or_join(request, token)
    if answer is not None:
        return answer
    kind, _sep, target_id = (request.POST.get("target") or "").partition(":")
    cluster = card = None
    if kind == "cluster":
        cluster = WorkshopCluster.objects.filter(workshop=workshop, pk=_int(target_id)).first()
    elif kind == "card":
        card = WorkshopCard.objects.filter(workshop=workshop, pk=_int(target_id)).first()
    try:
        if cluster is None and card is None:
            raise ValidationError(_("Choose a cluster or a card to vote for."))
        if request.POST.get("action") == "withdraw":
            services.vote_withdraw(
                workshop=workshop, participant=participant, cluster=cluster, card=card
            )
        else:
            services.vote_cast(
                workshop=workshop, participant=participant, cluster=cluster, card=card
            )
    except ValidationError as error:
        return _participant_page(request, workshop, participant, errors=error.messages, status=400)
    return redirect(f"{reverse('strategy:workshop_join', args=[token])}#vote")


@never_cache
@require_GET
def phase_watch(request: HttpRequest, token: str) -> HttpResponse:
    """Asked by the participant's page every few seconds: 204 while the phase it shows is
    the workshop's, otherwise htmx reloads the page (one query)."""
    workshop = selectors.workshop_by_token(token=token)
    if workshop is None:
        raise Http404
    if request.GET.get("phase") == workshop.phase:
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


def measure_origin_section(measure, user) -> MeasureSection | None:
    """The section of a measure's page that names the workshop it was adopted from (one
    query; none for a measure that did not come from a workshop)."""
    origins = selectors.measure_origins(measure=measure)
    if not origins:
        return None
    return MeasureSection(
        key="workshop",
        title=gettext_lazy("From a vision workshop"),
        template_name="strategy/workshop/_measure_origin.html",
        context={"origins": origins, "slug": measure.organisation.slug},
    )
