"""What the procurement module prints: the Leistungsverzeichnis (PDF, DOCX) of the newest
published version, and the evaluation report, ready for the Vergabevermerk (PDF, DOCX)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommunalkompass.core.language import document_language
from kommunalkompass.documents.formatting import format_date, format_euro
from kommunalkompass.documents.model import (
    Block,
    BulletList,
    Callout,
    CalloutKind,
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
from kommunalkompass.organisations.tenancy import get_scoped_or_404

from . import presentation, selectors
from .models import Procurement
from .services import parameters_of


def _meta(
    procurement: Procurement, title: str, language: str, version: str, author: str
) -> Metadata:
    organisation = procurement.organisation
    return Metadata(
        title=title,
        subtitle=procurement.title,
        organisation=organisation.name,
        author=author,
        date=timezone.localdate(),
        version=version,
        language=language,
        logo=bytes(organisation.logo) if organisation.logo else None,
    )


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(part.strip()) for part in text.split("\n\n") if part.strip()]


def specification_document(
    *, procurement: Procurement, language: str, author: str = ""
) -> Document:
    """The Leistungsverzeichnis of the newest published version."""
    specification = selectors.published_specification(procurement=procurement)
    if specification is None:
        raise Http404
    with translation.override(language):
        evb = selectors.evb_it_type(procurement.evb_it_type)
        blocks: list[Block] = [Heading(_("1 Situation and goals"))]
        blocks += _paragraphs(procurement.situation) or [Paragraph("–")]
        blocks += [Heading(_("2 Subject and lots"))]
        blocks += _paragraphs(procurement.subject)
        blocks.append(
            Table(
                columns=[
                    Column(_("Lot"), NumberFormat.INTEGER, width=0.6),
                    Column(_("Title"), width=5),
                ],
                rows=[[lot.number, lot.title] for lot in specification.lots.order_by("number")],
                caption=_("Lots"),
            )
        )
        blocks.append(Heading(_("3 Requirements")))
        blocks.append(
            Paragraph(
                _(
                    "A requirements must be met; a bid that does not meet one is excluded. B "
                    "requirements are scored from 0 to 10 points and multiplied by their weight."
                )
            )
        )
        groups = selectors.requirement_groups(specification=specification)
        functional = [g for g in groups if not g.non_functional]
        non_functional = [g for g in groups if g.non_functional]
        for heading, part in (
            (_("3.1 Functional requirements"), functional),
            (_("3.2 Non-functional requirements"), non_functional),
        ):
            if not part:
                continue
            blocks.append(Heading(heading, 2))
            for group in part:
                blocks.append(Heading(group.title, 3))
                blocks.append(_requirement_table(group.requirements, language, group.title))
        blocks.append(Heading(_("4 What the buyer provides")))
        blocks += _paragraphs(procurement.buyer_contributions) or [Paragraph("–")]
        blocks.append(Heading(_("5 Project organisation, acceptance, documentation, training")))
        blocks += _paragraphs(procurement.project_terms) or [Paragraph("–")]
        blocks.append(Heading(_("6 Price sheet")))
        blocks.append(
            Paragraph(
                _(
                    "Bidders state a net price in euro for every lot in the sheet “Preisblatt” "
                    "of the answer sheet. The price P of a bid is the sum over its lots."
                )
            )
        )
        blocks.append(Heading(_("7 Evaluation method")))
        evaluation = getattr(procurement, "evaluation", None)
        if evaluation is not None:
            blocks.append(
                Paragraph(
                    presentation.method_text(
                        parameters_of(evaluation.method, evaluation.parameters), language
                    )
                )
            )
        else:
            blocks.append(Paragraph(_("The method is announced with the tender documents.")))
        blocks.append(
            Paragraph(_("Performance points L = Σ points × weight over the B requirements."))
        )
        blocks.append(Heading(_("8 Contract type")))
        blocks.append(
            Paragraph(f"{evb.name}: {evb.use_when.get(language)}" if evb else _("Not chosen yet."))
        )
        return Document(
            meta=_meta(
                procurement,
                _("Leistungsverzeichnis"),
                language,
                _("Version %(number)d") % {"number": specification.number},
                author,
            ),
            blocks=blocks,
        )


def _requirement_table(requirements, language: str, caption: str) -> Table:
    return Table(
        columns=[
            Column(_("ID"), width=1),
            Column(_("Requirement"), width=6),
            Column(_("Kind"), width=0.6),
            Column(_("Weight"), NumberFormat.INTEGER, width=0.8),
            Column(_("Evidence asked"), width=2.5),
        ],
        rows=[
            [
                r.key,
                r.text_en if language == "en" and r.text_en else r.text,
                r.kind,
                r.weight if r.kind == "B" else None,
                r.evidence,
            ]
            for r in requirements
        ],
        caption=caption,
        sheet_name=caption[:31],
    )


def build_specification(request: HttpRequest, pk: int) -> Document:
    procurement = get_scoped_or_404(Procurement, request.organisation, pk=pk)
    return specification_document(
        procurement=procurement,
        language=document_language(request),
        author=request.user.display_name,
    )


def report_document(*, procurement: Procurement, language: str, author: str = "") -> Document:
    """The evaluation report: method and weights, every score, exclusions with reasons,
    ranking with the calculation, sensitivity, sign-offs. Ready for the Vergabevermerk."""
    with translation.override(language):
        result = selectors.evaluation_result(procurement=procurement)
        if result.evaluation is None or result.specification is None:
            raise Http404
        blocks: list[Block] = []
        status = (
            _("Signed off and frozen on %(date)s")
            % {
                "date": format_date(
                    timezone.localtime(result.evaluation.frozen_at).date(), language
                )
            }
            if result.evaluation.is_frozen and result.evaluation.frozen_at
            else _("Not yet signed off by two people")
        )
        winner = result.ranking.winner.key if result.ranking and result.ranking.winner else "–"
        blocks.append(
            KeyFigures(
                [
                    KeyFigure(_("Bids"), str(len(result.rows))),
                    KeyFigure(_("Excluded"), str(sum(1 for r in result.rows if r.excluded))),
                    KeyFigure(_("Most economic bid"), winner),
                    KeyFigure(
                        _("Estimated value"), format_euro(procurement.estimated_value, 2, language)
                    ),
                ]
            )
        )
        blocks.append(
            Callout(
                status,
                kind=CalloutKind.SUCCESS if result.evaluation.is_frozen else CalloutKind.WARNING,
            )
        )
        blocks.append(Heading(_("Method as announced")))
        if result.parameters is not None:
            blocks.append(Paragraph(presentation.method_text(result.parameters, language)))
        blocks.append(
            Paragraph(
                _(
                    "Specification version %(number)d. L = Σ points (0–10) × weight over the B "
                    "requirements; P = the sum of the net prices of all lots."
                )
                % {"number": result.specification.number}
            )
        )
        blocks.append(Heading(_("Weights and scores")))
        blocks.append(
            Table(
                columns=[
                    Column(_("ID"), width=1),
                    Column(_("Weight"), NumberFormat.INTEGER, width=0.8),
                    *(Column(row.bid.bidder, NumberFormat.INTEGER) for row in result.rows),
                ],
                rows=[
                    [r.key, r.weight, *(row.points.get(r.pk) for row in result.rows)]
                    for r in result.b_requirements
                ],
                caption=_("Points per B requirement and bid"),
                total_row=[_("L"), None, *(int(row.performance) for row in result.rows)],
                sheet_name=_("Scores"),
            )
        )
        blocks.append(Heading(_("Exclusions")))
        excluded = [row for row in result.rows if row.excluded]
        if excluded:
            blocks.append(
                BulletList(
                    [
                        f"{row.bid.bidder}: "
                        + (f"{row.excluded.requirement.key} – " if row.excluded.requirement else "")
                        + row.excluded.reason
                        for row in excluded
                        if row.excluded
                    ]
                )
            )
        else:
            blocks.append(Paragraph(_("No bid was excluded.")))
        blocks.append(Heading(_("Ranking and calculation")))
        if result.warns_mean:
            blocks.append(
                Callout(
                    _(
                        "The mean variant was chosen; the federal guide advises against it, "
                        "because a further bid can change which of two others is ahead."
                    ),
                    kind=CalloutKind.WARNING,
                )
            )
        rows = presentation.calculation_rows(result, language)
        blocks.append(
            Table(
                columns=[
                    Column(_("Rank"), NumberFormat.INTEGER, width=0.6),
                    Column(_("Bidder"), width=2),
                    Column(_("L"), width=0.8),
                    Column(_("P"), width=1.4),
                    Column(_("Score"), width=1),
                    Column(_("Calculation"), width=5),
                ],
                rows=[
                    [
                        row.rank,
                        row.bidder,
                        row.performance,
                        row.price,
                        row.score,
                        row.calculation or (_("excluded: %(reason)s") % {"reason": row.excluded}),
                    ]
                    for row in rows
                ],
                caption=_("Ranking"),
            )
        )
        blocks.append(Heading(_("Sensitivity")))
        margins = presentation.sensitivity_rows(result, language)
        if margins:
            blocks.append(
                Paragraph(
                    _(
                        "How far each input would have to move, alone, for the winner to lose "
                        "first place; the narrowest first."
                    )
                )
            )
            blocks.append(
                Table(
                    columns=[
                        Column(_("Input"), width=3),
                        Column(_("Now"), width=0.8),
                        Column(_("Changes the award at"), width=1.2),
                        Column(_("Change"), width=0.8),
                        Column(_("New winner"), width=2),
                    ],
                    rows=[[m.what, m.current, m.needed, m.change, m.runner_up] for m in margins],
                    caption=_("Margin of the award"),
                )
            )
        blocks.append(
            Paragraph(
                _("%(count)d inputs could not change the award within their range.")
                % {"count": presentation.robust_count(result)}
            )
        )
        blocks.append(Heading(_("Sign-offs")))
        if result.signoffs:
            blocks.append(
                BulletList(
                    [
                        f"{s.signer_name} ({s.signer_role}), "
                        f"{format_date(timezone.localtime(s.signed_at).date(), language)}"
                        for s in result.signoffs
                    ]
                )
            )
        else:
            blocks.append(Paragraph(_("Not signed off yet.")))
        blocks.append(
            Callout(
                _(
                    "This report documents the evaluation. The procedure hint of the platform is a "
                    "hint, not legal advice."
                )
            )
        )
        return Document(
            meta=_meta(
                procurement,
                _("Evaluation report"),
                language,
                _("Version %(number)d") % {"number": result.specification.number},
                author,
            ),
            blocks=blocks,
        )


def build_report(request: HttpRequest, pk: int) -> Document:
    procurement = get_scoped_or_404(Procurement, request.organisation, pk=pk)
    return report_document(
        procurement=procurement,
        language=document_language(request),
        author=request.user.display_name,
    )
