"""Browser journeys: headless Debian Chromium driven by Playwright, checked by axe-core.

One browser per session, a fresh context (cookies, language) per test. Pages are served by
pytest-django's ``live_server``, which runs in another thread, so every journey uses
transactional data (``live_server`` requests ``transactional_db`` itself).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import Page, sync_playwright

# Playwright's sync API keeps an event loop running in the main thread, which Django's
# async-safety check would otherwise mistake for async code touching the database.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "kommunalkompass"
ADMIN_EMAIL = "admin@musterstadt.example"
BLOCKING_IMPACTS = {"serious", "critical"}
# Generous enough for a loaded CI machine, short enough that a hang fails fast.
TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    """Fast password hashing, mail into ``mail.outbox``, no lock-out state between tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's package (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Factory for fresh browser contexts (German unless told otherwise), closed after the test."""
    contexts = []

    def make(locale: str = "de-DE"):
        context = browser.new_context(locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh German-speaking context."""
    return new_context().new_page()


@pytest.fixture
def demo_data(transactional_db) -> None:
    """The demo organisations Stadt Musterstadt and Gemeinde Beispielhausen with their teams."""
    from kommunalkompass.organisations import demo

    demo.load(password=DEMO_PASSWORD)


_axe = Axe()


def _assert_accessible(page: Page) -> None:
    """Fail on any axe-core violation of impact serious or critical on the current page."""
    violations = [
        violation
        for violation in _axe.run(page).response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]
    if not violations:
        return
    lines = [f"axe-core found {len(violations)} serious/critical violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append(f"     {' '.join(node['failureSummary'].split())[:300]}")
    pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def assert_accessible():
    """``assert_accessible(page)``: no serious or critical axe-core violation on the page."""
    return _assert_accessible


def _log_in(page: Page, base_url: str, email: str = ADMIN_EMAIL, password: str = DEMO_PASSWORD):
    """Log in through the real form (django-axes watches it) and wait for the landing page."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if "/accounts/login/" in page.url:
        pytest.fail(f"Log-in as {email} failed; still on {page.url}", pytrace=False)


@pytest.fixture
def logged_in_page(page, live_server, demo_data):
    """A German-speaking page logged in as the admin of Stadt Musterstadt."""
    _log_in(page, live_server.url)
    return page


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Guard: every journey in this folder carries the ``e2e`` marker via ``pytestmark``."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents and item.get_closest_marker("e2e") is None:
            raise pytest.UsageError(f"{item.nodeid} lacks pytestmark = pytest.mark.e2e")
