"""The OZG status report (PDF/DOCX) and the services workbook (XLSX), through the documents
app: where the organisation stands with online access to its services — figures, the rules
behind them, and what is due."""

from __future__ import annotations

import datetime
from collections import Counter

from django.http import HttpRequest
from django.utils import dateformat, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kommunalkompass.core.language import document_language
from kommunalkompass.documents.charts import GroupedBarChart, Series
from kommunalkompass.documents.formatting import format_date, format_number, format_percent
from kommunalkompass.documents.model import (
    Block,
    BulletList,
    Callout,
    Column,
    Document,
    Figure,
    Heading,
    KeyFigure,
    KeyFigures,
    Metadata,
    NumberFormat,
    Paragraph,
    Table,
)

from . import selectors
from .charts import count_scale_top, progress_figure, themenfeld_figure
from .maturity import ServiceMaturityModel, get_model
from .models import OzgLeistung, ServiceState

DUE_DAYS = selectors.DUE_WITHIN.days


_share = selectors.share


def _percent(part: int, whole: int, language: str) -> str:
    fraction = selectors.share(part, whole)
    return "–" if fraction is None else format_percent(fraction, 0, language)


def status_report(*, organisation, language: str, author: str = "") -> Document:
    """Title page, summary with key figures, maturity model and counting rules, levels and
    status, Themenfelder, departments, progress by month, overdue and due services, method."""
    with translation.override(language):
        today = timezone.localdate()
        model = get_model(selectors.ozg_settings(organisation=organisation).model_version)
        data = selectors.dashboard(
            organisation=organisation, today=today, highest_level=model.max_level
        )
        relevant = list(
            ServiceState.objects.for_organisation(organisation)
            .filter(relevant=True)
            .values_list("level", "model_version")
        )
        tracked = sum(count for _value, _label, count in data.by_status)
        progress = selectors.progress(organisation=organisation)

        blocks: list[Block] = []
        blocks += _summary(organisation, data, tracked, relevant, model, today, language)
        blocks += _model_and_rules(model, relevant, language)
        if data.relevant:
            blocks += _levels_and_status(data, relevant, model, language)
            blocks += _by_themenfeld(data, language)
            blocks += _by_department(data)
            if progress:
                blocks += _progress(progress, language)
            blocks += _due_and_overdue(data)
        blocks += _method(organisation, tracked, progress, today, language)
        return Document(
            meta=Metadata(
                title=_("OZG status report"),
                subtitle=_("Online access to administrative services (OZG), as of %(date)s")
                % {"date": format_date(today, language, long=True)},
                organisation=organisation.name,
                author=author,
                date=today,
                version=model.name.get(language),
                language=language,
                logo=bytes(organisation.logo) if organisation.logo else None,
            ),
            blocks=blocks,
        )


def _summary(organisation, data, tracked, relevant, model, today, language) -> list[Block]:
    blocks: list[Block] = [Heading(_("Summary"), 1)]
    if not tracked:
        blocks.append(
            Paragraph(
                _(
                    "%(organisation)s does not track any OZG services in Kommunalkompass yet, "
                    "so there are no figures to report. Once the services of the OZG catalog "
                    "have been taken into the list and rated, this report shows how many of "
                    "them are online and OZG-compliant, by Themenfeld and by department, and "
                    "which of them are due or overdue."
                )
                % {"organisation": organisation.name}
            )
        )
        return blocks
    blocks.append(
        Paragraph(
            ngettext(
                "This report shows the state of the %(count)d OZG service that %(organisation)s "
                "tracks, as recorded on %(date)s.",
                "This report shows the state of the %(count)d OZG services that "
                "%(organisation)s tracks, as recorded on %(date)s.",
                tracked,
            )
            % {
                "count": tracked,
                "organisation": organisation.name,
                "date": format_date(today, language, long=True),
            }
        )
    )
    if not data.relevant:
        blocks.append(
            Paragraph(
                _(
                    "None of the tracked services is marked as relevant, so there are no shares "
                    "to report. The services workbook lists every service with the reason given."
                )
            )
        )
        return blocks
    online_name = model.level(model.online_level).name.get(language)
    compliant_name = model.level(model.compliant_level).name.get(language)
    blocks.append(
        KeyFigures(
            [
                KeyFigure(
                    _("Relevant services"),
                    format_number(data.relevant, 0, language),
                    _("of %(tracked)s tracked") % {"tracked": format_number(tracked, 0, language)},
                ),
                KeyFigure(
                    _("Online (level %(level)d or more)") % {"level": model.online_level},
                    format_number(data.online_national, 0, language),
                    _("%(share)s of the relevant services")
                    % {"share": _percent(data.online_national, data.relevant, language)},
                ),
                KeyFigure(
                    _("OZG-compliant (level %(level)d or more)") % {"level": model.compliant_level},
                    format_number(data.compliant, 0, language),
                    _("%(share)s of the relevant services")
                    % {"share": _percent(data.compliant, data.relevant, language)},
                ),
                KeyFigure(
                    _("Due"),
                    format_number(len(data.due), 0, language),
                    _("target date within %(days)d days") % {"days": DUE_DAYS},
                ),
                KeyFigure(
                    _("Overdue"),
                    format_number(len(data.overdue), 0, language),
                    _("target date passed, target level not reached"),
                ),
            ]
        )
    )
    items = [
        _(
            "Online by the national counting rule (level %(level)d, %(name)s, or more): "
            "%(count)d of %(relevant)d relevant services (%(share)s)."
        )
        % {
            "level": model.online_level,
            "name": online_name,
            "count": data.online_national,
            "relevant": data.relevant,
            "share": _percent(data.online_national, data.relevant, language),
        },
        _(
            "OZG-compliant (level %(level)d, %(name)s, or more): %(count)d of %(relevant)d "
            "relevant services (%(share)s)."
        )
        % {
            "level": model.compliant_level,
            "name": compliant_name,
            "count": data.compliant,
            "relevant": data.relevant,
            "share": _percent(data.compliant, data.relevant, language),
        },
    ]
    unrated = sum(1 for level, _version in relevant if level is None)
    if unrated:
        items.append(
            _(
                "Not rated yet: %(count)d of %(relevant)d relevant services; they count as "
                "neither online nor OZG-compliant."
            )
            % {"count": unrated, "relevant": data.relevant}
        )
    items.append(
        _("Overdue: %(overdue)d services; due within the next %(days)d days: %(due)d services.")
        % {"overdue": len(data.overdue), "due": len(data.due), "days": DUE_DAYS}
    )
    blocks.append(BulletList(items))
    return blocks


def _model_and_rules(model: ServiceMaturityModel, relevant, language: str) -> list[Block]:
    name = model.name.get(language)
    blocks: list[Block] = [
        Heading(_("Maturity model and counting rules"), 1),
        Paragraph(
            _(
                "The services are rated with the %(model)s. It has the levels 0 to %(top)d; a "
                "service reaches the lowest level that it reaches on every criterion that "
                "applies to it (minimum rule). The levels are rated by the organisation "
                "itself."
            )
            % {"model": name, "top": model.max_level}
        ),
        Table(
            columns=[
                Column(_("Level"), NumberFormat.INTEGER, width=0.7),
                Column(_("Name"), width=1.8),
                Column(_("Meaning"), width=6),
            ],
            rows=[
                [level.number, level.name.get(language), level.meaning.get(language)]
                for level in model.levels
            ],
            caption=_("The levels of the %(model)s") % {"model": name},
            sheet_name=_("Levels"),
        ),
        Paragraph(_("The report counts by two rules:")),
        BulletList(
            [
                _(
                    "Online by the national counting rule: level %(level)d (%(name)s) or more. "
                    "This is the rule of the national OZG dashboard, under which an "
                    "OZG-Leistung counts as online as soon as at least one of its "
                    "Verwaltungsleistungen reaches this level."
                )
                % {
                    "level": model.online_level,
                    "name": model.level(model.online_level).name.get(language),
                },
                _("OZG-compliant: level %(level)d (%(name)s) or more. %(note)s")
                % {
                    "level": model.compliant_level,
                    "name": model.level(model.compliant_level).name.get(language),
                    "note": model.compliance_note.get(language),
                },
            ]
        ),
        Paragraph(
            _(
                "Both rules count only the services marked as relevant for the organisation. "
                "A relevant service that has not been rated yet counts as neither online nor "
                "OZG-compliant."
            )
        ),
    ]
    others = Counter(version for _level, version in relevant if version != model.version)
    if others:
        count = sum(others.values())
        blocks.append(
            Paragraph(
                ngettext(
                    "%(count)d relevant service was rated with another version of the maturity "
                    "model (%(versions)s); its level is counted as recorded.",
                    "%(count)d relevant services were rated with another version of the "
                    "maturity model (%(versions)s); their levels are counted as recorded.",
                    count,
                )
                % {"count": count, "versions": ", ".join(sorted(others))}
            )
        )
    return blocks


def _levels_and_status(data, relevant, model: ServiceMaturityModel, language: str) -> list[Block]:
    counts = Counter(level for level, _version in relevant)
    top = max([model.max_level, *(level for level in counts if level is not None)])
    categories, values = [], []
    for number in range(top + 1):
        if number <= model.max_level:
            label = _("Level %(number)d: %(name)s") % {
                "number": number,
                "name": model.level(number).name.get(language),
            }
        else:
            label = _("Level %(number)d") % {"number": number}
        categories.append(label)
        values.append(counts.get(number, 0))
    if counts.get(None):
        categories.append(_("Not rated"))
        values.append(counts[None])
    chart = GroupedBarChart(
        title=_("Relevant services by level"),
        categories=categories,
        series=[Series(_("Relevant services"), values)],
        language=language,
        scale_min=0,
        scale_max=count_scale_top(max(values)),
        decimals=0,
    )
    return [
        Heading(_("Levels and status"), 1),
        Paragraph(
            _(
                "How far the %(relevant)d relevant services have come, by level of the "
                "maturity model, and the status of all tracked services."
            )
            % {"relevant": data.relevant}
        ),
        Figure(chart, caption=_("Relevant services by level")),
        Table(
            columns=[Column(_("Status"), width=3), Column(_("Services"), NumberFormat.INTEGER)],
            rows=[[str(label), count] for _value, label, count in data.by_status],
            total_row=[_("Total"), sum(count for _value, _label, count in data.by_status)],
            caption=_("Services by status"),
            sheet_name=_("Status"),
        ),
    ]


def _count_columns(heading: str) -> list[Column]:
    return [
        Column(heading, width=2.6),
        Column(_("Relevant"), NumberFormat.INTEGER, width=1.1),
        Column(_("Online (level 2+)"), NumberFormat.INTEGER, width=1.2),
        Column(_("Share online"), NumberFormat.PERCENT, width=1.1),
        Column(_("OZG-compliant (level 3+)"), NumberFormat.INTEGER, width=1.3),
        Column(_("Share OZG-compliant"), NumberFormat.PERCENT, width=1.3),
    ]


def _summary_table(rows: list[dict], heading: str, empty: str, caption: str, sheet: str) -> Table:
    """Relevant, online and compliant services per group; groups without relevant services
    are left out (the shares would be empty)."""
    rows = [row for row in rows if row["relevant"]]
    relevant = sum(row["relevant"] for row in rows)
    online = sum(row["online"] for row in rows)
    compliant = sum(row["compliant"] for row in rows)
    return Table(
        columns=_count_columns(heading),
        rows=[
            [
                row["name"] or empty,
                row["relevant"],
                row["online"],
                _share(row["online"], row["relevant"]),
                row["compliant"],
                _share(row["compliant"], row["relevant"]),
            ]
            for row in rows
        ],
        total_row=[
            _("Total"),
            relevant,
            online,
            _share(online, relevant),
            compliant,
            _share(compliant, relevant),
        ],
        caption=caption,
        sheet_name=sheet,
    )


def _by_themenfeld(data, language: str) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("Services by Themenfeld"), 1),
        Paragraph(
            _(
                "The relevant services of each Themenfeld of the OZG catalog, how many of them "
                "are online and how many are OZG-compliant. Shares refer to the relevant "
                "services of the Themenfeld."
            )
        ),
    ]
    left_out = [
        row["name"] or _("No Themenfeld") for row in data.by_themenfeld if not row["relevant"]
    ]
    if left_out:
        blocks.append(
            Paragraph(
                _("Themenfelder without relevant services: %(names)s.")
                % {"names": ", ".join(left_out)}
            )
        )
    figure = themenfeld_figure(data.by_themenfeld, language)
    if figure is not None:
        blocks.append(figure)
    blocks.append(
        _summary_table(
            data.by_themenfeld,
            _("Themenfeld"),
            _("No Themenfeld"),
            _("Relevant, online and OZG-compliant services by Themenfeld"),
            _("Themenfelder"),
        )
    )
    return blocks


def _by_department(data) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("Services by department"), 1),
        Paragraph(
            _(
                "The relevant services by responsible department. Services without a "
                "responsible department are shown together in one row."
            )
        ),
        _summary_table(
            data.by_department,
            _("Department"),
            _("No department assigned"),
            _("Relevant, online and OZG-compliant services by department"),
            _("Departments"),
        ),
    ]
    return blocks


def _progress(progress: list[dict], language: str) -> list[Block]:
    first, last = progress[0], progress[-1]
    blocks: list[Block] = [
        Heading(_("Progress by month"), 1),
        Paragraph(
            ngettext(
                "Kommunalkompass keeps the figures at the end of every month. The table shows "
                "the relevant, online and OZG-compliant services for the %(count)d month for "
                "which figures were kept.",
                "Kommunalkompass keeps the figures at the end of every month. The table shows "
                "the relevant, online and OZG-compliant services for the last %(count)d months "
                "for which figures were kept.",
                len(progress),
            )
            % {"count": len(progress)}
        ),
    ]
    figure = progress_figure(progress, language)
    if len(progress) > 1 and figure is not None:
        blocks.append(figure)
    if len(progress) > 1:
        blocks.append(
            Paragraph(
                _(
                    "From %(first)s to %(last)s the number of services online went from "
                    "%(online_first)d to %(online_last)d, the number of OZG-compliant services "
                    "from %(compliant_first)d to %(compliant_last)d."
                )
                % {
                    "first": dateformat.format(first["month"], "F Y"),
                    "last": dateformat.format(last["month"], "F Y"),
                    "online_first": first.get("online", 0),
                    "online_last": last.get("online", 0),
                    "compliant_first": first.get("compliant", 0),
                    "compliant_last": last.get("compliant", 0),
                }
            )
        )
    rows = []
    for row in progress:
        relevant = row.get("relevant", 0)
        rows.append(
            [
                dateformat.format(row["month"], "F Y"),
                relevant,
                row.get("online", 0),
                _share(row.get("online", 0), relevant) if relevant else "–",
                row.get("compliant", 0),
                _share(row.get("compliant", 0), relevant) if relevant else "–",
            ]
        )
    blocks.append(
        Table(
            columns=_count_columns(_("Month")),
            rows=rows,
            caption=_("Relevant, online and OZG-compliant services at the end of each month"),
            sheet_name=_("Progress"),
        )
    )
    return blocks


def _deadline_table(states: list[ServiceState], caption: str, sheet: str) -> Table:
    return Table(
        columns=[
            Column(_("OZG-ID"), width=0.8),
            Column(_("Service"), width=3.2),
            Column(_("Level"), NumberFormat.INTEGER, width=0.8),
            Column(_("Target level"), NumberFormat.INTEGER, width=0.9),
            Column(_("Target date"), NumberFormat.DATE, width=1.4),
            Column(_("Department"), width=2),
        ],
        rows=[
            [
                state.leistung.ozg_id,
                state.leistung.name,
                state.level if state.level is not None else "–",
                state.target_level,
                state.target_date,
                state.department.name if state.department else "–",
            ]
            for state in states
        ],
        caption=caption,
        sheet_name=sheet,
    )


def _due_and_overdue(data) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("Overdue and due services"), 1),
        Paragraph(
            _(
                "A service is overdue when its target date has passed and it has not reached "
                "its target level. It is due when its target date lies within the next "
                "%(days)d days and the target level has not been reached yet."
            )
            % {"days": DUE_DAYS}
        ),
        Heading(_("Overdue"), 2),
    ]
    if data.overdue:
        blocks.append(_deadline_table(data.overdue, _("Overdue services"), _("Overdue")))
    else:
        blocks.append(Paragraph(_("No service is overdue.")))
    blocks.append(Heading(_("Due within %(days)d days") % {"days": DUE_DAYS}, 2))
    if data.due:
        blocks.append(
            _deadline_table(
                data.due,
                _("Services due within %(days)d days") % {"days": DUE_DAYS},
                _("Due"),
            )
        )
    else:
        blocks.append(
            Paragraph(_("No service is due within the next %(days)d days.") % {"days": DUE_DAYS})
        )
    return blocks


def _method(organisation, tracked: int, progress, today: datetime.date, language) -> list[Block]:
    date = format_date(today, language, long=True)
    blocks: list[Block] = [
        Heading(_("Method and data basis"), 1),
        Paragraph(
            _(
                "The figures come from the service states that %(organisation)s keeps in "
                "Kommunalkompass: for each OZG-Leistung of the catalog whether it is relevant, "
                "its level, target level and target date, status, responsible department and "
                "solution. They show the data as of %(date)s; later changes are not included."
            )
            % {"organisation": organisation.name, "date": date}
        ),
        Paragraph(
            _(
                "The levels are the organisation's own assessment against the criteria of the "
                "maturity model, not the result of an external audit. Shares are rounded to "
                "whole per cent."
            )
        ),
    ]
    if tracked and not progress:
        blocks.append(
            Paragraph(
                _(
                    "No monthly figures have been kept yet, so this report does not show "
                    "progress over time."
                )
            )
        )
    if tracked:
        blocks.append(
            Paragraph(
                _(
                    "Every tracked service with all its details is available as a "
                    "spreadsheet (the services workbook)."
                )
            )
        )
    blocks.append(
        Callout(
            _("This report was produced with Kommunalkompass from the data of %(date)s.")
            % {"date": date},
            title=_("Source"),
        )
    )
    return blocks


def build_report(request: HttpRequest) -> Document:
    return status_report(
        organisation=request.organisation,
        language=document_language(request),
        author=request.user.display_name,
    )


def _field(model, name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def services_workbook(*, organisation, language: str) -> Document:
    """Every tracked service with all its details, one row each, for spreadsheets."""
    with translation.override(language):
        states = list(selectors.service_states(organisation=organisation))

        def state_field(name: str) -> str:
            return _field(ServiceState, name)

        table = Table(
            columns=[
                Column(_field(OzgLeistung, "ozg_id"), width=0.8),
                Column(str(capfirst(OzgLeistung._meta.verbose_name)), width=4),
                Column(_("Themenfeld"), width=2),
                Column(_("Lebenslage"), width=2),
                Column(_field(OzgLeistung, "jurisdiction"), width=1.5),
                Column(state_field("relevant"), width=0.8),
                Column(state_field("relevance_reason"), width=3),
                Column(state_field("model_version"), width=1),
                Column(state_field("level"), NumberFormat.INTEGER),
                Column(state_field("target_level"), NumberFormat.INTEGER),
                Column(state_field("target_date"), NumberFormat.DATE),
                Column(state_field("status"), width=1.2),
                Column(state_field("department"), width=2),
                Column(state_field("responsible_person"), width=1.5),
                Column(state_field("solution"), width=2),
                Column(state_field("solution_name"), width=2),
                Column(state_field("solution_provider"), width=2),
                Column(state_field("go_live"), NumberFormat.DATE),
                Column(state_field("online_url"), width=3),
            ],
            rows=[
                [
                    state.leistung.ozg_id,
                    state.leistung.name,
                    state.leistung.themenfeld.name if state.leistung.themenfeld else "",
                    state.leistung.lebenslage.name if state.leistung.lebenslage else "",
                    state.leistung.get_jurisdiction_display(),
                    _("Yes") if state.relevant else _("No"),
                    state.relevance_reason,
                    state.model_version,
                    state.level,
                    state.target_level,
                    state.target_date,
                    state.get_status_display(),
                    state.department.name if state.department else "",
                    state.responsible_person,
                    state.get_solution_display(),
                    state.solution_name,
                    state.solution_provider,
                    state.go_live,
                    state.online_url,
                ]
                for state in states
            ],
            caption=_("OZG services of %(organisation)s") % {"organisation": organisation.name},
            sheet_name=_("Services"),
        )
        return Document(
            meta=Metadata(
                title=_("OZG services"),
                organisation=organisation.name,
                date=timezone.localdate(),
                language=language,
            ),
            blocks=[table],
        )


def build_services_workbook(request: HttpRequest) -> Document:
    return services_workbook(organisation=request.organisation, language=document_language(request))
