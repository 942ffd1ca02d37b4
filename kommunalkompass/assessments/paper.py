"""What the survey puts on paper: the QR code of a group's link, the printable notice (one
A4 page per group with the QR code, the link, the end date and the privacy text) and the
paper questionnaire for staff without a PC (docs/scoring.md, "Survey
administration").

The notice carries the open links, so only editors may download it; the paper
questionnaire holds nothing but the questions.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import segno
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kommunalkompass.core.language import content_language, document_language
from kommunalkompass.documents.model import (
    Block,
    BulletList,
    Callout,
    Column,
    Document,
    Figure,
    Heading,
    Metadata,
    PageBreak,
    Paragraph,
    Span,
    Table,
)
from kommunalkompass.organisations.selectors import department_list
from kommunalkompass.organisations.tenancy import get_scoped_or_404

from .charts import group_name
from .documents.common import document_logo, groups_text
from .models import Assessment
from .services import open_link_token

BOX = "[   ]"  # a box to tick, in every font


def open_link_urls(request: HttpRequest, assessment: Assessment) -> dict[str, str]:
    """The absolute address of each group's open link, by group."""
    return {
        group: request.build_absolute_uri(
            reverse("assessments:survey", args=[open_link_token(assessment, group)])
        )
        for group in assessment.groups
    }


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, *, title: str) -> SafeString:
    """The QR code of ``url`` as inline SVG for a page: no style attribute, no script
    (strict CSP), a white quiet zone so that a phone reads it in dark mode too."""
    markup = _qr(url).svg_inline(
        scale=4, border=4, dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
        omitsize=True, title=title,
    )  # fmt: skip
    # segno writes the title unescaped: put an escaped one in its place.
    markup = re.sub(r"<title>.*?</title>", "", markup, count=1, flags=re.S)
    head, rest = markup.split(">", 1)
    return mark_safe(  # noqa: S308 - segno's markup, with the escaped title
        format_html('{} role="img" aria-label="{}">', mark_safe(head), title) + rest  # noqa: S308
    )


@dataclass(frozen=True)
class QrFigure:
    """A QR code as a chart of the documents app (``documents.model.Chart``): drawn in the
    middle of a wide frame so that it fills about half the width of the page."""

    url: str
    title: str

    def svg(self) -> str:
        code = _qr(self.url)
        width, height = code.symbol_size(scale=1, border=4)
        inner = code.svg_inline(
            scale=1, border=4, dark="#000", light="#fff", lineclass=None, omitsize=True
        )
        inner = re.sub(r"^<svg[^>]*>", "", inner).removesuffix("</svg>")
        frame = round(width * 2.2)
        offset = (frame - width) / 2
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame} {height}">'
            f'<g transform="translate({offset} 0)">{inner}</g></svg>'
        )

    def png(self) -> bytes:
        buffer = io.BytesIO()
        _qr(self.url).save(buffer, kind="png", scale=8, border=4)
        return buffer.getvalue()

    def alt_text(self) -> str:
        return _("QR code of the address %(url)s") % {"url": self.url}

    def data_table(self) -> Table:
        return Table(columns=[Column(_("Address"))], rows=[[self.url]])


def _privacy(assessment: Assessment) -> list[str]:
    k = assessment.anonymity_threshold
    return [
        _("Taking part is voluntary. No log-in, no name, no e-mail address, no IP address."),
        _(
            "Results are shown only for groups of at least %(k)d people; smaller groups are "
            "hidden, together with as many others as it takes that none can be worked out."
        )
        % {"k": k},
        _(
            "Nobody can see who has taken part. You can pause and continue later in the same "
            "browser on the same device."
        ),
    ]


def notice(*, request: HttpRequest, assessment: Assessment, language: str) -> Document:
    """The printable notice: one A4 page per group with the QR code of its open link, the
    link, the end date and the privacy text."""
    language = content_language(language)
    with translation.override(language):
        organisation = assessment.organisation
        model = assessment.model
        blocks: list[Block] = []
        for index, (group, url) in enumerate(open_link_urls(request, assessment).items()):
            if index:
                blocks.append(PageBreak())
            name = group_name(model, group, language)
            blocks += [
                Heading(
                    _("Survey: how digital is %(organisation)s?")
                    % {"organisation": organisation.name},
                    1,
                ),  # fmt: skip
                Paragraph(
                    _(
                        "For: %(group)s. Answering takes about %(minutes)d minutes, on a phone "
                        "or a PC. Scan the code or type the address."
                    )
                    % {"group": name, "minutes": model.minutes}
                ),
                Figure(QrFigure(url, _("Survey link")), caption=""),
                Paragraph([Span(url, bold=True, link=url)]),
            ]
            if assessment.ends_on:
                blocks.append(
                    Callout(
                        _("Please answer by %(date)s.")
                        % {"date": date_format(assessment.ends_on, "DATE_FORMAT")}
                    )
                )
            blocks += [
                Heading(_("Your privacy"), 2),
                BulletList(list(_privacy(assessment))),
            ]
        return Document(
            meta=Metadata(
                title=_("Notice: survey “%(title)s”") % {"title": assessment.title},
                organisation=organisation.name,
                date=timezone.localdate(),
                language=language,
                logo=document_logo(organisation),
            ),
            blocks=blocks,
            title_page=False,
            table_of_contents=False,
        )


def build_notice(request: HttpRequest, pk: int) -> Document:
    """The notice of assessment ``pk`` (editors: it carries the open links)."""
    assessment = get_scoped_or_404(Assessment, request.organisation, pk=pk)
    return notice(request=request, assessment=assessment, language=document_language(request))


def paper_questionnaire(*, assessment: Assessment, language: str) -> Document:
    """The questionnaire on paper: the group to tick, then every question with its answers
    to tick; a question not meant for every group names the groups it is for."""
    language = content_language(language)
    with translation.override(language):
        organisation = assessment.organisation
        model = assessment.model
        blocks: list[Block] = [
            Paragraph(
                _(
                    "%(organisation)s asks how digital its work is today. Taking part is "
                    "voluntary and anonymous: do not write your name on this questionnaire. "
                    "Tick one box per question; “don’t know” is always allowed. Hand the "
                    "questionnaire in folded or in a closed envelope; it is entered like an "
                    "online answer and then destroyed."
                )
                % {"organisation": organisation.name}
            ),
            BulletList(list(_privacy(assessment))[:2]),
            Heading(_("Your group"), 1),
            Paragraph(
                "   ".join(
                    f"{BOX} {group_name(model, group, language)}" for group in assessment.groups
                )
            ),
        ]
        if assessment.ends_on:
            blocks.insert(
                1,
                Callout(
                    _("Please hand it in by %(date)s.")
                    % {"date": date_format(assessment.ends_on, "DATE_FORMAT")}
                ),
            )
        if assessment.use_departments:
            names = [d.name for d in department_list(organisation=organisation)]
            if names:
                blocks += [
                    Heading(_("Your department (optional)"), 2),
                    Paragraph("   ".join(f"{BOX} {name}" for name in names)),
                ]
        all_groups = set(assessment.groups)
        for dimension in model.dimensions:
            blocks.append(Heading(dimension.name.get(language), 1))
            for question in dimension.questions:
                groups = [g for g in assessment.groups if g in question.groups]
                if not groups:
                    continue
                text: list[Span] = [Span(question.text.get(language), bold=True)]
                if set(groups) != all_groups:
                    text.append(
                        Span(
                            " "
                            + _("(only for: %(groups)s)")
                            % {"groups": groups_text(model, groups, language)},
                            italic=True,
                        )
                    )
                blocks.append(Paragraph(text))
                blocks.append(
                    BulletList(
                        [f"{BOX} {a.level} – {a.text.get(language)}" for a in question.answers]
                        + [f"{BOX} " + _("Don’t know / does not apply")]
                    )
                )
        blocks.append(Paragraph(_("Thank you for taking part!")))
        return Document(
            meta=Metadata(
                title=_("Questionnaire: %(title)s") % {"title": assessment.title},
                organisation=organisation.name,
                date=timezone.localdate(),
                language=language,
                logo=document_logo(organisation),
            ),
            blocks=blocks,
            title_page=False,
            table_of_contents=False,
        )


def build_paper_questionnaire(request: HttpRequest, pk: int) -> Document:
    """The paper questionnaire of assessment ``pk``."""
    assessment = get_scoped_or_404(Assessment, request.organisation, pk=pk)
    return paper_questionnaire(assessment=assessment, language=document_language(request))
