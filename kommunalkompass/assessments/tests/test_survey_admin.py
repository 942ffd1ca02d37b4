"""Survey administration: the assessments list, the end date, reminders, notices and paper
questionnaires (docs/scoring.md, "Survey administration")."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test.testcases import TestCase
from django.urls import reverse
from django.utils import timezone

from kommunalkompass.accounts.tokens import secret_hash
from kommunalkompass.assessments import selectors, services
from kommunalkompass.assessments.models import Assessment, Response, SurveyInvitee
from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


def _open(editor, **kwargs):
    assessment = services.assessment_create(
        actor=editor.user,
        organisation=editor.organisation,
        title=kwargs.pop("title", "Quick-Check"),
        model_ident="quick-1.0",
        groups=["staff", "leaders"],
        **kwargs,
    )
    links = services.assessment_open(actor=editor.user, assessment=assessment)
    assessment.refresh_from_db()
    return assessment, links


def _answer(token):
    response, _own = services.survey_start(token=token)
    services.response_save_answers(
        response=response, answers={q.key: 3 for q in services.questions_for(response)}
    )
    return services.response_submit(response=response)


def test_list_shows_model_rate_and_end_date(client, editor):
    assessment, links = _open(editor)
    for _ in range(3):
        _answer(links["staff"])
    services.assessment_set_group_sizes(
        actor=editor.user, assessment=assessment, sizes={"staff": 10, "leaders": 2}
    )
    services.assessment_set_end_date(
        actor=editor.user, assessment=assessment, ends_on=timezone.localdate().replace(year=2099)
    )
    _open(editor, title="Without base")
    page = client.get(reverse("assessments:list", args=[editor.organisation.slug]))
    rows = _rows(page)
    assert "25%" in rows["Quick-Check"] and "of 12" in rows["Quick-Check"]  # 3 of 10 + 2
    assert "2099" in rows["Quick-Check"]
    assert "Quick-Check" in rows["Quick-Check"].split("</a>")[1]  # the model's name
    assert "%" not in rows["Without base"]  # no base, no rate


def _rows(page) -> dict[str, str]:
    """The list's table rows by the assessment's title."""
    body = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    rows = {}
    for row in body.split("</tr>")[:-1]:
        title = row.split("</a>")[0].rsplit(">", 1)[1]
        rows[title] = row
    return rows


# The end date -------------------------------------------------------------------------------


def _detail_url(assessment, name="detail"):
    return reverse(f"assessments:{name}", args=[assessment.organisation.slug, assessment.pk])


def test_end_date_is_set_and_saving_it_unchanged_writes_nothing(client, editor):
    assessment, _links = _open(editor)
    ends = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(_detail_url(assessment, "end_date"), {"ends_on": ends.isoformat()})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.ends_on == ends
    events = AuditEvent.objects.count()
    client.post(_detail_url(assessment, "end_date"), {"ends_on": ends.isoformat()})
    assert AuditEvent.objects.count() == events
    page = client.get(_detail_url(assessment))
    assert ends.isoformat() in page.content.decode()  # the date field keeps its value


def test_end_date_in_the_past_is_refused(client, editor):
    assessment, _links = _open(editor)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        _detail_url(assessment, "end_date"), {"ends_on": yesterday.isoformat()}, follow=True
    )
    assert "The end date cannot lie in the past." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.ends_on is None


def _end_yesterday(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assessment.refresh_from_db()


def test_after_the_end_date_the_links_say_closed_and_results_stay(client, editor):
    assessment, links = _open(editor)
    for _ in range(5):
        _answer(links["staff"])
    started, _own = services.survey_start(token=links["staff"])
    before = selectors.assessment_results(assessment=assessment)
    _end_yesterday(assessment)
    page = client.get(reverse("assessments:survey", args=[links["staff"]]))
    assert page.status_code == 410
    assert "This survey is closed" in page.content.decode()
    assert "The survey ended after" in page.content.decode()
    with pytest.raises(ValidationError):
        services.survey_start(token=links["staff"])
    with pytest.raises(ValidationError):
        services.response_save_answers(response=started, answers={})
    assert selectors.assessment_results(assessment=assessment) == before
    # The daily round closes it formally, as the system, and leaves the results alone.
    assert services.surveys_process_deadlines() == (1, 0)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.CLOSED
    event = AuditEvent.objects.filter(object_id=str(assessment.pk)).latest("pk")
    assert event.actor is None and event.changes["status"] == ["open", "closed"]
    assert selectors.assessment_results(assessment=assessment) == before


def _api_status(client, assessment) -> dict:
    url = f"/api/v1/organisations/{assessment.organisation.slug}/assessments"
    response = client.get(url)
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["items"]}[assessment.pk]


def test_a_survey_past_its_end_date_reads_ended_before_the_daily_round_closes_it(client, editor):
    assessment, _links = _open(editor)
    last_day = timezone.localdate() + datetime.timedelta(days=3)
    services.assessment_set_end_date(actor=editor.user, assessment=assessment, ends_on=last_day)
    assessment.refresh_from_db()
    assert assessment.current_status == "open"
    api = _api_status(client, assessment)
    assert api["status"] == "open"
    assert api["ends_on"] == last_day.isoformat()

    _end_yesterday(assessment)
    assert assessment.status == Assessment.Status.OPEN  # nothing has closed it yet
    assert assessment.current_status == "ended"
    api = _api_status(client, assessment)
    assert api["status"] == "ended"
    assert api["ends_on"] == assessment.ends_on.isoformat()
    listing = client.get(reverse("assessments:list", args=[editor.organisation.slug]))
    assert ">Ended</td>" in _rows(listing)["Quick-Check"]
    header = client.get(_detail_url(assessment)).content.decode().split("</h1>")[1]
    assert '<span class="badge">Ended</span>' in header

    services.surveys_process_deadlines()
    assessment.refresh_from_db()
    assert assessment.current_status == "closed"
    assert _api_status(client, assessment)["status"] == "closed"


def test_a_draft_and_a_survey_without_end_date_keep_their_status(editor):
    draft = services.assessment_create(
        actor=editor.user,
        organisation=editor.organisation,
        title="Draft",
        model_ident="quick-1.0",
    )
    assert draft.current_status == "draft" and draft.current_status_label == "Draft"
    assessment, _links = _open(editor)
    assert assessment.ends_on is None
    assert assessment.current_status == "open" and assessment.current_status_label == "Open"


# Reminders -----------------------------------------------------------------------------------


def _invite(client, assessment, addresses, remind=True):
    data = {"group": "staff", "addresses": "\n".join(addresses)}
    if remind:
        data["remind"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_detail_url(assessment, "invite"), data)
    assert response.status_code == 302


def _answer_in_browser(client, token, pages):
    client.post(reverse("assessments:survey", args=[token]), {})
    first = services.questions_for(Response.objects.get(token_hash=secret_hash(token)))[0]
    client.post(reverse("assessments:survey_page", args=[token, 1]), {first.key: "3"})
    for page in range(2, pages + 1):
        done = client.post(reverse("assessments:survey_page", args=[token, page]), {})
    assert done["Location"].endswith("/done/")


def _link(message):
    return message.body.split("/s/")[1].split("/")[0]


def test_reminders_go_only_to_those_who_have_not_submitted(client, editor):
    assessment, _links = _open(editor)
    addresses = ["a@example.org", "b@example.org", "c@example.org"]
    _invite(client, assessment, addresses)
    links = {m.to[0]: _link(m) for m in mail.outbox}
    assert SurveyInvitee.objects.count() == 3
    _answer_in_browser(client, links["a@example.org"], len(assessment.model.dimensions))
    # Submitting forgets the address: nothing stored says who has answered.
    assert sorted(SurveyInvitee.objects.values_list("email", flat=True)) == addresses[1:]
    for invitee in SurveyInvitee.objects.all():
        assert links[invitee.email] not in str(invitee.__dict__)
        assert secret_hash(links[invitee.email]) not in str(invitee.__dict__)
    mail.outbox.clear()
    page = client.get(_detail_url(assessment)).content.decode()
    # Two left, below k = 5: the number is not shown (it would tell who has answered).
    assert "Fewer than 5 addresses invited personally can still be reminded" in page
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(_detail_url(assessment, "remind"), follow=True)
    assert "Reminders are being sent to everyone invited" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == addresses[1:]
    for message in mail.outbox:  # the same personal link again
        assert _link(message) == links[message.to[0]]
    # The editors' log says that reminders were sent, with no number and no address.
    event = AuditEvent.objects.filter(object_id=str(assessment.pk)).latest("pk")
    assert event.changes == {"reminders_sent": [None, True]}
    # One reminder each: nobody is left, and the page and the message read the same.
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        again = client.post(_detail_url(assessment, "remind"), follow=True)
    assert "Reminders are being sent to everyone invited" in again.content.decode()
    assert not mail.outbox
    assert "Fewer than 5 addresses" in again.content.decode()


def test_the_number_left_to_remind_shows_from_k_on(client, editor):
    assessment, _links = _open(editor)
    _invite(client, assessment, [f"p{n}@example.org" for n in range(6)])
    page = client.get(_detail_url(assessment)).content.decode()
    assert "6 addresses invited personally can still be reminded" in page


def test_the_daily_round_reminds_before_the_end_and_closing_forgets_the_addresses(client, editor):
    assessment, _links = _open(editor)
    _invite(client, assessment, ["a@example.org", "b@example.org"])
    _invite(client, assessment, ["c@example.org"], remind=False)
    mail.outbox.clear()
    services.assessment_set_end_date(
        actor=editor.user,
        assessment=assessment,
        ends_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert services.surveys_process_deadlines() == (0, 0)  # not due yet
    Assessment.objects.filter(pk=assessment.pk).update(
        ends_on=timezone.localdate() + datetime.timedelta(days=2)
    )
    out = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("survey_deadlines", stdout=out)
    assert "2 reminder(s) enqueued" in out.getvalue()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "closes after" in mail.outbox[0].body
    services.assessment_close(actor=editor.user, assessment=assessment)
    assert not SurveyInvitee.objects.exists()


def test_without_reminders_no_address_is_kept(client, editor):
    assessment, _links = _open(editor)
    _invite(client, assessment, ["a@example.org"], remind=False)
    assert not SurveyInvitee.objects.exists()


# Copy buttons, QR codes, the notice and the paper questionnaire --------------------------------


def test_each_group_link_has_a_copy_button_and_a_qr_code(client, editor):
    assessment, links = _open(editor)
    html = client.get(_detail_url(assessment)).content.decode()
    for group in ("staff", "leaders"):
        assert f'data-copy="link-{group}"' in html
        assert f'id="link-{group}"' in html and links[group] in html
    assert html.count('<svg viewBox="0 0') >= 2 and 'class="qr-code"' in html
    qr = html.split('class="qr-code"')[1].split("</svg>")[0]
    assert "style=" not in qr and "<script" not in qr


def test_the_notice_is_for_editors_and_carries_link_and_end_date(client, editor):
    assessment, links = _open(editor)
    services.assessment_set_end_date(
        actor=editor.user, assessment=assessment, ends_on=datetime.date(2099, 3, 31)
    )
    url = _detail_url(assessment, "notice_pdf")
    assert url in client.get(_detail_url(assessment)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    viewer = MembershipFactory(role=Role.VIEWER, organisation=editor.organisation)
    client.force_login(viewer.user)
    assert client.get(url).status_code == 403
    assert url not in client.get(_detail_url(assessment)).content.decode()


def test_notice_document_has_one_page_per_group_with_qr_code(rf, editor):
    from kommunalkompass.assessments.paper import QrFigure, notice
    from kommunalkompass.documents.model import Figure, PageBreak

    assessment, links = _open(editor, anonymity_threshold=7)
    request = rf.get("/")
    document = notice(request=request, assessment=assessment, language="en")
    figures = [b for b in document.blocks if isinstance(b, Figure)]
    assert len(figures) == 2 and sum(isinstance(b, PageBreak) for b in document.blocks) == 1
    assert {f.chart.url.split("/s/")[1].strip("/") for f in figures} == set(links.values())
    text = str(document.blocks)
    assert "at least 7 people" in text
    svg = QrFigure(figures[0].chart.url, "x").svg()
    assert svg.startswith("<svg") and "style=" not in svg


def test_paper_questionnaire_lists_the_questions_with_their_groups(client, editor):
    from kommunalkompass.assessments.paper import paper_questionnaire

    assessment, _links = _open(editor)
    document = paper_questionnaire(assessment=assessment, language="en")
    text = str(document.blocks)
    for question in assessment.model.questions():
        if {"staff", "leaders"} & set(question.groups):
            assert question.text.en[:40] in text
    response = client.get(_detail_url(assessment, "paper_questionnaire_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# Paper questionnaires ----------------------------------------------------------------------


def _paper_form(client, assessment, group="staff"):
    page = client.get(_detail_url(assessment, "paper_entry"), {"group": group})
    assert page.status_code == 200
    html = page.content.decode()
    form = html.split('<form method="post" novalidate data-creates')[1].split("</form>")[0]
    assert 'name="group" value="' + group in form
    key = form.split('name="entry_key" value="')[1].split('"')[0]
    return key, page.context["questions"]


def test_a_paper_questionnaire_counts_like_an_online_answer(client, editor):
    assessment, _links = _open(editor)
    key, questions = _paper_form(client, assessment)
    answers = {question["key"]: "4" for question in questions}
    answers[questions[0]["key"]] = "dontknow"
    response = client.post(
        _detail_url(assessment, "paper_entry"), {"group": "staff", "entry_key": key, **answers}
    )
    assert response.status_code == 302
    stored = Response.objects.get(assessment=assessment)
    assert stored.group == "staff" and stored.submitted_on == timezone.localdate()
    assert stored.answers.count() == len(questions)
    assert stored.answers.get(question_key=questions[0]["key"]).level is None
    results = selectors.assessment_results(assessment=assessment)
    assert results.respondents == 1
    # The log says only that a paper questionnaire was entered.
    event = AuditEvent.objects.filter(object_id=str(assessment.pk)).latest("pk")
    assert event.changes == {"paper_questionnaire_entered": [None, True]}
    from kommunalkompass.audit.presentation import present_events

    (change,) = present_events([event])[0].changes
    assert change.label == "Paper questionnaire entered"
    assert "staff" not in str(event.__dict__) and str(stored.number) not in str(event.__dict__)
    # The same form sent again stores nothing more.
    again = client.post(
        _detail_url(assessment, "paper_entry"),
        {"group": "staff", "entry_key": key, **answers},
        follow=True,
    )
    assert "This questionnaire had already been entered." in again.content.decode()
    assert Response.objects.filter(assessment=assessment).count() == 1


def test_an_empty_or_forged_paper_form_stores_nothing(client, editor):
    assessment, _links = _open(editor)
    key, questions = _paper_form(client, assessment)
    empty = client.post(
        _detail_url(assessment, "paper_entry"), {"group": "staff", "entry_key": key}
    )
    assert empty.status_code == 400
    assert "Enter at least one answer of the questionnaire." in empty.content.decode()
    forged = client.post(
        _detail_url(assessment, "paper_entry"),
        {"group": "staff", "entry_key": "forged", questions[0]["key"]: "3"},
    )
    assert forged.status_code == 400
    wrong = client.post(
        _detail_url(assessment, "paper_entry"),
        {"group": "staff", "entry_key": key, questions[0]["key"]: "9"},
    )
    assert wrong.status_code == 400
    assert not Response.objects.filter(assessment=assessment).exists()
    assert not AuditEvent.objects.filter(changes__has_key="paper_questionnaire_entered").exists()


def test_paper_questionnaires_have_the_same_threshold(client, editor):
    assessment, links = _open(editor)  # k = 5
    for _ in range(5):
        _answer(links["leaders"])
    for _ in range(4):
        key, questions = _paper_form(client, assessment)
        client.post(
            _detail_url(assessment, "paper_entry"),
            {"group": "staff", "entry_key": key, **{q["key"]: "2" for q in questions}},
        )
    dimension = selectors.assessment_results(assessment=assessment).dimensions[0]
    assert dimension.groups["staff"].suppressed and dimension.groups["staff"].score is None
    key, questions = _paper_form(client, assessment)
    client.post(
        _detail_url(assessment, "paper_entry"),
        {"group": "staff", "entry_key": key, **{q["key"]: "2" for q in questions}},
    )
    dimension = selectors.assessment_results(assessment=assessment).dimensions[0]
    assert not dimension.groups["staff"].suppressed
    assert dimension.groups["staff"].respondents == 5


def test_paper_entry_needs_an_open_survey(client, editor):
    assessment, _links = _open(editor)
    key, questions = _paper_form(client, assessment)
    _end_yesterday(assessment)
    response = client.post(
        _detail_url(assessment, "paper_entry"),
        {"group": "staff", "entry_key": key, questions[0]["key"]: "3"},
    )
    assert not Response.objects.filter(assessment=assessment).exists()
    assert response.status_code == 400
    assert "only while the survey is open" in response.content.decode()


def test_respondents_and_the_staff_council_see_the_end_date(client, editor):
    from kommunalkompass.assessments.documents import information_sheet
    from kommunalkompass.documents.model import KeyFigures

    assessment, links = _open(editor)
    services.assessment_set_end_date(
        actor=editor.user, assessment=assessment, ends_on=datetime.date(2099, 3, 31)
    )
    intro = client.get(reverse("assessments:survey", args=[links["staff"]]))
    assert "You can answer until March 31, 2099." in intro.content.decode()
    assessment.refresh_from_db()
    sheet = information_sheet(assessment=assessment, language="en")
    figures = next(b for b in sheet.blocks if isinstance(b, KeyFigures))
    assert ("End date", "03/31/2099") in [(f.label, f.value) for f in figures.items]
