"""Journey: the admin takes the OZG catalog into the list (the services a Stadt executes),
finds a service as they type, rates it and sees it counted on the dashboard."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalog(demo_data):
    from kommunalkompass.ozg.catalog import load_shipped_catalog

    load_shipped_catalog()


def test_ozg_services_from_catalog_to_dashboard(
    logged_in_page, live_server, catalog, assert_accessible
):
    page = logged_in_page
    base = f"{live_server.url}/o/musterstadt/ozg"
    page.goto(f"{base}/services/")
    page.get_by_role("button", name="Katalog übernehmen").click()
    expect(page.locator(".messages")).to_contain_text(
        "Leistungen des Katalogs werden jetzt verfolgt"
    )
    # The federal Führungszeugnis and the Landkreis' Kfz-Zulassung are left out, and said so.
    expect(page.locator(".messages")).to_contain_text("wurden nicht übernommen")
    page.fill("#filter-q", "Kraftfahrzeugzulassung")
    expect(page.locator("#service-table tbody tr")).to_have_count(0)
    assert_accessible(page)

    # Search as you type: the table follows without a page load.
    page.fill("#filter-q", "Wohnsitzmeldungen")
    expect(page.locator("#service-table tbody tr")).to_have_count(1)
    page.locator("#service-table tbody a").first.click()
    expect(page.locator("h1")).to_contain_text("Wohnsitzmeldungen")
    expect(page.locator("main")).to_contain_text("Meldebehörde")
    page.select_option("#id_status", "online")
    page.fill("#id_level", "3")
    page.fill("#id_go_live", "2026-03-01")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_contain_text("gespeichert")
    assert_accessible(page)

    page.goto(f"{base}/")
    expect(page.locator(".key-figures")).to_contain_text("1")
    expect(page.locator("main")).to_contain_text("OZG-konform")
    assert_accessible(page)
