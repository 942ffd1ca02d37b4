"""Anonymous writes have limits (issue 14, finding 3): bursts from one client address are
answered 429 before anything is kept, also behind a trusted reverse proxy; a GET of a survey
link writes nothing; a browser that sent its answers through an open link is not handed a
second survey; only plausible self-checks count in the public comparison."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kommunalkompass.assessments import selfcheck, services
from kommunalkompass.assessments.models import Answer, Response, SelfCheck
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

from .test_quick_check import URL, all_answers, form_key

pytestmark = pytest.mark.django_db


def keep(client, level="3", **extra):
    """Send the Quick-Check with consent to keep it, as the form does."""
    return client.post(
        URL,
        {
            **all_answers(level),
            "share": "1",
            "size_class": "5k-20k",
            "state": "05",
            "submission": form_key(client),
        },
        **extra,
    )


# The public Quick-Check ----------------------------------------------------------------------


def test_a_burst_of_kept_quick_checks_from_one_address_is_refused(client):
    """40 consented Quick-Checks from one client in 1.4 s were all kept; now 10 a minute."""
    answers = [keep(client) for _ in range(40)]
    assert [a.status_code for a in answers[:10]] == [200] * 10
    refused = answers[10]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    text = refused.content.decode()
    assert "Too many requests" in text and "Nothing of this request has been saved." in text
    assert "send it without keeping it for the comparison" in text
    assert all(a.status_code == 429 for a in answers[10:])
    assert SelfCheck.objects.count() == 10
    # Another address is not held back, and the result without keeping is never limited.
    assert keep(client, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.post(URL, {**all_answers(), "size_class": "5k-20k"}).status_code == 200
    assert SelfCheck.objects.count() == 11


def test_the_429_page_speaks_german(client):
    for _ in range(10):
        keep(client)
    page = keep(client, HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 429
    assert "Zu viele Anfragen" in page.content.decode()


def test_the_limit_is_configurable(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quick_check": "2/h"}
    assert [keep(client).status_code for _ in range(3)] == [200, 200, 429]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quick_check": "off"}
    assert keep(client).status_code == 200


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quick_check": "2/m"}
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    second = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert [keep(client, **first).status_code for _ in range(2)] == [200, 200]
    assert keep(client, **second).status_code == 200
    assert keep(client, **first).status_code == 429
    # A client cannot escape by writing the header itself: its own entry is on the left.
    spoofed = {**proxy, "HTTP_X_FORWARDED_FOR": "192.0.2.77, 198.51.100.1"}
    assert keep(client, **spoofed).status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quick_check": "2/m"}
    for number in range(2):
        assert keep(client, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code == 200
    assert keep(client, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


# Plausible self-checks -------------------------------------------------------------------------


def _stored(answers: dict) -> SelfCheck:
    return SelfCheck.objects.create(
        model_ident=selfcheck.MODEL_IDENT,
        size_class="5k-20k",
        state="05",
        answers=answers,
        scores=selfcheck.score(answers).dimensions
        and {d.key: d.score for d in selfcheck.score(answers).dimensions if d.score is not None},
        month="2026-10-01",
        submission_hash=str(SelfCheck.objects.count()).rjust(64, "0"),
    )


def test_only_plausible_self_checks_count_in_the_comparison():
    complete = {q.key: 3 for q in selfcheck.model().questions()}
    for _ in range(4):
        _stored(complete)
    # Kept before the rule, or by some other way than the form: half answered, a level the
    # form does not offer, a question the Quick-Check does not ask.
    half = dict(list(complete.items())[: len(complete) // 2])
    _stored(half)
    _stored({**complete, next(iter(complete)): 9})
    _stored({**complete, "not-a-question": 3})
    results = selfcheck.score(complete)
    comparison = selfcheck.comparison(size="5k-20k", results=results)
    assert comparison.reason == "too_few_peers" and comparison.peers == 4
    _stored({**complete, next(iter(complete)): None})  # "don't know" is an answer
    assert selfcheck.comparison(size="5k-20k", results=results).peers == 5


def test_the_service_keeps_only_plausible_self_checks():
    complete = {q.key: 3 for q in selfcheck.model().questions()}
    half = dict(list(complete.items())[: len(complete) // 2])
    for answers, message in (
        (half, "an answer to every question"),
        (dict.fromkeys(complete), "“don’t know” throughout"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.self_check_store(
                answers=answers,
                results=selfcheck.score(answers),
                size="5k-20k",
                state="05",
                key=selfcheck.new_submission_key(),
            )
    assert not SelfCheck.objects.exists()


# The staff survey ----------------------------------------------------------------------------


@pytest.fixture
def survey():
    editor = MembershipFactory(role=Role.EDITOR)
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


def _part(assessment, page: int, level: str = "3") -> dict:
    dimension = assessment.model.dimensions[page - 1]
    return {q.key: level for q in dimension.questions if "staff" in q.groups}


def test_fifty_gets_of_an_open_link_create_nothing(client, survey):
    _assessment, links = survey
    for _visit in range(50):
        assert client.get(_url(links["staff"])).status_code == 200
    assert not Response.objects.exists()


def test_a_burst_of_survey_starts_from_one_address_is_refused(client, survey):
    _assessment, links = survey
    started = [client.__class__().post(_url(links["staff"]), {}) for _ in range(31)]
    assert [s.status_code for s in started[:30]] == [302] * 30
    assert started[30].status_code == 429
    assert "Open the survey link again in a few minutes" in started[30].content.decode()
    assert Response.objects.count() == 30
    # People on other addresses still start.
    assert client.post(_url(links["staff"]), {}, REMOTE_ADDR="198.51.100.4").status_code == 302


def test_saving_survey_parts_is_limited(client, survey, settings):
    assessment, links = survey
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "survey_save": "2/m"}
    link = links["staff"]
    client.post(_url(link), {})
    assert client.post(_url(link, 1), {**_part(assessment, 1), "action": "next"}).status_code == 302
    assert client.post(_url(link, 2), {**_part(assessment, 2), "action": "next"}).status_code == 302
    refused = client.post(_url(link, 3), {**_part(assessment, 3, "5"), "action": "next"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "The parts you saved before are kept." in refused.content.decode()
    dimension = assessment.model.dimensions[2].key
    assert not Answer.objects.filter(dimension=dimension).exists()
    assert Answer.objects.filter(dimension=assessment.model.dimensions[1].key).exists()


def _answer_everything(client, assessment, link) -> None:
    client.post(_url(link), {})
    for page in range(1, len(assessment.model.dimensions) + 1):
        client.post(_url(link, page), {**_part(assessment, page), "action": "next"})


def test_one_browser_does_not_complete_the_same_survey_twice(client, survey):
    """One cookie jar completed the survey twice: opening the link again after sending
    handed out a fresh survey. Now it shows the thank-you page again."""
    assessment, links = survey
    link = links["staff"]
    _answer_everything(client, assessment, link)
    assert Response.objects.filter(submitted_on__isnull=False).count() == 1
    again = client.get(_url(link))
    text = again.content.decode()
    assert again.status_code == 200
    assert "Answers to this survey have already been sent" in text
    assert 'value="start"' not in text
    assert "Someone else wants to answer on this device" in text
    # Sending the intro again (an old tab) starts nothing either.
    client.post(_url(link), {"action": "start"})
    client.get(_url(link, 1))
    assert Response.objects.count() == 1
    # The mark identifies nobody (the same for everyone who answered through this link), and
    # only this link's pages receive it.
    mark = client.cookies["survey_sent"]
    assert mark["path"] == _url(link) and mark["httponly"]
    other = client.__class__()
    _answer_everything(other, assessment, link)
    assert other.cookies["survey_sent"].value == mark.value
    assert Response.objects.filter(submitted_on__isnull=False).count() == 2
    # The next person on this device asks for a fresh survey, and answers once too.
    fresh = client.post(_url(link), {"action": "next_person"})
    assert fresh.status_code == 302 and fresh["Location"] == _url(link)
    assert client.cookies["survey_sent"].value == ""
    assert 'value="start"' in client.get(_url(link)).content.decode()
    _answer_everything(client, assessment, link)
    assert Response.objects.filter(submitted_on__isnull=False).count() == 3
    assert "already been sent" in client.get(_url(link)).content.decode()


def test_the_mark_of_one_link_does_not_close_another(client, survey):
    assessment, links = survey
    _answer_everything(client, assessment, links["staff"])
    page = client.get(_url(links["leaders"])).content.decode()
    assert 'value="start"' in page and "already been sent" not in page
