"""audit_record: a change is recorded; an update that changes nothing is not."""

import pytest

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.audit.services import audit_record, audit_record_many
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_pairs_without_a_difference_are_not_changes():
    membership = MembershipFactory(role="admin")
    department = DepartmentFactory(organisation=membership.organisation)
    kwargs = {"actor": membership.user, "organisation": membership.organisation, "obj": department}

    assert audit_record(action="update", changes={"name": ["Bau", "Bau"]}, **kwargs) is None
    assert (
        audit_record(action="update", changes={"weights": [{"a": 1}, {"a": 1}]}, **kwargs) is None
    )
    event = audit_record(
        action="update", changes={"name": ["Bau", "Bauen"], "code": ["B", "B"]}, **kwargs
    )
    assert event.changes == {"name": ["Bau", "Bauen"]}
    # A creation or deletion is recorded even without field changes.
    assert audit_record(action="delete", **kwargs) is not None
    assert AuditEvent.objects.count() == 2


def test_bulk_updates_record_only_the_objects_that_changed():
    membership = MembershipFactory(role="admin")
    first, second = DepartmentFactory.create_batch(2, organisation=membership.organisation)
    events = audit_record_many(
        actor=membership.user, organisation=membership.organisation, action="update",
        entries=[(first, {"name": ["A", "B"]}), (second, {"name": ["C", "C"]})],
    )  # fmt: skip
    assert [event.object_id for event in events] == [str(first.pk)]
