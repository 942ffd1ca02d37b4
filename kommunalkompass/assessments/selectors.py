"""Reads for assessments; results come from one aggregate query, whatever the size."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast

from kommunalkompass.accounts.tokens import secret_hash
from kommunalkompass.core.prepared import PreparedQuery
from kommunalkompass.organisations.models import Department, Organisation

from . import advice as advice_rules
from .advice import AdviceContext, AdviceItem
from .anonymity import ExportPlan, Profile, export_plan
from .charts import group_name
from .maturity import Dimension, MaturityModel, Recommendation, maturity_idents, recommendations
from .models import Answer, Assessment, Response, SurveyAccess, SurveyInvitee
from .scoring import (
    Cell,
    DimensionResult,
    Results,
    ScoreCount,
    ScoreRow,
    score_assessment,
    score_difference,
    suppressed_keys,
)


def maturity_assessments() -> QuerySet[Assessment]:
    """Assessments on a maturity model: not the change module's readiness pulses, which
    use the same survey engine but are shown and scored by the change module."""
    return Assessment.objects.filter(model_ident__in=maturity_idents())


def assessment_list(*, organisation: Organisation) -> QuerySet[Assessment]:
    """The organisation's assessments, newest first, with their number of submitted responses."""
    return (
        Assessment.objects.for_organisation(organisation)
        .filter(model_ident__in=maturity_idents())
        .annotate(respondents=Count("responses", filter=Q(responses__submitted_on__isnull=False)))
        .order_by("-created_at")
    )


def score_rows(*, assessment: Assessment) -> list[ScoreRow]:
    """One row per submitted respondent and dimension with the weighted sums of their levels."""
    rows = (
        Answer.objects.filter(
            response__assessment=assessment,
            response__submitted_on__isnull=False,
            level__isnull=False,
        )
        .values("response_id", "response__group", "response__department_id", "dimension")
        .annotate(
            weighted_sum=Sum(Cast("level", FloatField()) * F("weight")),
            weight_sum=Sum("weight"),
        )
        .order_by()
    )
    return [
        ScoreRow(
            response_id=row["response_id"],
            group=row["response__group"],
            department_id=row["response__department_id"],
            dimension=row["dimension"],
            weighted_sum=row["weighted_sum"],
            weight_sum=row["weight_sum"],
        )
        for row in rows
    ]


def score_counts(*, assessment: Assessment) -> list[ScoreCount]:
    """``score_rows`` counted in the database: per dimension, group and department, how many
    submitted respondents gave the same weighted sum and sum of weights there.

    The same numbers as ``score_rows``, in a few hundred rows instead of one per respondent
    and dimension: the inner query sums each respondent's answers per dimension (the
    answers found by their response ids, without a join), the outer one counts equal sums
    and adds group and department. The scores are divided and averaged in ``scoring``,
    exactly as from ``score_rows`` (docs/scoring.md).
    """
    quote = connection.ops.quote_name
    answers, responses = quote(Answer._meta.db_table), quote(Response._meta.db_table)
    sql = f"""
        SELECT per_respondent.dimension, response.{quote("group")}, response.department_id,
               per_respondent.weighted_sum, per_respondent.weight_sum, COUNT(*)
        FROM (
            SELECT answer.response_id AS response_id, answer.dimension AS dimension,
                   SUM(answer.level * answer.weight) AS weighted_sum,
                   SUM(answer.weight) AS weight_sum
            FROM {answers} answer
            WHERE answer.level IS NOT NULL AND answer.response_id IN (
                SELECT id FROM {responses}
                WHERE assessment_id = %s AND submitted_on IS NOT NULL
            )
            GROUP BY answer.response_id, answer.dimension
        ) per_respondent
        JOIN {responses} response ON response.id = per_respondent.response_id
        GROUP BY per_respondent.dimension, response.{quote("group")}, response.department_id,
                 per_respondent.weighted_sum, per_respondent.weight_sum
    """  # noqa: S608 - table names from the models, the value as a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [assessment.pk])
        return [
            ScoreCount(group, department_id, dimension, weighted_sum, weight_sum, respondents)
            for (
                dimension,
                group,
                department_id,
                weighted_sum,
                weight_sum,
                respondents,
            ) in cursor.fetchall()
        ]


def group_counts(*, assessment: Assessment) -> dict[str, dict[str, int]]:
    """Per group: submitted responses, started ones and personal invitations sent.

    *Started* are the respondents who saved at least one answer (a "don't know" too), the
    submitted ones included; opening the link or the first page counts for nothing.
    """
    counts = {group: {"submitted": 0, "started": 0, "invited": 0} for group in assessment.groups}
    saved = Exists(Answer.objects.filter(response=OuterRef("pk")))
    for row in (
        Response.objects.filter(assessment=assessment)
        .filter(saved)
        .values("group")
        .annotate(started=Count("id"), submitted=Count("id", filter=Q(submitted_on__isnull=False)))
        .order_by()
    ):
        entry = counts.setdefault(row["group"] or "", {"submitted": 0, "started": 0, "invited": 0})
        entry["started"], entry["submitted"] = row["started"], row["submitted"]
    for invited in (
        SurveyAccess.objects.filter(assessment=assessment, kind=SurveyAccess.Kind.INVITATION)
        .values("group")
        .annotate(invited=Count("id"))
        .order_by()
    ):
        counts.setdefault(invited["group"] or "", {"submitted": 0, "started": 0, "invited": 0})[
            "invited"
        ] = invited["invited"]
    return counts


def assessment_results(
    *, assessment: Assessment, counts: dict[str, dict[str, int]] | None = None
) -> Results:
    """The scored results of ``assessment`` (see docs/scoring.md); ``counts`` are its
    ``group_counts`` when the caller has them already."""
    if counts is None:
        counts = group_counts(assessment=assessment)
    return score_assessment(
        score_counts(assessment=assessment),
        dimensions=[d.key for d in assessment.model.dimensions],
        groups=assessment.groups,
        threshold=assessment.anonymity_threshold,
        targets=assessment.targets,
        respondents=sum(entry["submitted"] for entry in counts.values()),
        group_respondents={group: entry["submitted"] for group, entry in counts.items()},
    )


@dataclass(frozen=True)
class GroupRow:
    """One respondent group of a dimension: its key, its name and its cell of the results
    (``None`` where the results have none)."""

    key: str
    name: str
    cell: Cell | None


@dataclass(frozen=True)
class DimensionRow:
    """One dimension as the results page, the results API and the report show it."""

    definition: Dimension
    name: str
    result: DimensionResult
    level_name: str  # the name of the level of the shown score, "" without a level
    groups: list[GroupRow]  # the assessment's groups, in its order
    recommendations: tuple[Recommendation, ...]  # for the dimension's level, () without one
    # What the result shows: the recommendations of the level, then those single answers
    # made due (docs/scoring.md, "Recommendations"), in the row's language.
    advice: tuple[AdviceItem, ...] = ()

    @property
    def raised(self) -> tuple[AdviceItem, ...]:
        """The recommendations that single answers made due beyond the level's."""
        return tuple(item for item in self.advice if item.raised_by)

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def level_label(self) -> str:
        """``"2 – Name"``, or "" without a level."""
        return f"{self.result.level} – {self.level_name}" if self.result.level else ""


def dimension_rows(
    *,
    model: MaturityModel,
    results: Results,
    language: str,
    groups: Sequence[str] = (),
    context: AdviceContext | None = None,
) -> list[DimensionRow]:
    """Per dimension of ``model``, in its order: the name in ``language``, the scored result,
    the name of its level, its respondent ``groups`` (those of the assessment) by name, the
    recommendations for its level and, with a ``context`` (``advice_context``), those that
    single answers make due (``advice.triggered``). The one assembly of these rows for the
    results page, the results API, the report and the Quick-Check's result (no query)."""
    advice = recommendations()
    due = advice_rules.triggered(advice=advice, model=model, context=context or AdviceContext())
    texts = {q.key: q.text.get(language) for q in model.questions()}
    rows = []
    for dimension in model.dimensions:
        result = results.dimension(dimension.key)
        level = result.level
        own = advice.for_level(dimension.key, level) if level else ()
        small = (context or AdviceContext()).small_town
        items = [advice_rules.item(r, language=language, small_town=small) for r in own]
        items += [
            advice_rules.item(
                r, language=language, raised_by=tuple(texts[k] for k in keys), small_town=small
            )
            for r, keys in due.get(dimension.key, [])
            if r not in own
        ]
        rows.append(
            DimensionRow(
                definition=dimension,
                name=dimension.name.get(language),
                result=result,
                level_name=model.level(level).name.get(language) if level else "",
                groups=[
                    GroupRow(group, group_name(model, group, language), result.groups.get(group))
                    for group in groups
                ],
                recommendations=own,
                advice=tuple(items),
            )
        )
    return rows


def answer_level_counts(*, assessment: Assessment) -> dict[str, dict[int, int]]:
    """Per question that a recommendation's trigger names for the assessment's model: how
    many submitted respondents gave each level (one aggregate query; "weiß nicht" is not
    counted). The input of ``advice.triggered``, never shown by group."""
    keys = {
        trigger.question
        for _dimension, _level, recommendation in recommendations().with_triggers()
        for trigger in recommendation.triggers
        if trigger.model == assessment.model_ident
    }
    counts: dict[str, dict[int, int]] = {}
    if not keys:
        return counts
    for key, level, n in (
        Answer.objects.filter(
            response__assessment=assessment,
            response__submitted_on__isnull=False,
            level__isnull=False,
            question_key__in=keys,
        )
        .values_list("question_key", "level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault(key, {})[level] = n
    return counts


def advice_context(*, assessment: Assessment) -> AdviceContext:
    """What the recommendations of ``assessment`` are picked by besides the levels: its
    answers to the questions that triggers name, its anonymity threshold and whether its
    organisation is a small municipality (one query)."""
    return AdviceContext(
        answer_counts=answer_level_counts(assessment=assessment),
        threshold=assessment.anonymity_threshold,
        small_town=advice_rules.is_small_town(assessment.organisation.population),
    )


def _raw_answer_plan(assessment: Assessment, cells: Counter[Profile]) -> ExportPlan:
    questions = assessment.model.questions()
    groups = {*assessment.groups, *(group for group, _department in cells)}
    return export_plan(
        cells,
        questions={group: tuple(q.key for q in questions if group in q.groups) for group in groups},
        use_departments=assessment.use_departments,
        threshold=assessment.anonymity_threshold,
    )


def raw_answer_plan(*, assessment: Assessment) -> ExportPlan:
    """What the raw-answer export of ``assessment`` names (``anonymity.export_plan``), from
    one aggregate query: for the sentence beside the download."""
    cells: Counter[Profile] = Counter()
    for group, department_id, n in (
        Response.objects.filter(assessment=assessment, submitted_on__isnull=False)
        .values_list("group", "department_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        cells[(group, department_id if assessment.use_departments else None)] += n
    return _raw_answer_plan(assessment, cells)


def raw_answer_table(*, assessment: Assessment, language: str) -> tuple[list[str], list[list]]:
    """The raw answers: per submitted respondent, one row for each question in the plan.

    Columns ``respondent, group, dimension, question, weight, level`` (and ``department``
    when the assessment asks for it). The respondent is the random respondent number; the
    level is empty for "weiß nicht" and for a question left unanswered. Group and department
    are named as ``anonymity.export_plan`` allows: no combination of group, department and
    the set of question rows of a respondent number has fewer than *k* respondents
    (docs/scoring.md, "Raw answers"). With fewer than *k* respondents there are no rows.
    The plan is made from the same respondents as the rows, so a response submitted
    meanwhile is in neither.
    """
    model = assessment.model
    columns = ["respondent", "group", "dimension", "question", "weight", "level"]
    if assessment.use_departments:
        columns.append("department")
    respondents = list(
        Response.objects.filter(assessment=assessment, submitted_on__isnull=False)
        .values_list("number", "group", "department_id")
        .order_by("number")
    )
    cells: Counter[Profile] = Counter(
        (group, department_id if assessment.use_departments else None)
        for _number, group, department_id in respondents
    )
    plan = _raw_answer_plan(assessment, cells)
    if plan.empty:
        return columns, []
    departments = dict(Department.objects.filter(pk__in=plan.departments).values_list("pk", "name"))
    questions = {
        question.key: (dimension.name.get(language), question)
        for dimension in model.dimensions
        for question in dimension.questions
    }
    levels: dict[int, dict[str, int | None]] = defaultdict(dict)
    for number, key, level in (
        Answer.objects.filter(response__assessment=assessment, response__submitted_on__isnull=False)
        .values_list("response__number", "question_key", "level")
        .iterator(chunk_size=5000)
    ):
        levels[number][key] = level
    rows = []
    for number, group, department_id in respondents:
        given = levels.get(number, {})
        for key in plan.questions_of(group):
            dimension_name, question = questions[key]
            # The model's weight: a function of the question, like its text.
            row = [
                number,
                plan.group_of(group),
                dimension_name,
                question.text.get(language),
                question.weight,
                given.get(key),
            ]
            if assessment.use_departments:
                named = plan.department_of(department_id)
                row.append(departments.get(named, "") if named is not None else "")
            rows.append(row)
    return columns, rows


def assessment_comparison(*, earlier: Assessment, later: Assessment) -> list[dict]:
    """Per dimension the score of two assessments of one organisation and the change.

    Models may differ (Quick-Check and full model share their dimensions); a change is
    given only where both scores are shown. Scores are the shown ones (one decimal) and the
    change is their difference, so that "2.3 → 2.6" reads "+0.3" (docs/scoring.md).
    """
    first = assessment_results(assessment=earlier)
    second = assessment_results(assessment=later)
    rows = []
    for dimension in later.model.dimensions:
        before = first.dimension(dimension.key).shown_score
        after = second.dimension(dimension.key).shown_score
        rows.append(
            {
                "key": dimension.key,
                "dimension": dimension,
                "before": before,
                "after": after,
                "change": score_difference(after, before),
            }
        )
    return rows


def comparison_defaults(
    candidates: list[Assessment],
) -> tuple[Assessment | None, Assessment | None]:
    """The pair a comparison starts with: the two latest closed assessments, earlier first
    (by the date they closed). ``(None, None)`` when fewer than two have closed."""
    closed = sorted(
        (a for a in candidates if a.status == Assessment.Status.CLOSED),
        key=lambda a: (a.closed_at or a.created_at, a.pk),
    )
    if len(closed) < 2:
        return None, None
    return closed[-2], closed[-1]


def response_rates(*, assessment: Assessment, counts: dict[str, dict[str, int]]) -> list[dict]:
    """Per group of the assessment: submitted answers, the base and the response rate.

    The base is the number of people in the group where an editor entered it, else the
    number of personal invitations; without either there is no rate. A group that the
    results hide for anonymity (fewer than *k* respondents, or hidden with them by
    complementary suppression) shows no rate either: ``hidden`` says so. The results page
    and the report read the rates here (docs/scoring.md, "Response rate").
    """
    submitted = {group: counts.get(group, {}).get("submitted", 0) for group in assessment.groups}
    hidden = suppressed_keys(submitted, assessment.anonymity_threshold)
    rows = []
    for group in assessment.groups:
        entry = counts.get(group, {"submitted": 0, "started": 0, "invited": 0})
        size = assessment.group_sizes.get(group)
        base = size or entry["invited"] or None
        rows.append(
            {
                "group": group,
                "submitted": entry["submitted"],
                "started": entry["started"],
                "base": base,
                "base_is_size": bool(size),
                "hidden": group in hidden,
                "rate": entry["submitted"] / base if base and group not in hidden else None,
            }
        )
    return rows


# The anonymous survey --------------------------------------------------------------------

# How long a browser keeps an open link's resume secret after the last saved page (it is
# deleted earlier when the answers are sent).
RESUME_DAYS = 90


@dataclass(frozen=True)
class SurveyEntry:
    """Where a survey address leads: the assessment, the kind of link and the group it fixes,
    and the respondent's answers so far (``response`` is ``None`` before they started).

    ``kind`` is a ``SurveyAccess.Kind``, or empty for a respondent's own address (answers
    started before open links were resumed in the browser).
    """

    assessment: Assessment
    kind: str
    link_group: str
    response: Response | None
    organisation_name: str

    @property
    def is_open_link(self) -> bool:
        """An open group link: the respondent continues only in the browser that started."""
        return self.kind == SurveyAccess.Kind.OPEN_LINK


def _responses(**filters: object) -> QuerySet[Response]:
    """Responses with their assessment and, as ``organisation_name``, its organisation's
    name: the survey's pages name the organisation, nothing else of it (its many reverse
    relations make a query that loads it cost more to build than the rest of the page's)."""
    return (
        Response.objects.select_related("assessment")
        .annotate(organisation_name=F("assessment__organisation__name"))
        .filter(**filters)
    )


# Every survey request asks one or two of these: compiled once per process (core/prepared.py),
# and without ``first()``'s ORDER BY, which a lookup by a unique hash does not need.
_resumed_response = PreparedQuery(
    lambda secret, link: _responses(
        token_hash=secret,
        access__isnull=True,
        assessment__accesses__token_hash=link,
        assessment__accesses__kind=SurveyAccess.Kind.OPEN_LINK,
        assessment__accesses__group=F("group"),
    )[:1],
    secret=str,
    link=str,
)
_response_by_token = PreparedQuery(lambda digest: _responses(token_hash=digest)[:1], digest=str)
_access_by_token = PreparedQuery(
    lambda digest: (
        SurveyAccess.objects.select_related("assessment")
        .annotate(organisation_name=F("organisation__name"))
        .filter(token_hash=digest)[:1]
    ),
    digest=str,
)
_saved_answers = PreparedQuery(
    lambda response, dimension: Answer.objects.filter(
        response_id=response, dimension=dimension
    ).values_list("question_key", "level"),
    response=int,
    dimension=str,
)


def survey_entry(*, token: str, resume_secret: str = "") -> SurveyEntry:
    """The survey behind ``/s/<token>/``, read without writing anything.

    ``token`` is a personal invitation, an open group link or a respondent's own address.
    Behind an open link, the respondent's answers are found only by ``resume_secret``, the
    secret their browser keeps for this link, and only if they are answers given through
    this link (its assessment and group). One query for a respondent who has started, two
    otherwise. Raises ``LookupError`` for an unknown token.
    """
    digest = secret_hash(token or "")
    if resume_secret:
        for response in _resumed_response(secret=secret_hash(resume_secret), link=digest):
            return SurveyEntry(
                assessment=response.assessment,
                kind=SurveyAccess.Kind.OPEN_LINK,
                link_group=response.group,
                response=response,
                organisation_name=response.organisation_name,
            )
    # A personal invitation's response carries the invitation's hash.
    for response in _response_by_token(digest=digest):
        return SurveyEntry(
            assessment=response.assessment,
            kind=SurveyAccess.Kind.INVITATION if response.access_id else "",
            link_group=response.group,
            response=response,
            organisation_name=response.organisation_name,
        )
    for access in _access_by_token(digest=digest):
        return SurveyEntry(
            assessment=access.assessment,
            kind=access.kind,
            link_group=access.group,
            response=None,
            organisation_name=access.organisation_name,
        )
    raise LookupError("unknown survey token")


def saved_answers(*, response: Response, dimension: str) -> dict[str, int | None]:
    """The respondent's saved answers in one part of the survey: question key → level, or
    ``None`` for "weiß nicht" (one query)."""
    return dict(_saved_answers(response=response.pk, dimension=dimension))


def survey_resume_page(*, response: Response) -> int:
    """The part to continue with: the one after the furthest part with a saved answer, the
    first part when nothing is saved yet, never beyond the last part."""
    dimensions = [d.key for d in response.assessment.model.dimensions]
    answered = set(response.answers.values_list("dimension", flat=True).distinct())
    furthest = max((index for index, key in enumerate(dimensions, 1) if key in answered), default=0)
    return min(furthest + 1, len(dimensions))


# The assessments list --------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentOverview:
    """One row of the assessments list: the assessment, its model's name, its submitted
    respondents, the base of its response rate (``None`` where a group has neither a
    number of people nor personal invitations) and the rate."""

    assessment: Assessment
    model_name: str
    respondents: int
    base: int | None

    @property
    def rate(self) -> float | None:
        return self.respondents / self.base if self.base else None


def assessment_overview(*, organisation: Organisation, language: str) -> list[AssessmentOverview]:
    """The organisation's assessments, newest first, each with its model's name and its
    response rate over all groups (three queries, whatever the number of assessments).

    The rate is the submitted respondents over the sum of the groups' bases (people per
    group as entered, else the personal invitations, as ``response_rates``); only where
    every group has a base. It is a total: no group is shown on its own, so it says no
    more about anyone than the number of respondents beside it.
    """
    assessments = list(assessment_list(organisation=organisation))
    invited: Counter[tuple[int, str]] = Counter()
    for assessment_id, group, n in (
        SurveyAccess.objects.filter(
            assessment__in=[a.pk for a in assessments], kind=SurveyAccess.Kind.INVITATION
        )
        .values_list("assessment_id", "group")
        .annotate(n=Count("id"))
        .order_by()
    ):
        invited[(assessment_id, group)] += n
    rows = []
    for assessment in assessments:
        bases = [
            assessment.group_sizes.get(group) or invited[(assessment.pk, group)] or None
            for group in assessment.groups
        ]
        rows.append(
            AssessmentOverview(
                assessment=assessment,
                model_name=assessment.model.name.get(language),
                respondents=assessment.respondents,  # type: ignore[attr-defined]
                base=sum(b for b in bases if b) if bases and all(bases) else None,
            )
        )
    return rows


def reminders_pending(*, assessment: Assessment) -> int | None:
    """How many addresses invited personally can still be reminded, or ``None`` when fewer
    than the anonymity threshold (none included): a small number would tell whether a
    particular person has answered (docs/scoring.md, "Survey administration")."""
    count = SurveyInvitee.objects.filter(assessment=assessment, reminded_on__isnull=True).count()
    return count if count >= assessment.anonymity_threshold else None


def has_invitations(*, assessment: Assessment) -> bool:
    """Personal invitations have been sent for ``assessment``."""
    return SurveyAccess.objects.filter(
        assessment=assessment, kind=SurveyAccess.Kind.INVITATION
    ).exists()
