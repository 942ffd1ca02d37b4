"""The change pages as a member sees them: private notes, the calendar export, bad input."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.change import services
from kommunalkompass.change.icalendar import escape_text, fold
from kommunalkompass.change.models import CoachingSession, Stakeholder
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import OrganisationFactory

from .factories import CoachingSessionFactory, CommunicationFactory, member

pytestmark = pytest.mark.django_db


def test_an_admin_sees_neither_the_notes_on_the_page_nor_can_write_them(client):
    session = CoachingSessionFactory()
    services.coaching_notes_update(actor=session.coachee, session=session, notes="Geheim 4711")
    admin = member(session.organisation, role=Role.ADMIN)
    slug = session.organisation.slug
    page = reverse("change:session", args=[slug, session.pk])
    client.force_login(admin)
    response = client.get(page)
    assert response.status_code == 200
    assert "Geheim 4711" not in response.content.decode()
    response = client.post(
        reverse("change:session_notes", args=[slug, session.pk]), {"notes": "Admin war hier"}
    )
    assert response.status_code == 302
    assert CoachingSession.objects.get(pk=session.pk).private_notes == "Geheim 4711"
    for name in ("change:coaching_summary_pdf", "change:coaching_summary_docx"):
        body = client.get(reverse(name, args=[slug])).content
        assert b"Geheim 4711" not in body
    client.force_login(session.coach)
    assert "Geheim 4711" in client.get(page).content.decode()


def test_a_score_out_of_range_in_the_form_is_refused_and_nothing_stored(client):
    organisation = OrganisationFactory()
    client.force_login(member(organisation))
    response = client.post(
        reverse("change:stakeholder_create", args=[organisation.slug]),
        {"name": "Personalrat", "kind": "group", "power": "7", "interest": "3",
         "attitude": "neutral"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "power" in response.context["form"].errors
    assert not Stakeholder.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_empty_plan_gives_a_message_not_an_empty_calendar(client):
    organisation = OrganisationFactory()
    client.force_login(member(organisation, role=Role.VIEWER))
    response = client.get(
        reverse("change:communications_ics", args=[organisation.slug]), follow=True
    )
    assert response["Content-Type"].startswith("text/html")
    assert "nothing to export" in response.content.decode()


def test_the_calendar_has_one_event_per_entry_with_stable_uids(client):
    organisation = OrganisationFactory()
    first = CommunicationFactory(
        organisation=organisation,
        audience="Personalrat, Amt 10; alle",
        message="Zeile eins\nZeile zwei mit Umlauten äöü " + "x" * 120,
    )
    CommunicationFactory(organisation=organisation, date=datetime.date(2027, 4, 1))
    client.force_login(member(organisation, role=Role.VIEWER))
    url = reverse("change:communications_ics", args=[organisation.slug])
    body = client.get(url).content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert body.count(b"BEGIN:VEVENT") == 2
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert f"UID:{first.uid}@kommunalkompass".encode() in body
    unfolded = body.replace(b"\r\n ", b"").decode()
    assert "SUMMARY:Personalrat\\, Amt 10\\; alle (Intranet)" in unfolded
    assert "Zeile eins\\nZeile zwei mit Umlauten äöü" in unfolded
    services.communication_update(actor=None, item=first, version=first.version, message="Neu")
    again = client.get(url).content.replace(b"\r\n ", b"").decode()
    assert f"UID:{first.uid}@kommunalkompass" in again and "SEQUENCE:1" in again


def test_folding_never_splits_a_character_and_escaping_follows_rfc_5545():
    folded = fold("DESCRIPTION:" + "ä" * 80)
    for line in folded.split("\r\n"):
        assert len(line.encode()) <= 75
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + "ä" * 80
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_the_pages_answer_for_a_viewer(client):
    session = CoachingSessionFactory()
    organisation = session.organisation
    client.force_login(member(organisation, role=Role.VIEWER))
    for name in (
        "change:overview",
        "change:initiatives",
        "change:stakeholders",
        "change:pulses",
        "change:communications",
        "change:coaching",
    ):
        assert client.get(reverse(name, args=[organisation.slug])).status_code == 200


@pytest.mark.parametrize("count", [2, 8])
def test_the_lists_cost_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    from .factories import ActionItemFactory, InitiativeFactory, StakeholderFactory

    session = CoachingSessionFactory()
    organisation = session.organisation
    for _ in range(count):
        initiative = InitiativeFactory(organisation=organisation)
        person = StakeholderFactory(organisation=organisation, initiative=initiative)
        services.stakeholder_assess(actor=None, stakeholder=person, power=2, interest=3,
                                    attitude="neutral")  # fmt: skip
        CommunicationFactory(organisation=organisation)
        ActionItemFactory(session=session, owner=session.coachee)
    client.force_login(member(organisation, role=Role.VIEWER))
    for name in ("change:initiatives", "change:stakeholders", "change:communications",
                 "change:coaching"):  # fmt: skip
        # Measured: 7 to 9, the same with 2 and with 8 rows of each kind.
        with django_assert_max_num_queries(9):
            assert client.get(reverse(name, args=[organisation.slug])).status_code == 200


def test_deleting_needs_the_box_ticked_and_is_audited(client):
    from kommunalkompass.assessments.models import Assessment

    from .factories import pulse_with_answers

    organisation = OrganisationFactory()
    pulse = pulse_with_answers(organisation, respondents=3)
    client.force_login(member(organisation))
    url = reverse("change:pulse_delete", args=[organisation.slug, pulse.pk])
    client.post(url)
    assert Assessment.objects.filter(pk=pulse.assessment_id).exists()
    client.post(url, {"confirm": "yes"})
    assert not Assessment.objects.filter(pk=pulse.assessment_id).exists()
    assert AuditEvent.objects.filter(action="delete").count() == 2  # the pulse, its survey
