"""Writes of the vision workshops: the facilitator's (create, edit, phases, clusters,
adoption into the strategy; each audited) and the participants' (join, cards, votes).

The participants' writes are not audited: the audit log names who changed something, and
a participant is anonymous unless they joined signed in and agreed to be named. What they
write is the workshop's content (cards, votes), kept on the workshop's rows.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.assessments.maturity import DIMENSION_KEYS
from kommunalkompass.audit.services import audit_record, lock_for_edit, save_edit, snapshot

from ..models import (
    CARD_MAX_LENGTH,
    FieldOfAction,
    Strategy,
    Workshop,
    WorkshopAdoption,
    WorkshopCard,
    WorkshopCluster,
    WorkshopParticipant,
    WorkshopVote,
)
from .common import stale_message, validated
from .fields import field_create, goal_create
from .measures import measure_create
from .strategies import strategy_update

WORKSHOP_FIELDS = ("title", "held_on", "facilitator", "question", "votes_per_participant")
PHASE_ORDER = [value for value, _label in Workshop.Phase.choices]


def secret_hash(secret: str) -> str:
    """The stored form of a participant's cookie secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_votes_number(value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
        raise ValidationError(
            {"votes_per_participant": _("Give each participant from 1 to 20 votes.")}
        )


# The facilitator's writes ----------------------------------------------------------------------


@transaction.atomic
def workshop_create(
    *,
    actor: User | None,
    strategy: Strategy,
    title: str,
    held_on: datetime.date,
    question: str,
    facilitator: str = "",
    votes_per_participant: int = 5,
) -> Workshop:
    """A workshop of ``strategy`` in the collect phase, with a fresh unguessable join link."""
    _check_votes_number(votes_per_participant)
    workshop = Workshop(
        organisation_id=strategy.organisation_id,
        strategy=strategy,
        title=(title or "").strip(),
        held_on=held_on,
        question=(question or "").strip(),
        facilitator=(facilitator or "").strip(),
        votes_per_participant=votes_per_participant,
        token=secrets.token_urlsafe(16),
    )
    validated(workshop)
    workshop.save()
    audit_record(
        actor=actor, organisation=strategy.organisation, action="create", obj=workshop,
        changes=snapshot(workshop, WORKSHOP_FIELDS),
    )  # fmt: skip
    return workshop


@transaction.atomic
def workshop_update(
    *, actor: User | None, workshop: Workshop, version: int | None = None, **fields: Any
) -> Workshop:
    """Change title, date, facilitator, question or the votes per participant (refused on
    a stale copy). Fewer votes than some participant has cast already is refused."""
    locked = lock_for_edit(workshop, version, stale_message=stale_message(_("workshop")))
    before = snapshot(locked, WORKSHOP_FIELDS)
    for name in WORKSHOP_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_votes_number(locked.votes_per_participant)
    most = (
        WorkshopVote.objects.filter(workshop=locked)
        .values("participant")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
    ) or 0
    if most > locked.votes_per_participant:
        raise ValidationError(
            {
                "votes_per_participant": _(
                    "A participant has cast %(count)d votes already; give at least as many."
                )
                % {"count": most}
            }
        )
    validated(locked)
    save_edit(
        actor=actor, organisation=locked.organisation, obj=locked, before=before,
        fields=WORKSHOP_FIELDS,
    )  # fmt: skip
    return locked


@transaction.atomic
def workshop_set_phase(*, actor: User | None, workshop: Workshop, phase: str) -> Workshop:
    """Move the workshop to ``phase`` (on, or back a step when needed). Closing it ends the
    join link (410); reopening it is allowed."""
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("Choose one of the phases offered.")})
    locked = lock_for_edit(workshop, None, stale_message="")
    if locked.phase == phase:
        return locked
    before = snapshot(locked, ("phase",))
    locked.phase = phase
    save_edit(
        actor=actor, organisation=locked.organisation, obj=locked, before=before,
        fields=("phase",),
    )  # fmt: skip
    return locked


@transaction.atomic
def workshop_delete(*, actor: User | None, workshop: Workshop) -> None:
    """Delete a workshop with its cards and votes; what was adopted stays in the strategy."""
    audit_record(
        actor=actor, organisation=workshop.organisation, action="delete", obj=workshop,
        changes=snapshot(workshop, ("title",)),
    )  # fmt: skip
    workshop.delete()


@transaction.atomic
def cluster_create(*, actor: User | None, workshop: Workshop, name: str) -> WorkshopCluster:
    """A named cluster at the end of the workshop's clusters."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the cluster a name.")})
    if workshop.clusters.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The workshop has a cluster of this name.")})
    position = workshop.clusters.aggregate(m=Max("position"))["m"] or 0
    cluster = WorkshopCluster(
        organisation_id=workshop.organisation_id, workshop=workshop, name=name,
        position=position + 1,
    )  # fmt: skip
    validated(cluster)
    cluster.save()
    audit_record(
        actor=actor, organisation=workshop.organisation, action="create", obj=cluster,
        changes={"name": [None, name]},
    )  # fmt: skip
    return cluster


@transaction.atomic
def cluster_delete(*, actor: User | None, cluster: WorkshopCluster) -> None:
    """Delete a cluster; its cards stay in the workshop, unassigned; votes on it go."""
    audit_record(
        actor=actor, organisation=cluster.organisation, action="delete", obj=cluster,
        changes={"name": [cluster.name, None]},
    )  # fmt: skip
    cluster.delete()


@transaction.atomic
def card_assign(
    *, actor: User | None, card: WorkshopCard, cluster: WorkshopCluster | None
) -> WorkshopCard:
    """Put a card into a cluster of its workshop (``None``: take it out). The same cluster
    again changes nothing."""
    if cluster is not None and cluster.workshop_id != card.workshop_id:
        raise ValidationError({"cluster": _("Choose a cluster of this workshop.")})
    card = WorkshopCard.objects.select_for_update().get(pk=card.pk)
    if card.cluster_id == (cluster.pk if cluster else None):
        return card
    old = card.cluster.name if card.cluster_id else None  # type: ignore[union-attr]
    card.cluster = cluster
    card.save(update_fields=["cluster"])
    audit_record(
        actor=actor, organisation=card.organisation, action="update", obj=card,
        changes={"cluster": [old, cluster.name if cluster else None]},
    )  # fmt: skip
    return card


@transaction.atomic
def card_delete(*, actor: User | None, card: WorkshopCard) -> None:
    """Take a card off the wall (e.g. off topic or a duplicate); its votes go with it."""
    audit_record(
        actor=actor, organisation=card.organisation, action="delete", obj=card,
        changes={"text": [card.text, None]},
    )  # fmt: skip
    card.delete()


def _append_line(text: str, line: str) -> str:
    return f"{text.rstrip()}\n{line}" if text.strip() else line


@transaction.atomic
def workshop_adopt(
    *,
    actor: User | None,
    workshop: Workshop,
    kind: str,
    text: str,
    cluster: WorkshopCluster | None = None,
    card: WorkshopCard | None = None,
    dimensions: list[str] | None = None,
    field: FieldOfAction | None = None,
) -> WorkshopAdoption:
    """Take a cluster or a card into the workshop's strategy in one step, as a vision
    sentence, a guiding principle, a field of action (with its maturity ``dimensions``), a
    goal (in ``field``, optional) or a measure, worded as ``text``. The new element and the
    adoption point at each other. The same cluster or card is adopted as the same kind once
    (a second click changes nothing and says so)."""
    if (cluster is None) == (card is None):
        raise ValidationError(_("Choose a cluster or a card to adopt."))
    source = cluster or card
    if source.workshop_id != workshop.pk:  # type: ignore[union-attr]
        raise ValidationError(_("Choose a cluster or a card of this workshop."))
    if kind not in WorkshopAdoption.Kind.values:
        raise ValidationError({"kind": _("Choose what it becomes in the strategy.")})
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Enter the wording for the strategy.")})
    if len(text) > 300:
        raise ValidationError({"text": _("The wording can be at most 300 characters long.")})
    # Lock the workshop: two clicks on "adopt" are served one after the other.
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    same = WorkshopAdoption.objects.filter(
        kind=kind, **({"cluster": cluster} if cluster else {"card": card})
    )
    if same.exists():
        raise ValidationError(
            _("This has been adopted as “%(kind)s” already.")
            % {"kind": WorkshopAdoption.Kind(kind).label}
        )
    strategy = workshop.strategy
    adoption = WorkshopAdoption(
        organisation_id=workshop.organisation_id, workshop=workshop, cluster=cluster, card=card,
        kind=kind, text=text,
    )  # fmt: skip
    cards = list(cluster.cards.all()) if cluster else [card]
    description = _("From the workshop “%(title)s” of %(date)s.") % {
        "title": workshop.title,
        "date": workshop.held_on.strftime("%d.%m.%Y"),
    }
    if cluster is not None and cards:
        description += "\n" + "\n".join(f"– {c.text}" for c in cards if c is not None)
    if kind == WorkshopAdoption.Kind.VISION:
        strategy_update(actor=actor, strategy=strategy, vision=_append_line(strategy.vision, text))
    elif kind == WorkshopAdoption.Kind.PRINCIPLE:
        strategy_update(
            actor=actor, strategy=strategy, principles=_append_line(strategy.principles, text)
        )
    elif kind == WorkshopAdoption.Kind.FIELD:
        chosen = [d for d in (dimensions or []) if d in DIMENSION_KEYS]
        adoption.field = field_create(
            actor=actor, strategy=strategy, name=text[:120], description=description,
            dimensions=chosen,
        )  # fmt: skip
    elif kind == WorkshopAdoption.Kind.GOAL:
        if field is not None and field.strategy_id != strategy.pk:
            raise ValidationError({"field": _("Choose a field of action of this strategy.")})
        adoption.goal = goal_create(
            actor=actor, strategy=strategy, title=text[:200], field=field, description=description
        )
    else:
        adoption.measure = measure_create(
            actor=actor, strategy=strategy, title=text[:200], description=description,
            fields_of_action=[field] if field is not None else [],
        )  # fmt: skip
    adoption.save()
    audit_record(
        actor=actor, organisation=workshop.organisation, action="create", obj=adoption,
        changes={"kind": [None, kind], "text": [None, text], "workshop": [None, workshop.title]},
    )  # fmt: skip
    return adoption


# The participants' writes ----------------------------------------------------------------------


def _check_open(workshop: Workshop) -> None:
    if workshop.is_closed:
        raise ValidationError(_("This workshop is closed."), code="closed")


def participant_join(
    *, workshop: Workshop, secret: str, user: User | None = None, named: bool = False
) -> WorkshopParticipant:
    """Join ``workshop`` with the browser's ``secret`` (only its hash is kept). A signed-in
    person who agrees (``named``) is shown by name in the protocol; everybody else joins
    anonymously: no account, no name."""
    _check_open(workshop)
    signed_in = user is not None and user.is_authenticated
    participant = WorkshopParticipant(
        organisation_id=workshop.organisation_id,
        workshop=workshop,
        secret_hash=secret_hash(secret),
        user=user if signed_in and named else None,
        name=user.display_name if signed_in and named and user is not None else "",
    )
    participant.save()
    return participant


def card_post(
    *,
    workshop: Workshop,
    participant: WorkshopParticipant,
    text: str,
    client_key: str,
) -> tuple[WorkshopCard, bool]:
    """Put a card on the wall in the collect phase: 1 to 280 characters. The author is kept
    only for a participant who is named. A second post with the same ``client_key`` (a
    double click, a resent form) returns the stored card; ``created`` says which."""
    _check_open(workshop)
    if workshop.phase != Workshop.Phase.COLLECT:
        raise ValidationError(_("Cards can be written only while ideas are collected."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write something on the card.")})
    if len(text) > CARD_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("A card holds at most %(max)d characters; this one has %(count)d.")
                % {"max": CARD_MAX_LENGTH, "count": len(text)}
            }
        )
    client_key = (client_key or "").strip()[:64]
    if not client_key:
        raise ValidationError(_("The form was incomplete; please send the card again."))
    existing = WorkshopCard.objects.filter(workshop=workshop, client_key=client_key).first()
    if existing is not None:
        return existing, False
    card = WorkshopCard(
        organisation_id=workshop.organisation_id,
        workshop=workshop,
        text=text,
        author=participant if participant.name else None,
        client_key=client_key,
    )
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError:
        # The same form sent twice at the same moment: the other request stored it.
        return WorkshopCard.objects.get(workshop=workshop, client_key=client_key), False
    return card, True


@transaction.atomic
def vote_cast(
    *,
    workshop: Workshop,
    participant: WorkshopParticipant,
    cluster: WorkshopCluster | None = None,
    card: WorkshopCard | None = None,
) -> WorkshopVote:
    """One vote on a cluster or a card of the workshop, in the vote phase, within the
    participant's number of votes (several on the same target are allowed)."""
    _check_open(workshop)
    if workshop.phase != Workshop.Phase.VOTE:
        raise ValidationError(_("Votes can be cast only in the vote phase."))
    if (cluster is None) == (card is None):
        raise ValidationError(_("Choose a cluster or a card to vote for."))
    target = cluster or card
    if target.workshop_id != workshop.pk:  # type: ignore[union-attr]
        raise ValidationError(_("Choose a cluster or a card of this workshop."))
    # Lock the participant: two votes sent at once are counted one after the other.
    locked = WorkshopParticipant.objects.select_for_update().get(pk=participant.pk)
    if locked.votes.count() >= workshop.votes_per_participant:
        raise ValidationError(
            _("You have used all your %(count)d votes. Take one back to vote for something else.")
            % {"count": workshop.votes_per_participant}
        )
    return WorkshopVote.objects.create(
        organisation_id=workshop.organisation_id,
        workshop=workshop,
        participant=locked,
        cluster=cluster,
        card=card,
    )


@transaction.atomic
def vote_withdraw(
    *,
    workshop: Workshop,
    participant: WorkshopParticipant,
    cluster: WorkshopCluster | None = None,
    card: WorkshopCard | None = None,
) -> bool:
    """Take back one of the participant's votes on the target, in the vote phase. False
    when there was none to take back."""
    _check_open(workshop)
    if workshop.phase != Workshop.Phase.VOTE:
        raise ValidationError(_("Votes can be changed only in the vote phase."))
    vote = (
        WorkshopVote.objects.select_for_update()
        .filter(participant=participant, cluster=cluster, card=card)
        .order_by("-id")
        .first()
    )
    if vote is None:
        return False
    vote.delete()
    return True
