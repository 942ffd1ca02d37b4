"""Journey: German by default, English on request, and English for English-speaking browsers."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_language_switch(logged_in_page, live_server, new_context, assert_accessible):
    page = logged_in_page
    home = f"{live_server.url}/o/musterstadt/"
    expect(page).to_have_url(home)
    expect(page.locator("html")).to_have_attribute("lang", "de")

    with page.expect_navigation():
        page.get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(home)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    heading = "Ablaufplan: from idea to strategy to implementation"
    expect(page.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="English", exact=True)).to_have_count(0)
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name="Deutsch", exact=True).click()
    expect(page).to_have_url(home)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("button", name="English", exact=True)).to_be_visible()

    # A browser that asks for English (Accept-Language: en-GB) gets English straight away.
    english = new_context(locale="en-GB").new_page()
    english.goto(f"{live_server.url}/accounts/login/")
    expect(english.locator("html")).to_have_attribute("lang", "en")
    expect(english.locator("h1")).to_have_text("Log in")
    expect(english.get_by_role("button", name="Deutsch", exact=True)).to_be_visible()
    assert_accessible(english)
