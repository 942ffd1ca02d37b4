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


def test_an_edit_on_a_stale_version_is_refused_and_an_empty_edit_writes_nothing():
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from kommunalkompass.audit.services import lock_for_edit, save_edit, snapshot

    membership = MembershipFactory(role="admin")
    organisation = membership.organisation
    with transaction.atomic(), pytest.raises(ValidationError) as error:
        lock_for_edit(organisation, organisation.version + 1, stale_message="Stale.")
    assert error.value.code == "stale"

    with transaction.atomic():
        locked = lock_for_edit(organisation, organisation.version, stale_message="Stale.")
        before = snapshot(locked, ("name",))
        assert save_edit(
            actor=membership.user, organisation=organisation, obj=locked, before=before,
            fields=("name",),
        ) == {}  # fmt: skip
        locked.name = "Neuer Name"
        changes = save_edit(
            actor=membership.user, organisation=organisation, obj=locked, before=before,
            fields=("name",),
        )  # fmt: skip
    assert changes == {"name": [before["name"], "Neuer Name"]}
    assert locked.version == organisation.version + 1
    assert AuditEvent.objects.get().changes == changes
