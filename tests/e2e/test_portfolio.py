"""Journey: the demo consultant, a member of five organisations, sees them side by side at
/o/, sorts and filters the portfolio, downloads it as XLSX, and starts Beispielhausen's
field of action "Bildung" from Musterstadt's, with its goals and measures."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.strategy.models import FieldOfAction, Goal, Measure

from .conftest import _log_in

pytestmark = pytest.mark.e2e

CONSULTANT = "berater@kommunalkompass.example"


@pytest.fixture
def full_demo(transactional_db):
    call_command("demo", stdout=io.StringIO())


def _scores(page) -> list[float]:
    texts = page.locator("tbody tr td[data-column=maturity] a").all_inner_texts()
    return [float(text.strip().replace(",", ".")) for text in texts]


def test_a_consultant_works_with_her_portfolio(
    new_context, live_server, full_demo, assert_accessible
):
    page = new_context().new_page()
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server.url, email=CONSULTANT)
    page.goto(f"{live_server.url}/o/")
    expect(page.locator("h1")).to_have_text("Ihr Portfolio")
    rows = page.locator("tbody tr[data-organisation]")
    expect(rows).to_have_count(5)
    musterstadt = page.locator("tr[data-organisation=musterstadt]")
    expect(musterstadt).to_contain_text("4 · Umsetzung")  # the Ablaufplan phase
    expect(musterstadt).to_contain_text("von 34")  # measures completed of those to implement
    expect(musterstadt).to_contain_text("%")  # the OZG share online
    assert_accessible(page)

    # Sorting: by maturity, then the other way round (server-side, ?sort=).
    header = page.locator("thead").get_by_role("link", name="Reifegrad", exact=True)
    header.click()
    expect(page).to_have_url(f"{live_server.url}/o/?sort=maturity")
    assert _scores(page) == sorted(_scores(page))
    page.locator("thead").get_by_role("link", name="Reifegrad", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/o/?sort=-maturity")
    assert _scores(page) == sorted(_scores(page), reverse=True)
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Reifegrad")

    # Filtering by state: Bayern has Musterstadt and Musterfeld.
    page.select_option("#portfolio-state", label="Bayern")
    expect(rows).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("Stadt Musterstadt")
    expect(page.locator("tbody")).to_contain_text("Stadt Musterfeld")
    assert_accessible(page)

    # The download holds the rows as filtered.
    with page.expect_download() as download:
        page.get_by_role("link", name="Als Excel (XLSX) herunterladen").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read())).active
    names = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
    assert "Stadt Musterstadt" in names and "Stadt Musterfeld" in names
    assert "Gemeinde Beispielhausen" not in names

    # Copy "Bildung" from Musterstadt into Beispielhausen's strategy.
    page.goto(f"{live_server.url}/o/beispielhausen/strategy/")
    page.get_by_role("link", name="Aus einer anderen Ihrer Organisationen übernehmen").click()
    expect(page.locator("h1")).to_have_text("Aus einer anderen Organisation übernehmen")
    page.select_option("#copy-source", label="Stadt Musterstadt")
    page.get_by_role("button", name="Ihre Handlungsfelder anzeigen").click()
    page.get_by_label("Bildung").check()
    assert_accessible(page)
    page.get_by_role("button", name="In Gemeinde Beispielhausen übernehmen").click()
    expect(page.locator("main")).to_contain_text(
        "Aus Stadt Musterstadt übernommen: 1 Handlungsfeld, 2 Ziele und 6 Maßnahmen."
    )
    expect(page.locator("main")).to_contain_text("Bildung")

    field = FieldOfAction.objects.get(organisation__slug="beispielhausen", name="Bildung")
    assert Goal.objects.filter(field=field).count() == 2
    copied = Measure.objects.filter(fields=field)
    assert copied.count() == 6
    assert {measure.status for measure in copied} == {Measure.Status.IDEA}
    assert AuditEvent.objects.filter(
        organisation__slug="musterstadt", changes__has_key="copied_to"
    ).exists()
    assert AuditEvent.objects.filter(
        organisation__slug="beispielhausen", changes__has_key="copied_from"
    ).exists()
