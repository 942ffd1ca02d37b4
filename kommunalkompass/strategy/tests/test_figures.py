"""One number, one source: the implementation dashboard, its API answer and the strategy
document (PDF) of the demo strategy show the same measure counts and budget figures."""

import html
import re
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from kommunalkompass.documents.tests.test_pdf import pdftotext, plain
from kommunalkompass.organisations.models import Membership
from kommunalkompass.strategy.models import Measure

pytestmark = pytest.mark.django_db
STATUSES = Measure.Status.values


def page_text(response) -> str:
    assert response.status_code == 200
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def euros(value) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_dashboard_page_api_and_document_agree_on_the_demo(client):
    call_command("demo", stdout=StringIO())
    membership = Membership.objects.get(user__email="admin@musterstadt.example")
    client.force_login(membership.user)
    slug = membership.organisation.slug

    text = page_text(client.get(reverse("strategy:dashboard", args=[slug])))
    labels = [str(label) for _value, label in Measure.Status.choices]  # English here
    pattern = " ".join(rf"(\d+) {re.escape(label)}" for label in labels)
    found = re.search(pattern, text)
    assert found, text[:3000]
    on_page = dict(zip(STATUSES, map(int, found.groups()), strict=True))
    budget_rows = re.findall(r"\b(20\d\d) ([\d,]+|–) ([\d,]+) ([\d,]+)\b", text)
    page_years = {
        int(year): (
            None if budget == "–" else int(budget.replace(",", "")),
            int(planned.replace(",", "")),
        )
        for year, budget, planned, _spent in budget_rows
    }

    api = client.get(f"/api/v1/organisations/{slug}/strategy/dashboard").json()
    assert api["by_status"] == on_page
    assert api["measures"] == sum(on_page.values())
    assert api["to_implement"] == sum(on_page[s] for s in ("planned", "in_progress", "done"))
    api_years = {
        row["year"]: (
            None if row["budget"] is None else euros(row["budget"]),
            euros(row["planned"]),
        )
        for row in api["years"]
    }
    assert page_years == api_years and len(api_years) == 5

    pdf = plain(pdftotext(client.get(reverse("strategy:document_pdf", args=[slug])).content))
    pdf = pdf.replace("\xa0", " ")
    glance = pdf[pdf.rindex("The measures at a glance") :]
    found = re.search(pattern, glance)
    assert found, glance[:1500]
    assert dict(zip(STATUSES, map(int, found.groups()), strict=True)) == on_page
    assert f"{api['measures']} measures in total" in glance
    assert (
        f"{on_page['done']} of {api['to_implement']} measures to be implemented completed, "
        f"{on_page['in_progress']} in progress" in glance
    )
    table = pdf[pdf.rindex("Budget per year") :]
    pdf_years = {
        int(year): (euros(budget.replace(",", "")), euros(planned.replace(",", "")))
        for year, planned, budget in re.findall(r"\b(20\d\d) €([\d,.]+) €([\d,.]+)", table)
    }
    assert pdf_years == api_years
