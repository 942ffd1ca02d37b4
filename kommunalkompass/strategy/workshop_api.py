"""API of the vision workshops, mounted with the strategy's router under /api/v1/:
``organisations/{slug}/strategy/workshops…`` (docs/strategy.md, "Vision workshops")."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from kommunalkompass.core.api import Pagination
from kommunalkompass.organisations.tenancy import get_scoped_or_404, requires

from . import selectors, services
from .models import Strategy, Workshop

router = Router(tags=["strategy"])
VIEW, MANAGE = "strategy.view_strategy", "strategy.manage_strategy"
PATH = "/organisations/{slug}/strategy/workshops"
Phase = Literal["collect", "cluster", "vote", "result", "closed"]


def _current(request: HttpRequest, slug: str, permission: str) -> Strategy:
    from .api import _current as current_strategy

    return current_strategy(request, slug, permission)


def _workshop(request: HttpRequest, slug: str, workshop_id: int, permission: str) -> Workshop:
    strategy = _current(request, slug, permission)
    return get_scoped_or_404(
        Workshop.objects.filter(strategy=strategy), strategy.organisation, pk=workshop_id
    )


class WorkshopListItem(Schema):
    id: int
    title: str
    held_on: datetime.date
    phase: str
    question: str
    participants: int
    cards: int


class CardOut(Schema):
    id: int
    text: str
    votes: int
    author: str  # "" for an anonymous card


class ClusterOut(Schema):
    id: int
    name: str
    votes: int  # on the cluster and its cards
    cards: list[CardOut]


class AdoptionOut(Schema):
    kind: str
    text: str
    cluster: int | None
    card: int | None
    field: int | None
    goal: int | None
    measure: int | None


class WorkshopOut(Schema):
    id: int
    title: str
    held_on: datetime.date
    facilitator: str
    question: str
    phase: str
    votes_per_participant: int
    participants: int
    cards: int
    votes: int
    clusters: list[ClusterOut]
    unassigned: list[CardOut]
    adoptions: list[AdoptionOut]
    version: int


class PhaseIn(Schema):
    phase: Phase


def _card(entry) -> dict:
    author = entry.card.author
    return {
        "id": entry.card.pk,
        "text": entry.card.text,
        "votes": entry.votes,
        "author": author.name if author is not None else "",
    }


def _workshop_out(workshop: Workshop) -> dict:
    board = selectors.workshop_board(workshop=workshop)
    return {
        "id": workshop.pk,
        "title": workshop.title,
        "held_on": workshop.held_on,
        "facilitator": workshop.facilitator,
        "question": workshop.question,
        "phase": workshop.phase,
        "votes_per_participant": workshop.votes_per_participant,
        "participants": board.participant_count,
        "cards": board.card_count,
        "votes": board.vote_count,
        "clusters": [
            {
                "id": entry.cluster.pk,
                "name": entry.cluster.name,
                "votes": entry.total_votes,
                "cards": [_card(c) for c in entry.cards],
            }
            for entry in board.clusters
        ],
        "unassigned": [_card(c) for c in board.unassigned],
        "adoptions": [
            {
                "kind": a.kind,
                "text": a.text,
                "cluster": a.cluster_id,
                "card": a.card_id,
                "field": a.field_id,
                "goal": a.goal_id,
                "measure": a.measure_id,
            }
            for a in board.adoptions
        ],
        "version": workshop.version,
    }


@router.get(PATH, response=list[WorkshopListItem], openapi_extra=requires(VIEW))
@paginate(Pagination)
def workshop_list(request: HttpRequest, slug: str):
    """The workshops of the current strategy, the latest first."""
    strategy = _current(request, slug, VIEW)
    return [
        {
            "id": w.pk,
            "title": w.title,
            "held_on": w.held_on,
            "phase": w.phase,
            "question": w.question,
            "participants": w.participant_count,
            "cards": w.card_count,
        }
        for w in selectors.workshop_list(strategy=strategy)
    ]


@router.get(PATH + "/{workshop_id}", response=WorkshopOut, openapi_extra=requires(VIEW))
def workshop_detail(request: HttpRequest, slug: str, workshop_id: int):
    """A workshop with its clusters, cards, votes and what the strategy adopted from it."""
    return _workshop_out(_workshop(request, slug, workshop_id, VIEW))


@router.post(PATH + "/{workshop_id}/phase", response=WorkshopOut, openapi_extra=requires(MANAGE))
def workshop_phase(request: HttpRequest, slug: str, workshop_id: int, payload: PhaseIn):
    """Move the workshop to another phase (closing it ends its join link)."""
    workshop = _workshop(request, slug, workshop_id, MANAGE)
    workshop = services.workshop_set_phase(
        actor=request.auth, workshop=workshop, phase=payload.phase
    )
    return _workshop_out(workshop)
