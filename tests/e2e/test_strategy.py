"""Journey: the admin starts the digital strategy, adds a measure and plans the roadmap."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_strategy_from_start_to_roadmap(logged_in_page, live_server, assert_accessible):
    page = logged_in_page
    base = f"{live_server.url}/o/musterstadt/strategy"
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_have_text("Digitalisierungsstrategie")
    assert_accessible(page)
    page.fill("#id_title", "Digitalstrategie Musterstadt 2027–2031")
    page.fill("#id_start_year", "2027")
    page.locator("main form button[type=submit]").click()

    # Fields of action from the starter set.
    expect(page.locator("h1")).to_have_text("Handlungsfelder und Ziele")
    starter = page.get_by_role("group", name="Handlungsfelder, in denen viele Kommunen arbeiten")
    starter.get_by_label("Verwaltung & Services").check()
    starter.get_by_label("Mitarbeitende & Kultur").check()
    page.get_by_role("button", name="Gewählte Handlungsfelder hinzufügen").click()
    expect(page.locator("main table")).to_contain_text("Verwaltung & Services")
    assert_accessible(page)

    # A measure with a cost and a benefit.
    page.goto(f"{base}/measures/new/")
    page.fill("#id_title", "E-Akte einführen")
    page.fill("#id_one_time_cost", "120000")
    page.select_option("#id_benefit_staff", "5")
    page.select_option("#id_benefit_efficiency", "5")
    page.get_by_role("button", name="Maßnahme anlegen").click()
    expect(page.locator("h1")).to_contain_text("M01 E-Akte einführen")
    assert_accessible(page)

    # The roadmap places it in a quarter.
    page.goto(f"{base}/roadmap/")
    page.get_by_role("button", name="Fahrplan berechnen").click()
    expect(page.locator(".messages")).to_contain_text("1 Maßnahmen eingeplant")
    expect(page.locator("figure.chart-figure svg")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Q1 2027")
    assert_accessible(page)
