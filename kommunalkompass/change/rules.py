import rules

from kommunalkompass.organisations.rules import is_editor, is_viewer

rules.add_perm("change.view_change", is_viewer)
rules.add_perm("change.manage_change", is_editor)
