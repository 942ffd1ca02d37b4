"""Journey: a procurement officer goes from a requirement catalog to a signed evaluation
report — create from the catalog, adjust a weight, publish, download the answer sheet,
import two filled sheets (one refused first, naming its bad row), choose the method, score,
sign off as admin and as editor (four eyes), and download the evaluation report."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import DEMO_PASSWORD, _log_in

pytestmark = pytest.mark.e2e

EDITOR_EMAIL = "editor@musterstadt.example"


def _fill(tmp_path: Path, blank: bytes, name: str, bidder: str, price: str, **fill) -> str:
    from kommunalkompass.procurement import sheets

    path = tmp_path / name
    path.write_bytes(sheets.fill_answer_sheet(blank, bidder=bidder, prices={1: price}, **fill))
    return str(path)


def test_from_catalog_to_signed_evaluation_report(
    logged_in_page, live_server, new_context, assert_accessible, tmp_path
):
    page = logged_in_page
    base = f"{live_server.url}/o/musterstadt/procurement"
    page.goto(f"{base}/")
    expect(page.locator("h1")).to_contain_text("Beschaffung")
    assert_accessible(page)
    page.locator("a[href$='catalog=videokonferenz']").click()
    page.fill("#id_title", "Videokonferenzlösung für Rat und Verwaltung")
    page.fill("#id_estimated_value", "240000")
    page.get_by_role("button", name="Vergabe anlegen").click()
    expect(page.locator(".messages")).to_contain_text("als Entwurf angelegt")
    # 240,000 € reach the EU threshold of 2026–27: the hint says so, marked as a hint.
    expect(page.locator(".procurement-hint")).to_contain_text("Hinweis, keine Rechtsberatung")
    expect(page.locator(".procurement-hint")).to_contain_text("EU-weites Verfahren")
    assert_accessible(page)

    page.get_by_role("link", name="Anforderungen bearbeiten").click()
    page.get_by_role("link", name="Bearbeiten VK-02").click()
    page.fill("#id_weight", "20")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("main")).to_contain_text("Gesamtgewichtung")
    assert_accessible(page)
    page.get_by_role("link", name="Zurück zur Vergabe").click()
    page.get_by_role("button", name="Version 1 veröffentlichen").click()
    expect(page.locator(".messages")).to_contain_text("veröffentlicht und festgeschrieben")

    page.get_by_role("link", name="Angebote").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Antwortbogen herunterladen (XLSX)").click()
    blank = Path(download.value.path()).read_bytes()
    bad = _fill(tmp_path, blank, "bad.xlsx", "Alpha GmbH", "0")
    page.set_input_files("#id_file", bad)
    page.get_by_role("button", name="Angebot einlesen").click()
    expect(page.locator(".procurement-row-errors")).to_contain_text(
        "Zeile 2: Preisblatt: der Preis von Los 1 muss über 0 liegen"
    )
    expect(page.locator("main")).to_contain_text("Noch kein Angebot.")
    assert_accessible(page)
    for name, bidder, price in (("a.xlsx", "Alpha GmbH", "98.000,00"),
                                ("b.xlsx", "Beta AG", "121.500,00")):  # fmt: skip
        page.set_input_files("#id_file", _fill(tmp_path, blank, name, bidder, price))
        page.get_by_role("button", name="Angebot einlesen").click()
        expect(page.locator(".messages")).to_contain_text(f"Das Angebot von {bidder}")

    page.get_by_role("link", name="Wertung").first.click()
    page.locator("summary", has_text="Methode und Parameter wählen").click()
    page.select_option("#id_method", "simple")
    page.get_by_role("button", name="Methode speichern").click()
    expect(page.locator(".messages")).to_contain_text("Methode wurde gespeichert")
    for bidder, points in (("Alpha GmbH", "6"), ("Beta AG", "8")):
        page.get_by_role("link", name=bidder).click()
        inputs = page.locator("main form input[type=number]")
        for index in range(inputs.count()):
            inputs.nth(index).fill(points)
        page.get_by_role("button", name="Punkte speichern").click()
        expect(page.locator(".messages")).to_contain_text(f"Die Punkte von {bidder}")
    expect(page.locator(".procurement-ranking")).to_contain_text("Z = ")
    expect(page.locator("main")).to_contain_text("Sensitivität")
    assert_accessible(page)
    page.get_by_role("button", name="Wertung freigeben").click()
    expect(page.locator(".messages")).to_contain_text("Eine zweite Person muss")
    url = page.url

    # The second pair of eyes: the editor signs off, and the evaluation is frozen.
    editor = new_context().new_page()
    _log_in(editor, live_server.url, email=EDITOR_EMAIL, password=DEMO_PASSWORD)
    editor.goto(url)
    editor.get_by_role("button", name="Wertung freigeben").click()
    expect(editor.locator(".messages")).to_contain_text("Freigegeben und festgeschrieben")
    expect(editor.locator("main")).not_to_contain_text("Methode speichern")
    assert_accessible(editor)

    page.reload()
    with page.expect_download() as download:
        page.locator(".downloads__item", has_text="Wertungsbericht").get_by_role(
            "link", name="PDF"
        ).click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
