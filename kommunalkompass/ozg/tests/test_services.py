"""An organisation's OZG service states: rules, history, bulk work, the dashboard."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory
from kommunalkompass.ozg import selectors, services
from kommunalkompass.ozg.models import ServiceState

from .factories import OzgLeistungFactory, ServiceStateFactory, VerwaltungsleistungFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


def test_tracking_the_catalog_creates_each_state_once(editor):
    leistungen = OzgLeistungFactory.create_batch(3)
    track = services.catalog_track
    assert track(actor=editor.user, organisation=editor.organisation, leistungen=leistungen) == 3
    assert track(actor=editor.user, organisation=editor.organisation, leistungen=leistungen) == 0
    assert ServiceState.objects.filter(organisation=editor.organisation).count() == 3


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"level": 5}, "level"),  # model 1.1 ends at 4
        ({"target_level": 9}, "target_level"),
        ({"status": "online", "level": 3, "go_live": datetime.date(2099, 1, 1)}, "go_live"),
        ({"status": "online", "level": 1}, "level"),
        ({"relevant": False}, "relevance_reason"),
        ({"online_url": "not a url"}, "online_url"),
    ],
)
def test_bad_values_are_named_and_nothing_changes(editor, values, field):
    state = ServiceStateFactory(organisation=editor.organisation)
    with pytest.raises(ValidationError) as error:
        services.service_state_update(
            actor=editor.user, state=state, version=state.version, **values
        )
    assert field in error.value.message_dict
    state.refresh_from_db()
    assert state.version == 1 and state.level is None


def test_model_2_0_allows_level_7_and_changes_are_audited(editor):
    state = ServiceStateFactory(organisation=editor.organisation, model_version="2.0")
    services.service_state_update(
        actor=editor.user, state=state, version=1, level=7, status="online"
    )
    event = AuditEvent.objects.get(object_id=str(state.pk))
    assert event.changes["level"] == [None, 7]


def test_not_relevant_goes_with_its_status(editor):
    state = ServiceStateFactory(organisation=editor.organisation)
    updated = services.service_state_update(
        actor=editor.user, state=state, version=1, relevant=False, relevance_reason="Landkreis"
    )
    assert updated.status == "not_relevant"
    again = services.service_state_update(
        actor=editor.user, state=updated, version=2, relevant=True
    )
    assert again.status == "open"


def test_a_stale_edit_is_refused(editor):
    state = ServiceStateFactory(organisation=editor.organisation)
    services.service_state_update(actor=editor.user, state=state, version=1, notes="erste")
    with pytest.raises(ValidationError) as error:
        services.service_state_update(actor=editor.user, state=state, version=1, notes="zweite")
    assert error.value.code == "stale"


def test_bulk_update_is_all_or_nothing(editor):
    department = DepartmentFactory(organisation=editor.organisation)
    fine = ServiceStateFactory(organisation=editor.organisation, level=3)
    too_low = ServiceStateFactory(organisation=editor.organisation, level=1)
    with pytest.raises(ValidationError) as error:
        services.service_states_bulk_update(
            actor=editor.user, organisation=editor.organisation, states=[fine, too_low],
            status="online",
        )  # fmt: skip
    assert too_low.leistung.name in error.value.messages[0]
    assert set(ServiceState.objects.values_list("status", flat=True)) == {"open"}
    count = services.service_states_bulk_update(
        actor=editor.user, organisation=editor.organisation, states=[fine, too_low],
        department=department, solution="efa",
    )  # fmt: skip
    assert count == 2
    assert set(ServiceState.objects.values_list("department", flat=True)) == {department.pk}
    assert AuditEvent.objects.filter(content_type__model="servicestate").count() == 2


def test_bulk_update_refuses_other_fields_and_other_organisations(editor):
    mine = ServiceStateFactory(organisation=editor.organisation)
    with pytest.raises(ValidationError, match="cannot be set for many"):
        services.service_states_bulk_update(
            actor=editor.user, organisation=editor.organisation, states=[mine], level=4
        )
    with pytest.raises(ValidationError, match="this organisation"):
        services.service_states_bulk_update(
            actor=editor.user, organisation=editor.organisation,
            states=[mine, ServiceStateFactory()], status="planning",
        )  # fmt: skip


def test_dashboard_counts_both_rules_and_due_and_overdue(editor):
    org = editor.organisation
    ServiceStateFactory(organisation=org, level=2, status="online")
    ServiceStateFactory(organisation=org, level=3, status="online")
    ServiceStateFactory(organisation=org, level=4, status="online")
    ServiceStateFactory(organisation=org, level=0, target_level=3,
                        target_date=datetime.date(2026, 6, 30))  # fmt: skip
    ServiceStateFactory(organisation=org, level=1, target_level=3,
                        target_date=datetime.date(2027, 1, 31))  # fmt: skip
    ServiceStateFactory(organisation=org, relevant=False, status="not_relevant")
    data = selectors.dashboard(organisation=org, today=TODAY)
    assert (data.relevant, data.online_national, data.compliant) == (5, 3, 2)
    assert len(data.overdue) == 1 and len(data.due) == 1
    assert dict(data.by_level) == {"0": 1, "1": 1, "2": 1, "3": 1, "4": 1}


def test_search_finds_name_ozg_id_and_leika_key(editor):
    state = ServiceStateFactory(organisation=editor.organisation, leistung__name="Hundesteuer")
    VerwaltungsleistungFactory(leistung=state.leistung, leika_key="99141004000000")
    ServiceStateFactory(organisation=editor.organisation, leistung__name="Baugenehmigung")
    for query in ("hunde", state.leistung.ozg_id, "9914100"):
        found = selectors.service_states(organisation=editor.organisation, q=query)
        assert [s.pk for s in found] == [state.pk], query


def test_the_list_costs_the_same_queries_for_many_services(client, editor):
    url = reverse("ozg:services", args=[editor.organisation.slug])
    ServiceStateFactory.create_batch(3, organisation=editor.organisation)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ServiceStateFactory.create_batch(30, organisation=editor.organisation)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_pages_for_editors(client, editor):
    state = ServiceStateFactory(organisation=editor.organisation, leistung__name="Wohngeld")
    slug = editor.organisation.slug
    listing = client.get(reverse("ozg:services", args=[slug]), {"q": "wohn"})
    assert "Wohngeld" in listing.content.decode()
    table = client.get(reverse("ozg:services", args=[slug]), {"q": "zzz"}, HTTP_HX_REQUEST="true")
    assert "No service matches." in table.content.decode() and "<html" not in table.content.decode()
    response = client.post(
        reverse("ozg:service_edit", args=[slug, state.pk]),
        {"relevant": "on", "status": "planning", "level": "1", "version": "1"},
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert (state.status, state.level) == ("planning", 1)
    bad = client.post(
        reverse("ozg:service_edit", args=[slug, state.pk]),
        {"relevant": "on", "status": "planning", "level": "6", "version": "2"},
    )
    assert bad.status_code == 400 and "levels 0 to 4" in bad.content.decode()
    dashboard = client.get(reverse("ozg:dashboard", args=[slug]))
    assert dashboard.status_code == 200


def test_the_ablaufplan_shows_the_ozg_state_in_the_implementation_phase(editor):
    from kommunalkompass.organisations.journey import journey_for
    from kommunalkompass.strategy.tests.factories import StrategyFactory

    StrategyFactory(organisation=editor.organisation)
    ServiceStateFactory(organisation=editor.organisation, level=2, status="online")
    ServiceStateFactory(organisation=editor.organisation, level=0)
    step = next(s for s in journey_for(editor.organisation) if s.phase.key == "implementation")
    assert "OZG: 1 of 2 relevant services online (level 2 or more)" in step.report.facts


def test_settings_choose_the_model_and_sharing(client, editor):
    url = reverse("ozg:settings", args=[editor.organisation.slug])
    client.post(url, {"model_version": "2.0", "share_for_aggregation": "on"})
    settings = selectors.ozg_settings(organisation=editor.organisation)
    assert (settings.model_version, settings.share_for_aggregation) == ("2.0", True)
    client.post(url, {"model_version": "9.9"})
    settings.refresh_from_db()
    assert settings.model_version == "2.0"
    new = OzgLeistungFactory()
    services.catalog_track(actor=editor.user, organisation=editor.organisation, leistungen=[new])
    assert ServiceState.objects.get(leistung=new).model_version == "2.0"


def test_across_organisations_needs_sharing_and_five_organisations(client, editor):
    from kommunalkompass.organisations.tests.factories import OrganisationFactory
    from kommunalkompass.ozg.models import OzgSettings

    url = reverse("ozg:across", args=[editor.organisation.slug])
    assert "open to organisations that share" in client.get(url).content.decode()
    OzgSettings.objects.create(organisation=editor.organisation, share_for_aggregation=True)
    leistung = OzgLeistungFactory()
    ServiceStateFactory(organisation=editor.organisation, leistung=leistung, level=3,
                        status="online")  # fmt: skip
    assert "at least 5 verified organisations" in client.get(url).content.decode()
    type(editor.organisation).objects.filter(pk=editor.organisation.pk).update(verified=True)
    for _ in range(4):
        other = OrganisationFactory(verified=True)
        OzgSettings.objects.create(organisation=other, share_for_aggregation=True)
        ServiceStateFactory(organisation=other, leistung=leistung, level=2, status="online")
    page = client.get(url).content.decode()
    assert "5 verified organisations share their figures." in page
    assert leistung.themenfeld.name in page


def test_criteria_give_the_level_by_the_minimum_rule(client, editor):
    from kommunalkompass.ozg.maturity import get_model

    model = get_model("1.1")
    state = ServiceStateFactory(organisation=editor.organisation)
    answers = {c.key: "yes" for c in model.criteria}
    weakest = min(model.criteria, key=lambda c: c.level)
    answers[weakest.key] = "no"
    updated = services.service_criteria_rate(actor=editor.user, state=state, answers=answers)
    assert updated.level == weakest.level - 1
    all_yes = services.service_criteria_rate(
        actor=editor.user, state=updated, answers={c.key: "yes" for c in model.criteria}
    )
    assert all_yes.level == model.max_level
    with pytest.raises(ValidationError, match="no criterion"):
        services.service_criteria_rate(actor=editor.user, state=state, answers={"erfunden": "yes"})
    url = reverse("ozg:service_criteria", args=[editor.organisation.slug, state.pk])
    response = client.post(url, {c.key: "na" for c in model.criteria})
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.level is None


def test_usage_is_recorded_per_month(client, editor):
    state = ServiceStateFactory(organisation=editor.organisation, level=3, status="online")
    url = reverse("ozg:service_usage", args=[editor.organisation.slug, state.pk])
    client.post(url, {"month": "2026-09", "count": "412"})
    client.post(url, {"month": "2026-09", "count": "420"})  # replaces
    assert list(state.usage.values_list("count", flat=True)) == [420]
    future = client.post(url, {"month": "2099-01", "count": "5"})
    assert future.status_code == 400 and state.usage.count() == 1
    page = client.get(reverse("ozg:service", args=[editor.organisation.slug, state.pk]))
    assert "420" in page.content.decode()


def test_the_page_links_keep_the_filter_and_name_the_page_once(client, editor):
    ServiceStateFactory.create_batch(120, organisation=editor.organisation, level=0)
    url = reverse("ozg:services", args=[editor.organisation.slug])
    page = client.get(url, {"level": "0", "page": "2"}).content.decode()
    assert "Page 2 of 3" in page
    assert 'href="?level=0&amp;page=1"' in page and 'href="?level=0&amp;page=3"' in page


def test_the_service_filter_keeps_the_chosen_level(client, editor):
    ServiceStateFactory(organisation=editor.organisation, leistung__name="Wohngeld", level=0)
    ServiceStateFactory(organisation=editor.organisation, leistung__name="Hundesteuer", level=2)
    url = reverse("ozg:services", args=[editor.organisation.slug])
    page = client.get(url, {"level": "0"}).content.decode()
    assert "Wohngeld" in page and "Hundesteuer" not in page
    assert '<option value="0" selected>' in page
