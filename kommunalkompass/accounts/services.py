"""Writes for accounts: users, personal API tokens, two-factor devices."""

from __future__ import annotations

import math
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, BackupCode, User
from .tokens import new_secret, secret_hash
from .two_factor import two_factor_mandatory, two_factor_required

TOKEN_PREFIX = "kk_"  # noqa: S105 (a public marker, not a secret)
TOTP_DEVICE_NAME = "Authenticator app"


def user_create(*, email: str, password: str | None, full_name: str = "") -> User:
    """A new active user; the e-mail address must not be taken (case-insensitive)."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("A user with this e-mail address already exists.")})
    return User.objects.create_user(email=email, password=password, full_name=full_name.strip())


def user_profile_update(*, user: User, full_name: str) -> User:
    """Change the name the user is shown with; the e-mail address stays."""
    full_name = (full_name or "").strip()
    if len(full_name) > 150:
        raise ValidationError({"full_name": _("The name may have at most 150 characters.")})
    user.full_name = full_name
    user.save(update_fields=["full_name"])
    return user


def user_login_failures_reset(*, user: User) -> None:
    """Lift the log-in lock-out of the user's address, e.g. once they have set a new password."""
    from axes.utils import reset

    reset(username=user.email)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal token for ``user``. The secret is returned once and stored hashed."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(
            {"name": _("Give the token a name, for example the script using it.")}
        )
    if len(name) > 100:
        raise ValidationError({"name": _("The name may have at most 100 characters.")})
    if not user.is_active:
        raise ValidationError(_("The account is deactivated; it cannot have API tokens."))
    if two_factor_required(user):
        raise ValidationError(
            _(
                "Set up two-factor authentication first: this installation requires it of "
                "the account before an API token can be created."
            )
        )
    secret = new_secret(TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=secret[: len(TOKEN_PREFIX) + 5], token_hash=secret_hash(secret)
    )
    return token, secret


def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; a token of someone else is not found.

    Raises ``ApiToken.DoesNotExist`` for a token that is not the user's. Revoking twice
    keeps the first revocation time.
    """
    token = ApiToken.objects.get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class TwoFactorMissing(Exception):
    """The token is valid, but its account must use two-factor and has not set it up."""


def api_token_authenticate(secret: str) -> User | None:
    """The active user owning the active token ``secret``, or None.

    Raises ``TwoFactorMissing`` when the installation requires two-factor of the account
    (``REQUIRE_2FA_FOR_ADMINS``) and it is not set up yet: a token made before the
    requirement works again once it is, as a session does.
    """
    if not secret:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=secret_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if two_factor_required(token.user):
        raise TwoFactorMissing
    now = timezone.now()
    # Recording every use would write on every request; once a minute is enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# Two-factor authentication. Failed attempts must stay recorded (django-otp throttles on
# them), so a wrong code is reported only after the transaction that counted it committed.


def _totp_check(device: TOTPDevice, code: str) -> str | None:
    """None if ``device`` accepts ``code`` (and records it); else what the user should know."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        seconds = 1
        if locked_until is not None:
            seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
        return ngettext(
            "Too many wrong codes. Please wait %(seconds)d second and try again.",
            "Too many wrong codes. Please wait %(seconds)d seconds and try again.",
            seconds,
        ) % {"seconds": seconds}
    if device.verify_token(code):
        return None
    return _(
        "This code is not correct. Check that the clock of your phone is right and enter "
        "the code currently shown."
    )


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, new if there is none yet.

    The same device (and secret) is returned until it is confirmed, so a QR code already
    scanned stays valid when the page is loaded again. Refused when two-factor is already on.
    """
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Two-factor authentication is already set up for this account."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, user: User, code: str) -> TOTPDevice:
    """Switch two-factor on: the unconfirmed device is confirmed once it accepts ``code``.

    A wrong code changes nothing but the throttling count.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("pk")
            .first()
        )
        error: str | None
        if device is None:
            error = _("The set-up has expired. Please scan the new QR code and try again.")
        else:
            error = _totp_check(device, code)
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    if error is not None:
        raise ValidationError({"code": error})
    return device


def two_factor_verify(*, user: User, code: str) -> TOTPDevice:
    """The user's confirmed device that accepts ``code`` (a current code of the app, or an
    unused backup code, which is used up); ValidationError if none does."""
    error: str | None = _("Two-factor authentication is not set up for this account.")
    with transaction.atomic():
        devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        for device in devices.order_by("pk"):
            if len(code) == BACKUP_CODE_LENGTH:
                error = _backup_code_check(device, user, code)
            else:
                error = _totp_check(device, code)
            if error is None:
                return device
    raise ValidationError({"code": error})


BACKUP_CODE_COUNT = 10
BACKUP_CODE_LENGTH = 10
# Without 0/O and 1/l/I, so that a code copied from paper is read right.
BACKUP_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _backup_code_check(device: TOTPDevice, user: User, code: str) -> str | None:
    """None if ``code`` is an unused backup code of ``user`` (now used up); else the error.

    Wrong codes count towards the same throttling as wrong codes of the app.
    """
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _totp_check(device, code)  # says how long to wait
    found = (
        BackupCode.objects.select_for_update()
        .filter(user=user, code_hash=secret_hash(code.lower()), used_at__isnull=True)
        .first()
    )
    if found is None:
        device.throttle_increment()
        return _("This backup code is not correct or has been used already.")
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    device.throttle_reset()
    return None


@transaction.atomic
def backup_codes_create(*, user: User) -> list[str]:
    """Ten new one-use backup codes (the old ones stop working); shown once, stored hashed."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValidationError(_("Switch on two-factor authentication first."))
    BackupCode.objects.filter(user=user).delete()
    codes = [
        "".join(secrets.choice(BACKUP_CODE_ALPHABET) for _position in range(BACKUP_CODE_LENGTH))
        for _number in range(BACKUP_CODE_COUNT)
    ]
    BackupCode.objects.bulk_create(BackupCode(user=user, code_hash=secret_hash(c)) for c in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def two_factor_disable(*, user: User, code: str) -> None:
    """Switch two-factor off after a current code; refused where the installation requires it."""
    if two_factor_mandatory(user):
        raise ValidationError(
            _(
                "This installation requires two-factor authentication for administrators "
                "of an organisation, so it cannot be switched off."
            )
        )
    two_factor_verify(user=user, code=code)
    TOTPDevice.objects.filter(user=user).delete()
    BackupCode.objects.filter(user=user).delete()
