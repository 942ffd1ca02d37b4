"""How the tenancy matrix builds URLs of this app that need more than the slug.

Every app with URLs under ``/o/<slug>/`` that take further arguments (or API paths with
further parameters) adds a ``tests/matrix.py`` like this one; the matrix in
``tests/test_tenancy_matrix.py`` finds it by itself.

``URL_KWARGS`` maps a URL name to a function ``(organisation) -> kwargs``;
``API_PARAMS`` maps an API path parameter to a function ``(organisation) -> value``.
The objects must belong to the organisation passed in.
"""

from kommunalkompass.organisations.models import Invitation, Membership, Role

from .factories import DepartmentFactory, MembershipFactory


def _viewer_membership(organisation) -> Membership:
    return Membership.objects.filter(
        organisation=organisation, role=Role.VIEWER
    ).first() or MembershipFactory(organisation=organisation, role=Role.VIEWER)


def _invitation(organisation) -> Invitation:
    from datetime import timedelta

    from django.utils import timezone

    return Invitation.objects.create(
        organisation=organisation,
        email=f"invited@{organisation.slug}.example",
        role=Role.VIEWER,
        token_hash=f"matrix-{organisation.pk}".ljust(64, "0"),
        expires_at=timezone.now() + timedelta(days=7),
    )


URL_KWARGS = {
    "organisations:member_role": lambda org: {"pk": _viewer_membership(org).pk},
    "organisations:member_remove": lambda org: {"pk": _viewer_membership(org).pk},
    "organisations:invitation_revoke": lambda org: {"pk": _invitation(org).pk},
    "organisations:department_edit": lambda org: {"pk": DepartmentFactory(organisation=org).pk},
    "organisations:department_delete": lambda org: {"pk": DepartmentFactory(organisation=org).pk},
}

API_PARAMS = {
    "department_id": lambda org: DepartmentFactory(organisation=org).pk,
    "membership_id": lambda org: _viewer_membership(org).pk,
}
