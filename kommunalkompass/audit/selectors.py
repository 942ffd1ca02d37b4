from django.db.models import QuerySet

from .models import AuditEvent


def audit_event_list(*, organisation) -> QuerySet[AuditEvent]:
    """The organisation's audit trail, newest first, with actor and object type loaded."""
    return AuditEvent.objects.filter(organisation=organisation).select_related(
        "actor", "content_type"
    )
