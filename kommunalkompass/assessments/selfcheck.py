"""The public self-check at ``/quick-check/``: one person, no log-in, nothing kept unasked.

The answers travel with the person's own requests (the form posts them back for the PDF);
only with their consent are they kept, as a ``SelfCheck`` with size class and state, and
then they feed the comparison among self-checks of the same size class.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kommunalkompass.documents.model import (
    Block,
    Callout,
    Column,
    Document,
    Heading,
    Metadata,
    NumberFormat,
    Paragraph,
    Table,
)
from kommunalkompass.organisations.sizes import SizeClass

from .advice import AdviceContext
from .charts import result_figures
from .documents.report import _recommendations, _Report
from .maturity import QUICK_CHECK_MODEL, MaturityModel, get_model
from .models import SelfCheck
from .peers import MIN_PEERS, PeerBenchmark, distribution
from .scoring import Results, ScoreRow, score_assessment

MODEL_IDENT = QUICK_CHECK_MODEL
SALT = "kommunalkompass.quick-check"


def model() -> MaturityModel:
    return get_model(MODEL_IDENT)


def new_submission_key() -> str:
    """A signed one-time key for the form, so that sending it twice keeps it once."""
    return signing.dumps(secrets.token_urlsafe(16), salt=SALT)


def score(answers: dict[str, int | None]) -> Results:
    """The profile of one person's answers, by the rules of docs/scoring.md."""
    quick = model()
    rows = []
    for dimension in quick.dimensions:
        given = [
            (answers[q.key], q.weight)
            for q in dimension.questions
            if answers.get(q.key) is not None
        ]
        if given:
            rows.append(
                ScoreRow(
                    response_id=1,
                    group="",
                    department_id=None,
                    dimension=dimension.key,
                    weighted_sum=sum(level * weight for level, weight in given),
                    weight_sum=sum(weight for _level, weight in given),
                )
            )
    return score_assessment(
        rows, dimensions=[d.key for d in quick.dimensions], groups=[], threshold=1
    )


def plausible(answers: object) -> bool:
    """Whether a self-check may count toward the comparison: every question of the
    Quick-Check answered with one of the answers offered ("don't know" included), no answer
    to a question it does not ask, and at least one level given. The form asks for no less;
    anything else was not sent by it (docs/scoring.md, "The public self-check")."""
    if not isinstance(answers, dict):
        return False
    keys = {question.key for question in model().questions()}
    if set(answers) != keys:
        return False
    values = list(answers.values())
    offered = all(value is None or (type(value) is int and 1 <= value <= 5) for value in values)
    return offered and any(value is not None for value in values)


def comparison(*, size: str, results: Results) -> PeerBenchmark:
    """The kept, plausible self-checks of the same size class: quartiles per dimension (at
    least ``MIN_PEERS`` each), and where this profile stands."""
    if size not in SizeClass.values:
        return PeerBenchmark(size_class=None, reason="no_population")
    kept = [
        scores
        for answers, scores in SelfCheck.objects.filter(
            model_ident=MODEL_IDENT, size_class=size
        ).values_list("answers", "scores")
        if plausible(answers)
    ]
    if len(kept) < MIN_PEERS:
        return PeerBenchmark(size_class=SizeClass(size), peers=len(kept), reason="too_few_peers")
    dimensions = [
        distribution(d.key, [scores[d.key] for scores in kept if d.key in scores], d.score)
        for d in results.dimensions
    ]
    return PeerBenchmark(size_class=SizeClass(size), peers=len(kept), dimensions=dimensions)


@dataclass(frozen=True)
class Profile:
    """Stands in for an assessment where the charts need one: the model, no groups."""

    model: MaturityModel
    groups: tuple = ()


def profile(quick: MaturityModel) -> Profile:
    return Profile(quick)


def own_label(language: str) -> str:
    with translation.override(language):
        return _("Your answers")


def invalid_choice() -> str:
    return _("This is not one of the choices offered.")


# The longest municipality name the PDF takes ("Stadt …", "Verbandsgemeinde …").
MUNICIPALITY_MAX = 120


def document(
    *,
    answers: dict[str, int | None],
    language: str,
    small_town: bool = False,
    municipality: str = "",
) -> Document:
    """The person's result as a document: profile, what the levels mean, recommendations
    (with the small-town variants for a municipality of fewer than 5,000 inhabitants).
    ``municipality`` is printed on the title page and in the running header, nowhere kept."""
    quick = model()
    results = score(answers)
    with translation.override(language):
        report = _Report(
            assessment=None,
            model=quick,
            results=results,
            language=language,
            context=AdviceContext.of_answers(answers, small_town=small_town),
        )
        figures = result_figures(assessment=Profile(quick), results=results, language=language)
        blocks: list[Block] = [
            Heading(_("Your maturity profile"), 1),
            Paragraph(
                _(
                    "This profile rests on one person’s answers to the %(count)d questions "
                    "of the Quick-Check. It is a first picture: a survey of leaders, staff "
                    "and IT in the organisation shows how differently they see things."
                )
                % {"count": len(quick.questions())}
            ),
        ]
        if "radar" in figures:
            blocks.append(figures["radar"])
        blocks.append(
            Table(
                columns=[
                    Column(_("Dimension"), width=3),
                    Column(_("Score"), NumberFormat.DECIMAL, decimals=1),
                    Column(_("Level"), width=2),
                ],
                rows=[
                    [
                        report.name(d.key),
                        d.score,
                        report.level_label(d.level) if d.level else _("no answer"),
                    ]
                    for d in results.dimensions
                ],
                total_row=[
                    _("Overall"),
                    results.score,
                    report.level_label(results.level) if results.level else "",
                ],
                caption=_("Score and level of each dimension"),
            )
        )
        blocks.append(Heading(_("The five levels"), 2))
        blocks.append(
            Table(
                columns=[
                    Column(_("Level"), NumberFormat.INTEGER),
                    Column(_("Name"), width=1.5),
                    Column(_("Meaning"), width=5),
                ],
                rows=[
                    [level.level, level.name.get(language), level.description.get(language)]
                    for level in quick.levels
                ],
                caption=_("The levels of the maturity model"),
            )
        )
        blocks.extend(_recommendations(report))
        blocks.append(
            Callout(
                _(
                    "Kommunalkompass takes the next steps with you: an anonymous survey of "
                    "the whole administration with perspectives by group, target levels, "
                    "the digital strategy with prioritised measures and a roadmap."
                ),
                title=_("Next steps"),
            )
        )
        return Document(
            meta=Metadata(
                title=_("Quick-Check: your result"),
                subtitle=_("%(model)s, version %(version)s")
                % {"model": quick.name.get(language), "version": quick.version},
                date=timezone.localdate(),
                language=language,
                organisation=" ".join(municipality.split())[:MUNICIPALITY_MAX],
            ),
            blocks=blocks,
            table_of_contents=False,
        )
