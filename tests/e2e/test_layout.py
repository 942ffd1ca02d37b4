"""The frame of every organisation page: the navigation fits on one line at 1366 px for
every role, the administration sits in a menu of its own, and a phone scrolls no page sideways.

On a sample of the demo's widest pages the checks of ``make screenshots`` (which runs them on
every page): no table cut off, nothing wider than the screen, no serious axe violation; and
the radar chart readable on a phone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.screenshots import CUT_TABLES, OVERFLOW

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


@pytest.fixture
def full_demo(transactional_db):
    """``manage.py demo``: every module's demo data for Musterstadt and Beispielhausen."""
    call_command("demo", stdout=io.StringIO())


def test_the_widest_pages_fit_1366_px_without_a_cut_off_table(
    new_context, live_server, full_demo, assert_accessible
):
    from kommunalkompass.procurement.models import Procurement

    procurement = Procurement.objects.filter(organisation__slug="musterstadt").first()
    base = f"{live_server.url}/o/musterstadt"
    paths = [
        "/strategy/measures/",
        "/strategy/goals/",
        "/ozg/services/",
        "/assessments/",
        "/change/stakeholders/",
        "/audit/",
        f"/procurement/{procurement.pk}/evaluation/",
    ]
    page = new_context().new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server.url)
    problems = {}
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        found = page.evaluate(CUT_TABLES) + page.evaluate(OVERFLOW)
        if found:
            problems[path] = found
        assert_accessible(page)
    assert not problems
    # the measures list is wider than the screen: it scrolls in its own box
    page.goto(base + "/strategy/measures/")
    wrap = page.locator("main .table-wrap").first
    assert wrap.evaluate("(box) => getComputedStyle(box).overflowX") in ("auto", "scroll")


def test_the_radar_chart_is_readable_on_a_phone(new_context, live_server, full_demo):
    from kommunalkompass.assessments.models import Assessment

    assessment = Assessment.objects.get(
        organisation__slug="musterstadt", status="closed", model_ident__startswith="full"
    )
    page = new_context().new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/o/musterstadt/assessments/{assessment.pk}/results/")

    figure = page.locator("figure.chart-figure").first
    expect(figure.locator(".chart-figure__image--desktop")).to_be_hidden()
    narrow = figure.locator(".chart-figure__image--phone svg")
    expect(narrow).to_be_visible()
    # every dimension's name in the key below the web, as large as the page's small print
    heights = narrow.evaluate(
        """(svg) => [...svg.querySelectorAll("text")]
            .filter((text) => text.textContent.length > 3)
            .map((text) => text.getBoundingClientRect().height)"""
    )
    assert len(heights) >= 8
    assert min(heights) >= 15  # the drawing for a PC, scaled to a phone: about 7
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
