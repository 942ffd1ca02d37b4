from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .two_factor import two_factor_pending, two_factor_required

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/media/")


class TwoFactorMiddleware:
    """Ask for the second factor before anything else, and make admins set it up if required."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if request.user.is_authenticated and not path.startswith(EXEMPT_PREFIXES):
            if two_factor_pending(request):
                return self._refuse(request, "accounts:two_factor_verify")
            if two_factor_required(request.user):
                return self._refuse(request, "accounts:two_factor_setup")
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, url_name: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"message": _("Two-factor authentication is required for this account.")},
                status=401,
            )
        return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")
