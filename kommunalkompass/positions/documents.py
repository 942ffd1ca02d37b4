"""What the positions module prints: the job description (PDF, DOCX) and the job
advertisement (DOCX; plain text for job portals). One ``Advertisement`` feeds the page, the
text file and the DOCX, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommunalkompass.core.language import document_language
from kommunalkompass.documents.formatting import format_date
from kommunalkompass.documents.model import (
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
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.organisations.tenancy import get_scoped_or_404

from . import selectors
from .forms import LEVELS
from .grading import GradeHint
from .models import Description, Post


def hint_sentence(hint: GradeHint) -> str:
    """The hint in one sentence, always as a hint, never as a decision."""
    if hint.grade is None:
        return _("No grade of these rules is met by at least the needed share of the time.")
    return _(
        "Hint: %(label)s. A hint for HR and the staff council, not a decision on the grade."
    ) % {"label": hint.label}


def _post(request: HttpRequest, pk: int) -> Post:
    return get_scoped_or_404(
        selectors.post_queryset(organisation=request.organisation), request.organisation, pk=pk
    )


def description_document(
    *, organisation: Organisation, post: Post, description: Description, language: str, author: str
) -> Document:
    """The job description of ``post`` in the version ``description``, with the grade hint."""
    with translation.override(language):
        hint = selectors.hint_for(post, description, language)
        processes = list(description.processes.all())
        blocks: list = [
            Heading(post.title, 1),
            KeyFigures(
                [
                    KeyFigure(_("Post number"), post.number),
                    KeyFigure(_("Version"), str(description.number)),
                    KeyFigure(_("Grade hint"), hint.label or "–"),
                ]
            ),
            Heading(_("Placement of the post"), 2),
            Table(
                columns=[Column(_("What"), width=1), Column(_("Entry"), width=3)],
                rows=[
                    [_("Department"), str(post.department or "–")],
                    [_("Reports to"), str(post.reports_to or "–")],
                    [_("Leads"), post.leads or "–"],
                    [_("Deputises for"), str(post.deputises_for or "–")],
                    [
                        _("Is deputised by"),
                        ", ".join(str(p) for p in post.deputised_by.all()) or "–",
                    ],
                    [
                        _("Scope"),
                        f"{post.get_scope_display()}, {post.hours:g} " + _("hours a week"),
                    ],
                    [_("Status"), post.get_status_display()],
                    [
                        _("From"),
                        format_date(post.available_from, language) if post.available_from else "–",
                    ],
                ],
            ),
            Heading(_("Purpose of the post"), 2),
            Paragraph(post.purpose or "–"),
            Heading(_("Arbeitsvorgänge"), 2),
            Table(
                columns=[
                    Column(_("Arbeitsvorgang"), width=3),
                    Column(_("Tasks"), width=4),
                    Column(_("Share"), NumberFormat.INTEGER, width=1),
                ],
                rows=[[p.title, "; ".join(p.task_list), p.share] for p in processes],
                total_row=[_("Total"), "", sum(p.share for p in processes)],
                caption=_("Time shares in per cent of the working time"),
            ),
            Heading(_("Authority"), 2),
            Paragraph(f"{_('Signing authority')}: {description.signing_authority or '–'}"),
            Paragraph(f"{_('Budget authority')}: {description.budget_authority or '–'}"),
            Heading(_("Requirements profile"), 2),
            Paragraph(f"{_('Education')}: {description.education or '–'}"),
            Paragraph(f"{_('Experience')}: {description.experience or '–'}"),
        ]
        if description.competences:
            blocks.append(
                Table(
                    columns=[Column(_("Competence"), width=3), Column(_("Level"), width=2)],
                    rows=[
                        [c["name"], f"{c['level']} – {LEVELS.get(c['level'], '')}"]
                        for c in description.competences
                    ],
                )
            )
        blocks += [
            Paragraph(f"{_('Driving licence')}: {description.driving_licence or '–'}"),
            Paragraph(f"{_('Other requirements')}: {description.other_requirements or '–'}"),
            Heading(_("Working conditions"), 2),
            Paragraph(description.working_conditions or "–"),
            Heading(_("Pay-grade hint (§ 12 TVöD)"), 2),
            Callout(hint_sentence(hint), kind=CalloutKind.WARNING),
        ]
        for group in hint.groups:
            blocks.append(
                Paragraph(
                    _("%(grade)s: %(processes)s (together %(share)s %%)")
                    % {
                        "grade": _("EG %(grade)s") % {"grade": group.grade}
                        if group.grade
                        else _("below the ladder"),
                        "processes": "; ".join(p.label for p in group.processes),
                        "share": group.share,
                    }
                )
            )
        if hint.personal:
            blocks.append(Paragraph(_("The grade also presupposes: %s") % hint.personal))
        rules = selectors.rules_for(post)
        blocks.append(
            Paragraph(
                _("Rules: %(rules)s. Source: %(source)s, as of %(date)s.")
                % {
                    "rules": rules.label(language),
                    "source": rules.source,
                    "date": format_date(rules.as_of, language),
                }
            )
        )
        return Document(
            meta=Metadata(
                title=_("Job description"),
                subtitle=f"{post.number} {post.title}",
                organisation=organisation.name,
                author=author,
                date=timezone.localdate(),
                version=str(description.number),
                language=language,
                logo=bytes(organisation.logo) if organisation.logo else None,
            ),
            title_page=False,
            table_of_contents=False,
            blocks=blocks,
        )


def build_description(request: HttpRequest, pk: int) -> Document:
    post = _post(request, pk)
    description = selectors.current_description(post)
    if description is None:
        from django.http import Http404

        raise Http404
    return description_document(
        organisation=request.organisation,
        post=post,
        description=description,
        language=document_language(request),
        author=request.user.display_name,
    )


# The job advertisement -----------------------------------------------------------------------


@dataclass(frozen=True)
class Advertisement:
    """A job advertisement, always German: heading with „(m/w/d)“, tasks, profile, offer."""

    organisation: str
    title: str
    intro: str
    tasks: list[str]
    profile: list[str]
    grade: str
    offer: list[str]
    closing: str


def advertisement(*, organisation: Organisation, post: Post) -> Advertisement:
    """The advertisement for ``post`` from its current description (German)."""
    description = selectors.current_description(post)
    settings = selectors.position_settings(organisation=organisation)
    hint = selectors.hint_for(post, description, "de")
    processes = list(description.processes.all()) if description else []
    tasks = []
    for process in sorted(processes, key=lambda p: -p.share):
        tasks.append(process.title)
    profile = []
    if description is not None:
        for text in (description.education, description.experience):
            if text:
                profile.append(text)
        level_words = {1: "Grundkenntnisse", 2: "fundierte Kenntnisse", 3: "Expertenwissen"}
        for competence in description.competences:
            profile.append(f"{competence['name']} ({level_words.get(competence['level'], '')})")
        if description.driving_licence:
            profile.append(f"Führerschein {description.driving_licence}")
        if description.other_requirements:
            profile.append(description.other_requirements)
    scope = "in Vollzeit" if post.scope == Post.Scope.FULL else f"in Teilzeit ({post.hours:g} Std.)"
    start = (
        f" zum {post.available_from.strftime('%d.%m.%Y')}"
        if post.available_from and post.available_from > timezone.localdate()
        else ""
    )
    department = f" im Bereich {post.department}" if post.department else ""
    intro = (
        f"{organisation.name} sucht{start}{department} {scope} Sie als {post.title} (m/w/d)."
        + (f" {post.purpose}" if post.purpose else "")
    )
    grade = (
        f"Die Vergütung richtet sich nach dem TVöD; vorgesehen ist {hint.label} "
        "(Hinweis auf Grundlage der Stellenbeschreibung, vorbehaltlich der Bewertung)."
        if hint.grade
        else "Die Vergütung richtet sich nach dem TVöD."
    )
    offer = [line.strip() for line in settings.employer_offer.splitlines() if line.strip()]
    return Advertisement(
        organisation=organisation.name,
        title=f"{post.title} (m/w/d)",
        intro=intro,
        tasks=tasks,
        profile=profile,
        grade=grade,
        offer=offer,
        closing=f"Stellennummer {post.number}. Wir freuen uns auf Ihre Bewerbung.",
    )


def advertisement_text(ad: Advertisement) -> str:
    """The advertisement as plain text for job portals and e-mail."""
    lines = [ad.organisation, "", ad.title, "", ad.intro, "", "Ihre Aufgaben:"]
    lines += [f"- {task}" for task in ad.tasks]
    lines += ["", "Ihr Profil:"]
    lines += [f"- {item}" for item in ad.profile]
    lines += ["", "Vergütung:", ad.grade]
    if ad.offer:
        lines += ["", "Wir bieten:"]
        lines += [f"- {item}" for item in ad.offer]
    lines += ["", ad.closing, ""]
    return "\n".join(lines)


def advertisement_document(*, organisation: Organisation, ad: Advertisement) -> Document:
    blocks: list = [
        Heading(ad.title, 1),
        Paragraph(ad.intro),
        Heading("Ihre Aufgaben", 2),
        BulletList(list(ad.tasks)),
        Heading("Ihr Profil", 2),
        BulletList(list(ad.profile) or ["–"]),
        Heading("Vergütung", 2),
        Paragraph(ad.grade),
    ]
    if ad.offer:
        blocks += [Heading("Wir bieten", 2), BulletList(list(ad.offer))]
    blocks.append(Paragraph(ad.closing))
    return Document(
        meta=Metadata(
            title=ad.title,
            subtitle="Stellenausschreibung",
            organisation=organisation.name,
            date=timezone.localdate(),
            language="de",
            logo=bytes(organisation.logo) if organisation.logo else None,
        ),
        title_page=False,
        table_of_contents=False,
        blocks=blocks,
    )


def build_advertisement(request: HttpRequest, pk: int) -> Document:
    post = _post(request, pk)
    return advertisement_document(
        organisation=request.organisation,
        ad=advertisement(organisation=request.organisation, post=post),
    )
