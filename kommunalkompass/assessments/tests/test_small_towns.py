"""Content that fits every state and a town of 5,000: no NRW-only body, one English term
each, and the small-town variant of a recommendation for organisations under 10,000
inhabitants (docs/scoring.md, "Recommendations")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kommunalkompass.assessments import selectors, selfcheck, services
from kommunalkompass.assessments.advice import AdviceContext, is_small_town
from kommunalkompass.assessments.maturity import (
    FULL_MODEL,
    QUICK_CHECK_MODEL,
    get_model,
    recommendations,
)
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

SMALL = "In a small municipality"


def current_texts():
    """Every German/English pair of the current content: the recommendations and the
    current models' questions and answers, as (where, German, English)."""
    pairs = []
    for levels in recommendations().recommendations.values():
        for recs in levels.values():
            for r in recs:
                for field in ("title", "description", "benefit", "first_step", "small_town"):
                    text = getattr(r, field)
                    if text is not None:
                        pairs.append((f"{r.key} › {field}", text.de, text.en))
    for ident in (QUICK_CHECK_MODEL, FULL_MODEL):
        for question in get_model(ident).questions():
            pairs.append((f"{ident} › {question.key}", question.text.de, question.text.en))
            pairs += [
                (f"{ident} › {question.key} › {a.level}", a.text.de, a.text.en)
                for a in question.answers
            ]
    return pairs


def test_no_recommendation_or_current_question_names_an_nrw_only_body():
    offending = [where for where, de, _en in current_texts() if "Verwaltungsvorstand" in de]
    assert offending == []


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("Verwaltungsleitung", "administration's leadership"),
        ("Fachverfahren", "specialist application"),
        ("Leichte", "Easy Language"),  # "Leichte Sprache", "Leichter Sprache"
    ],
)
def test_each_german_term_has_one_english_term(german, english):
    missing = [
        where
        for where, de, en in current_texts()
        if re.search(rf"\b{german}", de) and english.lower() not in en.lower()
    ]
    assert missing == []


def test_no_other_english_words_for_these_terms():
    others = (
        r"management board|executive board|senior management|Easy Read|specialist (software|system)"
    )
    assert [where for where, _de, en in current_texts() if re.search(others, en)] == []


def test_small_means_under_10000_inhabitants():
    assert is_small_town(9_999) and not is_small_town(10_000) and not is_small_town(None)


def test_the_small_town_variant_is_in_the_rows_of_small_organisations_only():
    quick = selfcheck.model()
    answers = {q.key: 1 for q in quick.questions()}
    results = selfcheck.score(answers)
    for small in (True, False):
        rows = selectors.dimension_rows(
            model=quick,
            results=results,
            language="de",
            context=AdviceContext.of_answers(answers, small_town=small),
        )
        strategy = next(row for row in rows if row.key == "strategy")
        officer = next(item for item in strategy.advice if item.key == "strategy-1-a")
        assert bool(officer.small_town) is small
        assert "Verbandsgemeinde" in officer.small_town or not small


def _assessment(membership):
    assessment = services.assessment_create(
        actor=membership.user,
        organisation=membership.organisation,
        title="Quick-Check",
        model_ident=QUICK_CHECK_MODEL,
        groups=["staff"],
    )
    services.assessment_open(actor=membership.user, assessment=assessment)
    assessment.refresh_from_db()
    for _ in range(5):
        response, _token = services.survey_start(
            token=services.open_link_token(assessment, "staff")
        )
        services.response_save_answers(
            response=response,
            answers={q.key: 1 for q in services.questions_for(response)},
        )
        services.response_submit(response=response)
    services.assessment_close(actor=membership.user, assessment=assessment)
    return assessment


@pytest.mark.django_db
@pytest.mark.parametrize(("population", "shown"), [(4_800, True), (48_000, False), (None, False)])
def test_the_results_page_shows_the_small_town_variant_below_10000(client, population, shown):
    admin = MembershipFactory(role=Role.ADMIN, organisation__population=population)
    assessment = _assessment(admin)
    client.force_login(admin.user)
    page = client.get(
        reverse("assessments:results", args=[admin.organisation.slug, assessment.pk])
    ).content.decode()
    assert "Assign responsibility for digitalisation" in page  # strategy, level 1
    assert (SMALL in page) is shown
    assert ("Verwaltungsgemeinschaft, fill the role there jointly" in page) is shown


@pytest.mark.django_db
@pytest.mark.parametrize(("size", "shown"), [("lt5k", True), ("5k-20k", False)])
def test_the_quick_check_shows_it_for_fewer_than_5000_inhabitants_page_and_pdf(client, size, shown):
    answers = {q.key: "1" for q in selfcheck.model().questions()}
    page = client.post("/quick-check/", {**answers, "size_class": size, "state": "05"})
    text = page.content.decode()
    assert (SMALL in text) is shown
    assert ('name="size_class" value="' + size) in text  # travels with the PDF form
    document = selfcheck.document(
        answers={key: 1 for key in answers}, language="en", small_town=shown
    )
    assert (SMALL in str(document)) is shown
