"""Writes for organisations, departments, memberships and invitations.

Every write is recorded in the audit log and validated before anything is saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kommunalkompass.accounts.models import User
from kommunalkompass.accounts.tokens import new_secret, secret_hash
from kommunalkompass.audit.services import (
    audit_record,
    changed_fields,
    lock_for_edit,
    save_edit,
    snapshot,
)
from kommunalkompass.documents.images import MAX_SIDE, ImageError, redrawn_png

from .models import Department, Invitation, Membership, Organisation, RegisterEntry, Role
from .tasks import send_invitation_email

ORGANISATION_FIELDS = ("name", "kind", "ags", "state", "population", "slug", "notes")
DEPARTMENT_FIELDS = ("name", "short_name")

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def organisation_slug_suggest(name: str) -> str:
    """A free slug made from ``name``, with German umlauts written out."""
    base = slugify(name.translate(_UMLAUTS))[:50] or "organisation"
    slug, counter = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _validated(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude)


@transaction.atomic
def organisation_create(*, creator: User, **fields: Any) -> Organisation:
    """A new organisation whose creator becomes its first admin."""
    data = {name: fields.get(name) for name in ORGANISATION_FIELDS if name in fields}
    data["ags"] = (data.get("ags") or "").strip()
    if not data.get("slug"):
        data["slug"] = organisation_slug_suggest(data.get("name") or "")
    organisation = Organisation(**data)
    _validated(organisation)
    organisation.save()
    Membership.objects.create(organisation=organisation, user=creator, role=Role.ADMIN)
    audit_record(
        actor=creator,
        organisation=organisation,
        action="create",
        obj=organisation,
        changes=snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, version: int | None = None, **fields: Any
) -> Organisation:
    """Change the organisation's master data.

    ``version`` is the version the editor started from; if someone saved in between,
    the change is refused instead of silently overwriting theirs.
    """
    locked = lock_for_edit(
        organisation,
        version,
        stale_message=_(
            "Someone else changed this organisation while you were editing. "
            "Reload the page to see their changes, then make yours again."
        ),
    )
    before = snapshot(locked, ORGANISATION_FIELDS)
    for name in ORGANISATION_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    _validated(locked)
    also_changed = {}
    if locked.verified and locked.ags != before["ags"]:
        # The verification confirmed the old AGS: another one needs confirming anew.
        _clear_verification(locked)
        also_changed["verified"] = [True, False]
    save_edit(
        actor=actor,
        organisation=locked,
        obj=locked,
        before=before,
        fields=ORGANISATION_FIELDS,
        also_changed=also_changed,
    )
    organisation.__dict__.update(
        {
            name: getattr(locked, name)
            for name in (
                *ORGANISATION_FIELDS,
                "verified",
                "verified_at",
                "verified_by_id",
                "verification_note",
                "version",
                "updated_at",
            )
        }
    )
    return locked


def _clear_verification(organisation: Organisation) -> None:
    organisation.verified = False
    organisation.verified_at = None
    organisation.verified_by = None
    organisation.verification_note = ""


@transaction.atomic
def organisation_verify(*, actor: User, organisation: Organisation) -> Organisation:
    """Mark ``organisation`` as verified: an installation admin (``actor``) confirmed that it
    is the public body its AGS names. Only verified organisations count in comparisons
    across organisations (docs/scoring.md, "Peer benchmarks").

    The AGS must name a record of the municipality register (imported with
    ``import_municipalities``) in the organisation's state; otherwise a ValidationError
    says why and nothing changes. Recorded in the audit log; verifying again changes nothing.
    """
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.verified:
        return locked
    if not locked.ags:
        raise ValidationError(
            _(
                "%(name)s has no AGS. Only an organisation whose AGS is in the municipality "
                "register can be verified."
            )
            % {"name": locked.name},
            code="no_ags",
        )
    entry = RegisterEntry.objects.filter(ags=locked.ags).order_by("-record_type", "pk").first()
    if entry is None:
        raise ValidationError(
            _(
                "The AGS %(ags)s of %(name)s is not in the municipality register. Import the "
                "current register (manage.py import_municipalities) or correct the AGS."
            )
            % {"ags": locked.ags, "name": locked.name},
            code="ags_unknown",
        )
    if entry.state != locked.state:
        raise ValidationError(
            _(
                "The register places the AGS %(ags)s in %(register_state)s, but %(name)s is "
                "in %(state)s."
            )
            % {
                "ags": locked.ags,
                "register_state": entry.get_state_display(),
                "name": locked.name,
                "state": locked.get_state_display(),
            },
            code="state_mismatch",
        )
    locked.verified = True
    locked.verified_at = timezone.now()
    locked.verified_by = actor
    locked.verification_note = f"{entry.name} ({entry.kind_label}, AGS {entry.ags})"[:300]
    locked.save(update_fields=[*Organisation.VERIFICATION_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        organisation=locked,
        action="update",
        obj=locked,
        changes={"verified": [False, True], "verification_note": ["", locked.verification_note]},
    )
    return locked


@transaction.atomic
def organisation_revoke_verification(*, actor: User, organisation: Organisation) -> Organisation:
    """Take back the verification: the organisation no longer counts in comparisons across
    organisations. Recorded in the audit log; revoking an unverified one changes nothing."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not locked.verified:
        return locked
    note = locked.verification_note
    _clear_verification(locked)
    locked.save(update_fields=[*Organisation.VERIFICATION_FIELDS, "updated_at"])
    audit_record(
        actor=actor,
        organisation=locked,
        action="update",
        obj=locked,
        changes={"verified": [True, False], "verification_note": [note, ""]},
    )
    return locked


LOGO_MAX_BYTES = 512 * 1024


def _redrawn_logo(data: bytes) -> bytes:
    """The upload decoded and drawn anew as PNG (documents.images), or the reason it is not
    used. Only what the decoder drew is stored: a file that merely starts like a PNG (and
    then broke every PDF that printed it) is refused here."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            {
                "logo": _("The logo may be at most 512 KB; this file has %(size)d KB.")
                % {"size": len(data) // 1024}
            }
        )
    try:
        return redrawn_png(data)
    except ImageError as error:
        if error.code == "size":
            message = _(
                "The logo may be at most %(max)d pixels wide and high; this image is "
                "%(width)d × %(height)d pixels."
            ) % {"max": MAX_SIDE, "width": error.width, "height": error.height}
        elif error.code == "format":
            message = _("The logo must be a PNG or JPEG image.")
        else:
            message = _(
                "The logo cannot be read as a PNG or JPEG image; the file may be damaged. "
                "Save it again as PNG in a graphics program and upload that."
            )
        raise ValidationError({"logo": message}) from error


@transaction.atomic
def organisation_set_logo(*, actor: User, organisation: Organisation, data: bytes | None) -> None:
    """Set (PNG or JPEG, at most 512 KB and 4,096 pixels a side, stored as the PNG the
    decoder drew) or remove (``None``) the organisation's logo."""
    content_type = ""
    if data is not None:
        data, content_type = _redrawn_logo(data), "image/png"
    Organisation.objects.filter(pk=organisation.pk).update(
        logo=data, logo_content_type=content_type
    )
    organisation.logo, organisation.logo_content_type = data, content_type
    audit_record(
        actor=actor,
        organisation=organisation,
        action="update",
        obj=organisation,
        changes={"logo": [None, content_type or None]},
    )


def organisation_settings_update(
    *,
    actor: User,
    organisation: Organisation,
    version: int | None = None,
    logo: bytes | None = None,
    remove_logo: bool = False,
    **fields: Any,
) -> Organisation:
    """Save the settings page in one go: the master data (``fields``, refused on a stale
    ``version`` as in ``organisation_update``) and a new ``logo`` or, with ``remove_logo``,
    none. All or nothing: a refused logo leaves the master data unchanged.

    ``organisation`` holds the stored values afterwards, also after a refusal (a bound form
    has set the submitted values on it).
    """
    organisation.refresh_from_db()
    try:
        with transaction.atomic():
            updated = organisation_update(
                actor=actor, organisation=organisation, version=version, **fields
            )
            if logo is not None or remove_logo:
                organisation_set_logo(
                    actor=actor, organisation=organisation, data=None if remove_logo else logo
                )
    except ValidationError:
        organisation.refresh_from_db()
        raise
    return updated


@transaction.atomic
def department_create(
    *, actor: User, organisation: Organisation, name: str, short_name: str = ""
) -> Department:
    """A new department; names are unique within the organisation."""
    department = Department(
        organisation=organisation, name=name.strip(), short_name=short_name.strip()
    )
    _validated(department)
    department.save()
    audit_record(
        actor=actor,
        organisation=organisation,
        action="create",
        obj=department,
        changes=snapshot(department, DEPARTMENT_FIELDS),
    )
    return department


@transaction.atomic
def department_update(
    *, actor: User, department: Department, name: str, short_name: str = ""
) -> Department:
    before = snapshot(department, DEPARTMENT_FIELDS)
    department.name, department.short_name = name.strip(), short_name.strip()
    _validated(department)
    department.save()
    changes = changed_fields(before, snapshot(department, DEPARTMENT_FIELDS))
    if changes:
        audit_record(
            actor=actor,
            organisation=department.organisation,
            action="update",
            obj=department,
            changes=changes,
        )
    return department


@transaction.atomic
def department_delete(*, actor: User, department: Department) -> None:
    """Delete a department; members keep their membership without a department."""
    audit_record(
        actor=actor,
        organisation=department.organisation,
        action="delete",
        obj=department,
        changes=snapshot(department, DEPARTMENT_FIELDS),
    )
    department.delete()


def _ensure_admin_remains(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
        .exclude(pk=membership.pk)
    )
    if membership.role == Role.ADMIN and not others.exists():
        raise ValidationError(
            {
                "role": _(
                    "An organisation needs at least one administrator. "
                    "Make another member an administrator first."
                )
            },
            code="last_admin",
        )


@transaction.atomic
def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Give a member another role; the last admin cannot be demoted."""
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Choose one of the roles administrator, editor or viewer.")}
        )
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.role == role:
        return membership
    if role != Role.ADMIN:
        _ensure_admin_remains(membership)
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action="update",
        obj=membership,
        object_repr=membership.user.email,
        changes={"role": [old_role, role]},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member; the last admin cannot be removed. Their sessions lose access at once."""
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    _ensure_admin_remains(membership)
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action="delete",
        obj=membership,
        object_repr=membership.user.email,
        changes={"role": membership.role},
    )
    membership.delete()


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: str,
    link_for: Callable[[str], str],
) -> Invitation:
    """Invite ``email`` with ``role``; the one-use link is e-mailed once the data is saved.

    ``link_for`` turns the secret token into the absolute accept address. An earlier,
    still open invitation to the same address is replaced.
    """
    email = User.objects.normalize_email((email or "").strip()).lower()
    if role not in Role.values:
        raise ValidationError(
            {"role": _("Choose one of the roles administrator, editor or viewer.")}
        )
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    token = new_secret()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=secret_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    _validated(invitation)
    invitation.save()
    audit_record(
        actor=actor,
        organisation=organisation,
        action="create",
        obj=invitation,
        object_repr=email,
        changes={"email": email, "role": role},
    )
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(
        lambda: send_invitation_email.enqueue(
            invitation_id=invitation.pk, accept_url=link_for(token), language=language
        )
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            organisation=invitation.organisation,
            action="delete",
            obj=invitation,
            object_repr=invitation.email,
        )
    return invitation


def invitation_check(invitation: Invitation | None) -> Invitation:
    """The invitation if it can still be accepted; otherwise a ValidationError saying why."""
    if invitation is None:
        raise ValidationError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."), code="used")
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has been withdrawn."), code="revoked")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _(
                "This invitation has expired. "
                "Ask an administrator of the organisation for a new one."
            ),
            code="expired",
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User | None, new_user: dict | None = None) -> Membership:
    """Accept an invitation once: join the organisation with the invited role.

    A signed-in ``user`` joins as themself; otherwise ``new_user`` (``full_name``,
    ``password``) creates an account for the invited e-mail address.
    """
    invitation = invitation_check(
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=secret_hash(token or ""))
        .first()
    )
    if user is None:
        from kommunalkompass.accounts.services import user_create

        if new_user is None:
            raise ValidationError(_("Log in or create an account to accept the invitation."))
        user = user_create(
            email=invitation.email,
            password=new_user["password"],
            full_name=new_user.get("full_name", ""),
        )
    if Membership.objects.filter(organisation=invitation.organisation, user=user).exists():
        raise ValidationError(_("You are already a member of this organisation."), code="member")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                organisation=invitation.organisation, user=user, role=invitation.role
            )
    except IntegrityError:
        raise ValidationError(
            _("You are already a member of this organisation."), code="member"
        ) from None
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        organisation=invitation.organisation,
        action="create",
        obj=membership,
        object_repr=user.email,
        changes={"role": invitation.role, "invitation": invitation.email},
    )
    return membership
