"""Background work of the change module (django-tasks): reminders of due coaching actions."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kommunalkompass.core.links import absolute_url


@task()
def send_action_reminders(*, today: str, language: str = "") -> int:
    """E-mail each owner of open coaching actions due on ``today`` (ISO date) or before one
    reminder listing them, and note the reminder so that the next run does not repeat it
    (a new due date earns a new one). Returns the number of e-mails sent."""
    from . import selectors, services

    day = datetime.date.fromisoformat(today)
    items = list(selectors.due_action_items(today=day))
    by_owner = defaultdict(list)
    for item in items:
        by_owner[(item.organisation_id, item.owner_id)].append(item)
    messages = []
    with translation.override(language or settings.LANGUAGE_CODE):
        for owned in by_owner.values():
            first = owned[0]
            subject = _("Due actions from coaching: %(organisation)s") % {
                "organisation": first.organisation.name
            }
            url = absolute_url(reverse("change:coaching", args=[first.organisation.slug]))
            body = render_to_string(
                "change/email/reminder.txt",
                {"items": owned, "url": url, "organisation": first.organisation, "today": day},
            )
            messages.append((subject, body, None, [first.owner.email]))
    send_mass_mail(messages, fail_silently=False)
    services.action_items_mark_reminded(items=items, on=day)
    return len(messages)
