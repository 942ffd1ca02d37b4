"""Writes of the assessments app, one module per entity; callers write
``services.assessment_create(...)`` whatever module a service lives in.

- ``assessments``: an assessment's set-up by its editors (audited);
- ``surveys``: the anonymous survey, written by respondents (not audited: answers belong
  to nobody);
- ``invitations``: personal survey links sent by e-mail;
- ``self_checks``: the public Quick-Check, kept only with consent;
- ``survey_admin``: end date, closing after it, reminders and paper questionnaires.
"""

from .assessments import (
    ASSESSMENT_FIELDS,
    assessment_close,
    assessment_create,
    assessment_delete,
    assessment_open,
    assessment_set_group_sizes,
    assessment_set_sharing,
    assessment_set_targets,
    open_link_token,
)
from .invitations import (
    MAX_INVITATIONS,
    invitation_access_create,
    invitations_send,
    parse_addresses,
)
from .self_checks import self_check_store
from .survey_admin import (
    assessment_close_ended,
    assessment_set_end_date,
    invitee_answered,
    invitee_register,
    invitees_forget,
    invitees_reminded,
    paper_entry_key,
    paper_questionnaire_enter,
    reminder_recipients,
    reminders_send,
    surveys_process_deadlines,
)
from .surveys import (
    questions_for,
    respondent_numbers_issue,
    response_discard,
    response_save_answers,
    response_set_profile,
    response_submit,
    survey_start,
)

__all__ = [
    "assessment_close_ended",
    "assessment_set_end_date",
    "invitee_answered",
    "invitee_register",
    "invitees_forget",
    "invitees_reminded",
    "paper_entry_key",
    "paper_questionnaire_enter",
    "reminder_recipients",
    "reminders_send",
    "surveys_process_deadlines",
    "ASSESSMENT_FIELDS",
    "MAX_INVITATIONS",
    "assessment_close",
    "assessment_create",
    "assessment_delete",
    "assessment_open",
    "assessment_set_group_sizes",
    "assessment_set_sharing",
    "assessment_set_targets",
    "invitation_access_create",
    "invitations_send",
    "open_link_token",
    "parse_addresses",
    "questions_for",
    "respondent_numbers_issue",
    "response_discard",
    "response_save_answers",
    "response_set_profile",
    "response_submit",
    "self_check_store",
    "survey_start",
]
