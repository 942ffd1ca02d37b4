import rules

from kommunalkompass.organisations.rules import is_admin, is_editor, is_viewer

rules.add_perm("strategy.view_strategy", is_viewer)
rules.add_perm("strategy.manage_strategy", is_editor)
# Publishing the strategy to everybody (/p/<slug>/) is the organisation's decision: admins.
rules.add_perm("strategy.publish_strategy", is_admin)
