import rules

from kommunalkompass.organisations.rules import is_editor, is_viewer

rules.add_perm("strategy.view_strategy", is_viewer)
rules.add_perm("strategy.manage_strategy", is_editor)
