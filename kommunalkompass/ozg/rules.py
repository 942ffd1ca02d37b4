import rules

from kommunalkompass.organisations.rules import is_editor, is_viewer

rules.add_perm("ozg.view_services", is_viewer)
rules.add_perm("ozg.manage_services", is_editor)
