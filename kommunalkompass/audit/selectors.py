from typing import Any

from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(*, organisation: Any) -> QuerySet[AuditEvent]:
    """The organisation's audit trail, newest first, with actor and object type loaded.

    (``organisation`` is an ``organisations.Organisation``; audit sits below organisations
    and does not import it.)"""
    return AuditEvent.objects.filter(organisation=organisation).select_related(
        "actor", "content_type"
    )
