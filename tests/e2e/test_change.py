"""Journey: a change manager sets up an initiative, runs a readiness pulse that staff answer
through the real survey pages, sees the trend and exports the change plan."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _answer_pulse(browser, link: str, choice: int) -> None:
    """One respondent answers every question of the pulse with the answer ``choice``."""
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(link)
        expect(page.locator("h1")).to_contain_text("Veränderungsbereitschaft")
        page.locator("main button[type=submit]").first.click()
        for part in range(1, 6):
            # The parts are swapped in place by htmx: wait for the part's own step line, or
            # the answers would go to the part still on screen.
            expect(page.locator(".survey__step")).to_contain_text(f"{part} von 5")
            questions = page.locator("fieldset.question")
            expect(questions.first).to_be_visible()
            for index in range(questions.count()):
                questions.nth(index).locator("input[type=radio]").nth(choice).check()
            page.locator("main button[value=next]").click()
        expect(page.locator("h1")).to_contain_text("Vielen Dank")
    finally:
        context.close()


def test_a_change_manager_runs_a_pulse_and_exports_the_plan(
    browser, logged_in_page, live_server, assert_accessible
):
    page = logged_in_page
    base = f"{live_server.url}/o/musterstadt/change"

    # The module is in the navigation.
    page.goto(f"{live_server.url}/o/musterstadt/")
    page.get_by_role("link", name="Veränderung").first.click()
    expect(page.locator("h1")).to_contain_text("Veränderung und Coaching")
    assert_accessible(page)

    # Set up an initiative and tick the first of Kotter's steps.
    page.goto(f"{base}/initiatives/")
    page.fill("#id_title", "Einführung der E-Akte")
    page.locator("form[data-creates] button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Einführung der E-Akte")
    expect(page.locator(".change-step")).to_have_count(8)
    assert_accessible(page)
    first_step = page.locator("#step-1")
    first_step.locator("summary").click()
    first_step.locator("input[type=checkbox]").check()
    first_step.locator("textarea").fill("Auftakt mit der Bürgermeisterin")
    first_step.locator("button[type=submit]").click()
    expect(page.locator("#step-1")).to_contain_text("Auftakt mit der Bürgermeisterin")

    # Prepare and open a pulse for the initiative (threshold 2 for this small test).
    page.goto(f"{base}/pulses/")
    page.fill("#id_title", "Puls 1")
    page.select_option("#id_initiative", label="Einführung der E-Akte")
    page.fill("#id_anonymity_threshold", "2")
    page.locator("form[data-creates] button[type=submit]").click()
    page.locator("main form button[type=submit]").first.click()
    link = page.locator("a.survey-link").get_attribute("href")
    assert re.search(r"/s/[\w-]+/$", link)
    assert_accessible(page)

    # One answer is below the threshold: no figure yet.
    _answer_pulse(browser, link, 1)
    page.reload()
    expect(page.locator("main")).to_contain_text("kein Wert gezeigt")

    _answer_pulse(browser, link, 3)
    page.reload()
    expect(page.locator("main table").first).to_contain_text("Bewusstsein")
    expect(page.locator("main table").first).to_contain_text("3,0")

    # The trend names the weakest element with suggested actions.
    page.goto(f"{base}/pulses/")
    expect(page.locator("main")).to_contain_text("Schwächstes Element")
    assert_accessible(page)

    # Export the plan.
    page.goto(f"{base}/")
    with page.expect_download() as download:
        page.locator(".downloads a", has_text="PDF").first.click()
    assert download.value.suggested_filename.endswith(".pdf")
