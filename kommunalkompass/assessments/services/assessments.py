"""Writes of an assessment's set-up by its editors: create, open, close, targets, group
sizes, sharing and deletion, each recorded in the audit log."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.accounts.tokens import secret_hash
from kommunalkompass.audit.services import audit_record, snapshot
from kommunalkompass.organisations.models import Organisation

from ..maturity import GROUP_KEYS, available_models
from ..models import Assessment, SurveyAccess
from ..peers import benchmark_threshold

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
    actor: User | None,
    organisation: Organisation,
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
    if share_for_benchmark:
        _check_shareable(assessment, field="anonymity_threshold")
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
def assessment_open(*, actor: User | None, assessment: Assessment) -> dict[str, str]:
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
def assessment_close(*, actor: User | None, assessment: Assessment) -> Assessment:
    """Close an open assessment: no more answers; results keep the model version."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.OPEN:
        raise ValidationError(_("Only an open assessment can be closed."), code="not_open")
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at"])
    from .survey_admin import invitees_forget

    invitees_forget(assessment=assessment)  # the addresses kept for reminders
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
    *, actor: User | None, assessment: Assessment, targets: dict[str, int | None]
) -> Assessment:
    """Set the target level (1–5) of dimensions; ``None`` removes a target."""
    model = assessment.model
    keys = {d.key for d in model.dimensions}
    new = dict(assessment.targets)
    for key, value in targets.items():
        if key not in keys:
            raise ValidationError({key: _("This dimension is not part of the model.")})
        if value is None:
            new.pop(key, None)
            continue
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise ValidationError({key: _("A target level is a whole number from 1 to 5.")})
        new[key] = value
    return _store_table(actor=actor, assessment=assessment, field="targets", new=new)


def _store_table(
    *, actor: User | None, assessment: Assessment, field: str, new: dict[str, int]
) -> Assessment:
    """Store one of the assessment's value tables; unchanged, nothing is written."""
    old = dict(getattr(assessment, field))
    if old == new:
        return assessment
    setattr(assessment, field, new)
    assessment.save(update_fields=[field])
    audit_record(
        actor=actor, organisation=assessment.organisation, action="update", obj=assessment,
        changes={field: [old, new]},
    )  # fmt: skip
    return assessment


def assessment_set_group_sizes(
    *, actor: User | None, assessment: Assessment, sizes: dict[str, int | None]
) -> Assessment:
    """Set how many people each group has (``None`` removes it): the response-rate base."""
    new = dict(assessment.group_sizes)
    for key, value in sizes.items():
        if key not in assessment.groups:
            raise ValidationError({key: _("This group is not part of the assessment.")})
        if value is None:
            new.pop(key, None)
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValidationError({key: _("Enter a whole number of at least 1.")})
        new[key] = value
    return _store_table(actor=actor, assessment=assessment, field="group_sizes", new=new)


def _check_shareable(assessment: Assessment, *, field: str) -> None:
    """Only an assessment run with at least the installation's minimum threshold may be
    shared for benchmarks: a smaller one would let a peer's few respondents be read from
    the comparison (docs/scoring.md, "Peer benchmarks")."""
    minimum = benchmark_threshold()
    if assessment.anonymity_threshold < minimum:
        raise ValidationError(
            {
                field: _(
                    "Only an assessment with an anonymity threshold of at least %(minimum)d "
                    "can be shared for comparisons with other organisations; this one has "
                    "%(threshold)d."
                )
                % {"minimum": minimum, "threshold": assessment.anonymity_threshold}
            },
            code="threshold_too_low",
        )


def assessment_set_sharing(
    *, actor: User | None, assessment: Assessment, share: bool
) -> Assessment:
    """Share (or stop sharing) the assessment's dimension scores for peer benchmarks.

    A setting, not data: it may change in any status, also after closing. Sharing needs an
    anonymity threshold of at least ``peers.benchmark_threshold()``; stopping always works.
    """
    if assessment.share_for_benchmark == share:
        return assessment
    if share:
        _check_shareable(assessment, field="share_for_benchmark")
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


@transaction.atomic
def assessment_delete(*, actor: User | None, assessment: Assessment) -> None:
    """Delete an assessment with all its survey links, answers and results, for good."""
    audit_record(
        actor=actor,
        organisation=assessment.organisation,
        action="delete",
        obj=assessment,
        changes={"title": assessment.title, "status": assessment.status},
    )
    assessment.delete()
