"""The public self-check at /quick-check/: no log-in, a profile at once, kept only by consent."""

import pytest
from django.urls import reverse

from kommunalkompass.assessments import selfcheck
from kommunalkompass.assessments.models import Answer, Response, SelfCheck

pytestmark = pytest.mark.django_db
URL = "/quick-check/"


def all_answers(level="3", **changes):
    data = {q.key: level for q in selfcheck.model().questions()}
    data.update(changes)
    return data


def form_key(client) -> str:
    page = client.get(URL).content.decode()
    return page.split('name="submission" value="')[1].split('"')[0]


def test_the_page_needs_no_log_in_and_shows_all_questions_with_the_privacy_notice(client):
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('class="card question') == 24
    assert "Nothing is stored unless you agree below" in text
    assert reverse("assessments:quick_check") == URL


def test_the_result_comes_at_once_and_nothing_is_stored_without_consent(client):
    data = all_answers(**{selfcheck.model().questions()[0].key: "5"})
    result = client.post(URL, {**data, "size_class": "5k-20k", "state": "05"})
    assert result.status_code == 200
    text = result.content.decode()
    assert "Your Quick-Check result" in text
    assert "Nothing has been stored" in text
    assert "Maturity profile" in text  # the radar chart
    assert "Download as PDF" in text
    assert SelfCheck.objects.count() == 0
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert "no-store" in result["Cache-Control"] or "max-age=0" in result["Cache-Control"]


def test_the_profile_follows_the_scoring_rules():
    quick = selfcheck.model()
    strategy = next(d for d in quick.dimensions if d.key == "strategy")
    answers = {q.key: 3 for q in quick.questions()}
    first, second, third = strategy.questions
    answers.update({first.key: 5, second.key: 2, third.key: None})  # "weiß nicht" left out
    results = selfcheck.score(answers)
    expected = (5 * first.weight + 2 * second.weight) / (first.weight + second.weight)
    assert results.dimension("strategy").score == pytest.approx(expected)
    assert results.dimension("data").score == 3
    assert results.dimension("strategy").level == int(expected)


def test_unanswered_and_forged_answers_are_named_and_nothing_is_kept(client):
    first, second = selfcheck.model().questions()[:2]
    data = all_answers(**{first.key: "", second.key: "9"})
    page = client.post(URL, {**data, "share": "1", "size_class": "lt5k", "state": "01"})
    assert page.status_code == 400
    text = page.content.decode()
    assert "2 answers need your attention." in text
    assert "Please choose an answer" in text and "This is not one of the answers offered." in text
    assert 'value="3"\n             checked' in text or "checked" in text  # answers are kept
    assert SelfCheck.objects.count() == 0


def test_with_consent_only_answers_size_class_state_and_month_are_kept_once(client):
    key = form_key(client)
    data = {**all_answers("4"), "share": "1", "size_class": "5k-20k", "state": "05"}
    first = client.post(URL, {**data, "submission": key})
    assert "your answers have been kept" in first.content.decode()
    again = client.post(URL, {**data, "submission": key})  # the same form sent twice
    assert "already been kept" in again.content.decode()
    kept = SelfCheck.objects.get()
    assert kept.size_class == "5k-20k" and kept.state == "05"
    assert kept.month.day == 1
    assert set(kept.answers.values()) == {4}
    assert kept.scores["strategy"] == 4
    fields = {f.name for f in SelfCheck._meta.get_fields()}
    assert fields == {
        "id", "model_ident", "size_class", "state", "answers", "scores", "month",
        "submission_hash",
    }  # fmt: skip


def test_consent_without_size_class_or_state_or_with_a_forged_key_is_refused(client):
    data = {**all_answers(), "share": "1"}
    page = client.post(URL, {**data, "submission": form_key(client)})
    assert page.status_code == 400
    assert "Choose the size of your municipality." in page.content.decode()
    assert "Choose your state." in page.content.decode()
    forged = client.post(
        URL, {**data, "size_class": "lt5k", "state": "01", "submission": "not-signed"}
    )
    assert forged.status_code == 400 and "The form has expired" in forged.content.decode()
    assert SelfCheck.objects.count() == 0


def test_the_comparison_appears_from_five_shared_self_checks_of_the_same_size(client):
    data = {**all_answers("2"), "size_class": "lt5k"}
    assert "appears once at least 5 self-checks" in client.post(URL, data).content.decode()
    for level in ("1", "2", "3", "4", "5"):
        client.post(
            URL,
            {
                **all_answers(level),
                "share": "1",
                "size_class": "lt5k",
                "state": "01",
                "submission": form_key(client),
            },
        )
    client.post(  # another size class does not count
        URL,
        {**all_answers("5"), "share": "1", "size_class": "gte100k", "state": "11",
         "submission": form_key(client)},
    )  # fmt: skip
    text = client.post(URL, data).content.decode()
    assert "5 shared self-checks of municipalities with fewer than 5,000 inhabitants" in text
    assert 'class="range"' in text


def test_the_pdf_comes_from_the_posted_answers_and_keeps_nothing(client):
    response = client.post(reverse("assessments:quick_check_report"), all_answers("2"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert SelfCheck.objects.count() == 0
    assert client.get(reverse("assessments:quick_check_report")).status_code == 405
    broken = client.post(reverse("assessments:quick_check_report"), {})
    assert broken.status_code == 400


def test_the_pdf_holds_profile_levels_and_recommendations():
    document = selfcheck.document(answers={q.key: 2 for q in selfcheck.model().questions()},
                                  language="de")  # fmt: skip
    titles = [block.text for block in document.blocks if hasattr(block, "level")]
    assert "Ihr Reifegradprofil" in titles
    assert "Empfehlungen" in titles
    assert document.meta.title == "Quick-Check: Ihr Ergebnis"


def test_the_pdf_names_the_municipality_if_given_and_keeps_nothing(client):
    from kommunalkompass.documents.tests.test_pdf import pdftotext

    response = client.post(
        reverse("assessments:quick_check_report"),
        {**all_answers("3"), "municipality": "  Gemeinde   Musterhausen "},
    )
    assert response.status_code == 200
    assert "Gemeinde Musterhausen" in pdftotext(response.content)
    assert not SelfCheck.objects.exists()

    without = client.post(reverse("assessments:quick_check_report"), all_answers("3"))
    assert "Musterhausen" not in pdftotext(without.content)
