"""One number, one source: the OZG dashboard page, its API answer and the status report
(PDF) show the same figures, and the shares are percentages of the relevant services."""

import html
import re

import pytest
from django.urls import reverse

from kommunalkompass.documents.formatting import format_percent
from kommunalkompass.documents.tests.test_pdf import pdftotext, plain
from kommunalkompass.organisations import demo as organisations_demo
from kommunalkompass.organisations.models import Membership, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import demo

from .factories import ServiceStateFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    """What a reader sees of a page: the text without tags, spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).replace("\xa0", " ")


def page_figures(text: str) -> dict:
    found = re.search(
        r"(\d+) Relevant services (\d+) online by the national counting rule "
        r"\(level 2 or more; (\d+) ?%\) (\d+) OZG-compliant \(level 3 or more; (\d+) ?%\)",
        text,
    )
    assert found, text[:2000]
    relevant, online, online_share, compliant, compliant_share = map(int, found.groups())
    return {
        "relevant": relevant,
        "online": online,
        "online_share": online_share,
        "compliant": compliant,
        "compliant_share": compliant_share,
    }


def as_percent(fraction: float) -> int:
    """The whole percentage a page or document shows for ``fraction`` (half up)."""
    return int(format_percent(fraction, 0, "en").rstrip("%"))


def test_the_dashboard_shows_the_shares_as_percentages(client):
    """Two of three relevant services online and one compliant: 67 % and 33 %, not "1 per
    cent" and "0 per cent" (the fraction was rounded before it became a percentage)."""
    membership = MembershipFactory(role=Role.VIEWER)
    client.force_login(membership.user)
    organisation = membership.organisation
    ServiceStateFactory(organisation=organisation, level=2, status="online")
    ServiceStateFactory(organisation=organisation, level=3, status="online")
    ServiceStateFactory(organisation=organisation, level=1)
    text = page_text(client.get(reverse("ozg:dashboard", args=[organisation.slug])))
    figures = page_figures(text)
    assert figures == {
        "relevant": 3,
        "online": 2,
        "online_share": 67,
        "compliant": 1,
        "compliant_share": 33,
    }
    assert "per cent" not in text


def test_dashboard_page_api_and_status_report_agree_on_the_demo(client):
    organisations_demo.load(password="demo-passwort")
    demo.load(password="demo-passwort")
    membership = Membership.objects.get(
        organisation__slug="musterstadt", user__email="admin@musterstadt.example"
    )
    client.force_login(membership.user)
    slug = membership.organisation.slug

    response = client.get(reverse("ozg:dashboard", args=[slug]))
    text = page_text(response)
    on_page = page_figures(text)
    overdue_listed = response.content.decode().count("badge--off_track")
    due_listed = response.content.decode().count("badge--at_risk")
    more = re.search(r"… and (\d+) more overdue and (\d+) more due services", text)
    on_page["overdue"] = overdue_listed + (int(more.group(1)) if more else 0)
    on_page["due"] = due_listed + (int(more.group(2)) if more else 0)

    api = client.get(f"/api/v1/organisations/{slug}/ozg/dashboard").json()
    from_api = {
        "relevant": api["relevant"],
        "online": api["online_national"],
        "online_share": as_percent(api["share_online"]),
        "compliant": api["compliant"],
        "compliant_share": as_percent(api["share_compliant"]),
        "overdue": len(api["overdue"]),
        "due": len(api["due"]),
    }

    pdf = plain(pdftotext(client.get(reverse("ozg:report_pdf", args=[slug])).content))
    pdf = pdf.replace("\xa0", " ")
    online = re.search(
        r"Online by the national counting rule \(level 2, [^)]*, or more\): (\d+) of (\d+) "
        r"relevant services \((\d+) ?%\)",
        pdf,
    )
    compliant = re.search(
        r"OZG-compliant \(level 3, [^)]*, or more\): (\d+) of (\d+) relevant services "
        r"\((\d+) ?%\)",
        pdf,
    )
    dates = re.search(r"Overdue: (\d+) services; due within the next 90 days: (\d+) services", pdf)
    assert online and compliant and dates, pdf[:3000]
    from_pdf = {
        "relevant": int(online.group(2)),
        "online": int(online.group(1)),
        "online_share": int(online.group(3)),
        "compliant": int(compliant.group(1)),
        "compliant_share": int(compliant.group(3)),
        "overdue": int(dates.group(1)),
        "due": int(dates.group(2)),
    }
    assert int(compliant.group(2)) == from_pdf["relevant"]

    assert on_page == from_api == from_pdf
    # The demo is realistic: the headline shares are neither 0 nor 1 per cent.
    assert 10 < on_page["online_share"] < 100 and on_page["compliant_share"] > 0
    # The Ablaufplan's OZG fact is the dashboard's figure too.
    home = page_text(client.get(reverse("organisations:home", args=[slug])))
    assert (
        f"OZG: {on_page['online']} of {on_page['relevant']} relevant services online "
        "(level 2 or more)" in home
    )
