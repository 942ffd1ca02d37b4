import rules

from kommunalkompass.organisations.rules import is_editor, is_viewer

rules.add_perm("assessments.view_assessment", is_viewer)
rules.add_perm("assessments.manage_assessment", is_editor)
rules.add_perm("assessments.view_raw_answers", is_editor)
