"""Figures that agree: the level belongs to the score as shown, a change adds up with the
shown scores, response rates are shown where there is a base, and the results page, the
API answer and the report (PDF) show the same figures (docs/scoring.md, "What is shown")."""

import datetime
import html
import itertools
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.assessments.models import Answer, Assessment, Response
from kommunalkompass.documents.tests.test_pdf import pdftotext, plain
from kommunalkompass.organisations.models import Membership, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db
NUMBERS = itertools.count(100_000)


def page_text(response) -> str:
    """What a reader sees of a page: the text without tags, spaces collapsed."""
    assert response.status_code == 200
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def respond(assessment, group: str, answers: list[tuple[str, int, float]], times: int = 5):
    """``times`` submitted responses of ``group``, each with ``answers``: (dimension, level,
    weight). The weights make any score: levels 2 and 1 weighted 0.96 and 0.04 give 1.96."""
    for _ in range(times):
        response = Response.objects.create(
            organisation=assessment.organisation,
            assessment=assessment,
            token_hash=secret_hash(new_secret()),
            group=group,
            number=next(NUMBERS),
            submitted_on=timezone.localdate(),
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                question_key=f"{dimension}-{n}",
                dimension=dimension,
                weight=weight,
                level=level,
            )
            for n, (dimension, level, weight) in enumerate(answers)
        )


@pytest.fixture
def viewer(client):
    membership = MembershipFactory(role=Role.VIEWER)
    client.force_login(membership.user)
    return membership


def closed(organisation, **values) -> Assessment:
    now = timezone.now()
    return AssessmentFactory(
        organisation=organisation,
        status=Assessment.Status.CLOSED,
        opened_at=now - datetime.timedelta(days=20),
        closed_at=now - datetime.timedelta(days=10),
        **values,
    )


def test_the_level_is_the_floor_of_the_score_as_shown(client, viewer):
    """A score of 1.96 is shown as 2.0; the page, the API and the report give it level 2
    (it was shown as "2.0" next to level 1)."""
    assessment = closed(viewer.organisation, targets={"strategy": 3})
    respond(assessment, "staff", [("strategy", 2, 0.96), ("strategy", 1, 0.04)])
    slug = viewer.organisation.slug

    text = page_text(client.get(reverse("assessments:results", args=[slug, assessment.pk])))
    row = re.search(r"Strategy & leadership (\S+) (\d) – (\w+) 3 (\S+)", text)
    assert row, text
    assert row.group(1, 2, 4) == ("2.0", "2", "1.0")

    api = client.get(f"/api/v1/organisations/{slug}/assessments/{assessment.pk}/results").json()
    strategy = next(d for d in api["dimensions"] if d["key"] == "strategy")
    assert (strategy["score"], strategy["level"], strategy["gap"]) == (2.0, 2, 1.0)

    pdf = plain(
        pdftotext(client.get(reverse("assessments:report_pdf", args=[slug, assessment.pk])).content)
    )
    assert "Score 2.0, level 2 (" in pdf
    assert "level 1" not in pdf.replace("level 1 to 5", "")


def test_the_change_adds_up_with_the_scores_shown(client, viewer):
    """2.34 → 2.56 is shown as 2.3 → 2.6 and the change as +0.3 (it said +0.2)."""
    earlier = closed(viewer.organisation, title="Quick-Check 2025")
    later = closed(viewer.organisation, title="Quick-Check 2026")
    respond(earlier, "staff", [("strategy", 2, 0.66), ("strategy", 3, 0.34)])
    respond(later, "staff", [("strategy", 2, 0.44), ("strategy", 3, 0.56)])
    url = reverse("assessments:compare", args=[viewer.organisation.slug])
    text = page_text(client.get(url, {"earlier": earlier.pk, "later": later.pk}))
    assert "Strategy & leadership 2.3 2.6 +0.3" in text


def test_response_rates_are_shown_where_there_is_a_base_and_the_group_is_shown(client, viewer):
    """Staff: 6 of 30 people, 20 %. Leaders: 5 answers but no base: no rate, and the page
    says why. IT: 2 of 4 invited — a rate would stand beside a group hidden for anonymity
    (and with it the leaders, by complementary suppression), so none is shown."""
    assessment = closed(viewer.organisation, group_sizes={"staff": 30, "it": 4})
    respond(assessment, "staff", [("strategy", 3, 1)], times=6)
    respond(assessment, "leaders", [("strategy", 3, 1)], times=5)
    respond(assessment, "it", [("strategy", 3, 1)], times=2)
    text = page_text(
        client.get(reverse("assessments:results", args=[viewer.organisation.slug, assessment.pk]))
    )
    start = text.index("Response rate of each group")
    table = text[start : text.index("Dimensions", start)]
    assert "Staff 6 30 (people in the group) 20%" in table
    assert re.search(r"Leaders 5 – not shown", table), table
    assert re.search(r"IT 2 4 \(people in the group\) not shown", table), table
    assert "50%" not in table and "50 %" not in table
    assert "Enter the number of people in each group on the assessment page" in text
    assert "fewer than 5 respondents" in text


def rates_on_page(text: str) -> dict[str, str]:
    start = text.index("Response rate of each group")
    table = text[start : text.index("Dimensions", start)]
    return dict(re.findall(r"(Leaders|Staff|IT) \d+ \d+ \(people in the group\) (\d+%)", table))


def dimension_rows(text: str, names: dict[str, str]) -> dict[str, tuple]:
    """Per dimension of the results table (page or report): score, level, target, gap,
    spread and respondents, as printed."""
    rows = {}
    for key, name in names.items():
        found = re.search(
            re.escape(name) + r" (\d\.\d) (\d) – [^\d]+? (\d|–) (\d\.\d|–) (\d\.\d|–) (\d+)",
            text,
        )
        assert found, (name, text)
        score, level, target, gap, spread, respondents = found.groups()
        rows[key] = (score, int(level), target, gap, spread, int(respondents))
    return rows


def test_results_page_api_and_report_agree_on_the_demo(client):
    """One number, one source: the demo's full assessment, as page, API answer and PDF."""
    call_command("demo", stdout=StringIO())
    membership = Membership.objects.get(user__email="admin@musterstadt.example")
    client.force_login(membership.user)
    slug = membership.organisation.slug
    assessment = Assessment.objects.get(
        organisation=membership.organisation, title__startswith="Reifegrad"
    )
    names = {d.key: d.name.en for d in assessment.model.dimensions}

    text = page_text(client.get(reverse("assessments:results", args=[slug, assessment.pk])))
    overall = re.search(r"(\d\.\d) Overall score \(1–5\)", text).group(1)
    on_page = dimension_rows(text[text.index("Score of each dimension Dimension") :], names)
    # The demo gives the number of people per group: every shown group has a rate.
    rates = rates_on_page(text)
    assert set(rates) == {"Leaders", "Staff", "IT"}

    api = client.get(f"/api/v1/organisations/{slug}/assessments/{assessment.pk}/results").json()
    assert f"{api['overall']['score']:.1f}" == overall

    def printed(value) -> str:
        return "–" if value is None else f"{value:.1f}"

    from_api = {
        d["key"]: (
            printed(d["score"]),
            d["level"],
            "–" if d["target"] is None else str(d["target"]),
            printed(d["gap"]),
            printed(d["spread"]),
            d["respondents"],
        )
        for d in api["dimensions"]
    }
    assert on_page == from_api

    response = client.get(
        reverse("assessments:report_pdf", args=[slug, assessment.pk]), {"language": "en"}
    )
    pdf = plain(pdftotext(response.content)).replace("\xa0", " ")
    assert f"overall score of {overall} on the scale from 1 to 5" in pdf
    assert dimension_rows(pdf[pdf.index("Maturity profile") :], names) == on_page
    for key, (score, level, *_rest) in on_page.items():
        assert f"Score {score}, level {level} (" in pdf, names[key]
    for group, rate in rates.items():
        assert re.search(rf"\d+ {group} respondents · {rate} of \d+ people", pdf), group
