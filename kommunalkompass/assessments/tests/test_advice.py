"""Recommendations raised by single answers, whatever the dimension's level (docs/scoring.md,
"Recommendations"): the rule, the content, the results page, the report and the Quick-Check."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from kommunalkompass.assessments import selectors, selfcheck, services
from kommunalkompass.assessments.advice import AdviceContext, trigger_fires, triggered
from kommunalkompass.assessments.documents import report_document
from kommunalkompass.assessments.maturity import (
    DATA_DIR,
    FULL_MODEL,
    QUICK_CHECK_MODEL,
    Trigger,
    available_models,
    check_triggers,
    get_model,
    load_recommendations,
    recommendations,
)
from kommunalkompass.core.content import ContentError
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

BACKUPS = "Check backups and test a restore"
REASON = "Recommended because of the answers to:"


# The rule ---------------------------------------------------------------------------------


def test_a_trigger_fires_when_at_least_half_of_at_least_k_answers_are_at_or_below_its_level():
    trigger = Trigger(model=FULL_MODEL, question="security-5", at_most=2)
    assert trigger_fires(trigger, {1: 2, 2: 1, 4: 3}, threshold=5)  # 3 of 6 at 2 or lower
    assert not trigger_fires(trigger, {2: 2, 3: 3, 4: 1}, threshold=5)  # 2 of 6
    assert not trigger_fires(trigger, {1: 4}, threshold=5)  # fewer than k answered
    assert trigger_fires(trigger, {1: 1}, threshold=1)  # one person's own Quick-Check
    assert not trigger_fires(trigger, {}, threshold=1)  # "weiß nicht" is not counted


def test_a_raised_recommendation_appears_in_its_own_dimension_beside_the_levels_ones():
    full = get_model(FULL_MODEL)
    due = triggered(
        advice=recommendations(),
        model=full,
        context=AdviceContext({"security-5": {2: 5}, "security-3": {4: 5}}, threshold=5),
    )
    # The backups question is in security; the recommendation is filed under infrastructure.
    assert [(r.key, keys) for r, keys in due["infrastructure"]] == [
        ("infrastructure-1-b", ("security-5",))
    ]
    assert "security" not in due  # processing contracts answered at level 4
    # A trigger of another model's question never fires.
    quick = get_model(QUICK_CHECK_MODEL)
    assert (
        triggered(
            advice=recommendations(), model=quick, context=AdviceContext({"security-5": {1: 9}}, 5)
        )
        == {}
    )


def test_a_recommendation_shown_only_when_raised_is_not_one_of_its_levels():
    advice = recommendations()
    level_two = {r.key for r in advice.for_level("infrastructure", 2)}
    assert "infrastructure-2-e" not in level_two  # school IT: not every municipality has schools
    assert advice.get("infrastructure-2-e").raised_only


# The content ------------------------------------------------------------------------------


def test_the_must_fix_items_are_raised_by_their_answers():
    triggers = {
        r.key: {(t.model, t.question, t.at_most) for t in r.triggers}
        for _d, _l, r in recommendations().with_triggers()
    }
    assert (FULL_MODEL, "security-5", 2) in triggers["infrastructure-1-b"]  # untested backups
    assert (FULL_MODEL, "security-3", 2) in triggers["security-1-c"]  # processing contracts
    assert (QUICK_CHECK_MODEL, "security-3", 2) in triggers["security-1-c"]
    assert (FULL_MODEL, "people-9", 2) in triggers["people-2-d"]  # AI literacy, Art. 4 AI Act


def test_no_level_5_recommendation_proposes_what_a_question_counts_at_level_3():
    """organisation-5-b offered an idea channel at level 5, while strategy-8 counts a known
    way to submit ideas as level 3: the channel is now raised by that question instead."""
    level_five = [r for d in recommendations().recommendations.values() for r in d[5]]
    for recommendation in level_five:
        text = recommendation.description.de + recommendation.first_step.de
        assert "Ideenkanal" not in text and "Ideenmanagement" not in text, recommendation.key
        assert "KI-Leitlinie" not in text, recommendation.key  # strategy-9, level 3
    channel = recommendations().get("organisation-2-d")
    assert [(t.question, t.at_most) for t in channel.triggers] == [("strategy-8", 2)]


def test_a_trigger_naming_a_question_that_does_not_exist_is_named(tmp_path):
    data = yaml.safe_load((DATA_DIR / "recommendations-1.0.yaml").read_text(encoding="utf-8"))
    data["recommendations"]["security"][1][2]["triggers"][0]["question"] = "security-99"
    path = tmp_path / "recommendations-1.0.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        check_triggers(load_recommendations(path), path, available_models())
    assert str(caught.value) == (
        "recommendations-1.0.yaml: recommendations › security › level 1 › security-1-c › "
        "triggers › item 1: full-1.1 has no question 'security-99'"
    )


def test_a_recommendation_shown_only_when_raised_needs_a_trigger(tmp_path):
    data = yaml.safe_load((DATA_DIR / "recommendations-1.0.yaml").read_text(encoding="utf-8"))
    del data["recommendations"]["infrastructure"][2][-1]["triggers"]
    path = tmp_path / "recommendations-1.0.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_recommendations(path)
    assert caught.value.fault == "a recommendation shown only when raised needs triggers"


# Where it shows ---------------------------------------------------------------------------


def _respond(assessment, group: str, count: int, levels: dict[str, int], default: int) -> None:
    for _ in range(count):
        response, _token = services.survey_start(token=services.open_link_token(assessment, group))
        services.response_save_answers(
            response=response,
            answers={q.key: levels.get(q.key, default) for q in services.questions_for(response)},
        )
        services.response_submit(response=response)


def _full_assessment(membership, *, it: int):
    """Staff (6) and IT (``it``) answer level 3 throughout, IT answers the backups question
    (security-5, asked of leaders and IT only) with level 1."""
    assessment = services.assessment_create(
        actor=membership.user,
        organisation=membership.organisation,
        title="Reifegradanalyse",
        model_ident=FULL_MODEL,
        groups=["staff", "it"],
    )
    services.assessment_open(actor=membership.user, assessment=assessment)
    assessment.refresh_from_db()
    _respond(assessment, "staff", 6, {}, 3)
    _respond(assessment, "it", it, {"security-5": 1}, 3)
    services.assessment_close(actor=membership.user, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def admin():
    return MembershipFactory(role=Role.ADMIN)


@pytest.mark.django_db
def test_the_results_page_shows_a_must_fix_item_although_its_dimension_is_at_level_3(client, admin):
    assessment = _full_assessment(admin, it=5)
    client.force_login(admin.user)
    page = client.get(
        reverse("assessments:results", args=[admin.organisation.slug, assessment.pk])
    ).content.decode()
    section = page[page.index('id="recommendations"') :]
    infrastructure = section[section.index("IT infrastructure") :]
    infrastructure = infrastructure[: infrastructure.index("</section>")]
    assert "Level 3" in infrastructure
    assert BACKUPS in infrastructure
    assert REASON in infrastructure and "How are your data backed up" in infrastructure


@pytest.mark.django_db
def test_fewer_than_k_answers_to_the_question_raise_nothing(client, admin):
    assessment = _full_assessment(admin, it=4)  # only 4 answered security-5: below k = 5
    client.force_login(admin.user)
    page = client.get(
        reverse("assessments:results", args=[admin.organisation.slug, assessment.pk])
    ).content.decode()
    assert "IT infrastructure" in page  # the dimension is reported (10 respondents)
    assert BACKUPS not in page and REASON not in page


@pytest.mark.django_db
def test_the_report_gives_the_raised_recommendation_and_why(admin):
    assessment = _full_assessment(admin, it=5)
    results = selectors.assessment_results(assessment=assessment)
    document = report_document(assessment=assessment, results=results, language="en")
    text = str(document)
    assert BACKUPS in text and REASON in text


@pytest.mark.django_db
def test_the_public_quick_check_raises_it_from_one_persons_answer(client):
    answers = {q.key: "4" for q in selfcheck.model().questions()}
    answers["security-3"] = "1"  # no record of processing activities, no contracts
    page = client.post("/quick-check/", {**answers, "size_class": "5k-20k", "state": "05"})
    text = page.content.decode()
    security = text[text.index("Recommended measures") :]
    security = security[security.index("Information security") :]
    security = security[: security.index("</section>")]
    assert "Level 3" in security  # 4, 4 and 1 (weights 2, 1, 1): 3.25
    assert "Meet the basic data protection obligations" in security and REASON in security


def test_the_quick_check_rows_and_the_page_pick_by_the_same_rule():
    quick = selfcheck.model()
    answers = {q.key: 4 for q in quick.questions()} | {"security-3": 1}
    rows = selectors.dimension_rows(
        model=quick,
        results=selfcheck.score(answers),
        language="de",
        context=AdviceContext.of_answers(answers),
    )
    security = next(row for row in rows if row.key == "security")
    assert [item.key for item in security.raised] == ["security-1-c"]
