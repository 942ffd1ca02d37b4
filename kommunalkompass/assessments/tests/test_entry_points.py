"""Entry points into the assessments: they start what they say, and show respondents only
what is meant for them."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from kommunalkompass.assessments import services, tasks
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

API_DOCS = reverse("api:openapi-view")


@pytest.fixture
def admin(client):
    membership = MembershipFactory(role=Role.ADMIN)
    client.force_login(membership.user)
    return membership


def test_quick_check_from_the_ablaufplan_preselects_the_quick_check(client, admin):
    home = client.get(reverse("organisations:home", args=[admin.organisation.slug]))
    html = home.content.decode()
    link = re.search(r'href="([^"]*/assessments/new/[^"]*)"[^>]*>\s*Start a Quick-Check', html)
    assert link, "the Ablaufplan offers “Start a Quick-Check”"
    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    selected = re.findall(r'<option value="([^"]+)"[^>]*\bselected\b', form)
    assert selected == ["quick-1.1"]
    assert "24)" in form  # the option shown names its 24 questions


def test_quick_check_from_the_empty_assessments_page_preselects_it(client, admin):
    page = client.get(reverse("assessments:list", args=[admin.organisation.slug]))
    link = re.search(
        r'href="([^"]*/assessments/new/[^"]*)"[^>]*>\s*Start a Quick-Check', page.content.decode()
    )
    assert link
    form = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert re.findall(r'<option value="([^"]+)"[^>]*\bselected\b', form) == ["quick-1.1"]


def test_new_assessment_can_preselect_either_model(client, admin):
    url = reverse("assessments:create", args=[admin.organisation.slug])
    full = client.get(url, {"model": "full-1.1"}).content.decode()
    assert re.findall(r'<option value="([^"]+)"[^>]*\bselected\b', full) == ["full-1.1"]
    unknown = client.get(url, {"model": "nonsense"}).content.decode()
    assert re.findall(r'<option value="([^"]+)"[^>]*\bselected\b', unknown) == ["quick-1.1"]


def test_the_demo_prints_the_survey_link_on_the_configured_site(settings):
    from kommunalkompass.assessments import demo
    from kommunalkompass.organisations import demo as organisations_demo

    settings.SITE_URL = "http://127.0.0.1:8123"
    organisations_demo.load(password="kommunalkompass")
    out = io.StringIO()
    demo.load(password="kommunalkompass", stdout=out)
    links = re.findall(r"https?://\S+/s/\S+", out.getvalue())
    assert links and all(link.startswith("http://127.0.0.1:8123/s/") for link in links)
    assert "127.0.0.1:8000" not in out.getvalue()


def test_invitation_emails_use_the_site_url_without_a_request(settings, admin):
    settings.SITE_URL = "https://kompass.example.org"
    assessment = services.assessment_create(
        actor=admin.user, organisation=admin.organisation, title="QC", model_ident="quick-1.0"
    )
    services.assessment_open(actor=admin.user, assessment=assessment)
    tasks.send_survey_invitations.call(
        assessment_id=assessment.pk,
        emails=["a@example.org"],
        group="staff",
        language="en",
        base_url="",
    )
    assert "https://kompass.example.org/s/" in mail.outbox[0].body


def test_respondents_see_no_api_link(client, admin):
    assessment = services.assessment_create(
        actor=admin.user, organisation=admin.organisation, title="QC", model_ident="quick-1.0"
    )
    links = services.assessment_open(actor=admin.user, assessment=assessment)
    survey = reverse("assessments:survey", args=[links["staff"]])
    # A member answering the survey is a respondent there, too.
    assert API_DOCS not in client.get(survey).content.decode()
    members_page = client.get(reverse("assessments:list", args=[admin.organisation.slug]))
    assert API_DOCS in members_page.content.decode()
    client.logout()
    for url in (survey, reverse("assessments:quick_check")):
        page = client.get(url)
        assert page.status_code == 200
        assert API_DOCS not in page.content.decode()
    client.post(survey, {})
    page = client.get(reverse("assessments:survey_page", args=[links["staff"], 1]))
    assert "Part 1 of" in page.content.decode()
    assert API_DOCS not in page.content.decode()
