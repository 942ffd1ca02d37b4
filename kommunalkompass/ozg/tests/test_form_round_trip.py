"""A service's page, read in German and saved unchanged, keeps every value, dates too."""

import datetime

import pytest
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.core.tests.html_forms import form_values, input_value
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.ozg import services
from kommunalkompass.ozg.duties import sync_shipped_duties
from kommunalkompass.ozg.models import DutyState, LegalDuty

from .factories import ServiceStateFactory

pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9"}


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR, organisation__state="09")
    client.force_login(membership.user)
    return membership


def test_the_service_form_shows_its_dates_in_iso_in_german(client, editor):
    state = ServiceStateFactory(
        organisation=editor.organisation,
        target_date=datetime.date(2025, 12, 31),
        go_live=datetime.date(2025, 3, 1),
    )
    action = reverse("ozg:service_edit", args=[editor.organisation.slug, state.pk])
    page = client.get(reverse("ozg:service", args=[editor.organisation.slug, state.pk]), **GERMAN)
    html = page.content.decode()
    assert '<html lang="de"' in html
    assert input_value(html, action, "target_date") == "2025-12-31"
    assert input_value(html, action, "go_live") == "2025-03-01"


def test_saving_the_service_form_unchanged_keeps_the_dates_and_records_nothing(client, editor):
    state = ServiceStateFactory(
        organisation=editor.organisation,
        target_date=datetime.date(2025, 12, 31),
        go_live=datetime.date(2025, 3, 1),
        level=1,
        target_level=3,
        responsible_person="Frau Beispiel",
    )
    page = client.get(reverse("ozg:service", args=[editor.organisation.slug, state.pk]), **GERMAN)
    action = reverse("ozg:service_edit", args=[editor.organisation.slug, state.pk])

    response = client.post(action, form_values(page.content.decode(), action), **GERMAN)

    assert response.status_code == 302
    state.refresh_from_db()
    assert state.target_date == datetime.date(2025, 12, 31)
    assert state.go_live == datetime.date(2025, 3, 1)
    assert state.version == 1  # nothing changed, so nothing was saved
    assert not AuditEvent.objects.filter(object_id=str(state.pk)).exists()


def test_saving_a_duty_unchanged_keeps_its_deadline(client, editor):
    sync_shipped_duties()
    duty = LegalDuty.objects.filter(state__in=["", "09"]).first()
    services.duty_state_update(
        actor=editor.user,
        organisation=editor.organisation,
        duty=duty,
        deadline=datetime.date(2025, 12, 31),
    )
    page = client.get(reverse("ozg:duty", args=[editor.organisation.slug, duty.pk]), **GERMAN)
    action = reverse("ozg:duty_edit", args=[editor.organisation.slug, duty.pk])
    html = page.content.decode()
    assert input_value(html, action, "deadline") == "2025-12-31"

    response = client.post(action, form_values(html, action), **GERMAN)

    assert response.status_code == 302
    record = DutyState.objects.get(organisation=editor.organisation, duty=duty)
    assert record.deadline == datetime.date(2025, 12, 31)
    assert AuditEvent.objects.filter(object_id=str(record.pk)).count() == 1  # the first save
