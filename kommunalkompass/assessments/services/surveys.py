"""Writes of the anonymous survey, made by respondents: start, profile, answers, submit,
discard. They carry no actor and are not audited: answers belong to nobody (docs/scoring.md,
"The survey")."""

from __future__ import annotations

import functools
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.core.prepared import PreparedQuery
from kommunalkompass.organisations.models import Department

from ..deadlines import is_accepting
from ..maturity import MaturityModel, Question
from ..models import Answer, Assessment, Response, ResponseNumbering, SurveyAccess
from ..numbering import SPACE, respondent_number


def _take_numbers(assessment_id: int, count: int) -> tuple[int, int, bool]:
    """Count ``count`` more numbers as issued; returns the counter's ``(issued, key,
    check_taken)``, its row locked until the transaction ends, so nobody else can take the
    same ones."""
    rows = ResponseNumbering.objects.filter(assessment_id=assessment_id)
    if not rows.update(issued=F("issued") + count):
        # The assessment's first number: make its row. Starts at the same moment both try;
        # ON CONFLICT DO NOTHING lets the second wait for the first and then go on.
        ResponseNumbering.objects.bulk_create(
            [
                ResponseNumbering(
                    assessment_id=assessment_id,
                    key=secrets.randbits(63),
                    check_taken=Response.objects.filter(assessment_id=assessment_id).exists(),
                )
            ],
            ignore_conflicts=True,
        )
        rows.update(issued=F("issued") + count)
    ((issued, key, check_taken),) = _counter_state(assessment=assessment_id)
    return issued, key, check_taken


_counter_state = PreparedQuery(
    lambda assessment: ResponseNumbering.objects.filter(assessment_id=assessment).values_list(
        "issued", "key", "check_taken"
    ),
    assessment=int,
)


@transaction.atomic
def respondent_numbers_issue(*, assessment_id: int, count: int = 1) -> list[int]:
    """``count`` respondent numbers of the assessment that no response of it has or will be
    given again (``numbering.py``): taken under a lock on the assessment's counter, so
    respondents starting at the same moment never draw the same one. Call it in the
    transaction that stores the responses, as late as possible (the lock is held until the
    transaction ends). Raises ``ValidationError`` when the assessment's 900,000 numbers are
    used up.
    """
    numbers: list[int] = []
    while len(numbers) < count:
        wanted = count - len(numbers)
        issued, key, check_taken = _take_numbers(assessment_id, wanted)
        if issued > SPACE:
            raise ValidationError(_("This survey cannot take any more respondents."))
        candidates = [respondent_number(index, key) for index in range(issued - wanted, issued)]
        if check_taken:
            # Responses from before the counter have random numbers: skip those.
            taken = set(
                Response.objects.filter(
                    assessment_id=assessment_id, number__in=candidates
                ).values_list("number", flat=True)
            )
            candidates = [number for number in candidates if number not in taken]
        numbers += candidates
    return numbers


# Asked by every respondent who starts: compiled once per process (core/prepared.py).
_response_by_hash = PreparedQuery(
    lambda digest: Response.objects.select_related("assessment").filter(token_hash=digest)[:1],
    digest=str,
)
_access_by_hash = PreparedQuery(
    lambda digest: SurveyAccess.objects.select_related("assessment").filter(token_hash=digest)[:1],
    digest=str,
)


def survey_start(
    *, token: str, group: str = "", department_id: int | None = None
) -> tuple[Response, str | None]:
    """Start answering through ``token``: the respondent sent the survey's intro page.

    A personal invitation has one response: the first start creates it, a later one returns
    it unchanged. An open link starts a new response every time and returns its own resume
    secret, which only the respondent's browser keeps (the database stores only its hash).
    ``group`` (when the link does not fix it) and ``department_id`` are checked as by
    ``response_set_profile``; with a fault nothing is written. Raises ``LookupError`` for an
    unknown token.
    """
    digest = secret_hash(token or "")
    for existing in _response_by_hash(digest=digest):
        return existing, None
    accesses = _access_by_hash(digest=digest)
    if not accesses:
        raise LookupError("unknown survey token")
    access = accesses[0]
    if not is_accepting(access.assessment):
        raise ValidationError(_("This survey is not open."), code="closed")
    group, department_id = _profile(
        access.assessment, fixed=access.group, group=group, department_id=department_id
    )
    own_token = token if access.kind == SurveyAccess.Kind.INVITATION else new_secret()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                organisation_id=access.organisation_id,
                assessment=access.assessment,
                access=access if access.kind == SurveyAccess.Kind.INVITATION else None,
                token_hash=secret_hash(own_token),
                group=group,
                department_id=department_id,
                # Last before the commit: the counter stays locked until then.
                number=respondent_numbers_issue(assessment_id=access.assessment_id)[0],
            )
    except IntegrityError:
        # The same invitation started twice at the same moment: the other start made it.
        for existing in _response_by_hash(digest=secret_hash(own_token)):
            return existing, None
        raise
    return response, (own_token if own_token != token else None)


def _profile(
    assessment: Assessment, *, fixed: str, group: str, department_id: int | None
) -> tuple[str, int | None]:
    """The checked group and department of a respondent; ``fixed`` is the link's group."""
    if group:
        if group not in assessment.groups:
            raise ValidationError({"group": _("Choose the group you belong to.")})
        if fixed and fixed != group:
            raise ValidationError({"group": _("The group given by your link cannot be changed.")})
    group = group or fixed
    if not group:
        raise ValidationError({"group": _("Choose the group you belong to.")})
    if not assessment.use_departments or department_id is None:
        return group, None
    if not Department.objects.filter(
        pk=department_id, organisation_id=assessment.organisation_id
    ).exists():
        raise ValidationError({"department": _("Choose one of the departments offered.")})
    return group, department_id


def _check_open(response: Response) -> None:
    if response.submitted_on is not None:
        raise ValidationError(_("These answers have already been submitted."), code="submitted")
    if not is_accepting(response.assessment):
        raise ValidationError(
            _("This survey is closed; answers can no longer be changed."), code="closed"
        )


@transaction.atomic
def response_set_profile(*, response: Response, group: str, department_id: int | None) -> Response:
    """The respondent's group (when the link did not fix it) and, if asked, department."""
    _check_open(response)
    group, department = _profile(
        response.assessment, fixed=response.group, group=group, department_id=department_id
    )
    response.group = group
    if response.assessment.use_departments:
        response.department_id = department
    response.save(update_fields=["group", "department"])
    return response


@transaction.atomic
def response_discard(*, response: Response) -> None:
    """Delete answers that were started but not sent (the respondent starts afresh).

    Sent answers cannot be discarded: they are part of the results.
    """
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.submitted_on is not None:
        raise ValidationError(_("These answers have already been submitted."), code="submitted")
    response.delete()


def questions_for(response: Response) -> list:
    """The questions this respondent sees: those of the model meant for their group."""
    return [q for q in response.assessment.model.questions() if response.group in q.groups]


# Every saved survey part asks this: compiled once per process (core/prepared.py).
_locked_state = PreparedQuery(
    lambda response: (
        Response.objects.select_for_update(of=("self",))
        .filter(pk=response)
        .values_list("submitted_on", "assessment__status", "assessment__ends_on")
    ),
    response=int,
)


def _lock(response: Response) -> Response:
    """Lock the response's row for this transaction and bring what ``_check_open`` reads
    up to date: whether it was submitted, and its survey's status and end date. Only the
    response is locked, not its assessment, so respondents saving at the same moment do
    not wait for each other. One query, instead of reading the response and its assessment
    again."""
    rows = _locked_state(response=response.pk)
    if not rows:
        raise Response.DoesNotExist("the response was deleted meanwhile")
    ((submitted_on, status, ends_on),) = rows
    response.submitted_on = submitted_on
    response.assessment.status, response.assessment.ends_on = status, ends_on
    return response


def answer_rows(
    *,
    response: Response,
    model: MaturityModel,
    questions: dict[str, Question],
    answers: dict[str, int | None],
) -> list[Answer]:
    """The unsaved ``Answer`` rows of ``answers`` (question key → level or ``None``), each
    with its dimension and the weight of its question in ``questions`` (key → question):
    the rows an online part and a paper questionnaire store alike."""
    return [
        Answer(
            response=response,
            question_key=key,
            dimension=model.dimension_of(key).key,
            weight=questions[key].weight,
            level=level,
        )
        for key, level in answers.items()
    ]


def _store_answers(rows: list[Answer]) -> None:
    """Insert the rows; an answer given before keeps its row and gets the new level.

    The statement ``bulk_create(update_conflicts=True)`` makes, written out once per number
    of rows: every saved survey part runs it, and Django's building and compiling it cost
    twice what the database needs to run it. ``INSERT … ON CONFLICT`` is understood alike
    by PostgreSQL and SQLite (3.24 and later)."""
    statement = _answer_upsert(len(rows))
    params = [
        value
        for row in rows
        for value in (row.response_id, row.question_key, row.dimension, row.weight, row.level)
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@functools.cache
def _answer_upsert(count: int) -> str:
    quote = connection.ops.quote_name
    column = {field.name: quote(str(field.column)) for field in Answer._meta.concrete_fields}
    columns = [column[name] for name in _ANSWER_COLUMNS]
    level = column["level"]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Names from the model, values as parameters: nothing from outside reaches the text.
    return (
        f"INSERT INTO {quote(Answer._meta.db_table)} ({', '.join(columns)}) VALUES "  # noqa: S608
        + ", ".join([row] * count)
        + f" ON CONFLICT ({columns[0]}, {columns[1]})"
        f" DO UPDATE SET {level} = EXCLUDED.{level}"
    )


# In the order of the unique key (response, question) first.
_ANSWER_COLUMNS = ("response", "question_key", "dimension", "weight", "level")


@transaction.atomic
def response_save_answers(
    *, response: Response, answers: dict[str, int | None], submit: bool = False
) -> int:
    """Save answers (question key → level 1–5, or ``None`` for "weiß nicht"); with
    ``submit``, send them in the same transaction (as ``response_submit``).

    Every key must be a question of this assessment's model meant for the respondent's
    group; otherwise nothing is saved.
    """
    response = _lock(response)
    _check_open(response)
    model = response.assessment.model
    allowed = {q.key: q for q in questions_for(response)}
    for key, level in answers.items():
        if key not in allowed:
            raise ValidationError(
                _("The question %(key)s is not part of this survey.") % {"key": key}, code="foreign"
            )
        if level is not None and level not in (1, 2, 3, 4, 5):
            raise ValidationError(
                _("The answer to %(key)s must be a level from 1 to 5 or “don’t know”.")
                % {"key": key}
            )
    if answers:
        # One statement for new and changed answers: an answer given before keeps its row
        # and gets the new level.
        _store_answers(
            answer_rows(response=response, model=model, questions=allowed, answers=answers)
        )
    if submit:
        _submit(response, answered=bool(answers))
    return len(answers)


def _submit(response: Response, *, answered: bool) -> None:
    """Send a locked, open response; ``answered``: answers were saved just now."""
    if not response.group:
        raise ValidationError({"group": _("Choose the group you belong to.")})
    if not answered and not response.answers.exists():
        raise ValidationError(
            _("Please answer at least one question before submitting."), code="empty"
        )
    response.submitted_on = timezone.localdate()
    response.save(update_fields=["submitted_on"])


@transaction.atomic
def response_submit(*, response: Response) -> Response:
    """Submit once; afterwards the link shows only a thank-you page."""
    response = _lock(response)
    _check_open(response)
    _submit(response, answered=False)
    return response
