"""Response rate per group: people per group as entered, else the personal invitations."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommunalkompass.assessments import selectors, services
from kommunalkompass.assessments.models import SurveyAccess
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def assessment(editor):
    assessment = services.assessment_create(
        actor=editor.user, organisation=editor.organisation, title="QC", model_ident="quick-1.0"
    )
    links = services.assessment_open(actor=editor.user, assessment=assessment)
    # Both groups reach the anonymity threshold of 5: a hidden group shows no rate.
    for group, count in (("staff", 6), ("leaders", 5)):
        for _ in range(count):
            response, _own = services.survey_start(token=links[group])
            services.response_save_answers(
                response=response, answers={q.key: 3 for q in services.questions_for(response)}
            )
            services.response_submit(response=response)
    for n in range(10):
        SurveyAccess.objects.create(
            organisation=editor.organisation,
            assessment=assessment,
            kind=SurveyAccess.Kind.INVITATION,
            group="leaders",
            token_hash=f"{n:064d}",
        )
    assessment.refresh_from_db()
    return assessment


def rates(assessment):
    counts = selectors.group_counts(assessment=assessment)
    return {
        row["group"]: row for row in selectors.response_rates(assessment=assessment, counts=counts)
    }


def test_rate_uses_people_per_group_else_invitations_else_none(editor, assessment):
    services.assessment_set_group_sizes(
        actor=editor.user, assessment=assessment, sizes={"staff": 24}
    )
    by_group = rates(assessment)
    assert by_group["staff"]["rate"] == 0.25 and by_group["staff"]["base_is_size"]
    assert by_group["leaders"]["rate"] == 0.5 and not by_group["leaders"]["base_is_size"]
    assert by_group["it"]["rate"] is None and by_group["it"]["submitted"] == 0


def test_results_page_shows_the_rate_of_each_group(client, editor, assessment):
    url = reverse("assessments:group_sizes", args=[editor.organisation.slug, assessment.pk])
    client.post(url, {"staff": "30", "leaders": "", "it": ""})
    assessment.refresh_from_db()
    assert assessment.group_sizes == {"staff": 30}
    page = client.get(
        reverse("assessments:results", args=[editor.organisation.slug, assessment.pk])
    ).content.decode()
    assert "Response rate" in page
    assert "20%" in page  # 6 of 30 staff
    assert "50%" in page  # 5 of 10 invited leaders


def test_bad_group_sizes_change_nothing(client, editor, assessment):
    url = reverse("assessments:group_sizes", args=[editor.organisation.slug, assessment.pk])
    client.post(url, {"staff": "-3"})
    client.post(url, {"staff": "viele"})
    assessment.refresh_from_db()
    assert assessment.group_sizes == {}
    with pytest.raises(ValidationError):
        services.assessment_set_group_sizes(
            actor=editor.user, assessment=assessment, sizes={"mayors": 3}
        )
