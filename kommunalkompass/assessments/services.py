"""Writes for assessments: set-up, survey access, answers, targets."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.audit.services import audit_record, snapshot
from kommunalkompass.organisations.models import Department

from .maturity import GROUP_KEYS, available_models
from .models import Answer, Assessment, Response, SurveyAccess

ASSESSMENT_FIELDS = (
    "title",
    "model_ident",
    "groups",
    "use_departments",
    "anonymity_threshold",
    "share_for_benchmark",
)


def assessment_create(
    *,
    actor,
    organisation,
    title: str,
    model_ident: str,
    groups: Iterable[str] | None = None,
    use_departments: bool = False,
    anonymity_threshold: int | None = None,
    share_for_benchmark: bool = False,
) -> Assessment:
    """A new draft assessment on a shipped model version."""
    if model_ident not in available_models():
        raise ValidationError({"model_ident": _("Choose one of the maturity models offered.")})
    groups = list(groups or GROUP_KEYS)
    unknown = [g for g in groups if g not in GROUP_KEYS]
    if unknown or not groups:
        raise ValidationError(
            {"groups": _("Choose at least one of the respondent groups offered.")}
        )
    assessment = Assessment(
        organisation=organisation,
        title=(title or "").strip(),
        model_ident=model_ident,
        groups=[g for g in GROUP_KEYS if g in groups],
        use_departments=use_departments,
        anonymity_threshold=anonymity_threshold or settings.ANONYMITY_THRESHOLD,
        share_for_benchmark=share_for_benchmark,
        created_by=actor,
    )
    assessment.full_clean()
    with transaction.atomic():
        assessment.save()
        audit_record(
            actor=actor,
            organisation=organisation,
            action="create",
            obj=assessment,
            changes=snapshot(assessment, ASSESSMENT_FIELDS),
        )
    return assessment


def open_link_token(assessment: Assessment, group: str) -> str:
    """The token of a group's open link.

    Derived with an HMAC from the installation's secret key, so that editors can show and
    print it again at any time while the database still holds only its hash.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"kommunalkompass.open-link:{assessment.pk}:{group}".encode(),
        hashlib.sha256,
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _open_links(assessment: Assessment) -> dict[str, str]:
    """Create one open link per group; returns the tokens by group."""
    tokens = {}
    for group in assessment.groups:
        token = open_link_token(assessment, group)
        SurveyAccess.objects.create(
            organisation_id=assessment.organisation_id,
            assessment=assessment,
            kind=SurveyAccess.Kind.OPEN_LINK,
            group=group,
            token_hash=secret_hash(token),
        )
        tokens[group] = token
    return tokens


@transaction.atomic
def assessment_open(*, actor, assessment: Assessment) -> dict[str, str]:
    """Open a draft for answers. Returns the open link token of each group, shown once."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(_("Only a draft can be opened."), code="not_draft")
    assessment.status = Assessment.Status.OPEN
    assessment.opened_at = timezone.now()
    assessment.save(update_fields=["status", "opened_at"])
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"status": ["draft", "open"]},
    )
    return _open_links(assessment)


@transaction.atomic
def assessment_close(*, actor, assessment: Assessment) -> Assessment:
    """Close an open assessment: no more answers; results keep the model version."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.OPEN:
        raise ValidationError(_("Only an open assessment can be closed."), code="not_open")
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"status": ["open", "closed"]},
    )
    return assessment


@transaction.atomic
def assessment_set_targets(
    *, actor, assessment: Assessment, targets: dict[str, int | None]
) -> Assessment:
    """Set the target level (1–5) of dimensions; ``None`` removes a target."""
    model = assessment.model
    keys = {d.key for d in model.dimensions}
    new = dict(assessment.targets)
    for key, value in targets.items():
        if key not in keys:
            raise ValidationError({key: _("This dimension is not part of the model.")})
        if value in (None, ""):
            new.pop(key, None)
            continue
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({key: _("A target level is a whole number from 1 to 5.")})
        new[key] = value
    old = dict(assessment.targets)
    assessment.targets = new
    assessment.save(update_fields=["targets"])
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"targets": [old, new]},
    )
    return assessment


def assessment_set_group_sizes(
    *, actor, assessment: Assessment, sizes: dict[str, int | None]
) -> Assessment:
    """Set how many people each group has (``None`` removes it): the response-rate base."""
    new = dict(assessment.group_sizes)
    for key, value in sizes.items():
        if key not in assessment.groups:
            raise ValidationError({key: _("This group is not part of the assessment.")})
        if value in (None, ""):
            new.pop(key, None)
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError({key: _("Enter a whole number of at least 1.")})
        new[key] = value
    old = dict(assessment.group_sizes)
    assessment.group_sizes = new
    assessment.save(update_fields=["group_sizes"])
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"group_sizes": [old, new]},
    )
    return assessment


def assessment_set_sharing(*, actor, assessment: Assessment, share: bool) -> Assessment:
    """Share (or stop sharing) the assessment's dimension scores for peer benchmarks.

    A setting, not data: it may change in any status, also after closing.
    """
    if assessment.share_for_benchmark == share:
        return assessment
    assessment.share_for_benchmark = share
    assessment.save(update_fields=["share_for_benchmark"])
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="update",
        obj=assessment,
        changes={"share_for_benchmark": [not share, share]},
    )
    return assessment


def _new_number(assessment: Assessment) -> int:
    return secrets.randbelow(900_000) + 100_000


def survey_start(
    *, token: str, group: str = "", department_id: int | None = None
) -> tuple[Response, str | None]:
    """Start answering through ``token``: the respondent sent the survey's intro page.

    A personal invitation has one response: the first start creates it, a later one returns
    it unchanged. An open link starts a new response every time and returns its own resume
    secret, which only the respondent's browser keeps (the database stores only its hash).
    ``group`` (when the link does not fix it) and ``department_id`` are checked as by
    ``response_set_profile``; with a fault nothing is written. Raises ``LookupError`` for an
    unknown token.
    """
    digest = secret_hash(token or "")
    # Every survey page shows the organisation's name; its logo is not shown there.
    responses = Response.objects.select_related("assessment__organisation").defer(
        "assessment__organisation__logo"
    )
    existing = responses.filter(token_hash=digest).first()
    if existing is not None:
        return existing, None
    access = SurveyAccess.objects.select_related("assessment").filter(token_hash=digest).first()
    if access is None:
        raise LookupError("unknown survey token")
    if access.assessment.status != Assessment.Status.OPEN:
        raise ValidationError(_("This survey is not open."), code="closed")
    group, department_id = _profile(
        access.assessment, fixed=access.group, group=group, department_id=department_id
    )
    own_token = token if access.kind == SurveyAccess.Kind.INVITATION else new_secret()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                response = Response.objects.create(
                    organisation_id=access.organisation_id,
                    assessment=access.assessment,
                    access=access if access.kind == SurveyAccess.Kind.INVITATION else None,
                    token_hash=secret_hash(own_token),
                    group=group,
                    department_id=department_id,
                    number=_new_number(access.assessment),
                )
            break
        except IntegrityError:
            # A concurrent first start of the same invitation, or a number taken twice.
            existing = responses.filter(token_hash=secret_hash(own_token)).first()
            if existing is not None:
                return existing, None
    else:  # pragma: no cover - five random collisions in a row
        raise ValidationError(_("The survey could not be started. Please try again."))
    return response, (own_token if own_token != token else None)


def _profile(
    assessment: Assessment, *, fixed: str, group: str, department_id: int | None
) -> tuple[str, int | None]:
    """The checked group and department of a respondent; ``fixed`` is the link's group."""
    if group:
        if group not in assessment.groups:
            raise ValidationError({"group": _("Choose the group you belong to.")})
        if fixed and fixed != group:
            raise ValidationError({"group": _("The group given by your link cannot be changed.")})
    group = group or fixed
    if not group:
        raise ValidationError({"group": _("Choose the group you belong to.")})
    if not assessment.use_departments or department_id is None:
        return group, None
    if not Department.objects.filter(
        pk=department_id, organisation_id=assessment.organisation_id
    ).exists():
        raise ValidationError({"department": _("Choose one of the departments offered.")})
    return group, department_id


def _check_open(response: Response) -> None:
    if response.submitted_on is not None:
        raise ValidationError(_("These answers have already been submitted."), code="submitted")
    if response.assessment.status != Assessment.Status.OPEN:
        raise ValidationError(
            _("This survey is closed; answers can no longer be changed."), code="closed"
        )


@transaction.atomic
def response_set_profile(*, response: Response, group: str, department_id: int | None) -> Response:
    """The respondent's group (when the link did not fix it) and, if asked, department."""
    _check_open(response)
    group, department = _profile(
        response.assessment, fixed=response.group, group=group, department_id=department_id
    )
    response.group = group
    if response.assessment.use_departments:
        response.department_id = department
    response.save(update_fields=["group", "department"])
    return response


@transaction.atomic
def response_discard(*, response: Response) -> None:
    """Delete answers that were started but not sent (the respondent starts afresh).

    Sent answers cannot be discarded: they are part of the results.
    """
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.submitted_on is not None:
        raise ValidationError(_("These answers have already been submitted."), code="submitted")
    response.delete()


def questions_for(response: Response) -> list:
    """The questions this respondent sees: those of the model meant for their group."""
    return [q for q in response.assessment.model.questions() if response.group in q.groups]


@transaction.atomic
def response_save_answers(*, response: Response, answers: dict[str, int | None]) -> int:
    """Save answers (question key → level 1–5, or ``None`` for "weiß nicht").

    Every key must be a question of this assessment's model meant for the respondent's
    group; otherwise nothing is saved.
    """
    response = Response.objects.select_for_update().select_related("assessment").get(pk=response.pk)
    _check_open(response)
    model = response.assessment.model
    allowed = {q.key: q for q in questions_for(response)}
    for key, level in answers.items():
        if key not in allowed:
            raise ValidationError(
                _("The question %(key)s is not part of this survey.") % {"key": key}, code="foreign"
            )
        if level is not None and level not in (1, 2, 3, 4, 5):
            raise ValidationError(
                _("The answer to %(key)s must be a level from 1 to 5 or “don’t know”.")
                % {"key": key}
            )
    # One statement for new and changed answers: an answer given before keeps its row and
    # gets the new level.
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question_key=key,
                dimension=model.dimension_of(key).key,
                weight=allowed[key].weight,
                level=level,
            )
            for key, level in answers.items()
        ],
        update_conflicts=True,
        unique_fields=["response", "question_key"],
        update_fields=["level"],
    )
    return len(answers)


@transaction.atomic
def response_submit(*, response: Response) -> Response:
    """Submit once; afterwards the link shows only a thank-you page."""
    response = Response.objects.select_for_update().select_related("assessment").get(pk=response.pk)
    _check_open(response)
    if not response.group:
        raise ValidationError({"group": _("Choose the group you belong to.")})
    if not response.answers.exists():
        raise ValidationError(
            _("Please answer at least one question before submitting."), code="empty"
        )
    response.submitted_on = timezone.localdate()
    response.save(update_fields=["submitted_on"])
    return response


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
    *, actor, assessment: Assessment, text: str, group: str, language: str, base_url: str
) -> int:
    """Send personal survey links to the addresses in ``text``, in the background.

    Nothing is sent unless every entry is a valid address; the addresses are not stored.
    """
    if assessment.status != Assessment.Status.OPEN:
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
    from .tasks import send_survey_invitations

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
        )
    )
    return len(addresses)


@transaction.atomic
def assessment_delete(*, actor, assessment: Assessment) -> None:
    """Delete an assessment with all its survey links, answers and results, for good."""
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="delete",
        obj=assessment,
        changes={"title": assessment.title, "status": assessment.status},
    )
    assessment.delete()
