import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test.testcases import TestCase
from django.urls import reverse

from kommunalkompass.assessments import services
from kommunalkompass.assessments.models import Response, SurveyAccess
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def assessment(editor):
    assessment = services.assessment_create(
        actor=editor.user,
        organisation=editor.organisation,
        title="QC",
        model_ident="quick-1.0",
        use_departments=True,
    )
    services.assessment_open(actor=editor.user, assessment=assessment)
    assessment.refresh_from_db()
    return assessment


def test_parse_addresses_names_each_bad_line():
    addresses, errors = services.parse_addresses(
        "email\na@example.org; b@example.org\nnot-an-address\n\nA@example.org\nc@@x"
    )
    assert addresses == ["a@example.org", "b@example.org"]
    assert errors == [
        "Line 3: “not-an-address” is not a valid e-mail address.",
        "Line 6: “c@@x” is not a valid e-mail address.",
    ]


def test_invitations_are_sent_with_personal_links(client, editor, assessment):
    url = reverse("assessments:invite", args=[editor.organisation.slug, assessment.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"group": "staff", "addresses": "a@example.org\nb@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    links = [m.body.split("/s/")[1].split("/")[0] for m in mail.outbox]
    assert len(set(links)) == 2
    assert SurveyAccess.objects.filter(kind="invitation", group="staff").count() == 2
    # The addresses are stored nowhere.
    for access in SurveyAccess.objects.all():
        assert "example.org" not in str(access.__dict__)
    # A personal link is used once: opening it writes nothing, starting it creates the
    # response, which continues under the same link.
    first = client.get(reverse("assessments:survey", args=[links[0]]))
    assert first.status_code == 200
    assert not Response.objects.exists()
    started = client.post(reverse("assessments:survey", args=[links[0]]), {})
    assert started["Location"] == reverse("assessments:survey_page", args=[links[0], 1])
    assert Response.objects.get().group == "staff"


def test_a_broken_address_list_sends_nothing(client, editor, assessment):
    url = reverse("assessments:invite", args=[editor.organisation.slug, assessment.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"group": "staff", "addresses": "a@example.org\nkaputt"})
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert not mail.outbox
    assert not SurveyAccess.objects.filter(kind="invitation").exists()


def test_csv_upload_of_addresses(client, editor, assessment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "list.csv", "email\nx@example.org\ny@example.org\n".encode("utf-8-sig")
    )
    url = reverse("assessments:invite", args=[editor.organisation.slug, assessment.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, {"group": "it", "file": upload})
    assert len(mail.outbox) == 2


def test_invitations_need_an_open_assessment(editor):
    draft = services.assessment_create(
        actor=editor.user, organisation=editor.organisation, title="D", model_ident="quick-1.0"
    )
    with pytest.raises(ValidationError):
        services.invitations_send(
            actor=editor.user,
            assessment=draft,
            text="a@example.org",
            group="staff",
            language="de",
            base_url="https://x",
        )


def _submit(assessment, group, department=None, level=3):
    response, _token = services.survey_start(token=services.open_link_token(assessment, group))
    services.response_set_profile(
        response=response, group=group, department_id=department.pk if department else None
    )
    answers = {q.key: level for q in services.questions_for(response)}
    first = next(iter(answers))
    answers[first] = None  # "weiß nicht"
    services.response_save_answers(response=response, answers=answers)
    services.response_submit(response=response)
    return response


def test_raw_answers_export(client, editor, assessment):
    big = DepartmentFactory(organisation=editor.organisation, name="Bürgerbüro")
    middle = DepartmentFactory(organisation=editor.organisation, name="Kämmerei")
    small = DepartmentFactory(organisation=editor.organisation, name="Bauamt")
    for _ in range(6):
        _submit(assessment, "staff", big)
    for _ in range(5):
        _submit(assessment, "staff", middle)
    _submit(assessment, "staff", small)
    for _ in range(2):
        _submit(assessment, "it")
    base = [editor.organisation.slug, assessment.pk]
    response = client.get(reverse("assessments:responses_csv", args=base))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "respondent",
        "group",
        "dimension",
        "question",
        "weight",
        "level",
        "department",
    ]
    numbers = {row[0] for row in rows[1:]}
    assert len(numbers) == 14
    assert all(len(n) == 6 and n.isdigit() for n in numbers)
    assert any(row[5] == "" for row in rows[1:])  # "weiß nicht"
    departments = {row[6] for row in rows[1:]}
    # Bauamt (1) is hidden, and Kämmerei with it, else Bauamt = blank rows minus IT.
    assert departments == {"Bürgerbüro", ""}
    # Two IT respondents are below k; hiding IT alone would leave it recoverable from the
    # blank rows, so the only other group (staff) is hidden too and no group is named.
    assert {row[1] for row in rows[1:]} == {""}
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("assessments:responses_xlsx", args=base)).content)
    )
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]][:6] == [
        "respondent",
        "group",
        "dimension",
        "question",
        "weight",
        "level",
    ]
    assert sheet.max_row == len(rows)


def test_viewers_cannot_export_raw_answers(client, assessment, editor):
    viewer = MembershipFactory(organisation=editor.organisation, role=Role.VIEWER)
    client.force_login(viewer.user)
    url = reverse("assessments:responses_csv", args=[editor.organisation.slug, assessment.pk])
    assert client.get(url).status_code == 403


def _api_url(editor, assessment) -> str:
    return (
        f"/api/v1/organisations/{editor.organisation.slug}/assessments/{assessment.pk}/invitations"
    )


def test_api_queues_invitations_and_stores_no_address(client, editor, assessment):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            _api_url(editor, assessment),
            {"group": "it", "emails": ["a@example.org", "b@example.org"], "language": "en"},
            content_type="application/json",
        )
    assert response.status_code == 202
    assert response.json() == {"queued": 2}
    assert len(mail.outbox) == 2
    assert SurveyAccess.objects.filter(kind="invitation", group="it").count() == 2
    for access in SurveyAccess.objects.all():
        assert "example.org" not in str(access.__dict__)


def test_api_refuses_broken_addresses_and_unknown_groups_and_sends_nothing(
    client, editor, assessment
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        broken = client.post(
            _api_url(editor, assessment),
            {"group": "staff", "emails": ["a@example.org", "kaputt"]},
            content_type="application/json",
        )
        unknown = client.post(
            _api_url(editor, assessment),
            {"group": "mayors", "emails": ["a@example.org"]},
            content_type="application/json",
        )
    assert broken.status_code == 400
    assert broken.json()["field"] == "addresses"
    assert "Line 2" in broken.json()["message"]
    assert unknown.status_code == 400 and unknown.json()["field"] == "group"
    assert not mail.outbox
    assert not SurveyAccess.objects.filter(kind="invitation").exists()


def test_api_invitations_need_an_editor(client, assessment):
    viewer = MembershipFactory(role=Role.VIEWER, organisation=assessment.organisation)
    client.force_login(viewer.user)
    response = client.post(
        _api_url(viewer, assessment),
        {"group": "staff", "emails": ["a@example.org"]},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not SurveyAccess.objects.filter(kind="invitation").exists()
