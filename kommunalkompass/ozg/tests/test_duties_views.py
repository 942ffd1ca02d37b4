"""Legal duties and the one-step link of services and duties to the strategy."""

import html
import re

import pytest
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import services
from kommunalkompass.ozg.duties import sync_shipped_duties
from kommunalkompass.ozg.models import DutyState, LegalDuty
from kommunalkompass.strategy.models import Measure
from kommunalkompass.strategy.tests.factories import MeasureFactory, StrategyFactory

from .factories import ServiceStateFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's text as a person reads it: no tags, whitespace runs as one space."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    text = re.sub(r"\s+", " ", html.unescape(text))
    return re.sub(r" ([:.,])", r"\1", text)


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR, organisation__state="09")
    client.force_login(membership.user)
    sync_shipped_duties()
    return membership


def test_duties_of_other_states_are_not_listed_and_not_reachable(client, editor):
    page = client.get(reverse("ozg:duties", args=[editor.organisation.slug])).content.decode()
    bavarian = LegalDuty.objects.get(key="baydig")
    nrw = LegalDuty.objects.get(key="egovg-nrw")
    assert bavarian.title in page and nrw.title not in page
    assert (
        client.get(reverse("ozg:duty", args=[editor.organisation.slug, nrw.pk])).status_code == 404
    )


def test_a_duty_record_is_saved_and_audited(client, editor):
    duty = LegalDuty.objects.get(key="dsgvo-verarbeitungsverzeichnis")
    url = reverse("ozg:duty_edit", args=[editor.organisation.slug, duty.pk])
    response = client.post(
        url, {"status": "fulfilled", "responsible_person": "Datenschutz", "evidence": "VVT 2026"}
    )
    assert response.status_code == 302
    state = DutyState.objects.get(organisation=editor.organisation, duty=duty)
    assert (state.status, state.evidence) == ("fulfilled", "VVT 2026")
    bad = client.post(url, {"status": "vielleicht"})
    assert bad.status_code == 400


def test_a_service_becomes_a_measure_in_one_step(client, editor):
    state = ServiceStateFactory(organisation=editor.organisation, leistung__name="Wohngeld")
    url = reverse("ozg:service_measure", args=[editor.organisation.slug, state.pk])
    client.post(url)  # no strategy yet: refused with a message
    assert not Measure.objects.exists()
    StrategyFactory(organisation=editor.organisation)
    client.post(url)
    state.refresh_from_db()
    assert state.measure.title == "Online anbieten: Wohngeld"
    assert state.measure.dimension == "services" and state.measure.benefit_legal == 4
    client.post(url)  # a second time: refused
    assert Measure.objects.count() == 1
    page = client.get(reverse("ozg:service", args=[editor.organisation.slug, state.pk]))
    assert "M01 Online anbieten: Wohngeld" in page.content.decode()


def test_a_duty_becomes_a_measure_in_one_step(editor):
    StrategyFactory(organisation=editor.organisation)
    duty = LegalDuty.objects.get(key="nis2")
    measure = services.duty_measure_create(
        actor=editor.user, organisation=editor.organisation, duty=duty
    )
    assert measure.benefit_legal == 5 and measure.dimension == "security"
    assert DutyState.objects.get(duty=duty).measure == measure


def test_a_duty_shows_its_measures_state_and_takes_it_over_audited(client, editor):
    strategy = StrategyFactory(organisation=editor.organisation)
    measure = MeasureFactory(strategy=strategy, number=3, title="XRechnung", status="done")
    duty = LegalDuty.objects.get(key="e-rechnung-empfang")
    state = DutyState.objects.create(organisation=editor.organisation, duty=duty, measure=measure)
    slug = editor.organisation.slug
    listing = text_of(client.get(reverse("ozg:duties", args=[slug])))
    assert "M03 XRechnung: Completed Take over status: Fulfilled" in listing
    page = text_of(client.get(reverse("ozg:duty", args=[slug, duty.pk])))
    assert "M03 XRechnung Measure: Completed Take over status: Fulfilled" in page
    response = client.post(
        reverse("ozg:duty_measure_status", args=[slug, duty.pk]), {"back": "list"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("ozg:duties", args=[slug])
    text = html.unescape(response.content.decode())
    assert "The duty's status is now “Fulfilled”, as its measure's." in text
    state.refresh_from_db()
    assert state.status == "fulfilled"
    event = AuditEvent.objects.get(organisation=editor.organisation, object_id=str(state.pk))
    assert event.actor == editor.user
    assert event.changes == {"status": ["open", "fulfilled"]}
    page = text_of(client.get(reverse("ozg:duty", args=[slug, duty.pk])))
    assert "Measure: Completed" in page and "Take over status" not in page


def test_a_dropped_measure_offers_nothing_and_is_refused(client, editor):
    strategy = StrategyFactory(organisation=editor.organisation)
    measure = MeasureFactory(strategy=strategy, number=1, status="dropped")
    duty = LegalDuty.objects.get(key="nis2")
    DutyState.objects.create(organisation=editor.organisation, duty=duty, measure=measure)
    slug = editor.organisation.slug
    page = client.get(reverse("ozg:duty", args=[slug, duty.pk])).content.decode()
    assert "Measure: Dropped" in page and "Take over status" not in page
    response = client.post(reverse("ozg:duty_measure_status", args=[slug, duty.pk]), follow=True)
    text = html.unescape(response.content.decode())
    assert "Measure M01 was dropped; set the duty's status yourself." in text
    assert DutyState.objects.get(duty=duty).status == "open"
