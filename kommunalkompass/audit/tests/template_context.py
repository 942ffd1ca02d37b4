"""Context for rendering the audit templates in the template test (tests/test_templates.py)."""

from kommunalkompass.audit.presentation import present_events
from kommunalkompass.audit.services import audit_record


def extend(context: dict) -> None:
    organisation = context["current_organisation"]
    event = audit_record(
        actor=context["user"],
        organisation=organisation,
        action="update",
        obj=organisation,
        changes={"name": ["A", "B"], "notes": ["", "Ein langer Text. " * 10]},
    )
    presented = present_events([event])
    context.update({"events": presented, "event": presented[0]})
