"""The survey from the respondent's side, and what the organisation sees of it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommunalkompass.assessments import services
from kommunalkompass.assessments.models import Answer, Assessment, Response
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return MembershipFactory(role=Role.EDITOR)


@pytest.fixture
def open_assessment(editor):
    assessment = services.assessment_create(
        actor=editor.user,
        organisation=editor.organisation,
        title="Quick-Check 2026",
        model_ident="quick-1.0",
    )
    links = services.assessment_open(actor=editor.user, assessment=assessment)
    assessment.refresh_from_db()
    return assessment, links


def answer_all(client, token, level="3"):
    """Walk through the whole survey in the browser's way, answering every question."""
    client.post(reverse("assessments:survey", args=[token]), {})
    response = client.get(reverse("assessments:survey_page", args=[token, 1])).context["response"]
    model = response.assessment.model
    for page, dimension in enumerate(model.dimensions, start=1):
        data = {q.key: level for q in dimension.questions if response.group in q.groups}
        client.post(
            reverse("assessments:survey_page", args=[token, page]), {**data, "action": "next"}
        )


def test_open_link_starts_a_personal_survey(client, open_assessment):
    assessment, links = open_assessment
    page = client.get(reverse("assessments:survey", args=[links["staff"]]))
    assert page.status_code == 200
    assert "voluntary" in page.content.decode()
    started = client.post(reverse("assessments:survey", args=[links["staff"]]), {})
    assert started["Location"] == reverse("assessments:survey_page", args=[links["staff"], 1])
    response = Response.objects.get()
    assert response.group == "staff"
    # Nothing identifies the respondent.
    field_names = {f.name for f in Response._meta.get_fields()}
    assert not field_names & {"user", "email", "ip_address", "created_at"}


def test_a_whole_survey_is_saved_and_submitted_once(client, open_assessment):
    assessment, links = open_assessment
    token = links["leaders"]
    answer_all(client, token, level="4")
    response = Response.objects.get()
    assert response.submitted_on is not None
    questions = [q for q in assessment.model.questions() if "leaders" in q.groups]
    assert Answer.objects.filter(response=response).count() == len(questions)
    done = client.get(reverse("assessments:survey_done", args=[token]))
    assert "Thank you" in done.content.decode()
    assert "<form" not in done.content.decode().split('id="main"')[1].split("</main>")[0] or (
        'name="' not in done.content.decode().split('id="main"')[1]
    )
    with pytest.raises(ValidationError):
        services.response_save_answers(response=response, answers={questions[0].key: 1})


def test_save_and_resume_with_the_same_link(client, open_assessment):
    assessment, links = open_assessment
    token = links["staff"]
    client.post(reverse("assessments:survey", args=[token]), {})
    dimension = assessment.model.dimensions[0]
    question = next(q for q in dimension.questions if "staff" in q.groups)
    client.post(
        reverse("assessments:survey_page", args=[token, 1]), {question.key: "2", "action": "next"}
    )
    again = client.get(reverse("assessments:survey_page", args=[token, 1]))
    assert f'id="{question.key}-2"' in again.content.decode()
    html = again.content.decode()
    checked = html.split(f'id="{question.key}-2"')[1].split(">")[0]
    assert "checked" in checked


def test_unknown_token_answers_404(client):
    assert client.get(reverse("assessments:survey", args=["nonsense-token"])).status_code == 404


def test_answers_to_questions_of_another_model_are_refused(open_assessment):
    assessment, links = open_assessment
    response, _own = services.survey_start(token=links["staff"])
    with pytest.raises(ValidationError):
        services.response_save_answers(response=response, answers={"not-a-question": 3})
    assert not Answer.objects.exists()


def test_closed_assessment_rejects_new_answers(client, open_assessment, editor):
    assessment, links = open_assessment
    response, _own = services.survey_start(token=links["staff"])
    services.assessment_close(actor=editor.user, assessment=assessment)
    response.refresh_from_db()
    key = next(q.key for q in assessment.model.questions() if "staff" in q.groups)
    with pytest.raises(ValidationError):
        services.response_save_answers(response=response, answers={key: 3})
    assert client.get(reverse("assessments:survey", args=[links["staff"]])).status_code == 410


def test_results_are_suppressed_below_the_threshold(client, open_assessment, editor):
    assessment, links = open_assessment
    for _ in range(6):
        answer_all(client.__class__(), links["staff"], level="3")
    for _ in range(2):
        answer_all(client.__class__(), links["it"], level="5")
    client.force_login(editor.user)
    page = client.get(
        reverse("assessments:results", args=[editor.organisation.slug, assessment.pk])
    )
    assert page.status_code == 200
    results = page.context["results"]
    strategy = results.dimension("strategy")
    assert strategy.groups["it"].suppressed and strategy.groups["it"].score is None
    assert results.respondents == 8


def test_results_page_costs_a_fixed_number_of_queries(
    client, open_assessment, editor, django_assert_max_num_queries
):
    assessment, links = open_assessment
    client.force_login(editor.user)
    url = reverse("assessments:results", args=[editor.organisation.slug, assessment.pk])
    client.get(url)
    for _ in range(12):
        response, _own = services.survey_start(token=links["staff"])
        services.response_save_answers(
            response=response,
            answers={q.key: 3 for q in services.questions_for(response)},
        )
        services.response_submit(response=response)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_department_must_belong_to_the_organisation(open_assessment):
    assessment, links = open_assessment
    Assessment.objects.filter(pk=assessment.pk).update(use_departments=True)
    response, _own = services.survey_start(token=links["staff"])
    response.assessment.refresh_from_db()
    foreign = DepartmentFactory()
    with pytest.raises(ValidationError):
        services.response_set_profile(response=response, group="staff", department_id=foreign.pk)


def test_targets_and_status_changes(editor):
    assessment = AssessmentFactory(organisation=editor.organisation)
    services.assessment_set_targets(
        actor=editor.user, assessment=assessment, targets={"strategy": 4}
    )
    assert assessment.targets == {"strategy": 4}
    with pytest.raises(ValidationError):
        services.assessment_set_targets(
            actor=editor.user, assessment=assessment, targets={"strategy": 9}
        )
    with pytest.raises(ValidationError):
        services.assessment_close(actor=editor.user, assessment=assessment)


def test_targets_and_group_sizes_saved_unchanged_write_nothing(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assessment = AssessmentFactory(organisation=editor.organisation)
    services.assessment_set_targets(
        actor=editor.user, assessment=assessment, targets={"strategy": 4}
    )
    with CaptureQueriesContext(connection) as queries:
        services.assessment_set_targets(
            actor=editor.user, assessment=assessment, targets={"strategy": 4}
        )
        services.assessment_set_group_sizes(
            actor=editor.user, assessment=assessment, sizes=dict(assessment.group_sizes)
        )
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]


def test_deleting_an_assessment_removes_its_answers(client, open_assessment, editor):
    assessment, links = open_assessment
    response, _own = services.survey_start(token=links["staff"])
    key = next(q.key for q in assessment.model.questions() if "staff" in q.groups)
    services.response_save_answers(response=response, answers={key: 3})
    client.force_login(editor.user)
    url = reverse("assessments:delete", args=[editor.organisation.slug, assessment.pk])
    client.post(url, {"confirm_title": "wrong"})
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    client.post(url, {"confirm_title": assessment.title})
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Answer.objects.exists() and not Response.objects.exists()


def test_compare_two_assessments(client, editor):
    def closed(title, level):
        assessment = services.assessment_create(
            actor=editor.user,
            organisation=editor.organisation,
            title=title,
            model_ident="quick-1.0",
        )
        links = services.assessment_open(actor=editor.user, assessment=assessment)
        for _ in range(5):
            response, _own = services.survey_start(token=links["staff"])
            services.response_save_answers(
                response=response, answers={q.key: level for q in services.questions_for(response)}
            )
            services.response_submit(response=response)
        services.assessment_close(actor=editor.user, assessment=assessment)
        return assessment

    before, after = closed("2025", 2), closed("2026", 4)
    client.force_login(editor.user)
    page = client.get(
        reverse("assessments:compare", args=[editor.organisation.slug]),
        {"earlier": before.pk, "later": after.pk},
    )
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [row["change"] for row in rows if row["change"] is not None]
    assert all(row["change"] == pytest.approx(2.0) for row in rows if row["change"] is not None)
    assert "+2.0" in page.content.decode()
    # An assessment of another organisation cannot be picked.
    foreign = AssessmentFactory(status="closed")
    page = client.get(
        reverse("assessments:compare", args=[editor.organisation.slug]),
        {"earlier": foreign.pk, "later": after.pk},
    )
    assert page.context["rows"] == []


def test_changing_an_answer_keeps_one_row_with_the_new_level(open_assessment):
    assessment, links = open_assessment
    response, _own = services.survey_start(token=links["it"])
    first, second = services.questions_for(response)[:2]
    services.response_save_answers(response=response, answers={first.key: 2})
    services.response_save_answers(response=response, answers={first.key: None, second.key: 5})
    answers = {a.question_key: a for a in Answer.objects.filter(response=response)}
    assert set(answers) == {first.key, second.key}
    assert answers[first.key].level is None and answers[second.key].level == 5
    assert answers[first.key].dimension == assessment.model.dimension_of(first.key).key
    assert answers[first.key].weight == first.weight


def test_a_refused_submit_shows_the_last_page_again_with_the_answers(client, open_assessment):
    assessment, links = open_assessment
    token = links["leaders"]
    client.post(reverse("assessments:survey", args=[token]), {})
    last = len(assessment.model.dimensions)
    page = client.post(reverse("assessments:survey_page", args=[token, last]), {"action": "next"})
    assert page.status_code == 400
    assert page.context["errors"]
    assert Response.objects.get().submitted_on is None
    question = assessment.model.dimensions[-1].questions[0]
    page = client.post(
        reverse("assessments:survey_page", args=[token, last]), {question.key: "dontknow"}
    )
    assert page.status_code == 302
    assert Response.objects.get().submitted_on is not None


def test_a_survey_page_costs_a_fixed_number_of_queries(
    client, open_assessment, django_assert_max_num_queries
):
    assessment, links = open_assessment
    token = links["leaders"]
    client.post(reverse("assessments:survey", args=[token]), {})
    url = reverse("assessments:survey_page", args=[token, 1])
    data = {q.key: "3" for q in assessment.model.dimensions[0].questions}
    with django_assert_max_num_queries(2):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.post(url, {**data, "action": "next"}).status_code == 302


def test_an_answer_not_offered_is_named_and_nothing_of_the_page_is_saved(client, open_assessment):
    """The staff survey parses answers with the Quick-Check's form: a value that is not one of
    the answers offered is named at its question, and the page's other answers wait too."""
    assessment, links = open_assessment
    token = links["leaders"]
    client.post(reverse("assessments:survey", args=[token]), {})
    first, second, *_rest = [
        q for q in assessment.model.dimensions[0].questions if "leaders" in q.groups
    ]
    url = reverse("assessments:survey_page", args=[token, 1])
    page = client.post(url, {first.key: "4", second.key: "9", "action": "next"})
    assert page.status_code == 400
    assert page.context["errors"] == ["This is not one of the answers offered."]
    shown = {q["key"]: q for q in page.context["questions"]}
    assert shown[second.key]["error"] == "This is not one of the answers offered."
    assert shown[first.key]["value"] == "4" and not shown[first.key]["error"]  # kept on the page
    assert not Answer.objects.exists()
    # Unanswered questions are no error on a page of the staff survey.
    assert client.post(url, {first.key: "4", "action": "next"}).status_code == 302
    assert Answer.objects.get().level == 4
