"""Two-factor authentication (TOTP) state of a signed-in user."""

from django.conf import settings
from django.http import HttpRequest
from django_otp import user_has_device


def two_factor_pending(request: HttpRequest) -> bool:
    """The user has a confirmed device but has not given the second factor in this session."""
    user = request.user
    if not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    return user_has_device(user, confirmed=True) and not (verified and verified())


def two_factor_required(user) -> bool:
    """Admins of any organisation must set up two-factor when the installation says so."""
    if not settings.REQUIRE_2FA_FOR_ADMINS or not user.is_authenticated:
        return False
    from kommunalkompass.organisations.models import Role

    return user.memberships.filter(role=Role.ADMIN).exists() and not user_has_device(
        user, confirmed=True
    )
