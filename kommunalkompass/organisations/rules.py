"""Who may do what in an organisation. One permission name per action."""

import rules

from .models import ROLE_RANK, Role
from .tenancy import membership_for


def _has_role(minimum: str):
    @rules.predicate
    def predicate(user, organisation) -> bool:
        if organisation is None:
            return False
        membership = membership_for(user, organisation)
        return membership is not None and ROLE_RANK[membership.role] >= ROLE_RANK[minimum]

    predicate.name = f"has_role_{minimum}"
    return predicate


is_viewer = _has_role(Role.VIEWER)
is_editor = _has_role(Role.EDITOR)
is_admin = _has_role(Role.ADMIN)

rules.add_perm("organisations.view_organisation", is_viewer)
rules.add_perm("organisations.change_organisation", is_admin)
rules.add_perm("organisations.export_organisation", is_admin)
rules.add_perm("organisations.view_members", is_viewer)
rules.add_perm("organisations.manage_members", is_admin)
rules.add_perm("organisations.view_departments", is_viewer)
rules.add_perm("organisations.manage_departments", is_admin)
rules.add_perm("organisations.view_audit_log", is_admin)
