"""Journey: the organisation's home page shows the Ablaufplan and leads to the next step."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

STATES = {"not_available", "not_started", "in_progress", "done"}


def test_ablaufplan(logged_in_page, live_server, assert_accessible):
    page = logged_in_page
    expect(page).to_have_url(f"{live_server.url}/o/musterstadt/")
    assert_accessible(page)

    phases = page.locator("ol.journey > li")
    expect(phases).to_have_count(5)
    expect(phases.locator(".journey__number")).to_have_text(["1", "2", "3", "4", "5"])
    for index in range(5):
        phase = phases.nth(index)
        badge_classes = phase.locator("h2 .badge").first.get_attribute("class").split()
        states = {name.removeprefix("badge--") for name in badge_classes} & STATES
        assert len(states) == 1, f"phase {index + 1} has no state badge: {badge_classes}"
        expect(phase.locator("h2 .badge").first).not_to_be_empty()

    next_step = phases.first.locator(".journey__next a")
    expect(next_step).to_have_count(1)
    target = next_step.get_attribute("href")
    with page.expect_navigation() as navigation:
        next_step.click()
    assert navigation.value.status == 200, f"{target} answered {navigation.value.status}"
    expect(page).to_have_url(f"{live_server.url}{target}")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).not_to_be_empty()
    assert_accessible(page)
