"""API authentication: personal tokens (``Authorization: Bearer <token>``) and sessions."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from .services import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """A browser session; with two-factor set up, only once the second factor is given."""

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
