"""What the change module prints: the change plan and the coaching summary (PDF, DOCX).

Pulse figures come from ``selectors.readiness_trend`` (the anonymity rules of the
assessments); the coaching summary never contains private notes.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommunalkompass.core.language import document_language
from kommunalkompass.documents.formatting import format_date, format_number
from kommunalkompass.documents.model import (
    BulletList,
    Callout,
    Column,
    Document,
    Figure,
    Heading,
    KeyFigure,
    KeyFigures,
    Metadata,
    Paragraph,
    Table,
)
from kommunalkompass.organisations.models import Organisation

from . import selectors
from .charts import grid_chart, trend_chart


def _date(value, language: str) -> str:
    return format_date(value, language) if value else "–"


def _score(value: float | None, language: str) -> str:
    return format_number(value, 1, language) if value is not None else "–"


def change_plan(*, organisation: Organisation, language: str, author: str = "") -> Document:
    """Initiatives with Kotter's checklist and risks, the stakeholder grid, the readiness
    trend and the communication plan."""
    with translation.override(language):
        today = timezone.localdate()
        counts = selectors.overview(organisation=organisation)
        blocks: list = [
            KeyFigures(
                [
                    KeyFigure(_("Initiatives"), str(counts.initiatives)),
                    KeyFigure(_("Stakeholders"), str(counts.stakeholders)),
                    KeyFigure(_("Readiness pulses"), str(counts.pulses)),
                    KeyFigure(_("Planned communications"), str(counts.communications_planned)),
                ]
            ),
            Heading(_("Initiatives"), 1),
        ]
        initiatives = list(selectors.initiative_list(organisation=organisation))
        if not initiatives:
            blocks.append(Paragraph(_("No initiative has been recorded yet.")))
        for initiative in initiatives:
            detail = selectors.initiative_detail(initiative=initiative)
            blocks.append(Heading(detail.title, 2))
            if detail.description:
                blocks.append(Paragraph(detail.description))
            measures = [f"M{m.number} {m.title}" for m in detail.measures.all()]
            if measures:
                blocks.append(
                    Paragraph(_("Strategy measures: %(list)s") % {"list": ", ".join(measures)})
                )
            blocks.append(
                Table(
                    columns=[
                        Column(_("Step"), width=3),
                        Column(_("Done"), width=0.8),
                        Column(_("Date"), width=1),
                        Column(_("Evidence"), width=3),
                    ],
                    rows=[
                        [
                            f"{step.step}. {step.get_step_display()}",
                            _("yes") if step.done else _("no"),
                            _date(step.done_on, language),
                            step.evidence,
                        ]
                        for step in detail.steps.all()
                    ],
                    caption=_("Kotter's eight steps"),
                )
            )
            risks = list(detail.risks.all())
            if risks:
                blocks.append(
                    Table(
                        columns=[
                            Column(_("Risk or resistance"), width=3),
                            Column(_("Kind"), width=1),
                            Column(_("Owner"), width=1.5),
                            Column(_("Response"), width=3),
                            Column(_("Status"), width=1),
                        ],
                        rows=[
                            [
                                risk.title,
                                risk.get_kind_display(),
                                selectors.person_name(risk.owner),
                                risk.response,
                                risk.get_status_display(),
                            ]
                            for risk in risks
                        ],
                        caption=_("Risks and resistances"),
                    )
                )
        blocks.append(Heading(_("Stakeholders"), 1))
        points = selectors.stakeholder_grid(selectors.stakeholder_list(organisation=organisation))
        if points:
            blocks.append(Figure(grid_chart(points, title=_("Stakeholders"), language=language)))
            blocks.append(
                Table(
                    columns=[
                        Column(_("Stakeholder"), width=2),
                        Column(_("Role or department"), width=2),
                        Column(_("Attitude"), width=1),
                        Column(_("Quadrant"), width=1.5),
                        Column(_("Quadrant wanted"), width=1.5),
                        Column(_("Engagement strategy"), width=3),
                    ],
                    rows=[
                        [
                            p.stakeholder.name,
                            p.stakeholder.role,
                            p.stakeholder.get_attitude_display(),
                            p.stakeholder.get_quadrant_display(),
                            p.stakeholder.get_wanted_quadrant_display() or "–",
                            p.stakeholder.engagement,
                        ]
                        for p in points
                    ],
                    caption=_("Stakeholder register"),
                )
            )
        else:
            blocks.append(Paragraph(_("No stakeholder has been recorded yet.")))
        blocks.append(Heading(_("Change readiness"), 1))
        trend = selectors.readiness_trend(organisation=organisation, language=language)
        if not trend:
            blocks.append(Paragraph(_("No readiness pulse has been run yet.")))
        for series in trend:
            blocks.append(Heading(series.label, 2))
            chart = trend_chart(
                series,
                title=_("Readiness per element: %(label)s") % {"label": series.label},
                language=language,
            )
            if chart is not None:
                blocks.append(Figure(chart))
            blocks.append(
                Table(
                    columns=[
                        Column(_("Element"), width=2),
                        *[
                            Column(format_date(pulse.created_at.date(), language), width=1)
                            for pulse, _figures in series.pulses
                        ],
                    ],
                    rows=[
                        [row["name"], *[_score(s, language) for s in row["scores"]]]
                        for row in series.rows
                    ],
                    caption=_("Readiness per element (1–5); –: too few respondents to show"),
                )
            )
            weakest = selectors.weakest_element(series, language=language)
            if weakest:
                blocks.append(
                    Callout(
                        _("Weakest element: %(name)s (%(score)s). Suggested actions:")
                        % {"name": weakest.name, "score": _score(weakest.score, language)},
                        title=_("What to do next"),
                    )
                )
                blocks.append(BulletList(weakest.actions))
        blocks.append(Heading(_("Communication plan"), 1))
        items = list(selectors.communication_list(organisation=organisation))
        if items:
            blocks.append(
                Table(
                    columns=[
                        Column(_("Date"), width=1),
                        Column(_("Audience"), width=2),
                        Column(_("Message"), width=3),
                        Column(_("Channel"), width=1.2),
                        Column(_("Owner"), width=1.5),
                        Column(_("Status"), width=1),
                    ],
                    rows=[
                        [
                            _date(item.date, language),
                            item.audience,
                            item.message,
                            item.get_channel_display(),
                            selectors.person_name(item.owner),
                            item.get_status_display(),
                        ]
                        for item in items
                    ],
                    caption=_("Communication plan"),
                )
            )
        else:
            blocks.append(Paragraph(_("The communication plan has no entries yet.")))
        return Document(
            meta=Metadata(
                title=_("Change plan"),
                subtitle=_("Change management, as of %(date)s")
                % {"date": format_date(today, language, long=True)},
                organisation=organisation.name,
                author=author,
                date=today,
                language=language,
            ),
            blocks=blocks,
        )


def coaching_summary(*, organisation: Organisation, language: str, author: str = "") -> Document:
    """The sessions with topics, agreements and actions, for the client: never the private
    notes (the selector does not even load them)."""
    with translation.override(language):
        today = timezone.localdate()
        blocks: list = []
        sessions = list(selectors.coaching_session_list(organisation=organisation))
        if not sessions:
            blocks.append(Paragraph(_("No coaching session has been recorded yet.")))
        for session in sessions:
            blocks.append(
                Heading(
                    _("Session of %(date)s: %(coachee)s")
                    % {
                        "date": format_date(session.date, language),
                        "coachee": selectors.person_name(session.coachee),
                    },
                    2,
                )
            )
            blocks.append(
                Paragraph(
                    _("Coach: %(coach)s") % {"coach": selectors.person_name(session.coach)}
                    + (f" · {session.participants}" if session.participants else "")
                )
            )
            if session.topics:
                blocks += [Heading(_("Topics"), 3), Paragraph(session.topics)]
            if session.agreements:
                blocks += [Heading(_("Agreements"), 3), Paragraph(session.agreements)]
            actions = list(session.actions.all())
            if actions:
                blocks.append(
                    Table(
                        columns=[
                            Column(_("Action"), width=3),
                            Column(_("Owner"), width=1.5),
                            Column(_("Due date"), width=1),
                            Column(_("Status"), width=1),
                        ],
                        rows=[
                            [
                                item.title,
                                selectors.person_name(item.owner),
                                _date(item.due, language),
                                item.get_status_display(),
                            ]
                            for item in actions
                        ],
                        caption=_("Actions"),
                    )
                )
        return Document(
            meta=Metadata(
                title=_("Coaching summary"),
                subtitle=_("As of %(date)s") % {"date": format_date(today, language, long=True)},
                organisation=organisation.name,
                author=author,
                date=today,
                language=language,
            ),
            blocks=blocks,
            table_of_contents=False,
        )


def build_plan(request: HttpRequest) -> Document:
    return change_plan(
        organisation=request.organisation,
        language=document_language(request),
        author=request.user.display_name,
    )


def build_coaching_summary(request: HttpRequest) -> Document:
    return coaching_summary(
        organisation=request.organisation,
        language=document_language(request),
        author=request.user.display_name,
    )
