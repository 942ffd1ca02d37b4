import rules

from kommunalkompass.organisations.rules import is_editor, is_viewer

rules.add_perm("positions.view_posts", is_viewer)
# HR and the head of IT write descriptions, role needs and the advertisement text: editors.
rules.add_perm("positions.manage_posts", is_editor)
