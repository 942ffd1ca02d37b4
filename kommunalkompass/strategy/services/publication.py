"""Writes of the public strategy page's settings: publish, what it shows, revoke."""

from __future__ import annotations

from django.db import transaction

from kommunalkompass.accounts.models import User
from kommunalkompass.audit.services import audit_record, changed_fields, snapshot
from kommunalkompass.organisations.models import Organisation

from ..models import StrategyPublication

PUBLICATION_FIELDS = ("published", "show_costs", "show_ozg")


@transaction.atomic
def strategy_publication_update(
    *,
    actor: User | None,
    organisation: Organisation,
    published: bool,
    show_costs: bool = False,
    show_ozg: bool = False,
) -> StrategyPublication:
    """Publish the organisation's current strategy at ``/p/<slug>/`` (or stop publishing
    it) and choose whether the page shows the costs of the measures and the share of OZG
    services online. Recorded in the audit log. The row is created on the first change;
    saving the defaults unchanged writes nothing."""
    current = (
        StrategyPublication.objects.select_for_update().filter(organisation=organisation).first()
    ) or StrategyPublication(organisation=organisation)
    before = snapshot(current, PUBLICATION_FIELDS)
    current.published, current.show_costs, current.show_ozg = (
        bool(published),
        bool(show_costs),
        bool(show_ozg),
    )
    changes = changed_fields(before, snapshot(current, PUBLICATION_FIELDS))
    if not changes:
        return current
    current.save()
    audit_record(
        actor=actor, organisation=organisation, action="update", obj=current, changes=changes
    )
    return current
