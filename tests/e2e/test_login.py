"""Journey: an official logs in with e-mail address and password."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_login(page, live_server, demo_data, assert_accessible):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    # The contrast checks below are only meaningful with the design system's stylesheet.
    assert page.evaluate("[...document.styleSheets].some(s => s.cssRules.length > 0)")
    assert_accessible(page)

    # A wrong password: an error, and the visitor stays on the log-in page.
    page.fill("input[name=username]", "admin@musterstadt.example")
    page.fill("input[name=password]", "not-the-password")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    expect(page.locator("main [role=alert]")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("admin@musterstadt.example")
    assert_accessible(page)

    page.fill("input[name=password]", "kommunalkompass")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/o/musterstadt/")
    expect(page.locator("h1")).to_have_text("Stadt Musterstadt")
    assert_accessible(page)
