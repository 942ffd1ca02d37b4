"""What the organisations app prints: the team list with departments and roles."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.core.language import content_language
from kommunalkompass.documents.model import (
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
from .portfolio import Portfolio


def team_document(*, organisation, author: str = "", language: str = "de") -> Document:
    """Members with role and department, and the departments with their head count."""
    members = list(selectors.member_list(organisation=organisation))
    departments = list(selectors.department_list(organisation=organisation))
    member_rows = [
        [m.user.full_name or "–", m.user.email, str(m.department or "–"), m.get_role_display()]
        for m in members
    ]
    department_rows = [[d.name, d.short_name or "–", d.member_count] for d in departments]
    return Document(
        meta=Metadata(
            title=_("Team and departments"),
            subtitle=organisation.name,
            organisation=organisation.name,
            author=author,
            date=timezone.localdate(),
            language=language,
            logo=bytes(organisation.logo) if organisation.logo else None,
        ),
        title_page=False,
        table_of_contents=False,
        blocks=[
            Heading(_("Team and departments"), 1),
            Paragraph(
                _("Members of %(organisation)s on Kommunalkompass and their roles.")
                % {"organisation": organisation.name}
            ),
            KeyFigures(
                [
                    KeyFigure(_("Members"), str(len(members))),
                    KeyFigure(_("Departments"), str(len(departments))),
                ]
            ),
            Heading(_("Members"), 2),
            Table(
                columns=[
                    Column(_("Name")),
                    Column(_("E-mail address")),
                    Column(_("Department")),
                    Column(_("Role")),
                ],
                rows=member_rows,
                caption=_("Members"),
            ),
            Heading(_("Departments"), 2),
            Table(
                columns=[
                    Column(_("Name")),
                    Column(_("Abbreviation")),
                    Column(_("Members"), NumberFormat.INTEGER),
                ],
                rows=department_rows,
                caption=_("Departments"),
                total_row=[_("Total"), None, sum(row[2] for row in department_rows)],
            )
            if department_rows
            else Paragraph(_("No departments have been added yet.")),
        ],
    )


def build_team_document(request: HttpRequest) -> Document:
    return team_document(
        organisation=request.organisation,
        author=request.user.display_name,
        language=content_language(),
    )


def portfolio_document(*, portfolio: Portfolio, author: str = "", language: str = "de") -> Document:
    """The portfolio as a table (one sheet in the XLSX): the organisation, its kind, state
    and the user's role, then each column's typed value (and its text, where the column
    asks for it) — the rows and order of the page."""
    columns = [Column(_("Organisation")), Column(_("Kind")), Column(_("State")), Column("AGS")]
    columns.append(Column(_("Your role")))
    for column in portfolio.columns:
        if column.export_text_label:
            columns.append(Column(str(column.export_text_label)))
        columns.append(Column(str(column.label), column.number_format))
    rows = []
    for row in portfolio.rows:
        organisation = row.organisation
        cells: list = [
            organisation.name,
            str(organisation.get_kind_display()),
            str(organisation.get_state_display()),
            organisation.ags or None,
            str(row.membership.get_role_display()),
        ]
        for column, cell in row.cells:
            if column.export_text_label:
                cells.append(str(cell.text) if cell else None)
            if cell is None:
                cells.append(None)
            elif column.number_format == NumberFormat.TEXT:
                cells.append(str(cell.text))
            else:
                cells.append(cell.value)
        rows.append(cells)
    return Document(
        meta=Metadata(
            title=_("Portfolio"),
            author=author,
            date=timezone.localdate(),
            language=language,
        ),
        title_page=False,
        table_of_contents=False,
        blocks=[
            Heading(_("Portfolio"), 1),
            Table(columns=columns, rows=rows, caption=_("Portfolio"), sheet_name=_("Portfolio")),
        ],
    )
