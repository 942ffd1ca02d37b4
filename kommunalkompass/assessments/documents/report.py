"""The report of an assessment: summary, method, profile, perspectives, development
potential, comparison with peers, recommendations and the dimensions in detail.

Written in the document's language, which need not be the language of the request that
asks for the file: every text is an English msgid translated inside
``translation.override(language)``, and model content comes from the model file in that
language. Numbers are formatted by the documents app, so PDF and DOCX agree. The rows per
dimension are those of the results page and the API (``selectors.dimension_rows``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from kommunalkompass.core.language import content_language, document_language
from kommunalkompass.documents.formatting import format_date, format_number, format_percent
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
    PageBreak,
    Paragraph,
    Span,
    Table,
)
from kommunalkompass.organisations.tenancy import get_scoped_or_404

from .. import selectors
from ..advice import AdviceContext, AdviceItem
from ..charts import benchmark_figure, group_name, result_figures
from ..maturity import MaturityModel
from ..models import Assessment
from ..peers import MIN_PEERS, PeerBenchmark, peer_benchmark
from ..scoring import PERSPECTIVE_GAP_FLAG, Cell, DimensionResult, Results
from ..selectors import DimensionRow
from .common import document_logo, not_reported


@dataclass(frozen=True)
class _Report:
    """What every section of the report needs, computed once."""

    assessment: Assessment
    model: MaturityModel
    results: Results
    language: str
    rates: dict[str, dict] = field(default_factory=dict)  # selectors.response_rates by group
    # What picks recommendations beyond the levels (selectors.advice_context)
    context: AdviceContext | None = None

    @cached_property
    def rows(self) -> list[DimensionRow]:
        """The dimensions as the results page and the API show them (``dimension_rows``)."""
        return selectors.dimension_rows(
            model=self.model,
            results=self.results,
            language=self.language,
            groups=self.assessment.groups if self.assessment else (),
            context=self.context,
        )

    def number(self, value: float) -> str:
        # Half up to one decimal: the shown score of scoring.shown_score, whose floor is
        # the level printed beside it.
        return format_number(value, 1, self.language)

    def name(self, key: str) -> str:
        return next(row.name for row in self.rows if row.key == key)

    def level_name(self, level: int) -> str:
        return self.model.level(level).name.get(self.language)

    def level_label(self, level: int | None) -> str:
        return f"{level} – {self.level_name(level)}" if level else ""

    def group(self, key: str) -> str:
        return group_name(self.model, key, self.language)

    @property
    def shown(self) -> list[DimensionResult]:
        return [d for d in self.results.dimensions if d.score is not None]

    @property
    def suppressed(self) -> list[DimensionResult]:
        return [d for d in self.results.dimensions if d.suppressed]


def _score_column(header: str) -> Column:
    return Column(header, NumberFormat.DECIMAL, decimals=1)


# The report ------------------------------------------------------------------------------


def report_document(
    *,
    assessment: Assessment,
    results: Results,
    language: str,
    author: str = "",
    benchmark: PeerBenchmark | None = None,
) -> Document:
    """The assessment report: summary, method, profile, perspectives, development potential,
    recommendations and the dimensions in detail, in ``language`` ("de" or "en").

    Whatever the scoring suppressed for anonymity stays hidden here: such cells read
    "nicht ausgewiesen" / "not reported", and no chart carries their values.
    """
    language = content_language(language)
    with translation.override(language):
        rates = selectors.response_rates(
            assessment=assessment, counts=selectors.group_counts(assessment=assessment)
        )
        report = _Report(
            assessment=assessment,
            model=assessment.model,
            results=results,
            language=language,
            rates={row["group"]: row for row in rates},
            context=selectors.advice_context(assessment=assessment),
        )
        figures = result_figures(assessment=assessment, results=results, language=language)
        blocks: list[Block] = [
            *_summary(report),
            *_method(report),
            *_profile(report, figures),
            *_perspectives(report, figures),
            *_gaps(report),
            *_benchmark(report, benchmark),
            *_recommendations(report),
            *_details(report),
        ]
        organisation = assessment.organisation
        return Document(
            meta=Metadata(
                title=_("Maturity assessment: %(title)s") % {"title": assessment.title},
                subtitle=_("%(model)s, version %(version)s")
                % {"model": report.model.name.get(language), "version": report.model.version},
                organisation=organisation.name,
                author=author,
                date=timezone.localdate(),
                language=language,
                logo=document_logo(organisation),
            ),
            blocks=blocks,
        )


def _status_callout(report: _Report) -> list[Block]:
    # An ended survey takes no more answers: its results are final, not interim.
    status = report.assessment.current_status
    if status == Assessment.Status.OPEN:
        return [
            Callout(
                _(
                    "The survey is still open. This report shows the answers submitted so far; "
                    "the results can still change."
                ),
                title=_("Interim results"),
                kind=CalloutKind.WARNING,
            )
        ]
    if status == Assessment.Status.DRAFT:
        return [
            Callout(
                _("The survey has not been opened yet, so there are no answers to report."),
                title=_("No answers yet"),
                kind=CalloutKind.WARNING,
            )
        ]
    return []


def _group_figure(report: _Report, group: str) -> KeyFigure:
    """A group's number of respondents, and whether its scores are hidden everywhere."""
    count = report.results.group_respondents.get(group, 0)
    cells = [d.groups[group] for d in report.results.dimensions if group in d.groups]
    hidden = count > 0 and all(cell.suppressed for cell in cells if cell.respondents)
    detail = (
        _("not reported separately, to protect anonymity")
        if hidden
        else ngettext("respondent", "respondents", count)
    )
    # The response rate of the results page (selectors.response_rates): none without a
    # base, none for a group hidden for anonymity.
    rate = report.rates.get(group, {})
    if rate.get("rate") is not None:
        values = {
            "rate": format_percent(rate["rate"], 0, report.language),
            "base": rate["base"],
        }
        detail += " · " + (
            _("%(rate)s of %(base)d people") % values
            if rate["base_is_size"]
            else _("%(rate)s of %(base)d invited") % values
        )
    return KeyFigure(report.group(group), str(count), detail)


def _summary(report: _Report) -> list[Block]:
    results = report.results
    blocks: list[Block] = [Heading(_("Summary"), 1), *_status_callout(report)]
    gaps = [d for d in results.gaps if d.gap > 0]
    figures = [
        KeyFigure(
            _("Overall score"),
            report.number(results.score) if results.score is not None else "–",
            _("on the scale from 1 to 5"),
        ),
        KeyFigure(
            _("Overall level"),
            str(results.level) if results.level else "–",
            report.level_name(results.level) if results.level else not_reported(),
        ),
        KeyFigure(_("Respondents"), str(results.respondents), _("submitted answers")),
    ]
    if gaps:
        figures.append(
            KeyFigure(
                _("Largest potential"),
                report.number(gaps[0].gap),
                report.name(gaps[0].key),
            )
        )
    else:
        figures.append(
            KeyFigure(
                _("Dimensions reported"),
                _("%(shown)d of %(total)d")
                % {"shown": len(report.shown), "total": len(results.dimensions)},
                _("at least %(k)d respondents each") % {"k": results.threshold},
            )
        )
    blocks.append(KeyFigures(figures))
    blocks.append(KeyFigures([_group_figure(report, group) for group in report.assessment.groups]))
    if results.score is None:
        blocks.append(
            Paragraph(
                _(
                    "Fewer than %(k)d people have answered the questions of any dimension, so "
                    "this report shows no scores. This protects the anonymity of everyone who "
                    "took part. Scores appear as soon as at least %(k)d people have submitted "
                    "their answers."
                )
                % {"k": results.threshold}
            )
        )
        return blocks
    shown = sorted(report.shown, key=lambda d: d.score)
    text = [
        _(
            "The organisation reaches an overall score of %(score)s on the scale from 1 to 5, "
            "which corresponds to level %(level)d (%(level_name)s)."
        )
        % {
            "score": report.number(results.score),
            "level": results.level,
            "level_name": report.level_name(results.level),
        }
    ]
    if len(shown) >= 2:
        text.append(
            _(
                "The strongest dimension is %(strongest)s (%(strongest_score)s), the weakest "
                "is %(weakest)s (%(weakest_score)s)."
            )
            % {
                "strongest": report.name(shown[-1].key),
                "strongest_score": report.number(shown[-1].score),
                "weakest": report.name(shown[0].key),
                "weakest_score": report.number(shown[0].score),
            }
        )
    blocks.append(Paragraph(" ".join(text)))
    if gaps:
        blocks.append(
            Paragraph(
                ngettext(
                    "The largest development potential lies in %(dimensions)s.",
                    "The largest development potential lies in %(dimensions)s.",
                    len(gaps[:3]),
                )
                % {
                    "dimensions": get_text_list(
                        [
                            _("%(name)s (%(gap)s below the target level %(target)d)")
                            % {
                                "name": report.name(d.key),
                                "gap": report.number(d.gap),
                                "target": d.target,
                            }
                            for d in gaps[:3]
                        ],
                        _("and"),
                    )
                }
            )
        )
    elif not results.gaps:
        blocks.append(
            Paragraph(
                _(
                    "No target levels have been set yet. Once they are set on the assessment "
                    "page, this report shows the development potential of each dimension."
                )
            )
        )
    else:
        blocks.append(Paragraph(_("Every dimension with a target level has reached it.")))
    differing = [d for d in results.dimensions if d.perspectives_differ]
    if differing:
        blocks.append(
            Paragraph(
                _(
                    "The respondent groups see %(dimensions)s differently: their scores differ "
                    "by a level or more."
                )
                % {"dimensions": get_text_list([report.name(d.key) for d in differing], _("and"))}
            )
        )
    if report.suppressed:
        blocks.append(
            Paragraph(
                ngettext(
                    "%(count)d dimension is not reported because fewer than %(k)d people "
                    "answered its questions.",
                    "%(count)d dimensions are not reported because fewer than %(k)d people "
                    "answered their questions.",
                    len(report.suppressed),
                )
                % {"count": len(report.suppressed), "k": results.threshold}
            )
        )
    return blocks


def _period(report: _Report) -> str:
    assessment, language = report.assessment, report.language
    opened = timezone.localtime(assessment.opened_at).date() if assessment.opened_at else None
    closed = timezone.localtime(assessment.closed_at).date() if assessment.closed_at else None
    if opened and closed:
        return _("The survey ran from %(start)s to %(end)s.") % {
            "start": format_date(opened, language, long=True),
            "end": format_date(closed, language, long=True),
        }
    if opened:
        return _("The survey has been open since %(start)s.") % {
            "start": format_date(opened, language, long=True)
        }
    return _("The survey has not been opened yet.")


def _method(report: _Report) -> list[Block]:
    model, language, k = report.model, report.language, report.results.threshold
    questions = model.questions()
    return [
        Heading(_("Method and data protection"), 1),
        Heading(_("The maturity model"), 2),
        Paragraph(
            _(
                "The analysis uses the maturity model “%(model)s”, version %(version)s. It "
                "asks %(questions)d questions in %(dimensions)d dimensions. Each question offers "
                "five answers that describe concrete practice, one for each level from 1 to 5, "
                "and the answer “don’t know / does not apply”."
            )
            % {
                "model": model.name.get(language),
                "version": model.version,
                "questions": len(questions),
                "dimensions": len(model.dimensions),
            }
        ),
        Paragraph(model.description.get(language)),
        Paragraph(
            " ".join(
                [
                    _period(report),
                    _("Each respondent group saw the questions that concern its work (see table)."),
                ]
            )
        ),
        Table(
            columns=[
                Column(_("Respondent group")),
                Column(_("Questions"), NumberFormat.INTEGER),
                Column(_("Respondents"), NumberFormat.INTEGER),
            ],
            rows=[
                [
                    report.group(group),
                    sum(1 for q in questions if group in q.groups),
                    report.results.group_respondents.get(group, 0),
                ]
                for group in report.assessment.groups
            ],
            caption=_("Respondent groups"),
        ),
        Table(
            columns=[
                Column(_("Level"), NumberFormat.INTEGER, width=0.6),
                Column(_("Name"), width=1.4),
                Column(_("Description"), width=5),
            ],
            rows=[
                [level.level, level.name.get(language), level.description.get(language)]
                for level in model.levels
            ],
            caption=_("The five maturity levels"),
        ),
        Heading(_("How the scores are calculated"), 2),
        BulletList(
            [
                _(
                    "A respondent’s score in a dimension is the weighted mean of the levels they "
                    "chose there; “don’t know” is left out."
                ),
                _(
                    "The score of a dimension is the mean of its respondents’ scores, shown "
                    "with one decimal; its level is the shown score rounded down (%(example)s "
                    "is level 2, a mean of %(mean)s is shown as %(shown)s and is level 4)."
                )
                % {
                    "example": report.number(2.9),
                    "mean": format_number(3.96, 2, language),
                    "shown": report.number(4.0),
                },
                _(
                    "The overall score is the mean of the dimension scores that are reported, "
                    "as shown. Potentials and differences are computed from the shown scores "
                    "too, so that the figures in this report add up."
                ),
                _(
                    "The spread is the standard deviation of the respondents’ scores: the larger "
                    "it is, the less the respondents agree."
                ),
                _(
                    "Perspectives differ when the highest and the lowest score of the reported "
                    "groups are %(flag)s levels or more apart."
                )
                % {"flag": report.number(PERSPECTIVE_GAP_FLAG)},
                _(
                    "The development potential is the target level minus the score; target "
                    "levels are set by the organisation."
                ),
            ]
        ),
        Heading(_("Anonymity"), 2),
        Paragraph(
            _(
                "The answers are anonymous: they carry no name, no e-mail address and no IP "
                "address, only the respondent group and, where asked, the department. The "
                "anonymity threshold of this assessment is k = %(k)d."
            )
            % {"k": k}
        ),
        BulletList(
            [
                _(
                    "A dimension that fewer than %(k)d people answered shows no score, level "
                    "or spread."
                )
                % {"k": k},
                _(
                    "A respondent group or department with fewer than %(k)d respondents shows "
                    "only its number of respondents, no score."
                )
                % {"k": k},
                _(
                    "Where a hidden group could be worked out by subtracting the others from "
                    "the total, the next smallest group is hidden as well (complementary "
                    "suppression)."
                ),
            ]
        ),
        Paragraph(
            _("Hidden values are marked “%(marker)s” in this report.") % {"marker": not_reported()}
        ),
    ]


def _profile(report: _Report, figures: dict) -> list[Block]:
    results = report.results
    # The profile is the heart of the report: chart and table together on a page of their own.
    blocks: list[Block] = [
        *([PageBreak()] if "radar" in figures else []),
        Heading(_("Maturity profile"), 1),
    ]
    if "radar" in figures:
        blocks.append(figures["radar"])
    elif results.score is not None:
        blocks.append(
            Paragraph(
                _(
                    "The profile chart needs a score for every dimension; it is left out "
                    "because some dimensions are not reported."
                )
            )
        )
    rows = []
    for row in report.rows:
        d = row.result
        if d.suppressed:
            rows.append([row.name, not_reported(), "", d.target, None, None, d.respondents])
        else:
            rows.append(
                [row.name, d.score, row.level_label, d.target, d.gap, d.spread, d.respondents]
            )
    blocks.append(
        Table(
            columns=[
                Column(_("Dimension"), width=3),
                _score_column(_("Score")),
                Column(_("Level"), width=2),
                Column(_("Target"), NumberFormat.INTEGER),
                _score_column(_("Potential")),
                _score_column(_("Spread")),
                Column(_("Respondents"), NumberFormat.INTEGER),
            ],
            rows=rows,
            total_row=[
                _("Overall"),
                results.score if results.score is not None else not_reported(),
                report.level_label(results.level),
                None,
                None,
                None,
                results.respondents,
            ],
            caption=_("Score, level and target of each dimension"),
        )
    )
    blocks.append(
        Paragraph(
            _(
                "Potential: target level minus score. Spread: standard deviation of the "
                "respondents’ scores. Respondents: people who answered at least one question "
                "of the dimension."
            )
        )
    )
    return blocks


def _perspectives(report: _Report, figures: dict) -> list[Block]:
    results, groups = report.results, report.assessment.groups
    blocks: list[Block] = [
        *([PageBreak()] if "perspectives" in figures else []),
        Heading(_("Perspectives"), 1),
        Paragraph(
            _(
                "Leaders, staff and IT experience digitalisation from different places. Where "
                "their scores differ, the groups do not share the same picture of the "
                "organisation; that is worth a conversation before measures are chosen."
            )
        ),
    ]
    blocks.extend(figures[key] for key in ("perspectives", "heatmap") if key in figures)

    def cell(value: Cell | None):
        if value is None or not value.respondents:
            return "–"  # nobody of the group answered here
        if value.suppressed:
            return not_reported()
        return value.score if value.score is not None else "–"

    blocks.append(
        Table(
            columns=[
                Column(_("Dimension"), width=3),
                *(_score_column(report.group(group)) for group in groups),
                _score_column(_("Difference")),
            ],
            rows=[
                [row.name, *(cell(group.cell) for group in row.groups), row.result.perspective_gap]
                for row in report.rows
            ],
            caption=_("Score of each dimension by respondent group"),
        )
    )
    blocks.append(
        Paragraph(
            _(
                "Difference: highest minus lowest score of the reported groups. A group with "
                "fewer than %(k)d respondents in a dimension is not reported there; “–” means "
                "that nobody of the group answered."
            )
            % {"k": results.threshold}
        )
    )
    blocks.append(Heading(_("Where the perspectives differ"), 2))
    differing = [d for d in results.dimensions if d.perspectives_differ]
    if all(d.perspective_gap is None for d in results.dimensions):
        blocks.append(
            Paragraph(
                _(
                    "Perspectives can be compared only where at least two groups are reported. "
                    "No dimension has two reported groups, so this report cannot compare them."
                )
            )
        )
        return blocks
    if not differing:
        blocks.append(
            Paragraph(
                _(
                    "In no dimension do the scores of the reported groups differ by %(flag)s "
                    "levels or more."
                )
                % {"flag": report.number(PERSPECTIVE_GAP_FLAG)}
            )
        )
        return blocks
    items = []
    for d in sorted(differing, key=lambda d: -d.perspective_gap):
        scored = sorted(
            ((cell.score, key) for key, cell in d.groups.items() if cell.score is not None)
        )
        (low, low_group), (high, high_group) = scored[0], scored[-1]
        items.append(
            [
                Span(report.name(d.key), bold=True),
                ": "
                + _(
                    "%(high_group)s %(high)s, %(low_group)s %(low)s, a difference of "
                    "%(difference)s levels."
                )
                % {
                    "high_group": report.group(high_group),
                    "high": report.number(high),
                    "low_group": report.group(low_group),
                    "low": report.number(low),
                    "difference": report.number(d.perspective_gap),
                },
            ]
        )
    blocks.append(BulletList(items))
    return blocks


def _gaps(report: _Report) -> list[Block]:
    results = report.results
    blocks: list[Block] = [
        Heading(_("Development potential"), 1),
        Paragraph(
            _(
                "The development potential of a dimension is the distance from its score to "
                "the target level the organisation has set. The largest potential comes first."
            )
        ),
    ]
    if results.gaps:
        blocks.append(
            Table(
                columns=[
                    Column(_("Dimension"), width=3),
                    _score_column(_("Score")),
                    Column(_("Target"), NumberFormat.INTEGER),
                    _score_column(_("Potential")),
                ],
                rows=[[report.name(d.key), d.score, d.target, d.gap] for d in results.gaps],
                caption=_("Development potential, largest first"),
            )
        )
        reached = [d for d in results.gaps if d.gap <= 0]
        if reached:
            blocks.append(
                Paragraph(
                    _("At or above its target level: %(dimensions)s.")
                    % {"dimensions": get_text_list([report.name(d.key) for d in reached], _("and"))}
                )
            )
    without_target = [d for d in results.dimensions if d.target is None]
    unscored = [d for d in results.dimensions if d.target is not None and d.gap is None]
    if len(without_target) == len(results.dimensions):
        blocks.append(
            Paragraph(
                _(
                    "No target levels have been set yet. Admins and editors set them on the "
                    "assessment page, for example after discussing this report with the "
                    "leadership."
                )
            )
        )
    elif without_target:
        blocks.append(
            Paragraph(
                _("No target level has been set for %(dimensions)s.")
                % {
                    "dimensions": get_text_list(
                        [report.name(d.key) for d in without_target], _("and")
                    )
                }
            )
        )
    if unscored:
        blocks.append(
            Paragraph(
                _("The potential of %(dimensions)s is not reported, as its score is not.")
                % {"dimensions": get_text_list([report.name(d.key) for d in unscored], _("and"))}
            )
        )
    return blocks


POSITIONS = {
    "top": gettext_lazy("ahead of three quarters"),
    "upper": gettext_lazy("above the median"),
    "lower": gettext_lazy("below the median"),
    "bottom": gettext_lazy("behind three quarters"),
}


def _benchmark(report: _Report, benchmark: PeerBenchmark | None) -> list[Block]:
    """The comparison with similar organisations, when the assessment takes part in it."""
    if benchmark is None or benchmark.reason in ("not_shared", "no_population"):
        return []
    size = benchmark.size_class.label if benchmark.size_class else ""
    blocks: list[Block] = [
        Heading(_("Comparison with similar organisations"), 1),
        Paragraph(
            _(
                "Verified organisations with %(size)s on this installation that share their "
                "latest closed assessment on the same model. Only summarised scores are "
                "compared; no organisation is named, and the comparison is shown only when at "
                "least %(minimum)d organisations contribute."
            )
            % {"size": size, "minimum": MIN_PEERS}
        ),
    ]
    if not benchmark.available:
        blocks.append(
            Paragraph(
                _("Fewer than %(minimum)d organisations contribute so far.")
                % {"minimum": MIN_PEERS}
            )
        )
        return blocks
    figure = benchmark_figure(
        assessment=report.assessment,
        benchmark=benchmark,
        language=report.language,
        own_name=report.assessment.organisation.name,
    )
    if figure is not None:
        blocks.append(figure)
    blocks.append(
        Table(
            columns=[
                Column(_("Dimension"), width=3),
                _score_column(_("1st quartile")),
                _score_column(_("Median")),
                _score_column(_("3rd quartile")),
                _score_column(_("Own score")),
                Column(_("Position"), width=2),
            ],
            rows=[
                [
                    report.name(d.key),
                    d.lower,
                    d.median,
                    d.upper,
                    d.own,
                    str(POSITIONS[d.position]) if d.position else "",
                ]
                for d in benchmark.dimensions
            ],
            caption=ngettext(
                "Scores of %(count)d peer organisation by dimension",
                "Scores of %(count)d peer organisations by dimension",
                benchmark.peers,
            )
            % {"count": benchmark.peers},
        )
    )
    return blocks


def _recommendations(report: _Report) -> list[Block]:
    blocks: list[Block] = [
        Heading(_("Recommendations"), 1),
        Paragraph(
            _(
                "For each dimension, the measures that lead from its current level to the "
                "next, and those that the answers to a single question make due whatever the "
                "level. They are a starting point for the measures of the digital strategy: "
                "adapt them to the organisation’s situation and decide on them together."
            )
        ),
    ]
    if report.results.score is None:
        blocks.append(
            Paragraph(
                _(
                    "The recommendations follow from the level of each dimension. As no "
                    "dimension is reported, this report contains none."
                )
            )
        )
        return blocks
    for row in report.rows:
        d = row.result
        blocks.append(Heading(row.name, 2))
        if d.level is None:
            blocks.append(
                Paragraph(
                    _(
                        "No recommendation can be given, because the level of this dimension "
                        "is not reported."
                    )
                )
            )
            blocks.extend(_advice_card(item) for item in row.raised)
            continue
        blocks.append(
            Paragraph(
                _("Current level %(level)d (%(name)s), score %(score)s.")
                % {
                    "level": d.level,
                    "name": row.level_name,
                    "score": report.number(d.score),
                }
            )
        )
        blocks.extend(_advice_card(item) for item in row.advice)
    return blocks


def _advice_card(item: AdviceItem) -> Callout:
    # One card per measure: title, what it is, and its benefit, effort and first step
    # kept together, so that no title is left alone at the foot of a page.
    why: list = [Span(item.reason, bold=True), "\n"] if item.raised_by else []
    small_town: list = (
        [Span(_("In a small municipality") + ": ", bold=True), item.small_town, "\n"]
        if item.small_town
        else []
    )
    return Callout(
        [
            *why,
            item.description,
            "\n",
            *small_town,
            Span(_("Benefit") + ": ", bold=True),
            item.benefit,
            "\n",
            Span(_("Effort") + ": ", bold=True),
            item.effort,
            "\n",
            Span(_("First step") + ": ", bold=True),
            item.first_step,
        ],
        title=item.title,
    )


def _details(report: _Report) -> list[Block]:
    language = report.language
    blocks: list[Block] = [
        Heading(_("The dimensions in detail"), 1),
        Paragraph(
            _(
                "What each level looks like in each dimension, in the words of the answers "
                "the questionnaire offers. The current level and the target level are marked."
            )
        ),
    ]
    for row in report.rows:
        dimension, d = row.definition, row.result
        blocks.append(Heading(row.name, 2))
        blocks.append(Paragraph(dimension.description.get(language)))
        if d.level is not None:
            status = _("Score %(score)s, level %(level)d (%(name)s).") % {
                "score": report.number(d.score),
                "level": d.level,
                "name": row.level_name,
            }
        else:
            status = _("The score of this dimension is not reported.")
        if d.target is not None:
            status += " " + _("Target level %(target)d.") % {"target": d.target}
        blocks.append(Paragraph(Span(status, italic=True)))
        rows = []
        for level in report.model.levels:
            marks = []
            if level.level == d.level:
                marks.append(pgettext("level mark", "current"))
            if level.level == d.target:
                marks.append(pgettext("level mark", "target"))
            label = f"{level.level} – {level.name.get(language)}"
            if marks:
                label += f"\n({', '.join(marks)})"
            rows.append(
                [
                    label,
                    # One line per question, so that the descriptors stay apart.
                    "\n".join(
                        f"• {question.answers[level.level - 1].text.get(language)}"
                        for question in dimension.questions
                    ),
                ]
            )
        blocks.append(
            Table(
                columns=[Column(_("Level"), width=1.4), Column(_("What it looks like"), width=5)],
                rows=rows,
                caption=_("Levels of “%(dimension)s”")
                % {"dimension": dimension.name.get(language)},
            )
        )
    return blocks


def build_report(request: HttpRequest, pk: int) -> Document:
    """The report of assessment ``pk`` of the request's organisation (404 for any other)."""
    assessment = get_scoped_or_404(Assessment, request.organisation, pk=pk)
    results = selectors.assessment_results(assessment=assessment)
    return report_document(
        assessment=assessment,
        results=results,
        language=document_language(request),
        author=request.user.display_name,
        benchmark=peer_benchmark(assessment=assessment, results=results),
    )
