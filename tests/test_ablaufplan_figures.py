"""One number, one source, for the Ablaufplan: the figures on the organisation's home page
are the figures the modules' APIs give for the same organisation (the demo's Musterstadt).

The phases carry no document of their own; their figures come from the selectors behind
the assessments list, the strategy's implementation dashboard and the OZG dashboard, and
this test holds them to those APIs. It spans the apps, so it lives here.
"""

from __future__ import annotations

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from kommunalkompass.organisations.journey import PHASES
from kommunalkompass.organisations.models import Membership

pytestmark = pytest.mark.django_db


def phase_texts(response) -> dict[str, str]:
    """The text of each phase card of the home page, by phase key."""
    assert response.status_code == 200
    page = response.content.decode()
    texts = {}
    for phase in PHASES:
        start = page.index(f'id="phase-{phase.key}"')
        end = page.index("</section>", start)
        text = html.unescape(re.sub(r"<[^>]+>", " ", page[start:end]))
        texts[phase.key] = re.sub(r"\s+", " ", text.replace("\xa0", " "))
    return texts


def test_the_ablaufplan_figures_are_the_modules_figures(client, settings):
    settings.LANGUAGE_CODE = "en"
    call_command("demo", stdout=StringIO())
    membership = Membership.objects.get(user__email="admin@musterstadt.example")
    client.force_login(membership.user)
    slug = membership.organisation.slug
    phases = phase_texts(client.get(reverse("organisations:home", args=[slug])))

    assessments = client.get(f"/api/v1/organisations/{slug}/assessments").json()["items"]
    closed = sum(1 for a in assessments if a["status"] == "closed")
    assert f"{closed} closed assessments" in phases["assessment"]

    strategy = client.get(f"/api/v1/organisations/{slug}/strategy/dashboard").json()
    counts = strategy["by_status"]
    assert f"{strategy['measures']} measures in total" in phases["strategy"]
    assert (
        f"{strategy['to_implement']} of them to be implemented (planned, in progress or "
        "completed)" in phases["strategy"]
    )
    assert f"{counts['idea']} ideas, not yet planned" in phases["strategy"]
    assert f"{counts['dropped']} dropped" in phases["strategy"]
    assert strategy["measures"] == (strategy["to_implement"] + counts["idea"] + counts["dropped"])
    assert (
        f"{counts['done']} of {strategy['to_implement']} measures to be implemented completed, "
        f"{counts['in_progress']} in progress (ideas and dropped measures are not counted)"
        in phases["implementation"]
    )

    ozg = client.get(f"/api/v1/organisations/{slug}/ozg/dashboard").json()
    assert (
        f"OZG: {ozg['online_national']} of {ozg['relevant']} relevant services online"
        in phases["implementation"]
    )

    # Phase 4 is under way and the strategy starts from the latest closed assessment: the
    # re-assessment is the open Quick-Check, in progress, not done; and its card says
    # something the phase description does not.
    reassessment = phases["reassessment"]
    assert "In progress" in reassessment and "Done" not in reassessment
    description = str(next(p for p in PHASES if p.key == "reassessment").description)
    assert reassessment.count(description) == 1
    assert "Reifegradanalyse 2026" in reassessment
