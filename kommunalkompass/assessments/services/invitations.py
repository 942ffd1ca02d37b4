"""Writes of personal survey invitations: one-use links, sent by e-mail in the background."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.audit.services import audit_record

from ..deadlines import is_accepting
from ..models import Assessment, SurveyAccess


def invitation_access_create(*, assessment: Assessment, group: str) -> str:
    """A new one-use personal survey link for ``group``; returns its token (stored hashed)."""
    token = new_secret()
    SurveyAccess.objects.create(
        organisation_id=assessment.organisation_id,
        assessment=assessment,
        kind=SurveyAccess.Kind.INVITATION,
        group=group,
        token_hash=secret_hash(token),
    )
    return token


MAX_INVITATIONS = 5000


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """E-mail addresses from pasted text or a CSV file (one per line, or separated by commas
    or semicolons; a header cell "email"/"e-mail" is skipped). Returns the unique valid
    addresses and one message per invalid entry with its line number."""
    validator = EmailValidator()
    addresses, errors, seen = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        for cell in re.split(r"[,;\t]", line):
            value = cell.strip().strip('"').strip()
            if not value or value.lower() in {"email", "e-mail", "e-mail-adresse", "mail"}:
                continue
            try:
                validator(value)
            except ValidationError:
                errors.append(
                    _("Line %(line)d: “%(value)s” is not a valid e-mail address.")
                    % {"line": number, "value": value[:80]}
                )
                continue
            if value.lower() not in seen:
                seen.add(value.lower())
                addresses.append(value)
    return addresses, errors


def invitations_send(
    *,
    actor: User | None,
    assessment: Assessment,
    text: str,
    group: str,
    language: str,
    base_url: str,
    remind: bool = False,
) -> int:
    """Send personal survey links to the addresses in ``text``, in the background.

    Nothing is sent unless every entry is a valid address. With ``remind`` the addresses
    are kept, apart from the answers, until each has submitted or the survey closes, for one
    reminder before the end date (``survey_admin``); otherwise they are not stored.
    """
    if not is_accepting(assessment):
        raise ValidationError(_("Invitations can be sent only while the assessment is open."))
    if group not in assessment.groups:
        raise ValidationError({"group": _("Choose one of the groups of this assessment.")})
    addresses, errors = parse_addresses(text)
    if errors:
        raise ValidationError({"addresses": errors})
    if not addresses:
        raise ValidationError({"addresses": _("Enter at least one e-mail address.")})
    if len(addresses) > MAX_INVITATIONS:
        raise ValidationError(
            {
                "addresses": _("At most %(max)d addresses can be invited at once.")
                % {"max": MAX_INVITATIONS}
            }
        )
    from ..tasks import send_survey_invitations

    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"invitations": {"group": group, "count": len(addresses)}},
    )
    transaction.on_commit(
        lambda: send_survey_invitations.enqueue(
            assessment_id=assessment.pk,
            emails=addresses,
            group=group,
            language=language,
            base_url=base_url,
            remind=remind,
        )
    )
    return len(addresses)
