"""The frame of every organisation page: the navigation fits on one line at 1366 px for
every role, the administration sits in a menu of its own, and a phone scrolls no page sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import _log_in

pytestmark = pytest.mark.e2e

ROLES = ["admin@musterstadt.example", "editor@musterstadt.example", "viewer@musterstadt.example"]


def _nav_rows(page) -> int:
    """How many lines the top-level items of the organisation navigation take."""
    return page.evaluate(
        """() => new Set(
            [...document.querySelectorAll('nav.org-nav > ul > li')]
                .map((item) => Math.round(item.getBoundingClientRect().top))
        ).size"""
    )


@pytest.mark.parametrize("email", ROLES)
def test_the_navigation_fits_on_one_line_at_1366_px(new_context, live_server, demo_data, email):
    page = new_context().new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server.url, email=email)
    page.goto(f"{live_server.url}/o/musterstadt/")

    items = page.locator("nav.org-nav > ul > li")
    assert items.count() >= 4
    assert _nav_rows(page) == 1
    overflow = page.evaluate(
        "() => { const list = document.querySelector('nav.org-nav > ul');"
        " return list.scrollWidth - list.clientWidth; }"
    )
    assert overflow <= 0

    menu = page.locator("nav.org-nav details.org-nav__menu")
    expect(menu.locator("summary")).to_have_text("Organisation")
    menu.locator("summary").click()
    expect(menu.get_by_role("link", name="Team")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu.get_by_role("link", name="Team")).to_be_hidden()


def test_the_administration_menu_marks_the_page_that_is_open(new_context, live_server, demo_data):
    page = new_context().new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/o/musterstadt/members/")

    expect(page.locator("nav.org-nav summary.org-nav__current")).to_have_count(1)
    page.locator("nav.org-nav summary").click()
    expect(page.locator("nav.org-nav a[aria-current=page]")).to_have_text("Team")
    page.locator("main h1").click()  # a click elsewhere closes the menu
    expect(page.locator("nav.org-nav .org-nav__panel")).to_be_hidden()


def test_a_phone_does_not_scroll_the_ablaufplan_sideways(new_context, live_server, demo_data):
    page = new_context().new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/o/musterstadt/")

    width = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0
    page.locator("nav.org-nav summary").click()
    expect(page.locator("nav.org-nav").get_by_role("link", name="Team")).to_be_visible()
