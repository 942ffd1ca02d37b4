"""Reads for accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import ApiToken, User


def user_by_email(email: str) -> User | None:
    """The user with this e-mail address (any case), or None."""
    return User.objects.filter(email__iexact=(email or "").strip()).first()


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's personal tokens, revoked ones included, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def membership_list(*, user: User) -> QuerySet[Any]:
    """The user's memberships with their organisations, by organisation name.

    (Memberships are ``organisations.Membership`` rows; accounts does not import
    organisations, so the type is not named here.)"""
    return user.memberships.select_related("organisation").order_by("organisation__name")


def two_factor_device(*, user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator device, or None when two-factor is off."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
