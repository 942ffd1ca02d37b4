"""Two-factor authentication (TOTP) state of a signed-in user, and how a new device is shown."""

from base64 import b32encode
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


def two_factor_pending(request: HttpRequest) -> bool:
    """The user has a confirmed device but has not given the second factor in this session."""
    user = request.user
    if not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    if verified is not None and verified():
        return False
    return user_has_device(user, confirmed=True)


# Whose accounts must use two-factor is decided by the modules that know what a user may do
# (the organisations app: whoever administers an organisation); accounts imports none of them.
TwoFactorPolicy = Callable[[Any], bool]
_policies: list[TwoFactorPolicy] = []


def register_two_factor_policy(policy: TwoFactorPolicy) -> None:
    """Let a module name users who must use two-factor when ``REQUIRE_2FA_FOR_ADMINS`` is on.

    ``policy(user)`` receives a signed-in user and returns True if the installation must
    require the second factor of them; it is called from ``AppConfig.ready()``. Registering
    the same function twice has no effect.
    """
    if policy not in _policies:
        _policies.append(policy)


def two_factor_mandatory(user) -> bool:
    """The installation requires two-factor of this user: a registered policy says so
    (the organisations app's: they administer an organisation)."""
    if not settings.REQUIRE_2FA_FOR_ADMINS or not user.is_authenticated:
        return False
    return any(policy(user) for policy in _policies)


def two_factor_required(user) -> bool:
    """Two-factor is mandatory for the user and they have not set it up yet."""
    return two_factor_mandatory(user) and not user_has_device(user, confirmed=True)


def totp_secret_groups(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    """The device's ``otpauth://`` address as an inline SVG QR code, drawn here (no third party)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        title=_("QR code for your authenticator app"),
    )
    # segno escapes the title; the address itself is only drawn as a path.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
