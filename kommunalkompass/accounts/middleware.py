from functools import cache

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .two_factor import two_factor_pending, two_factor_required

ALWAYS_OPEN_PREFIXES = ("/static/", "/healthz", "/i18n/", "/media/")


@cache
def _open_prefixes() -> tuple[str, ...]:
    """Pages a signed-in user reaches before the second factor: log-in, log-out, password reset."""
    return (
        *ALWAYS_OPEN_PREFIXES,
        reverse("accounts:login"),
        reverse("accounts:logout"),
        reverse("accounts:password_reset"),
    )


class TwoFactorMiddleware:
    """Ask for the second factor before anything else, and make admins set it up if required.

    Until then only the page that resolves the state is open (verify, or set-up), besides
    log-in, log-out and password reset; everything else, including the profile with its API
    tokens, waits.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if request.user.is_authenticated and not path.startswith(_open_prefixes()):
            if two_factor_pending(request):
                if path != reverse("accounts:two_factor_verify"):
                    return self._refuse(request, "accounts:two_factor_verify")
            elif two_factor_required(request.user) and path != reverse("accounts:two_factor_setup"):
                return self._refuse(request, "accounts:two_factor_setup")
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, url_name: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"message": _("Two-factor authentication is required for this account.")},
                status=401,
            )
        htmx = request.headers.get("HX-Request") == "true"
        if htmx:
            # Come back to the page, not to the fragment it was loading.
            next_url = request.headers.get("HX-Current-URL", "")
        else:
            # A form sent to a POST-only address cannot be repeated by a redirect.
            next_url = request.get_full_path() if request.method == "GET" else ""
        url = reverse(url_name)
        if next_url:
            url = f"{url}?{urlencode({'next': next_url})}"
        if htmx:
            # htmx would swap the whole page into a fragment; let the browser navigate instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
