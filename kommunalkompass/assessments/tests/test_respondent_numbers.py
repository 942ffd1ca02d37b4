"""Respondent numbers: each number of an assessment is given once, however many people start
at the same moment, and the numbers do not tell the order in which people started."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, connections

from kommunalkompass.assessments import services
from kommunalkompass.assessments.models import Response, ResponseNumbering
from kommunalkompass.assessments.numbering import FIRST, SPACE, respondent_number
from kommunalkompass.organisations.tests.factories import MembershipFactory

from .factories import AssessmentFactory

STARTS_AT_ONCE = 16


def open_quick_check():
    editor = MembershipFactory()
    assessment = services.assessment_create(
        actor=editor.user,
        organisation=editor.organisation,
        title="Quick-Check",
        model_ident="quick-1.0",
    )
    return assessment, services.assessment_open(actor=editor.user, assessment=assessment)


def test_the_numbers_are_six_digits_each_once_and_in_no_order():
    numbers = [respondent_number(index, key=123456789) for index in range(20_000)]
    assert len(set(numbers)) == len(numbers)
    assert min(numbers) >= FIRST and max(numbers) < FIRST + SPACE
    # Sorted by number (as the export is), the respondents are not in the order they started.
    assert numbers[:50] != sorted(numbers[:50])
    # Another assessment (another key) numbers its respondents differently.
    assert numbers[:50] != [respondent_number(index, key=987654321) for index in range(50)]


def test_the_last_number_exists_and_there_is_no_further_one():
    assert FIRST <= respondent_number(SPACE - 1, key=5) < FIRST + SPACE
    with pytest.raises(ValueError):
        respondent_number(SPACE, key=5)


@pytest.mark.django_db
def test_respondents_get_the_numbers_of_their_assessment_in_turn():
    assessment, links = open_quick_check()
    first, _secret = services.survey_start(token=links["staff"])
    second, _secret = services.survey_start(token=links["staff"])
    counter = ResponseNumbering.objects.get(assessment=assessment)
    assert counter.issued == 2 and not counter.check_taken
    assert [first.number, second.number] == [
        respondent_number(0, counter.key),
        respondent_number(1, counter.key),
    ]


@pytest.mark.django_db
def test_numbers_drawn_at_random_before_the_counter_are_not_given_again():
    assessment = AssessmentFactory(status="open")
    key = 42
    earlier = Response.objects.create(
        organisation=assessment.organisation,
        assessment=assessment,
        token_hash="x" * 64,
        group="staff",
        number=respondent_number(0, key),
    )
    ResponseNumbering.objects.create(assessment=assessment, key=key, check_taken=True)
    numbers = services.respondent_numbers_issue(assessment_id=assessment.pk, count=3)
    assert earlier.number not in numbers
    assert numbers == [respondent_number(index, key) for index in (1, 2, 3)]


@pytest.mark.django_db
def test_an_assessment_with_responses_but_no_counter_gets_one_that_checks_them():
    assessment = AssessmentFactory(status="open")
    Response.objects.create(
        organisation=assessment.organisation,
        assessment=assessment,
        token_hash="y" * 64,
        group="staff",
        number=123456,
    )
    services.respondent_numbers_issue(assessment_id=assessment.pk)
    assert ResponseNumbering.objects.get(assessment=assessment).check_taken


@pytest.mark.django_db
def test_when_the_numbers_are_used_up_nobody_else_can_start():
    assessment, links = open_quick_check()
    services.survey_start(token=links["staff"])
    ResponseNumbering.objects.filter(assessment=assessment).update(issued=SPACE)
    with pytest.raises(ValidationError, match="cannot take any more respondents"):
        services.survey_start(token=links["staff"])
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_respondents_starting_at_the_same_moment_all_get_a_number_of_their_own():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite lets one writer in at a time (BEGIN IMMEDIATE), so starts cannot "
            "overlap there; the race this test looks for exists on PostgreSQL."
        )
    # A fresh assessment: the first starts also race to make its counter row.
    _assessment, links = open_quick_check()
    connections.close_all()  # each thread opens a connection of its own
    barrier = threading.Barrier(STARTS_AT_ONCE, timeout=60)
    numbers: list[int] = []
    failures: list[str] = []
    refused_statements: list[str] = []

    def watch(execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except IntegrityError:
            refused_statements.append(sql)  # what PostgreSQL would log as a duplicate key
            raise

    def start() -> None:
        try:
            with connection.execute_wrapper(watch):
                barrier.wait()
                response, _secret = services.survey_start(token=links["staff"])
                numbers.append(response.number)
        except Exception as error:  # noqa: BLE001 - reported below, with its kind
            failures.append(f"{type(error).__name__}: {error}")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(STARTS_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    assert refused_statements == []
    assert len(numbers) == STARTS_AT_ONCE
    assert len(set(numbers)) == STARTS_AT_ONCE
    assert sorted(Response.objects.values_list("number", flat=True)) == sorted(numbers)
