"""The audit log and the OZG service history read as a person would want to read them.

Each test looks at the rendered page: field labels instead of internal names, choice
labels, dates and amounts in the page's language, "changed" with the texts on demand for
long values, the object's own name and the person who made the change.
"""

import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.audit.services import audit_record, changed_fields, snapshot
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import services as ozg_services
from kommunalkompass.ozg.models import OzgSettings
from kommunalkompass.ozg.tests.factories import OzgLeistungFactory, ServiceStateFactory
from kommunalkompass.strategy import services as strategy_services
from kommunalkompass.strategy.models import Measure

pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}
LONG_OLD = (
    "Zweiter Serverraum im Bauhof als Ausweichstandort für den Fall, dass das Rathaus "
    "ausfällt oder nicht erreichbar ist"
)
LONG_NEW = (
    "Zweiter Serverraum im Feuerwehrhaus als Ausweichstandort für den Fall, dass das "
    "Rathaus ausfällt oder nicht erreichbar ist"
)


@pytest.fixture
def admin(client):
    membership = MembershipFactory(
        role=Role.ADMIN, user__full_name="Erika Mustermann", user__email="erika@example.org"
    )
    client.force_login(membership.user)
    return membership


@pytest.fixture
def strategy(admin):
    return strategy_services.strategy_create(
        actor=admin.user, organisation=admin.organisation, title="Digital 2031", start_year=2027
    )


def audit_page(client, admin, **headers) -> str:
    response = client.get(reverse("organisations:audit", args=[admin.organisation.slug]), **headers)
    assert response.status_code == 200
    return _text(response.content.decode())


def history_page(client, admin, state, **headers) -> str:
    url = reverse("ozg:service", args=[admin.organisation.slug, state.pk])
    response = client.get(url, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    return _text(html.split('id="history-heading"', 1)[1])


def _text(html: str) -> str:
    """The page as text, tags removed and white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_long_title_is_shown_as_changed_with_both_texts_on_demand(client, admin, strategy):
    measure = strategy_services.measure_create(actor=admin.user, strategy=strategy, title=LONG_OLD)
    strategy_services.measure_update(
        actor=admin.user, measure=measure, version=measure.version, title=LONG_NEW
    )
    response = client.get(reverse("organisations:audit", args=[admin.organisation.slug]))
    html = response.content.decode()
    text = _text(html)
    assert "Z → w → e" not in text
    update = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]  # the newest event
    assert "<details" in update
    assert "changed" in _text(update.split("<details", 1)[1].split("</summary>", 1)[0])
    assert LONG_OLD in update and LONG_NEW in update


def test_a_created_object_lists_its_values_not_their_characters(client, admin, strategy):
    strategy_services.measure_create(
        actor=admin.user, strategy=strategy, title="Zweiter Serverraum", one_time_cost=1200
    )
    text = audit_page(client, admin)
    assert "Z → w" not in text
    assert "Title: Zweiter Serverraum" in text
    assert "title:" not in text


def test_legacy_snapshots_of_created_objects_read_as_values(client, admin, strategy):
    """Events written before the changes were stored as pairs keep reading well."""
    AuditEvent.objects.create(
        organisation=admin.organisation,
        actor=admin.user,
        actor_label=admin.user.email,
        action="create",
        content_type=ContentType.objects.get_for_model(Measure),
        object_id="1",
        object_repr="M01 Zweiter Serverraum",
        changes={"title": "Zweiter Serverraum", "status": "idea", "one_time_cost": "3000"},
    )
    text = audit_page(client, admin, **GERMAN)
    assert "Z → w" not in text
    assert "Titel: Zweiter Serverraum" in text
    assert "Status: Idee" in text
    assert "3.000,00 €" in text


def test_a_choice_field_shows_its_label(client, admin):
    state = ServiceStateFactory(organisation=admin.organisation)
    ozg_services.service_state_update(
        actor=admin.user, state=state, version=state.version, status="in_progress"
    )
    for text in (audit_page(client, admin), history_page(client, admin, state)):
        assert "Status: Open → In progress" in text
        assert "in_progress" not in text


def test_a_date_is_shown_in_german_format_on_a_german_page(client, admin):
    state = ServiceStateFactory(organisation=admin.organisation)
    ozg_services.service_state_update(
        actor=admin.user,
        state=state,
        version=state.version,
        target_date=datetime.date(2025, 12, 31),
    )
    for text in (audit_page(client, admin, **GERMAN), history_page(client, admin, state, **GERMAN)):
        assert "Zieldatum: – → 31.12.2025" in text
        assert "2025-12-31" not in text
        assert "target_date" not in text


def test_money_is_shown_in_euro(client, admin, strategy):
    measure = strategy_services.measure_create(actor=admin.user, strategy=strategy, title="Akte")
    strategy_services.measure_update(
        actor=admin.user, measure=measure, version=measure.version, one_time_cost=Decimal("1200.5")
    )
    text = audit_page(client, admin, **GERMAN)
    assert "0,00 € → 1.200,50 €" in text


def test_ozg_settings_are_named_readably(client, admin):
    ozg_services.catalog_track(
        actor=admin.user,
        organisation=admin.organisation,
        leistungen=OzgLeistungFactory.create_batch(2),
    )
    ozg_services.ozg_settings_update(
        actor=admin.user,
        organisation=admin.organisation,
        model_version="2.0",
        share_for_aggregation=True,
    )
    text = audit_page(client, admin)
    assert "object (" not in text
    assert "OZG settings" in text
    assert "Maturity model: 1.1 → 2.0" in text
    assert "Share for aggregate views: no → yes" in text


def test_legacy_ozg_settings_events_are_named_readably(client, admin):
    settings = OzgSettings.objects.create(organisation=admin.organisation)
    AuditEvent.objects.create(
        organisation=admin.organisation,
        action="update",
        content_type=ContentType.objects.get_for_model(OzgSettings),
        object_id=str(settings.pk),
        object_repr=f"OzgSettings object ({settings.pk})",
        changes={"tracked_services": [None, 557]},
    )
    text = audit_page(client, admin, **GERMAN)
    assert "object (" not in text
    assert "OZG-Einstellungen" in text
    assert "557" in text


def test_the_person_who_changed_is_named(client, admin):
    state = ServiceStateFactory(organisation=admin.organisation)
    ozg_services.service_state_update(actor=admin.user, state=state, version=state.version, level=1)
    for text in (audit_page(client, admin), history_page(client, admin, state)):
        assert "Erika Mustermann" in text
        assert "erika@example.org" in text


def test_dictionaries_are_not_shown_raw(client, admin, strategy):
    audit_record(
        actor=admin.user,
        organisation=admin.organisation,
        action="update",
        obj=strategy,
        changes={"roadmap": [None, {"planned": 29, "unplanned": 1}]},
    )
    audit_record(
        actor=admin.user,
        organisation=admin.organisation,
        action="update",
        obj=strategy,
        changes={"budgets": [{}, {"2027": "45000", "2028": "50000"}]},
    )
    text = audit_page(client, admin, **GERMAN)
    assert "{" not in text and "'planned'" not in text
    assert "Roadmap berechnet: eingeplante Maßnahmen: 29; nicht eingeplante Maßnahmen: 1" in text
    assert "Budget je Jahr: – → 2027: 45.000; 2028: 50.000" in text


def test_unchanged_values_recorded_by_older_code_are_left_out(client, admin, strategy):
    measure = strategy_services.measure_create(actor=admin.user, strategy=strategy, title="Akte")
    audit_record(
        actor=admin.user,
        organisation=admin.organisation,
        action="update",
        obj=measure,
        changes={"status": ["planned", "dropped"], "progress": [0, 0]},
    )
    text = audit_page(client, admin)
    assert "Status: Planned → Dropped" in text
    assert "Progress" not in text


def test_equal_amounts_are_not_a_change():
    before = snapshot(SimpleNamespace(cost=Decimal("0.00")), ["cost"])
    after = snapshot(SimpleNamespace(cost=Decimal("0")), ["cost"])
    assert changed_fields(before, after) == {}


def test_the_audit_page_costs_a_fixed_number_of_queries(
    client, admin, strategy, django_assert_max_num_queries
):
    url = reverse("organisations:audit", args=[admin.organisation.slug])
    client.get(url)  # warm caches (content types, sessions)
    for number in range(40):
        state = ServiceStateFactory(organisation=admin.organisation)
        ozg_services.service_state_update(
            actor=admin.user, state=state, version=1, status="planning", level=number % 3
        )
        strategy_services.measure_create(actor=admin.user, strategy=strategy, title=f"M {number}")
    with django_assert_max_num_queries(12):
        assert client.get(url, **GERMAN).status_code == 200


def test_the_service_history_costs_a_fixed_number_of_queries(
    client, admin, django_assert_max_num_queries
):
    state = ServiceStateFactory(organisation=admin.organisation)
    url = reverse("ozg:service", args=[admin.organisation.slug, state.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for level in range(20):
        ozg_services.service_state_update(
            actor=admin.user,
            state=state,
            version=state.version,
            level=level % 4,
            notes=f"Notiz {level}",
        )
        state.refresh_from_db()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, **GERMAN).status_code == 200


def test_every_model_of_the_project_names_its_objects():
    """The audit log names an object by ``str()``; Django's ``X object (9)`` says nothing."""
    unnamed = [
        f"{model._meta.label}"
        for model in apps.get_models()
        if model.__module__.startswith("kommunalkompass.") and model.__str__ is models.Model.__str__
    ]
    assert not unnamed, f"give these models a __str__: {unnamed}"


def test_the_new_names_read_well(admin):
    settings = OzgSettings.objects.create(organisation=admin.organisation)
    assert str(settings) == "OZG settings"


def test_an_assessments_groups_are_named(client, admin):
    from kommunalkompass.assessments.services import assessment_create

    assessment_create(
        actor=admin.user,
        organisation=admin.organisation,
        title="Quick-Check",
        model_ident="quick-1.0",
        groups=["leaders", "staff"],
    )
    text = audit_page(client, admin, **GERMAN)
    assert "Befragtengruppen: Führungskräfte, Mitarbeitende" in text


def test_an_event_with_many_values_is_folded_with_their_count(client, admin, strategy):
    strategy_services.measure_create(
        actor=admin.user,
        strategy=strategy,
        title="Zweiter Serverraum",
        one_time_cost=1200,
        annual_cost=300,
        person_days=20,
    )
    response = client.get(reverse("organisations:audit", args=[admin.organisation.slug]), **GERMAN)
    created = response.content.decode().split("<tbody>", 1)[1].split("</tr>", 1)[0]
    folded = created.split('<details class="audit-changes__all">', 1)[1]
    summary = _text(folded.split("</summary>", 1)[0])
    assert re.fullmatch(r"\d+ Angaben", summary)
    assert "Zweiter Serverraum" in folded.split("</summary>", 1)[1]


def test_a_change_of_one_value_is_not_folded(client, admin, strategy):
    measure = strategy_services.measure_create(actor=admin.user, strategy=strategy, title="A")
    strategy_services.measure_update(
        actor=admin.user, measure=measure, version=measure.version, title="B"
    )
    response = client.get(reverse("organisations:audit", args=[admin.organisation.slug]))
    update = response.content.decode().split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "audit-changes__all" not in update
    assert "A → B" in _text(update)


def test_the_log_pages_to_older_and_newer_events(client, admin, strategy):
    for number in range(30):
        strategy_services.measure_create(actor=admin.user, strategy=strategy, title=f"M {number}")
    url = reverse("organisations:audit", args=[admin.organisation.slug])
    first = client.get(url).content.decode()
    assert '<a href="?page=2">Older</a>' in first and "Newer" not in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert '<a href="?page=1">Newer</a>' in second and "Page 2 of 2" in second


def test_a_stakeholder_reassessment_shows_its_date_under_its_label(client, admin):
    from kommunalkompass.change import services as change_services

    stakeholder = change_services.stakeholder_create(
        actor=admin.user, organisation=admin.organisation, name="Bürgermeisterin",
        power=4, interest=3, assessed_on=datetime.date(2026, 11, 1),
    )  # fmt: skip
    change_services.stakeholder_assess(
        actor=admin.user, stakeholder=stakeholder, power=4, interest=4, attitude="supportive",
        assessed_on=datetime.date(2026, 11, 21),
    )  # fmt: skip
    text = audit_page(client, admin, **GERMAN)
    assert "Eingeschätzt am: 21.11.2026" in text
    assert "Assessed on" not in text and "2026-11-21" not in text
