"""Journey: an HR officer creates a post from a role template, adapts the Arbeitsvorgänge
(a wrong total is named and nothing is saved), reads the pay-grade hint with its
explanation and downloads the job advertisement."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_from_template_to_graded_description_and_advertisement(
    logged_in_page, live_server, assert_accessible
):
    page = logged_in_page
    base = f"{live_server.url}/o/musterstadt/positions"
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_have_text("Stellenbeschreibungen")
    expect(page.locator("main")).to_contain_text("Geplante Stellen pro Jahr")
    assert_accessible(page)

    page.get_by_role("link", name="Neue Stelle aus einer Vorlage").first.click()
    page.select_option("#id_role_key", "dpo")
    page.fill("#id_number", "10.30.01")
    assert_accessible(page)
    page.get_by_role("button", name="Stelle anlegen").click()
    expect(page.locator(".messages")).to_contain_text("aus der Vorlage angelegt")

    # The template's shares are 50/30/20; a total of 90 % is refused, naming the cause.
    expect(page.locator("#id_processes-0-share")).to_have_value("50")
    page.fill("#id_processes-0-share", "40")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#processes-errors")).to_contain_text("ergeben 90 %, nicht 100 %")
    assert_accessible(page)
    page.fill("#id_processes-2-share", "30")
    page.fill("#id_note", "Mehr Schulungen")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_contain_text("Beschreibung wurde gespeichert")

    main = page.locator("main")
    expect(main).to_contain_text("Hinweis: Entgeltgruppe 11 TVöD")
    expect(main).to_contain_text("keine Eingruppierungsentscheidung")
    expect(main).to_contain_text("Welche Arbeitsvorgänge welche Entgeltgruppe tragen")
    expect(main).to_contain_text("Version 2")
    assert_accessible(page)

    page.get_by_role("link", name="Stellenausschreibung", exact=True).first.click()
    expect(page.locator(".positions-advertisement")).to_contain_text(
        "Datenschutzbeauftragte/r (m/w/d)"
    )
    expect(page.locator(".positions-advertisement")).to_contain_text("Entgeltgruppe 11 TVöD")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Word (DOCX)").click()
    assert download_info.value.suggested_filename.endswith(".docx")
    with page.expect_download() as text_info:
        page.get_by_role("link", name="Als Text herunterladen (TXT)").click()
    assert text_info.value.suggested_filename.endswith(".txt")
