"""Content-Security-Policy: every response says that the page runs only our own code.

The product needs no inline script, no inline style and nothing from another host (the
design system, htmx and our JavaScript are static files of the installation; charts are
inline SVG drawn with presentation attributes). So the policy is strict and has no nonce:
a script or style that an attacker manages to put into a page is not run, a page cannot
be framed, forms post only to the installation, and ``<base>`` cannot redirect links.

Behaviour in the templates is bound through ``data-`` attributes in ``static/js/`` files;
htmx is configured in ``base.html`` not to inject its indicator ``<style>`` and not to
evaluate code (``hx-on``, ``js:`` values), both of which this policy would refuse.

A view whose page needs more (the API's Swagger UI sets styles inline) widens the policy
for its own response with ``csp_extend(response, **directives)``; the middleware adds the
header to every response that has none. The guard is the browser journey
``tests/e2e/test_content_security_policy.py`` (docs/security.md).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    # KERN draws its icons (alerts, errors, the arrow of a drop-down list) as CSS masks with
    # data: SVG images in its own stylesheet; a data: image runs no code.
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "frame-src": ("'none'",),
    "frame-ancestors": ("'none'",),
    "form-action": ("'self'",),
    "base-uri": ("'self'",),
}


def policy_header(policy: dict[str, tuple[str, ...]]) -> str:
    """The policy as the header's value: ``directive source …; …``."""
    return "; ".join(" ".join((directive, *sources)) for directive, sources in policy.items())


def csp_extend(response: HttpResponse, **directives: tuple[str, ...]) -> HttpResponse:
    """Allow more sources for this response only (``style_src=("'unsafe-inline'",)``)."""
    policy = dict(POLICY)
    for name, sources in directives.items():
        directive = name.replace("_", "-")
        policy[directive] = (*policy.get(directive, ()), *sources)
    response.headers[HEADER] = policy_header(policy)
    return response


class ContentSecurityPolicyMiddleware:
    """Adds the project's policy to every response that does not carry its own."""

    header_value = policy_header(POLICY)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(HEADER, self.header_value)
        return response
