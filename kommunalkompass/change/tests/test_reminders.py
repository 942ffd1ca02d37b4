"""Reminders of due coaching actions: once per owner and due date, never for done ones."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from kommunalkompass.change import services
from kommunalkompass.change.tasks import send_action_reminders

from .factories import ActionItemFactory, CoachingSessionFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 5, 10)


def test_due_actions_are_reminded_once_per_owner_and_due_date():
    session = CoachingSessionFactory()
    owner = session.coachee
    due = ActionItemFactory(session=session, owner=owner, due=TODAY, title="Schulung planen")
    ActionItemFactory(session=session, owner=owner, due=TODAY - datetime.timedelta(days=3))
    ActionItemFactory(session=session, owner=owner, due=TODAY + datetime.timedelta(days=1))
    ActionItemFactory(session=session, owner=owner, due=TODAY, status="done")
    sent = send_action_reminders.call(today=TODAY.isoformat())
    assert sent == 1
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "Schulung planen" in message.body
    assert message.body.count("- ") == 2
    assert send_action_reminders.call(today=TODAY.isoformat()) == 0
    services.action_item_update(actor=None, item=due, due=TODAY + datetime.timedelta(days=7))
    assert send_action_reminders.call(today=(TODAY + datetime.timedelta(days=7)).isoformat()) == 1


def test_the_command_queues_the_reminders():
    out = StringIO()
    call_command("change_reminders", stdout=out)
    assert "queued" in out.getvalue()
