"""The information sheet for the staff council (Personalrat) about a survey: purpose,
voluntariness, anonymity and the threshold, who sees what, storage and deletion, what the
organisation should settle, contacts, and the complete questionnaire.

Written in the document's language, as the report (see ``report``).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kommunalkompass.core.language import content_language, document_language
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
    NumberedList,
    PageBreak,
    Paragraph,
    Span,
    Table,
)
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.selectors import department_list
from kommunalkompass.organisations.tenancy import get_scoped_or_404

from .. import selectors
from ..maturity import MaturityModel
from ..models import Assessment
from .common import document_logo, groups_text, not_reported

BLANK = "\u2026" * 24  # a line to fill in


def information_sheet(*, assessment: Assessment, language: str) -> Document:
    """The information sheet for the staff council (Personalrat): purpose, voluntariness,
    anonymity and the threshold, who sees what, storage and deletion, what the organisation
    should settle, contacts, and the complete questionnaire.

    It states what the software does; it makes no legal assessment.
    """
    language = content_language(language)
    with translation.override(language):
        organisation = assessment.organisation
        facts = {
            "organisation": organisation.name,
            "title": assessment.title,
            "k": assessment.anonymity_threshold,
        }
        return Document(
            meta=Metadata(
                title=_("Information for the staff council"),
                subtitle=_("Survey “%(title)s”") % facts,
                organisation=organisation.name,
                date=timezone.localdate(),
                language=language,
                logo=document_logo(organisation),
            ),
            blocks=[
                *_sheet_purpose(assessment, language, facts),
                *_sheet_anonymity(assessment, facts),
                *_sheet_access(assessment, facts),
                *_sheet_agreement(facts),
                *_sheet_questions(assessment, language),
            ],
            title_page=False,
            table_of_contents=False,
        )


def _sheet_purpose(assessment: Assessment, language: str, facts: dict) -> list[Block]:
    model = assessment.model
    return [
        Paragraph(
            _(
                "This sheet informs the staff council and the staff about the survey "
                "“%(title)s” of %(organisation)s: why it is carried out, what it asks, how the "
                "anonymity of the respondents is protected and who sees which results. It "
                "describes what the software does; it does not replace the involvement of the "
                "staff council under the applicable staff representation law."
            )
            % facts
        ),
        KeyFigures(
            [
                KeyFigure(_("Questions"), str(len(model.questions())), model.name.get(language)),
                KeyFigure(_("Minutes"), str(model.minutes), _("time needed, approximately")),
                KeyFigure(_("Anonymity threshold"), f"k = {facts['k']}", _("minimum group size")),
                *(
                    [KeyFigure(_("End date"), date_format(assessment.ends_on, "SHORT_DATE_FORMAT"))]
                    if assessment.ends_on
                    else []
                ),
            ]
        ),
        Heading(_("Purpose of the survey"), 1),
        Paragraph(
            _(
                "%(organisation)s wants to know where it stands in its digital transformation. "
                "The respondent groups (%(groups)s) describe how work is done today in "
                "%(dimensions)d areas, from strategy and leadership to cooperation with other "
                "municipalities. The results show the organisation’s maturity in each area, "
                "where the groups see things differently and which steps should come next; "
                "they feed into the digital strategy."
            )
            % {
                **facts,
                "groups": groups_text(model, assessment.groups, language),
                "dimensions": len(model.dimensions),
            }
        ),
        Paragraph(
            _(
                "The survey asks about the state of the organisation, not about the "
                "performance or behaviour of individual people. Because the answers are "
                "anonymous and results are only reported for groups of at least %(k)d people, "
                "they cannot be used to assess individuals."
            )
            % facts
        ),
        Heading(_("Taking part is voluntary"), 1),
        BulletList(
            [
                _(
                    "Nobody is obliged to take part. Whoever does not take part, or stops "
                    "half-way, has no disadvantage to fear; nobody can see who has taken part."
                ),
                _(
                    "Every question can be answered with “don’t know / does not apply”. "
                    "Respondents can pause and continue later: with a personal invitation by "
                    "opening their link again, on any device; with an open link by opening it "
                    "again in the same browser on the same device."
                ),
                _(
                    "Only answers that are submitted on the last page count. Answers that are "
                    "saved but not submitted appear in no result and no export."
                ),
                _("Answering takes about %(minutes)d minutes and can be done on a PC or a phone.")
                % {"minutes": model.minutes},
            ]
        ),
        Heading(_("How people are invited"), 1),
        BulletList(
            [
                _(
                    "Personal invitation by e-mail: each address receives its own link, which "
                    "can be used for one set of answers. The addresses are used only to send "
                    "the invitations. They are not stored with the answers, and which address "
                    "received which link is not recorded."
                ),
                _(
                    "Reminder (if the organisation chooses it when inviting): until a person "
                    "has submitted, their address is kept with their link, encrypted with the "
                    "installation’s key, so that one reminder can repeat the link a few days "
                    "before the end date. When the answers are submitted the address is "
                    "deleted; when the survey closes all of them are. There is never a list of "
                    "who has answered, and the organisation sees only numbers."
                ),
                _(
                    "Open link per respondent group: a link (also as a printed notice) that "
                    "anyone in the group can use. It carries only the group."
                ),
                _(
                    "Paper questionnaire for staff without a PC: filled in anonymously and "
                    "entered by an editor of the organisation, it counts like an online answer "
                    "with the same threshold. Only the fact that a paper questionnaire was "
                    "entered is logged, not by whom it was filled in."
                ),
            ]
        ),
    ]


def _sheet_anonymity(assessment: Assessment, facts: dict) -> list[Block]:
    if assessment.use_departments:
        profile = _(
            "Apart from the answers, only the respondent group is stored and, if the "
            "respondent chooses to give it, the department. Giving the department is optional."
        )
    else:
        profile = _("Apart from the answers, only the respondent group is stored.")
    departments: list[Block] = []
    if assessment.use_departments:
        names = [d.name for d in department_list(organisation=assessment.organisation)]
        if names:
            departments.append(
                Paragraph(
                    _(
                        "The departments respondents can choose from: %(departments)s. The "
                        "smaller a department, the more it depends on the threshold described "
                        "below."
                    )
                    % {"departments": ", ".join(names)}
                )
            )
    return [
        Heading(_("Anonymity"), 1),
        BulletList(
            [
                _(
                    "The survey needs no log-in. The answers carry no name, no e-mail address "
                    "and no IP address."
                ),
                _(
                    "Survey links are random codes. The application stores them only as a "
                    "cryptographic hash, from which the link cannot be recovered."
                ),
                profile,
                _(
                    "An open link keeps a respondent’s place in their browser with a cookie "
                    "that only the pages of this survey receive. It holds a random code, which "
                    "the application stores only as a hash, and nothing about the person; it "
                    "is deleted when the answers are sent and expires after %(days)d days at "
                    "the latest. It is not used to recognise anyone."
                )
                % {"days": selectors.RESUME_DAYS},
                _(
                    "To keep one person’s answers together, each set of answers gets a random "
                    "six-digit number. It is not derived from the person or the link and cannot "
                    "be traced back to anyone."
                ),
                _(
                    "Only the day on which answering was started and submitted is stored, not "
                    "the time of day."
                ),
                _(
                    "The questionnaire has no free-text fields and asks for no personal "
                    "characteristics such as age, gender or working hours."
                ),
                _(
                    "The application itself does not log IP addresses. Whether the web server "
                    "of the installation keeps access logs, and for how long, depends on how "
                    "it is operated; the organisation should clarify this with the operator."
                ),
            ]
        ),
        *departments,
        Heading(_("The anonymity threshold"), 1),
        Paragraph(
            _(
                "For this survey the threshold is k = %(k)d. Results are reported only for "
                "groups of at least %(k)d people:"
            )
            % facts
        ),
        BulletList(
            [
                _("A dimension that fewer than %(k)d people answered is not reported at all.")
                % facts,
                _(
                    "A respondent group or a department with fewer than %(k)d respondents shows "
                    "only its number of respondents, no score. It is marked “%(marker)s”."
                )
                % {**facts, "marker": not_reported()},
                _(
                    "Complementary suppression: because the overall result is shown, a single "
                    "hidden group could be worked out by subtraction. Therefore, as long as the "
                    "hidden groups together have fewer than %(k)d respondents, the next "
                    "smallest group is hidden as well."
                )
                % facts,
            ]
        ),
        Callout(
            _(
                "Suppose k = 5, and 12 leaders, 30 staff and 3 IT staff answer. The IT group is "
                "not reported. Because its score could otherwise be calculated from the total, the "
                "leaders are hidden as well; only the staff and the organisation as a whole are "
                "reported."
            ),
            title=_("Example"),
        ),
    ]


def _sheet_access(assessment: Assessment, facts: dict) -> list[Block]:
    if assessment.share_for_benchmark:
        benchmark = _(
            "The organisation takes part in the comparison with similar organisations on the "
            "same installation. Only the summarised scores per dimension are compared, never "
            "answers, and only when at least five organisations contribute."
        )
    else:
        benchmark = _(
            "The organisation does not share the results of this survey for comparisons with "
            "other organisations."
        )
    return [
        Heading(_("Who sees what"), 1),
        Table(
            columns=[Column(_("Who"), width=1.6), Column(_("What they see"), width=4)],
            rows=[
                [
                    _("Respondents"),
                    _("Their own answers, until they submit them; nobody else’s answers."),
                ],
                [
                    str(Role.VIEWER.label),
                    _("The summarised results and the report, within the threshold."),
                ],
                [
                    str(Role.EDITOR.label),
                    _(
                        "The same; they also run the survey (open, close, invite, set target "
                        "levels) and may download the raw answers (see below)."
                    ),
                ],
                [
                    str(Role.ADMIN.label),
                    _(
                        "The same as editors; they also decide who belongs to the organisation "
                        "on the platform and in which role."
                    ),
                ],
                [
                    _("Operator of the installation"),
                    _(
                        "Technical access to the database, which holds no names, e-mail "
                        "addresses or IP addresses of respondents."
                    ),
                ],
            ],
            caption=_("Roles on the platform and what they see"),
        ),
        Paragraph(
            _(
                "The raw answers (CSV or Excel) have one row per respondent and question: the "
                "random number, the respondent group, the dimension, the question, its weight "
                "and the level chosen. They contain no names, e-mail addresses, links or IP "
                "addresses."
            )
        ),
        BulletList(
            [
                _("With fewer than %(k)d respondents in all, they contain no answers.") % facts,
                (
                    _(
                        "Respondent group and department are both named only if every "
                        "combination of the two has at least %(k)d respondents. Otherwise only "
                        "one of them is named, with the complementary suppression described "
                        "above, or neither."
                    )
                    if assessment.use_departments
                    else _(
                        "A respondent group is named only with at least %(k)d respondents, "
                        "and with the complementary suppression described above."
                    )
                )
                % facts,
                _(
                    "Where the group is not named, only the questions that all those groups "
                    "were shown are included, so that the questions do not reveal the group; "
                    "a question left unanswered appears like “don’t know”."
                ),
            ]
        ),
        Callout(
            _(
                "Even without names, the raw answers show how individual, unnamed people "
                "answered. The organisation should therefore decide carefully who holds the "
                "editor and administrator roles."
            ),
            title=_("Please note"),
            kind=CalloutKind.WARNING,
        ),
        Paragraph(benchmark),
        Heading(_("Storage and deletion"), 1),
        BulletList(
            [
                _(
                    "The answers are stored in the database of the Kommunalkompass installation "
                    "that %(organisation)s uses, together with the assessment they belong to. "
                    "Other organisations on the same installation cannot see them."
                )
                % facts,
                _(
                    "The answers remain stored as long as the assessment exists. When the "
                    "assessment is deleted, its answers, survey links and results are deleted "
                    "with it."
                ),
                _(
                    "Copies in backups of the installation remain until the backups are "
                    "overwritten, according to the operator’s backup rules."
                ),
            ]
        ),
    ]


def _sheet_agreement(facts: dict) -> list[Block]:
    # The contacts come before the list of points to settle: a small box that a page
    # break would cut in two, while a list breaks gracefully.
    return [
        Heading(_("Contact"), 1),
        Paragraph(_("%(organisation)s is responsible for this survey.") % facts),
        # A box to fill in (by hand on paper, or in the DOCX before printing).
        Callout(
            [
                part
                for label in (
                    _("Questions about the survey"),
                    _("Data protection officer"),
                    _("Staff council"),
                )
                for part in (Span(f"{label}: ", bold=True), BLANK, "\n")
            ][:-1],
            title=_("Contacts"),
        ),
        Heading(_("What the organisation should settle"), 1),
        Paragraph(
            _(
                "The software cannot decide the following points. %(organisation)s should "
                "settle them with the staff council before the survey starts, for example in a "
                "service agreement (Dienstvereinbarung):"
            )
            % facts
        ),
        NumberedList(
            [
                _(
                    "The purpose: the results are used for the digital strategy and not to "
                    "assess the performance of individual people or units."
                ),
                _(
                    "The anonymity threshold (%(k)d for this survey; agreements often choose "
                    "between 5 and 10) and whether departments are asked at all."
                )
                % facts,
                _(
                    "Who holds which role during and after the survey, and in particular who "
                    "may download the raw answers."
                ),
                _(
                    "How long the answers are kept and when the assessment is deleted; the "
                    "summarised report can be kept separately."
                ),
                _("How the results are shared with the staff and with the staff council."),
                _("Whether the web server keeps access logs with IP addresses, and for how long."),
                _("Whether and how often the survey is repeated."),
            ]
        ),
    ]


def _numbered(model: MaturityModel):
    """Every question with its dimension and its number in the whole questionnaire."""
    number = 0
    for dimension in model.dimensions:
        for question in dimension.questions:
            number += 1
            yield number, dimension, question


def _sheet_questions(assessment: Assessment, language: str) -> list[Block]:
    model = assessment.model
    everyone = set(assessment.groups)

    def asked_of(question) -> str:
        if everyone <= set(question.groups):
            return _("all groups")
        asked = [g for g in assessment.groups if g in question.groups]
        return groups_text(model, asked, language) if asked else _("nobody in this survey")

    blocks: list[Block] = [
        Heading(_("The questions"), 1),
        Paragraph(
            _(
                "The survey uses the maturity model “%(model)s”, version %(version)s: "
                "%(questions)d questions in %(dimensions)d dimensions. Each question offers five "
                "answers that describe concrete practice, one for each maturity level from 1 "
                "to 5, and “don’t know / does not apply”. Each respondent group sees only the "
                "questions meant for it. The answers offered follow after the list."
            )
            % {
                "model": model.name.get(language),
                "version": model.version,
                "questions": len(model.questions()),
                "dimensions": len(model.dimensions),
            }
        ),
    ]
    numbered = list(_numbered(model))
    for dimension in model.dimensions:
        blocks.append(Heading(dimension.name.get(language), 2))
        blocks.append(
            Table(
                columns=[
                    Column(_("No."), width=0.5),
                    Column(_("Question"), width=5),
                    Column(_("Asked of"), width=1.8),
                ],
                rows=[
                    [str(number), question.text.get(language), asked_of(question)]
                    for number, owner, question in numbered
                    if owner is dimension
                ],
            )
        )
    blocks += [
        PageBreak(),
        Heading(_("The answers offered"), 1),
        Paragraph(
            _(
                "For each question, the five answers in the order of the levels 1 to 5. Every "
                "question can also be answered with “don’t know / does not apply”."
            )
        ),
    ]
    for dimension in model.dimensions:
        blocks.append(Heading(dimension.name.get(language), 2))
        for number, owner, question in numbered:
            if owner is dimension:
                blocks.append(
                    Paragraph(Span(f"{number}. {question.text.get(language)}", bold=True))
                )
                blocks.append(NumberedList([a.text.get(language) for a in question.answers]))
    return blocks


def build_information_sheet(request: HttpRequest, pk: int) -> Document:
    """The staff council's information sheet for assessment ``pk`` of the organisation."""
    assessment = get_scoped_or_404(Assessment, request.organisation, pk=pk)
    return information_sheet(assessment=assessment, language=document_language(request))
