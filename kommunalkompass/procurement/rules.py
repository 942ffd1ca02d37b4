import rules

from kommunalkompass.organisations.rules import is_editor, is_viewer

rules.add_perm("procurement.view_procurements", is_viewer)
rules.add_perm("procurement.manage_procurements", is_editor)
# Signing an evaluation off: an editor or administrator; the second signer must be another
# person (checked by the service).
rules.add_perm("procurement.sign_evaluation", is_editor)
