"""Journey: someone from a small municipality takes the public Quick-Check without an account."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_public_quick_check_shows_the_profile_and_offers_the_pdf(
    browser, live_server, assert_accessible
):
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("link", name="Quick-Check starten").click()
        expect(page.locator("h1")).to_contain_text("Wie digital ist Ihre Verwaltung?")
        assert_accessible(page)

        # Sending with a question left open names it and keeps the other answers.
        questions = page.locator("fieldset.question")
        expect(questions).to_have_count(24)
        for index in range(1, 24):
            questions.nth(index).locator("input[type=radio]").nth(index % 5).check()
        page.locator("main button[type=submit]").click()
        expect(page.locator(".form-errors")).to_contain_text("1 Antwort braucht")
        expect(page.locator("fieldset.question").first).to_contain_text("Bitte wählen Sie")
        expect(page.locator("fieldset.question").nth(1).locator("input:checked")).to_have_count(1)
        assert_accessible(page)

        page.locator("fieldset.question").first.locator("input[type=radio]").nth(1).check()
        page.select_option("#size_class", "lt5k")
        page.select_option("#state", "16")
        page.check("#share")
        page.locator("main button[type=submit]").click()

        expect(page.locator("h1")).to_contain_text("Ihr Quick-Check-Ergebnis")
        expect(page.locator("main")).to_contain_text("Vielen Dank: Ihre Antworten wurden")
        expect(page.locator("figure.chart-figure svg").first).to_be_visible()
        expect(page.locator("main")).to_contain_text("Der Vergleich erscheint, sobald")
        assert_accessible(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Als PDF herunterladen").click()
        assert download.value.suggested_filename.endswith(".pdf")
        assert download.value.suggested_filename.startswith("Quick-Check")
    finally:
        context.close()

    from kommunalkompass.assessments.models import SelfCheck

    kept = SelfCheck.objects.get()
    assert kept.size_class == "lt5k" and kept.state == "16"


def test_on_a_phone_the_quick_check_goes_one_dimension_at_a_time(
    browser, live_server, assert_accessible
):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/quick-check/")
        steps = page.locator("form [data-step]")
        count = steps.count()
        assert count == 9  # eight dimensions and the optional comparison
        expect(page.locator(".stepper__status")).to_have_text(f"Schritt 1 von {count}")
        expect(page.locator("fieldset.question:visible")).to_have_count(3)
        expect(page.get_by_role("button", name="Zurück")).to_be_hidden()
        expect(page.locator("main button[type=submit]")).to_have_count(1)
        expect(page.get_by_role("button", name="Mein Ergebnis anzeigen")).to_be_hidden()
        assert_accessible(page)
        width = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert width <= 0

        for step in range(count - 1):
            for question in page.locator("fieldset.question:visible").all():
                question.locator("input[type=radio]").nth(2).check()
            page.get_by_role("button", name="Weiter").click()
            expect(page.locator(".stepper__status")).to_have_text(f"Schritt {step + 2} von {count}")
        page.get_by_role("button", name="Zurück").click()
        expect(page.locator(".stepper__status")).to_have_text(f"Schritt {count - 1} von {count}")
        page.get_by_role("button", name="Weiter").click()
        page.get_by_role("button", name="Mein Ergebnis anzeigen").click()

        expect(page.locator("h1")).to_contain_text("Ihr Quick-Check-Ergebnis")
    finally:
        context.close()


def test_on_a_large_screen_all_questions_stay_on_one_page(browser, live_server):
    context = browser.new_context(locale="de-DE", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/quick-check/")
        expect(page.locator("fieldset.question:visible")).to_have_count(24)
        expect(page.locator(".stepper")).to_be_hidden()
    finally:
        context.close()
