"""Legal duties and the one-step link of services and duties to the strategy."""

import functools
import html
import re

import pytest
import yaml
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Organisation, Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import duties, selectors, services
from kommunalkompass.ozg.duties import DUTIES_FILE, sync_shipped_duties
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
    nrw = LegalDuty.objects.get(key="egovg-nrw")
    assert "Bavarian Digital Act (BayDiG)" in page and "North Rhine-Westphalia" not in page
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


# Whom a duty binds: the list shows an organisation the duties of its kind, and its
# municipal companies' duties in a section of their own; the detail names source and date.


def test_the_list_puts_the_municipal_companies_duties_in_their_own_section(client, editor):
    page = text_of(client.get(reverse("ozg:duties", args=[editor.organisation.slug])))
    administration, companies = page.split("Duties of municipal companies")
    nis2 = "NIS2 duties of municipal companies"
    assert nis2 in companies and nis2 not in administration
    assert "Records of processing activities" in administration


@pytest.fixture
def district_only_duty(tmp_path, monkeypatch):
    """The shipped duties with the accessibility statement binding districts only."""
    data = yaml.safe_load(DUTIES_FILE.read_text(encoding="utf-8"))
    entry = next(e for e in data["duties"] if e["key"] == "erklaerung-barrierefreiheit")
    entry["binds"] = ["kreis"]
    path = tmp_path / "duties.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    tmp_duties = functools.partial(duties.shipped_duties, path=path)
    monkeypatch.setattr(duties, "shipped_duties", lambda path=None: tmp_duties())
    monkeypatch.setattr(selectors, "shipped_duties", lambda path=None: tmp_duties())
    return LegalDuty.objects.get(key="erklaerung-barrierefreiheit")


@pytest.mark.parametrize(
    ("kind", "listed"),
    [("gemeinde", False), ("amt", False), ("landkreis", True), ("kreisfreie_stadt", True)],
)
def test_a_duty_is_listed_only_to_the_kinds_it_binds(
    client, editor, district_only_duty, kind, listed
):
    Organisation.objects.filter(pk=editor.organisation.pk).update(kind=kind)
    slug = editor.organisation.slug
    page = client.get(reverse("ozg:duties", args=[slug])).content.decode()
    assert ("Accessibility statement with a feedback mechanism" in page) is listed
    detail = client.get(reverse("ozg:duty", args=[slug, district_only_duty.pk]))
    assert detail.status_code == (200 if listed else 404)


def test_the_detail_names_whom_it_binds_its_source_and_date(client, editor):
    duty = LegalDuty.objects.get(key="nis2")
    response = client.get(reverse("ozg:duty", args=[editor.organisation.slug, duty.pk]))
    page = text_of(response)
    assert "Binds: municipal companies" in page
    assert "Source: www.recht.bund.de (as of Dec. 5, 2026)" in page
    assert 'href="https://www.recht.bund.de/bgbl/1/2025/301/VO.html"' in response.content.decode()
    assert "not legal advice" in page


def test_an_installations_own_duty_is_listed_to_every_kind_without_a_source(client, editor):
    own = LegalDuty.objects.create(
        key="eigene-pflicht", title="Eigene Pflicht", legal_basis="Satzung", applies_to="Alle"
    )
    Organisation.objects.filter(pk=editor.organisation.pk).update(kind="landkreis")
    slug = editor.organisation.slug
    assert "Eigene Pflicht" in client.get(reverse("ozg:duties", args=[slug])).content.decode()
    page = text_of(client.get(reverse("ozg:duty", args=[slug, own.pk])))
    assert "Source:" not in page and "Binds:" not in page
