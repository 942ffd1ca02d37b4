"""Writes of the survey's administration: the end date, closing after it, reminders to
those invited personally who have not answered, and paper questionnaires entered by an
editor (docs/scoring.md, "Survey administration").

Anonymity: an invited address is kept (``SurveyInvitee``) only while the survey is open and
only until its answers are submitted; nothing stored links it to a response. Editors see
counts only.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.accounts.tokens import secret_hash
from kommunalkompass.audit.services import audit_record

from ..deadlines import has_ended, is_accepting, reminder_due
from ..models import Answer, Assessment, Response, SurveyAccess, SurveyInvitee

# The end date, and closing after it ---------------------------------------------------------


@transaction.atomic
def assessment_set_end_date(
    *, actor: User | None, assessment: Assessment, ends_on: datetime.date | None
) -> Assessment:
    """Set (or remove, with ``None``) the last day of a draft's or an open survey.

    Unchanged, nothing is written. The end date cannot lie in the past: the survey would
    close at once.
    """
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.ends_on == ends_on:
        return assessment
    if assessment.status == Assessment.Status.CLOSED:
        raise ValidationError({"ends_on": _("A closed survey has no end date to change.")})
    if ends_on is not None and ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("The end date cannot lie in the past.")})
    old = assessment.ends_on
    assessment.ends_on = ends_on
    assessment.save(update_fields=["ends_on"])
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"ends_on": [old.isoformat() if old else None, ends_on and ends_on.isoformat()]},
    )
    return assessment


def invitees_forget(*, assessment: Assessment) -> int:
    """Delete the addresses kept for reminders (the survey has closed)."""
    deleted, _counts = SurveyInvitee.objects.filter(assessment=assessment).delete()
    return deleted


@transaction.atomic
def assessment_close_ended(*, assessment: Assessment, today: datetime.date | None = None) -> bool:
    """Close an open survey whose end date has passed, as the system (no actor); the results
    stay as they are. ``False`` when it is not open or has not ended."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.OPEN or not has_ended(assessment, today):
        return False
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at"])
    invitees_forget(assessment=assessment)
    audit_record(
        actor=None,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"status": ["open", "closed"], "ends_on": assessment.ends_on.isoformat()},  # type: ignore[union-attr]
    )
    return True


def surveys_process_deadlines(*, today: datetime.date | None = None) -> tuple[int, int]:
    """The daily round (``manage.py survey_deadlines``): close every open survey whose end
    date has passed, and enqueue the reminder of every survey ending within
    ``deadlines.REMINDER_DAYS`` days that has invited addresses not yet reminded. Returns
    the number of surveys closed and of addresses being reminded."""
    today = today or timezone.localdate()
    closed = reminded = 0
    for assessment in Assessment.objects.filter(
        status=Assessment.Status.OPEN, ends_on__isnull=False
    ).select_related("organisation"):
        if has_ended(assessment, today):
            closed += assessment_close_ended(assessment=assessment, today=today)
        elif reminder_due(assessment, today) and _pending(assessment).exists():
            reminded += reminders_send(
                actor=None, assessment=assessment, language=settings.LANGUAGE_CODE
            )
    return closed, reminded


# Reminders ----------------------------------------------------------------------------------


def _marker(token: str) -> str:
    """The keyed hash that finds an invited address by its link; unlike ``secret_hash``
    (what a response carries) it needs the installation's secret key."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"kommunalkompass.invitee:{token}".encode(), hashlib.sha256
    ).hexdigest()


def _keystream(marker: str, length: int) -> bytes:
    stream = b""
    counter = 0
    while len(stream) < length:
        stream += hmac.new(
            settings.SECRET_KEY.encode(),
            f"kommunalkompass.invitee-seal:{marker}:{counter}".encode(),
            hashlib.sha256,
        ).digest()
        counter += 1
    return stream[:length]


def _seal(token: str, marker: str) -> str:
    data = token.encode()
    sealed = bytes(a ^ b for a, b in zip(data, _keystream(marker, len(data)), strict=True))
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def unseal(invitee: SurveyInvitee) -> str:
    """The link token of an invited address (for its reminder, in the background only)."""
    text = invitee.sealed_token_hash
    sealed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    stream = _keystream(invitee.marker_hash, len(sealed))
    return bytes(a ^ b for a, b in zip(sealed, stream, strict=True)).decode(errors="replace")


def invitee_register(*, assessment: Assessment, email: str, token: str) -> SurveyInvitee:
    """Keep an address invited with ``token`` for its reminder (in the invitation task)."""
    marker = _marker(token)
    return SurveyInvitee.objects.create(
        organisation_id=assessment.organisation_id,
        assessment=assessment,
        email=email,
        marker_hash=marker,
        sealed_token_hash=_seal(token, marker),
    )


def invitee_answered(*, token: str) -> None:
    """Forget the address invited with ``token``: its answers have been submitted. From now
    on nothing stored says that this address was invited, let alone that it answered."""
    SurveyInvitee.objects.filter(marker_hash=_marker(token or "")).delete()


def _pending(assessment: Assessment) -> QuerySet[SurveyInvitee]:
    return SurveyInvitee.objects.filter(assessment=assessment, reminded_on__isnull=True)


def reminders_send(
    *, actor: User | None, assessment: Assessment, language: str, base_url: str = ""
) -> int:
    """Remind, in the background, everyone invited personally who has not submitted and
    has not been reminded yet; each address gets one reminder with its own link. Returns
    how many are being reminded, for the operator's command only: pages and the audit log
    do not show it below *k* (``selectors.reminders_pending``), so that nobody can tell
    from it whether a particular person has answered."""
    if not is_accepting(assessment):
        raise ValidationError(_("Reminders can be sent only while the survey is open."))
    count = _pending(assessment).count()
    if not count:
        return 0
    from ..tasks import send_survey_reminders

    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"reminders_sent": True},
    )
    transaction.on_commit(
        lambda: send_survey_reminders.enqueue(
            assessment_id=assessment.pk, language=language, base_url=base_url
        )
    )
    return count


def reminder_recipients(*, assessment: Assessment) -> list[tuple[SurveyInvitee, str]]:
    """The addresses to remind now, each with its link token; an address whose link has
    been used to submit (or no longer exists) is forgotten instead (in the task only)."""
    recipients = []
    for invitee in _pending(assessment):
        token = unseal(invitee)
        access = SurveyAccess.objects.filter(
            token_hash=secret_hash(token), assessment=assessment
        ).first()
        submitted = Response.objects.filter(
            token_hash=secret_hash(token), submitted_on__isnull=False
        ).exists()
        if access is None or submitted:
            invitee.delete()
            continue
        recipients.append((invitee, token))
    return recipients


def invitees_reminded(*, invitees: list[SurveyInvitee]) -> None:
    """Mark addresses as reminded (each gets one reminder)."""
    SurveyInvitee.objects.filter(pk__in=[i.pk for i in invitees]).update(
        reminded_on=timezone.localdate()
    )


# Paper questionnaires -----------------------------------------------------------------------

PAPER_SALT = "kommunalkompass.paper-entry"


def paper_entry_key() -> str:
    """A signed one-time key for one rendering of the entry form: sending the same form
    twice stores one questionnaire."""
    return signing.dumps(secrets.token_urlsafe(24), salt=PAPER_SALT)


def paper_questionnaire_enter(
    *,
    actor: User | None,
    assessment: Assessment,
    group: str,
    department_id: int | None,
    answers: dict[str, int | None],
    key: str,
) -> Response | None:
    """Store one paper questionnaire as a submitted response, counted like online answers
    (same threshold, same suppression). ``None`` when this form (``key``) was sent before.

    The audit log records only that a paper questionnaire was entered: not the group, the
    department, the answers or the response, so that the log singles out nobody.
    """
    from .surveys import (  # the respondent's group and department, checked
        _profile,
        answer_rows,
        respondent_numbers_issue,
    )

    if not is_accepting(assessment):
        raise ValidationError(
            _("Paper questionnaires can be entered only while the survey is open.")
        )
    try:
        nonce = signing.loads(key, salt=PAPER_SALT, max_age=datetime.timedelta(days=1))
    except signing.BadSignature:
        raise ValidationError(
            _("The form has expired. Please enter the questionnaire again.")
        ) from None
    group, department_id = _profile(assessment, fixed="", group=group, department_id=department_id)
    model = assessment.model
    allowed = {q.key: q for q in model.questions() if group in q.groups}
    given = {key: level for key, level in answers.items() if key in allowed}
    if set(answers) - set(allowed):
        raise ValidationError(_("Some answers belong to questions this group was not asked."))
    if any(level not in (None, 1, 2, 3, 4, 5) for level in given.values()):
        raise ValidationError(_("An answer must be a level from 1 to 5 or “don’t know”."))
    if not given:
        raise ValidationError(_("Enter at least one answer of the questionnaire."))
    today = timezone.localdate()
    digest = secret_hash(f"paper:{nonce}")
    if Response.objects.filter(token_hash=digest).exists():
        return None  # this form was sent before
    try:
        with transaction.atomic():
            response = Response.objects.create(
                organisation_id=assessment.organisation_id,
                assessment=assessment,
                token_hash=digest,
                group=group,
                department_id=department_id,
                number=respondent_numbers_issue(assessment_id=assessment.pk)[0],
                started_on=today,
                submitted_on=today,
            )
            Answer.objects.bulk_create(
                answer_rows(response=response, model=model, questions=allowed, answers=given)
            )
            audit_record(
                actor=actor,
                organisation=assessment.organisation,
                action="update",
                obj=assessment,
                changes={"paper_questionnaire_entered": True},
            )
    except IntegrityError:
        return None  # the same form sent twice at the same moment: the other one is stored
    return response
