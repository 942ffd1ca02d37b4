"""The strategy document (PDF/DOCX) and the measures workbook (XLSX), through the documents
app: what a council votes on — complete, sober, in the organisation's language."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.http import Http404, HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommunalkompass.assessments.charts import result_figures
from kommunalkompass.assessments.selectors import assessment_results
from kommunalkompass.core.language import content_language, document_language
from kommunalkompass.documents.formatting import format_date, format_number
from kommunalkompass.documents.model import (
    Block,
    BulletList,
    Callout,
    Column,
    Document,
    Heading,
    KeyFigure,
    KeyFigures,
    Metadata,
    NumberFormat,
    PageBreak,
    Paragraph,
    Table,
)
from kommunalkompass.organisations.models import Department

from . import extensions, imports, roadmap, selectors
from .charts import portfolio_figure, roadmap_figure
from .models import BENEFIT_CRITERIA, Measure, Strategy
from .phases import implementation_fact, measure_facts


def _current(request: HttpRequest) -> Strategy:
    strategy = selectors.current_strategy(organisation=request.organisation)
    if strategy is None:
        raise Http404
    return strategy


def _measures(strategy: Strategy) -> list[Measure]:
    return list(
        strategy.measures.select_related("lead_department", "source_assessment")
        .prefetch_related("fields", "goals", "depends_on")
        .order_by("number")
    )


def _names(items) -> str:
    return ", ".join(str(item) for item in items) or "–"


def strategy_document(*, strategy: Strategy, language: str, author: str = "") -> Document:
    """Title page, foreword, starting point, vision, fields with goals and indicators,
    measures overview and fact sheets, roadmap, budget per year, monitoring."""
    with translation.override(language):
        measures = _measures(strategy)
        rows = selectors.measure_rows(strategy=strategy)
        blocks: list[Block] = []
        if strategy.foreword.strip():
            blocks += [Heading(_("Foreword"), 1)]
            blocks += [Paragraph(part) for part in _paragraphs(strategy.foreword)]
        blocks += _starting_point(strategy, language)
        blocks += _vision(strategy)
        blocks += _fields_and_goals(strategy, language)
        blocks += _overview(strategy, rows, language)
        blocks += _fact_sheets(strategy, measures, rows)
        blocks += _roadmap(strategy, measures, language)
        blocks += _budget(strategy, measures)
        blocks += extensions.document_sections(strategy, language)
        blocks += _monitoring(strategy)
        status = strategy.get_status_display()
        if strategy.status == Strategy.Status.AGREED and strategy.agreed_on:
            status = _("Agreed on %(date)s by %(body)s") % {
                "date": format_date(strategy.agreed_on, language),
                "body": strategy.agreed_by,
            }
        organisation = strategy.organisation
        return Document(
            meta=Metadata(
                title=strategy.title,
                subtitle=_("Digital strategy %(first)d–%(last)d")
                % {"first": strategy.start_year, "last": strategy.end_year},
                organisation=organisation.name,
                author=author,
                date=timezone.localdate(),
                version=status,
                language=language,
                logo=bytes(organisation.logo) if organisation.logo else None,
            ),
            blocks=blocks,
        )


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _starting_point(strategy: Strategy, language: str) -> list[Block]:
    blocks: list[Block] = [Heading(_("Starting point"), 1)]
    assessments = list(strategy.assessments.all())
    if not assessments:
        blocks.append(
            Paragraph(
                _(
                    "The strategy has not been linked to a maturity assessment. An assessment "
                    "of leaders, staff and IT shows where the organisation stands and is the "
                    "recommended starting point of the next revision."
                )
            )
        )
        return blocks
    for assessment in assessments:
        results = assessment_results(assessment=assessment)
        names = {d.key: d.name.get(language) for d in assessment.model.dimensions}
        blocks.append(Heading(assessment.title, 2))
        blocks.append(
            Paragraph(
                _(
                    "%(respondents)d people answered the anonymous survey (%(model)s). Scores "
                    "run from 1 to 5; groups below the anonymity threshold are not reported."
                )
                % {
                    "respondents": results.respondents,
                    "model": assessment.model.name.get(language),
                }
            )
        )
        if results.score is not None:
            blocks.append(
                KeyFigures(
                    [
                        KeyFigure(
                            _("Overall score"),
                            format_number(results.score, 1, language),
                            _("on the scale from 1 to 5"),
                        ),
                        KeyFigure(
                            _("Overall level"),
                            str(results.level),
                            assessment.model.level(results.level).name.get(language),
                        ),
                    ]
                )
            )
        figures = result_figures(assessment=assessment, results=results, language=language)
        if "radar" in figures:
            blocks.append(figures["radar"])
        shown = [d for d in results.dimensions if d.score is not None]
        if shown:
            blocks.append(
                Table(
                    columns=[
                        Column(_("Dimension"), width=3),
                        Column(_("Score"), NumberFormat.DECIMAL, decimals=1),
                        Column(_("Target"), NumberFormat.INTEGER),
                        Column(_("Potential"), NumberFormat.DECIMAL, decimals=1),
                    ],
                    rows=[
                        [names[d.key], d.score, d.target, d.gap]
                        for d in sorted(shown, key=lambda d: d.score)
                    ],
                    caption=_("Maturity by dimension, weakest first"),
                )
            )
    return blocks


def _vision(strategy: Strategy) -> list[Block]:
    blocks: list[Block] = [Heading(_("Vision and guiding principles"), 1)]
    if strategy.vision.strip():
        blocks += [Paragraph(part) for part in _paragraphs(strategy.vision)]
    else:
        blocks.append(Paragraph(_("The vision statement has not been written yet.")))
    if strategy.principle_list():
        blocks.append(Heading(_("Guiding principles"), 2))
        blocks.append(BulletList(strategy.principle_list()))
    return blocks


def _fields_and_goals(strategy: Strategy, language: str) -> list[Block]:
    blocks: list[Block] = [Heading(_("Fields of action, goals and indicators"), 1)]
    goals = selectors.goal_progress(strategy=strategy)
    by_field = defaultdict(list)
    for entry in goals:
        by_field[entry.goal.field_id].append(entry)
    fields = selectors.fields_of(strategy)
    if not fields and not goals:
        blocks.append(Paragraph(_("No fields of action or goals have been set yet.")))
        return blocks
    for field in [*fields, None]:
        field_goals = by_field.get(field.pk if field else None, [])
        if field is None and not field_goals:
            continue
        blocks.append(Heading(field.name if field else _("Goals across the fields"), 2))
        if field and field.description:
            blocks.append(Paragraph(field.description))
        if not field_goals:
            blocks.append(Paragraph(_("No goal has been set for this field yet.")))
            continue
        rows = []
        for entry in field_goals:
            goal = entry.goal
            if not entry.indicators:
                rows.append([goal.title, _("no indicator yet"), None, None, None, "", ""])
            for row in entry.indicators:
                indicator = row.indicator
                rows.append(
                    [
                        goal.title,
                        f"{indicator.name} ({indicator.unit})"
                        if indicator.unit
                        else indicator.name,
                        indicator.baseline,
                        row.latest.value if row.latest else None,
                        indicator.target,
                        format_date(indicator.target_date, language),
                        str(row.state_label),
                    ]
                )
        blocks.append(
            Table(
                columns=[
                    Column(_("Goal"), width=2.5),
                    Column(_("Indicator"), width=2.5),
                    Column(_("Baseline"), NumberFormat.DECIMAL, decimals=1),
                    Column(_("Latest value"), NumberFormat.DECIMAL, decimals=1),
                    Column(_("Target"), NumberFormat.DECIMAL, decimals=1),
                    Column(_("by"), NumberFormat.TEXT),
                    Column(_("Trajectory"), width=1.5),
                ],
                rows=rows,
                caption=_("Goals and indicators: %(field)s")
                % {"field": field.name if field else _("across the fields")},
            )
        )
    return blocks


def _overview(strategy: Strategy, rows, language: str) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading(_("The measures at a glance"), 1)]
    if not rows:
        blocks.append(Paragraph(_("No measures have been set yet.")))
        return blocks
    # The counts of the implementation dashboard and the Ablaufplan (one selector).
    tally = selectors.measure_tally(strategy=strategy)
    blocks.append(
        KeyFigures(
            [
                KeyFigure(str(label), format_number(count, 0, language))
                for _status, label, count in tally.by_status
            ]
        )
    )
    blocks.append(
        BulletList(
            measure_facts(tally) + ([implementation_fact(tally)] if tally.to_implement else [])
        )
    )
    weights = strategy.benefit_weights()
    blocks.append(
        Paragraph(
            _(
                "Each measure is scored 0 to 5 on five benefit criteria, weighted %(weights)s. "
                "Together with effort and risk (1 to 5) this gives its priority: high means "
                "start now, medium within two years, low within four."
            )
            % {"weights": ", ".join(f"{label} {weights[key]} %" for key, label in BENEFIT_CRITERIA)}
        )
    )
    blocks.append(
        Table(
            columns=[
                Column(_("No."), width=0.6),
                Column(_("Measure"), width=3.5),
                Column(_("Priority"), width=1.6),
                Column(_("Benefit"), NumberFormat.DECIMAL, decimals=1),
                Column(_("Cost (EUR)"), NumberFormat.EURO),
                Column(_("Status"), width=1.3),
            ],
            rows=[
                [
                    row.measure.code,
                    row.measure.title,
                    row.priority_label,
                    row.benefit,
                    row.cost,
                    row.measure.get_status_display(),
                ]
                for row in rows
            ],
            total_row=[_("Total"), "", "", None, sum((r.cost for r in rows), Decimal(0)), ""],
            caption=_("Measures ranked by priority"),
            sheet_name=_("Overview"),
        )
    )
    figure = portfolio_figure(rows, language)
    if figure:
        blocks.append(figure)
    return blocks


def _fact_sheets(strategy: Strategy, measures: list[Measure], rows) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading(_("Fact sheets"), 1)]
    by_pk = {row.measure.pk: row for row in rows}
    for measure in measures:
        row = by_pk[measure.pk]
        found = roadmap.span(strategy, measure)
        period = (
            f"{roadmap.quarter_label(strategy, found[0])} – "
            f"{roadmap.quarter_label(strategy, found[1])}"
            if found
            else _("not planned yet")
        )
        blocks.append(Heading(f"{measure.code} {measure.title}", 2))
        if measure.description:
            blocks += [Paragraph(part) for part in _paragraphs(measure.description)]
        facts = [
            [_("Fields of action"), _names(measure.fields.all())],
            [_("Goals served"), _names(g.title for g in measure.goals.all())],
            [
                _("Lead"),
                " – ".join(
                    part
                    for part in (
                        measure.lead_department.name if measure.lead_department else "",
                        measure.lead_person,
                    )
                    if part
                )
                or "–",
            ],
            [_("Participants"), measure.participants or "–"],
            [_("Time frame"), period],
            [
                _("Cost"),
                _("%(once)s one-time, %(yearly)s a year")
                % {
                    "once": format_number(measure.one_time_cost, 0, content_language()) + " €",
                    "yearly": format_number(measure.annual_cost, 0, content_language()) + " €",
                },
            ],
            [_("Funding"), measure.funding_source or "–"],
            [
                _("Benefit, effort, risk"),
                _("benefit %(benefit)s of 5, effort %(effort)d, risk %(risk)d")
                % {
                    "benefit": format_number(row.benefit, 1, content_language()),
                    "effort": measure.effort,
                    "risk": measure.risk,
                },
            ],
            [
                _("Priority"),
                row.priority_label
                + (f" ({measure.priority_reason})" if measure.priority_override else ""),
            ],
            [_("Depends on"), _names(d.code for d in measure.depends_on.all())],
            [
                _("Status"),
                _("%(status)s, %(progress)d %% done")
                % {"status": measure.get_status_display(), "progress": measure.progress},
            ],
        ]
        blocks.append(
            Table(
                columns=[Column(_("Item"), width=1.4), Column(_("Detail"), width=4)],
                rows=facts,
                caption=_("Fact sheet %(code)s") % {"code": measure.code},
            )
        )
    return blocks


def _roadmap(strategy: Strategy, measures: list[Measure], language: str) -> list[Block]:
    blocks: list[Block] = [PageBreak(), Heading(_("Roadmap"), 1)]
    figure = roadmap_figure(strategy, measures, language)
    if figure is None:
        blocks.append(Paragraph(_("No measure has been placed in the roadmap yet.")))
        return blocks
    blocks.append(
        Paragraph(
            _(
                "The roadmap places the measures in quarters so that as much benefit as "
                "possible starts early, within the yearly budgets and staff capacities, and "
                "every measure waits for those it depends on."
            )
        )
    )
    blocks.append(figure)
    return blocks


def _budget(strategy: Strategy, measures: list[Measure]) -> list[Block]:
    loads = roadmap.loads(strategy, measures)
    blocks: list[Block] = [Heading(_("Budget per year"), 1)]
    blocks.append(
        Paragraph(
            _(
                "Cost and staff effort of the planned measures in each year: one-time cost "
                "spread over the quarters a measure runs, annual cost for each quarter it runs."
            )
        )
    )
    blocks.append(
        Table(
            columns=[
                Column(_("Year"), width=1),
                Column(_("Planned cost"), NumberFormat.EURO),
                Column(_("Budget"), NumberFormat.EURO),
                Column(_("Planned person-days"), NumberFormat.INTEGER),
                Column(_("Capacity (person-days)"), NumberFormat.INTEGER),
            ],
            rows=[
                [
                    load.label,
                    load.cost,
                    load.budget,
                    round(load.person_days),
                    round(load.capacity) if load.capacity is not None else None,
                ]
                for load in loads
            ],
            total_row=[
                _("Total"),
                sum((load.cost for load in loads), Decimal(0)),
                None,
                round(sum(load.person_days for load in loads)),
                None,
            ],
            caption=_("Cost and staff effort per year"),
            sheet_name=_("Budget"),
        )
    )
    return blocks


def _monitoring(strategy: Strategy) -> list[Block]:
    return [
        Heading(_("Monitoring and revision"), 1),
        Paragraph(
            _(
                "The lead departments report the status and progress of their measures at "
                "least every quarter; the indicators of the goals are measured at least once a "
                "year. A goal counts as on track when its latest value has made at least 90 "
                "percent of the progress expected by then on the straight line from baseline to "
                "target, at risk from 60 percent, and off track below."
            )
        ),
        Paragraph(
            _(
                "Once a year the administration reports to the council on the measures, the "
                "indicators and the budget. A new maturity assessment after about two years "
                "shows what has changed; the strategy is then revised and agreed again."
            )
        ),
        Callout(
            _(
                "This document was produced with Kommunalkompass from the strategy's data of "
                "%(date)s."
            )
            % {"date": format_date(timezone.localdate(), content_language())},
            title=_("Source"),
        ),
    ]


def build_document(request: HttpRequest) -> Document:
    return strategy_document(
        strategy=_current(request),
        language=document_language(request),
        author=request.user.display_name,
    )


def build_measures_workbook(request: HttpRequest) -> Document:
    """Every measure with all its fields, one row each, for spreadsheets."""
    strategy = _current(request)
    language = document_language(request)
    with translation.override(language):
        measures = _measures(strategy)
        rows = {row.measure.pk: row for row in selectors.measure_rows(strategy=strategy)}
        table = Table(
            columns=[
                Column(_("No."), width=0.6),
                Column(_("Title"), width=3),
                Column(_("Description"), width=5),
                Column(_("Fields of action"), width=2),
                Column(_("Goals served"), width=2),
                Column(_("Lead department"), width=2),
                Column(_("Lead person"), width=1.5),
                Column(_("Status"), width=1.2),
                Column(_("Progress"), NumberFormat.PERCENT),
                Column(_("Priority"), width=1.5),
                Column(_("Weighted benefit"), NumberFormat.DECIMAL, decimals=2),
                Column(_("Effort"), NumberFormat.INTEGER),
                Column(_("Risk"), NumberFormat.INTEGER),
                Column(_("Duration (quarters)"), NumberFormat.INTEGER),
                Column(_("Planned start"), width=1),
                Column(_("One-time cost"), NumberFormat.EURO),
                Column(_("Annual cost"), NumberFormat.EURO),
                Column(_("Person-days per year"), NumberFormat.INTEGER),
                Column(_("Funding"), width=2),
                Column(_("Depends on"), width=1.2),
            ],
            rows=[
                [
                    m.code,
                    m.title,
                    m.description,
                    _names(m.fields.all()),
                    _names(g.title for g in m.goals.all()),
                    m.lead_department.name if m.lead_department else "",
                    m.lead_person,
                    m.get_status_display(),
                    m.progress / 100,
                    rows[m.pk].priority_label,
                    rows[m.pk].benefit,
                    m.effort,
                    m.risk,
                    m.duration_quarters,
                    roadmap.quarter_label(strategy, m.planned_quarter)
                    if m.planned_quarter is not None
                    else "",
                    m.one_time_cost,
                    m.annual_cost,
                    m.person_days,
                    m.funding_source,
                    ", ".join(d.code for d in m.depends_on.all()),
                ]
                for m in measures
            ],
            caption=_("Measures of %(title)s") % {"title": strategy.title},
            sheet_name=_("Measures"),
        )
        return Document(
            meta=Metadata(
                title=_("Measures: %(title)s") % {"title": strategy.title},
                organisation=strategy.organisation.name,
                date=timezone.localdate(),
                language=language,
            ),
            blocks=[table],
        )


def build_measure_import_template(request: HttpRequest) -> Document:
    """The template of the measure import: the German headings the import reads and one
    example row that imports into the current strategy as it is (it names the strategy's
    first field of action, goal and department where there are some)."""
    strategy = _current(request)
    field = strategy.fields.first()
    goal = strategy.goals.first()
    department = Department.objects.for_organisation(strategy.organisation).first()
    year = strategy.start_year
    example = {
        "title": "E-Akte im Bauamt einführen",
        "description": "Bauanträge und Genehmigungen werden nur noch elektronisch geführt.",
        "fields": field.name if field else "",
        "goals": goal.title if goal else "",
        "lead_department": department.name if department else "",
        "lead_person": "",
        "participants": "IT, Personalrat",
        "status": "geplant",
        "progress": 0,
        "start": datetime.date(year, 4, 1),
        "end": datetime.date(year + 1, 3, 31),
        "duration_quarters": 4,
        "earliest_start": datetime.date(year, 1, 1),
        "one_time_cost": Decimal(45000),
        "annual_cost": Decimal(6000),
        "person_days": 40,
        "funding_source": "Haushalt, Förderprogramm des Landes",
        "benefit_citizens": 3,
        "benefit_staff": 5,
        "benefit_efficiency": 4,
        "benefit_legal": 2,
        "benefit_goals": 4,
        "effort": 3,
        "risk": 2,
        "depends_on": "",
    }
    formats = {
        **{key: NumberFormat.INTEGER for key in imports.INTEGERS},
        **{key: NumberFormat.EURO for key in imports.MONEY},
        **{key: NumberFormat.DATE for key in imports.DATES},
    }
    language = document_language(request)
    with translation.override(language):
        table = Table(
            columns=[
                Column(heading, formats.get(key, NumberFormat.TEXT))
                for key, heading in imports.TEMPLATE_HEADINGS.items()
            ],
            rows=[[example[key] for key in imports.TEMPLATE_HEADINGS]],
            sheet_name=_("Measures"),
        )
        return Document(
            meta=Metadata(
                title=_("Template for the measure import"),
                organisation=strategy.organisation.name,
                date=timezone.localdate(),
                language=language,
            ),
            blocks=[table],
        )
