"""The protocol of a vision workshop (PDF/DOCX): question, participants, every card by
cluster, the votes and what the strategy took from it. Built from the same selector as the
workshop's pages (``selectors.workshop_board``), so page and paper agree."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommunalkompass.core.language import document_language
from kommunalkompass.documents.formatting import format_date
from kommunalkompass.documents.model import (
    Block,
    BulletList,
    Column,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Metadata,
    NumberFormat,
    Paragraph,
    Table,
)

from . import selectors
from .models import Workshop, WorkshopAdoption


def _target(adoption: WorkshopAdoption) -> str:
    element = adoption.measure or adoption.goal or adoption.field
    return str(element) if element is not None else adoption.get_kind_display()


def workshop_protocol(*, workshop: Workshop, language: str, author: str = "") -> Document:
    """The protocol of ``workshop`` in ``language``."""
    with translation.override(language):
        board = selectors.workshop_board(workshop=workshop)
        names = selectors.workshop_named_participants(workshop=workshop)
        blocks: list[Block] = [
            KeyFigures(
                [
                    KeyFigure(_("Participants"), str(board.participant_count)),
                    KeyFigure(_("Cards"), str(board.card_count)),
                    KeyFigure(_("Clusters"), str(len(board.clusters))),
                    KeyFigure(_("Votes"), str(board.vote_count)),
                ]
            ),
            Heading(_("Guiding question"), 1),
            Paragraph(workshop.question),
            Paragraph(
                _("Facilitation: %(name)s. Votes per participant: %(count)d.")
                % {"name": workshop.facilitator or "–", "count": workshop.votes_per_participant}
            ),
            Heading(_("Participants"), 1),
        ]
        if names:
            blocks.append(BulletList(list(names)))
        anonymous = board.participant_count - len(names)
        blocks.append(
            Paragraph(
                ngettext(
                    "%(count)d participant took part without being named.",
                    "%(count)d participants took part without being named.",
                    anonymous,
                )
                % {"count": anonymous}
            )
        )
        blocks.append(Heading(_("Result"), 1))
        if board.clusters:
            blocks.append(
                Table(
                    columns=[
                        Column(_("Rank"), NumberFormat.INTEGER, width=0.6),
                        Column(_("Cluster"), width=4),
                        Column(_("Cards"), NumberFormat.INTEGER),
                        Column(_("Votes"), NumberFormat.INTEGER),
                    ],
                    rows=[
                        [rank, entry.cluster.name, len(entry.cards), entry.total_votes]
                        for rank, entry in enumerate(board.ranked, start=1)
                    ],
                    caption=_("Clusters ranked by votes (on the cluster and its cards)"),
                )
            )
        else:
            blocks.append(Paragraph(_("No cluster was formed.")))
        blocks.append(Heading(_("Cards by cluster"), 1))
        card_columns = [Column(_("Card"), width=6), Column(_("Votes"), NumberFormat.INTEGER)]
        for entry in board.clusters:
            blocks.append(Heading(entry.cluster.name, 2))
            if entry.cards:
                blocks.append(
                    Table(
                        columns=card_columns,
                        rows=[[c.card.text, c.votes] for c in entry.cards],
                        caption=_("Cards of the cluster “%(name)s”") % {"name": entry.cluster.name},
                    )
                )
            else:
                blocks.append(Paragraph(_("No card in this cluster.")))
        if board.unassigned:
            blocks.append(Heading(_("Cards not in a cluster"), 2))
            blocks.append(
                Table(
                    columns=card_columns,
                    rows=[[c.card.text, c.votes] for c in board.unassigned],
                    caption=_("Cards not in a cluster"),
                )
            )
        blocks.append(Heading(_("Adopted into the strategy"), 1))
        if board.adoptions:
            blocks.append(
                Table(
                    columns=[
                        Column(_("Adopted as"), width=1.6),
                        Column(_("Wording"), width=4),
                        Column(_("From"), width=2.4),
                    ],
                    rows=[
                        [
                            a.get_kind_display(),
                            a.text if a.kind in ("vision", "principle") else _target(a),
                            (
                                _("Cluster “%(name)s”") % {"name": a.cluster.name}
                                if a.cluster
                                else _("Card “%(text)s”") % {"text": a.card.text}
                                if a.card
                                else "–"
                            ),
                        ]
                        for a in board.adoptions
                    ],
                    caption=_("What the strategy took from the workshop"),
                )
            )
        else:
            blocks.append(Paragraph(_("Nothing has been adopted into the strategy yet.")))
        organisation = workshop.organisation
        return Document(
            meta=Metadata(
                title=workshop.title,
                subtitle=_("Protocol of the workshop of %(date)s")
                % {"date": format_date(workshop.held_on, language, long=True)},
                organisation=organisation.name,
                author=author,
                date=timezone.localdate(),
                version=workshop.strategy.title,
                language=language,
                logo=bytes(organisation.logo) if organisation.logo else None,
            ),
            blocks=blocks,
            table_of_contents=False,
        )


def build_protocol(request: HttpRequest, pk: int) -> Document:
    workshop = (
        Workshop.objects.for_organisation(request.organisation)
        .select_related("strategy", "organisation")
        .filter(pk=pk)
        .first()
    )
    if workshop is None:
        raise Http404
    return workshop_protocol(
        workshop=workshop,
        language=document_language(request),
        author=request.user.display_name,
    )
