"""Pausing and continuing a survey: an open link continues in the same browser, a GET
writes nothing, and only respondents who saved a part count as started."""

import pytest
from django.test import Client
from django.urls import reverse

from kommunalkompass.accounts.tokens import secret_hash
from kommunalkompass.assessments import selectors, services
from kommunalkompass.assessments.models import Answer, Response
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

COOKIE = "survey_resume"


@pytest.fixture
def editor():
    return MembershipFactory(role=Role.EDITOR)


@pytest.fixture
def survey(editor):
    assessment = services.assessment_create(
        actor=editor.user,
        organisation=editor.organisation,
        title="Quick-Check 2026",
        model_ident="quick-1.0",
    )
    links = services.assessment_open(actor=editor.user, assessment=assessment)
    assessment.refresh_from_db()
    return assessment, links


def _url(token: str, page: int = 0) -> str:
    if page:
        return reverse("assessments:survey_page", args=[token, page])
    return reverse("assessments:survey", args=[token])


def _questions(assessment, page: int, group: str = "staff") -> list:
    dimension = assessment.model.dimensions[page - 1]
    return [q for q in dimension.questions if group in q.groups]


def _started(client, editor, assessment, group: str = "staff") -> int:
    client.force_login(editor.user)
    page = client.get(reverse("assessments:detail", args=[editor.organisation.slug, assessment.pk]))
    assert page.status_code == 200
    client.logout()
    return page.context["group_rows"][assessment.groups.index(group)]["started"]


def test_opening_the_link_twice_writes_nothing(client, survey, editor):
    assessment, links = survey
    for _visit in range(2):
        page = client.get(_url(links["staff"]))
        assert page.status_code == 200
        assert "voluntary" in page.content.decode()
    assert not Response.objects.exists()
    assert COOKIE not in client.cookies
    assert _started(Client(), editor, assessment) == 0


def test_a_personal_invitation_link_writes_nothing_on_a_get(client, survey):
    assessment, _links = survey
    token = services.invitation_access_create(assessment=assessment, group="staff")
    for _visit in range(2):
        assert client.get(_url(token)).status_code == 200
    assert not Response.objects.exists()
    # Starting it creates its one response; a second start finds the same one.
    assert client.post(_url(token), {}).status_code == 302
    assert client.post(_url(token), {}).status_code == 302
    assert Response.objects.get().token_hash == secret_hash(token)


def test_the_same_browser_continues_where_it_left_off(client, survey, editor):
    assessment, links = survey
    link = links["staff"]
    started = client.post(_url(link), {})
    assert started.status_code == 302
    assert started["Location"] == _url(link, 1)
    question = _questions(assessment, 1)[0]
    saved = client.post(_url(link, 1), {question.key: "2", "action": "next"})
    assert saved["Location"] == _url(link, 2)

    # The tab is closed; the same link, opened again in the same browser, offers part 2.
    again = client.get(_url(link))
    html = again.content.decode()
    assert again.status_code == 200
    assert "Continue with part 2" in html
    assert "Start the survey" not in html
    assert client.post(_url(link), {"action": "continue"})["Location"] == _url(link, 2)
    # Part 1 still shows the answer given.
    part_one = client.get(_url(link, 1)).content.decode()
    assert "checked" in part_one.split(f'id="{question.key}-2"')[1].split(">")[0]
    # Continuing and sending keeps one response with the answers.
    for page in range(2, len(assessment.model.dimensions) + 1):
        data = {q.key: "3" for q in _questions(assessment, page)}
        assert client.post(_url(link, page), {**data, "action": "next"}).status_code == 302
    response = Response.objects.get()
    assert response.submitted_on is not None
    assert Answer.objects.get(response=response, question_key=question.key).level == 2
    assert _started(Client(), editor, assessment) == 1


def test_the_resume_cookie_is_first_party_and_narrow(client, survey):
    _assessment, links = survey
    link = links["staff"]
    client.post(_url(link), {})
    cookie = client.cookies[COOKIE]
    assert cookie["path"] == _url(link)
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["secure"]
    assert int(cookie["max-age"]) <= 90 * 24 * 3600
    # Only a hash of the secret is stored; the secret is not the link.
    assert cookie.value != link
    response = Response.objects.get()
    assert response.token_hash == secret_hash(cookie.value)
    assert cookie.value not in str(Response.objects.values().get())

    secure = Client()
    secure.post(_url(link), {}, secure=True)
    assert secure.cookies[COOKIE]["secure"] is True


def test_another_browser_starts_afresh(client, survey, editor):
    assessment, links = survey
    link = links["staff"]
    client.post(_url(link), {})
    question = _questions(assessment, 1)[0]
    client.post(_url(link, 1), {question.key: "4", "action": "next"})

    other = Client()
    page = other.get(_url(link)).content.decode()
    assert "Continue with part" not in page
    assert other.get(_url(link, 2))["Location"] == _url(link)
    other.post(_url(link), {})
    assert question.key not in other.get(_url(link, 1)).context["questions"][0]["value"]
    assert other.get(_url(link, 1)).context["questions"][0]["value"] == ""
    assert Response.objects.count() == 2
    # The one who only opened part 1 has not started yet.
    assert _started(Client(), editor, assessment) == 1


def test_a_cookie_does_not_open_another_survey(client, survey, editor):
    assessment, links = survey
    client.post(_url(links["staff"]), {})
    secret = client.cookies[COOKIE].value
    client.post(_url(links["staff"], 1), {_questions(assessment, 1)[0].key: "4", "action": "next"})
    # The same secret presented at another group's link leads nowhere.
    other = Client()
    other.cookies[COOKIE] = secret
    page = other.get(_url(links["it"]))
    assert "Continue with part" not in page.content.decode()
    assert other.get(_url(links["it"], 2))["Location"] == _url(links["it"])


def test_sending_the_answers_forgets_the_browser(client, survey, editor):
    assessment, links = survey
    link = links["staff"]
    client.post(_url(link), {})
    last = len(assessment.model.dimensions)
    for page in range(1, last + 1):
        data = {q.key: "3" for q in _questions(assessment, page)}
        sent = client.post(_url(link, page), {**data, "action": "next"})
    assert sent["Location"] == reverse("assessments:survey_done", args=[link])
    assert client.cookies[COOKIE].value == ""
    assert "Thank you" in client.get(sent["Location"]).content.decode()
    # The same browser is told that it answered; the next person on this computer asks for a
    # fresh survey and starts afresh (test_anonymous_writes.py: answering once).
    assert "already been sent" in client.get(_url(link)).content.decode()
    client.post(_url(link), {"action": "next_person"})
    page = client.get(_url(link)).content.decode()
    assert "Start the survey" in page and "Continue with part" not in page


def test_starting_afresh_discards_the_answers_of_this_browser(client, survey, editor):
    assessment, links = survey
    link = links["staff"]
    client.post(_url(link), {})
    client.post(_url(link, 1), {_questions(assessment, 1)[0].key: "4", "action": "next"})
    assert client.post(_url(link), {"action": "restart"})["Location"] == _url(link)
    assert not Response.objects.exists()
    assert client.cookies[COOKIE].value == ""
    assert _started(Client(), editor, assessment) == 0


def test_started_counts_respondents_who_saved_a_part(survey):
    assessment, links = survey
    for _person in range(3):
        services.survey_start(token=links["staff"])
    saved, _secret = services.survey_start(token=links["staff"])
    services.response_save_answers(response=saved, answers={_questions(assessment, 1)[0].key: None})
    counts = selectors.group_counts(assessment=assessment)
    assert counts["staff"] == {"submitted": 0, "started": 1, "invited": 0}
    assert selectors.response_rates(assessment=assessment, counts=counts)[1]["started"] == 1


def test_the_intro_promises_what_the_link_does(client, survey):
    assessment, links = survey
    open_link = client.get(_url(links["staff"])).content.decode()
    assert "in this browser on this device" in open_link
    token = services.invitation_access_create(assessment=assessment, group="staff")
    personal = client.get(_url(token)).content.decode()
    assert "on any device" in personal
    assert "in this browser on this device" not in personal


def test_with_javascript_each_saved_part_answers_with_the_next_one(client, survey, editor):
    """The survey's forms are sent by htmx: the answer to a saved part is the next part
    itself, under its own address (one request instead of a redirect and a GET), and what
    is saved, resumed and sent is the same as without JavaScript."""
    assessment, links = survey
    link = links["staff"]
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}
    first = client.post(_url(link), {"action": "start"}, **htmx)
    assert first.status_code == 200
    assert first["HX-Push-Url"] == _url(link, 1)
    assert "Part 1 of 8" in first.content.decode()
    assert client.cookies[COOKIE].value  # the browser can resume
    data = {q.key: "4" for q in _questions(assessment, 1)}
    second = client.post(_url(link, 1), {**data, "action": "next"}, **htmx)
    assert second["HX-Push-Url"] == _url(link, 2)
    assert "Part 2 of 8" in second.content.decode()
    # Switching the language there returns to part 2, not to the part the form came from.
    assert f'name="next" value="{_url(link, 2)}"' in second.content.decode()
    # The part just saved, loaded again ("Back" in the browser), shows the answers.
    again = client.get(_url(link, 1)).context["questions"]
    assert {row["value"] for row in again} == {"4"}
    back = client.post(_url(link, 2), {"action": "back"}, **htmx)
    assert back["HX-Push-Url"] == _url(link, 1) and "Part 1 of 8" in back.content.decode()
    # A wrong answer: the same part again with the error, at its own address.
    refused = client.post(_url(link, 1), {data.popitem()[0]: "9", "action": "next"}, **htmx)
    assert refused.status_code == 400 and not refused.has_header("HX-Push-Url")
    last = len(assessment.model.dimensions)
    for page in range(1, last + 1):
        data = {q.key: "3" for q in _questions(assessment, page)}
        sent = client.post(_url(link, page), {**data, "action": "next"}, **htmx)
    assert sent["HX-Push-Url"] == reverse("assessments:survey_done", args=[link])
    assert "Thank you" in sent.content.decode()
    assert client.cookies[COOKIE].value == ""
    assert Response.objects.get().submitted_on is not None
    assert Answer.objects.filter(level=3).count() == Answer.objects.count()
    # Without JavaScript, the same POST is answered with a redirect, as before.
    assert client.post(_url(links["leaders"]), {"action": "start"}).status_code == 302
