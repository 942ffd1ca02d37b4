"""Guard: every page of the demo runs under the Content-Security-Policy without a violation.

The policy (``core/csp.py``) allows only the installation's own scripts and styles: an
inline ``<script>``, an ``onclick=`` handler, a ``style=`` attribute, htmx's injected
indicator style or anything from another host is refused by the browser. A refused
script fails silently for the visitor, so this journey opens every page in Chromium and
listens: a ``securitypolicyviolation`` listener installed before any of the page's own
code runs, and the console, where Chromium reports each refusal. Any report fails.

The pages are those the guards share (``tests/pages.py``: every page of Stadt
Musterstadt its administrator reaches, found from the URL configuration and the pages'
links, so a new module's pages join by themselves), the public pages (start page,
Quick-Check, a survey link, log-in, the public strategy page) and the logged-in pages
outside the organisation (profile, the API documentation). The charts, inline SVG, must
still be drawn.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.pages import organisation_pages

from .conftest import ADMIN_EMAIL, _log_in

pytestmark = pytest.mark.e2e

SLUG = "musterstadt"

_LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} refused ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || "page"}:${event.lineNumber}) ${event.sample || ""}`);
});
"""

# Every chart is an <svg role="img"> inside .chart-figure__image; drawn means it has a
# size on the page and shapes inside.
_CHARTS = """
() => [...document.querySelectorAll(".chart-figure__image svg")].map((svg) => {
  const box = svg.getBoundingClientRect();
  // a closed <details>, or the other drawing of a chart drawn for phones and screens
  const hidden = !!svg.closest("details:not([open])") || svg.getClientRects().length === 0;
  return {hidden, width: box.width, height: box.height,
          shapes: svg.querySelectorAll("rect, path, circle, line, polygon, polyline").length};
})
"""


@pytest.fixture
def full_demo(transactional_db):
    """``manage.py demo``: every module's demo data for Musterstadt and Beispielhausen."""
    call_command("demo", stdout=io.StringIO())


def _visit(page, url: str, console: list[str]) -> list[str]:
    """Open ``url``; the policy violations it reported, in the page and on the console."""
    console.clear()
    response = page.goto(url)  # after the load event: every script, style and image came
    # A refused resource is reported in a task of its own: let the queued tasks run. (No page
    # loads anything later by itself, so there is no need to wait for the network to idle.)
    page.evaluate("() => new Promise((done) => setTimeout(done, 50))")
    problems = []
    if response is None or response.status >= 400:
        problems.append(f"answered {response.status if response else 'nothing'}")
    problems += page.evaluate("() => window.__cspViolations || []")
    problems += console
    return problems


def _page_links(html: str, prefix: str) -> set[str]:
    from tests.pages import links_of

    return {href for href in links_of(html) if href.startswith(prefix)}


def test_every_demo_page_renders_without_a_policy_violation(page, live_server, full_demo):
    from kommunalkompass.accounts.models import User
    from kommunalkompass.assessments.models import Assessment
    from kommunalkompass.assessments.services import open_link_token
    from kommunalkompass.organisations.models import Organisation

    organisation = Organisation.objects.get(slug=SLUG)
    client = Client()
    client.force_login(User.objects.get(email=ADMIN_EMAIL))
    pages = organisation_pages(client, organisation)
    assert len(pages) >= 30, f"only {len(pages)} organisation pages found"
    public_strategy = sorted(set().union(*(_page_links(html, "/p/") for html in pages.values())))
    assessment = Assessment.objects.get(organisation=organisation, status=Assessment.Status.OPEN)
    anonymous = [
        "/",
        "/quick-check/",
        f"/s/{open_link_token(assessment, 'staff')}/",
        "/accounts/login/",
        *public_strategy,
    ]
    signed_in = ["/accounts/profile/", "/api/v1/docs", *sorted(pages)]

    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(_LISTEN)
    failures: dict[str, list[str]] = {}
    charts = []
    for path in anonymous:
        if problems := _visit(page, f"{live_server.url}{path}", console):
            failures[path] = problems
    _log_in(page, live_server.url)
    for path in signed_in:
        problems = _visit(page, f"{live_server.url}{path}", console)
        if path == "/api/v1/docs":
            # Swagger UI draws its icons once an operation is opened.
            page.locator(".opblock-summary").first.click()
            page.locator(".opblock-body").first.wait_for()
            problems += page.evaluate("() => window.__cspViolations") + console
        if problems:
            failures[path] = problems
        charts += [(path, chart) for chart in page.evaluate(_CHARTS)]

    assert not failures, "Pages with Content-Security-Policy violations:\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in failures.items()
    )
    shown = [(path, chart) for path, chart in charts if not chart["hidden"]]
    assert len(shown) >= 5, f"only {len(shown)} charts found on the demo's pages"
    undrawn = [
        path
        for path, chart in shown
        if chart["width"] < 100 or chart["height"] < 50 or chart["shapes"] < 3
    ]
    assert not undrawn, f"charts not drawn on: {sorted(set(undrawn))}"


def test_every_response_carries_the_policy(client, db):
    """Pages, errors, API answers and static files alike say what the browser may run."""
    for path in ("/", "/accounts/login/", "/no-such-page/", "/api/v1/openapi.json", "/healthz"):
        policy = client.get(path).headers.get("Content-Security-Policy", "")
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in policy.split("; ") if part.strip()
        )
        assert directives.get("script-src") == "'self'", (path, policy)
        assert directives.get("frame-ancestors") == "'none'", (path, policy)
        assert directives.get("form-action") == "'self'", (path, policy)
        assert directives.get("base-uri") == "'self'", (path, policy)
        assert directives.get("object-src") == "'none'", (path, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (path, policy)
