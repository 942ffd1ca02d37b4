"""Journey: the admin drags a measure's bar in the roadmap to another quarter, with a mouse
on a desktop and with a finger on a phone; the new start is stored, shown after a reload
and on the measure's page. The two dropdowns below the chart stay the keyboard way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from kommunalkompass.accounts.models import User
from kommunalkompass.organisations.models import Organisation
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import Measure

from .conftest import ADMIN_EMAIL, TIMEOUT_MS, _log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def planned(demo_data) -> dict[str, Measure]:
    """Musterstadt's strategy with two independent measures, planned from Q1 2027."""
    admin = User.objects.get(email=ADMIN_EMAIL)
    strategy = services.strategy_create(
        actor=admin,
        organisation=Organisation.objects.get(slug="musterstadt"),
        title="Digitalstrategie",
        start_year=2027,
    )
    measures = {
        title: services.measure_create(
            actor=admin, strategy=strategy, title=title, status="planned", duration_quarters=2
        )
        for title in ("E-Akte einführen", "Chatbot im Bürgerbüro")
    }
    services.roadmap_compute(actor=admin, strategy=strategy)
    for measure in measures.values():
        measure.refresh_from_db()
        assert measure.planned_quarter == 0
    return measures


def _bar(page: Page, measure: Measure):
    return page.locator(f'rect[data-roadmap-key="{measure.pk}"]')


def _measure_page_shows(page: Page, base: str, measure: Measure, text: str) -> None:
    page.goto(f"{base}/measures/{measure.pk}/")
    facts = page.locator("section[aria-labelledby=facts-heading]")
    expect(facts).to_contain_text(text)


def test_a_measure_is_moved_by_dragging_its_bar(
    logged_in_page, live_server, planned, assert_accessible
):
    page = logged_in_page
    page.set_viewport_size({"width": 1366, "height": 900})
    base = f"{live_server.url}/o/musterstadt/strategy"
    measure = planned["E-Akte einführen"]
    page.goto(f"{base}/roadmap/")
    bar = _bar(page, measure)
    expect(bar).to_have_class("bar is-draggable")
    assert_accessible(page)

    # Drag it three quarters to the right: it snaps to Q4 2027.
    column = float(bar.get_attribute("data-roadmap-column"))
    scale = page.evaluate(
        "(key) => { const svg = document.querySelector(`rect[data-roadmap-key='${key}']`)"
        ".ownerSVGElement; return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }",
        str(measure.pk),
    )
    box = bar.bounding_box()
    x, y = box["x"] + 10, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + column * scale, y, steps=5)
    page.mouse.move(x + 3.2 * column * scale, y, steps=5)
    expect(page.locator("#roadmap-drag-status")).to_contain_text("Q4 2027")
    with page.expect_navigation():
        page.mouse.up()
    expect(page.locator(".messages")).to_contain_text("Q4 2027")

    # Stored: a reload shows the bar in its new quarter, fixed by hand; so does the measure.
    page.reload()
    expect(_bar(page, measure)).to_have_attribute("data-roadmap-start", "3")
    # the table of planned measures (the chart's own table is folded away)
    row = page.get_by_role("row", name=re.compile(r"^M01 E-Akte einführen Q4 2027"))
    expect(row).to_contain_text("Q1 2028")
    expect(row).to_contain_text("von Hand festgelegt")
    measure.refresh_from_db()
    assert (measure.planned_quarter, measure.pinned) == (3, True)
    _measure_page_shows(page, base, measure, "Q4 2027")


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="de-DE", viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


def test_a_measure_is_moved_with_a_finger_on_a_phone(phone, live_server, planned):
    context = phone
    page = context.new_page()
    _log_in(page, live_server.url)
    base = f"{live_server.url}/o/musterstadt/strategy"
    measure = planned["Chatbot im Bürgerbüro"]
    page.goto(f"{base}/roadmap/")
    bar = _bar(page, measure)
    bar.scroll_into_view_if_needed()
    column = float(bar.get_attribute("data-roadmap-column"))
    scale = page.evaluate(
        "(key) => { const svg = document.querySelector(`rect[data-roadmap-key='${key}']`)"
        ".ownerSVGElement; return svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }",
        str(measure.pk),
    )
    box = bar.bounding_box()
    x, y = box["x"] + 8, box["y"] + box["height"] / 2
    # A real touch (Chromium turns it into pointer events of type "touch").
    touch = context.new_cdp_session(page)

    def send(kind: str, at: float | None) -> None:
        points = [] if at is None else [{"x": at, "y": y}]
        touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    send("touchStart", x)
    for step in range(1, 6):
        send("touchMove", x + step * 0.22 * column * scale)  # 1.1 quarters: one to the right
    with page.expect_navigation():
        send("touchEnd", None)
    expect(page.locator(".messages")).to_contain_text("Q2 2027")
    page.reload()
    expect(_bar(page, measure)).to_have_attribute("data-roadmap-start", "1")
    measure.refresh_from_db()
    assert (measure.planned_quarter, measure.pinned) == (1, True)
    _measure_page_shows(page, base, measure, "Q2 2027")
