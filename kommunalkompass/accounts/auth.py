"""API authentication: personal tokens (``Authorization: Bearer <token>``) and sessions."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from .services import TwoFactorMissing, api_token_authenticate


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        try:
            user = api_token_authenticate(token)
        except TwoFactorMissing:
            raise HttpError(
                401,
                _(
                    "Two-factor authentication is required for this account. Log in and set "
                    "it up; until then its API tokens do not work."
                ),
            ) from None
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """A browser session; with two-factor set up, only once the second factor is given.

    The CSRF check protects a signed-in session from requests other sites make in its
    name. Without a signed-in session there is nothing to protect: the request is not
    authenticated (401 with the API's error), not a failed CSRF check (ninja's 403).
    """

    def _get_key(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError as error:
            if error.status_code != 403:
                raise
            raise HttpError(
                403,
                _(
                    "CSRF check failed: a request made with a browser session must send the "
                    "CSRF token (header X-CSRFToken); a script uses an API token instead."
                ),
            ) from None

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        from .two_factor import two_factor_pending

        if two_factor_pending(request):
            return None
        return user


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The address django-axes counts failures under: one spelling, whatever was typed.

    Meant for ``AXES_USERNAME_CALLABLE``, so that "Anna@…" and "anna@…" share one lock-out
    on every log-in form (the admin's included), as they share one account.
    """
    from django.conf import settings

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return (username or "").strip().lower()
