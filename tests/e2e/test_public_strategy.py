"""Journey: a citizen reads Musterstadt's published strategy at /p/musterstadt/, the admin
withdraws it, and the page is gone; Beispielhausen never published its own."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .conftest import _log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def full_demo(transactional_db):
    """``manage.py demo``: the strategy demo publishes Musterstadt's strategy."""
    call_command("demo", stdout=io.StringIO())


def test_a_citizen_reads_the_published_strategy(
    new_context, live_server, full_demo, assert_accessible
):
    # The admin finds the public page on the strategy page, with its address to copy.
    admin = new_context().new_page()
    _log_in(admin, live_server.url)
    admin.goto(f"{live_server.url}/o/musterstadt/strategy/")
    address = admin.get_by_label("Adresse der öffentlichen Seite")
    expect(address).to_have_value(f"{live_server.url}/p/musterstadt/")
    expect(admin.get_by_role("link", name="Öffentliche Seite ansehen")).to_be_visible()

    # A citizen, not logged in, on a phone and on a desktop.
    for size in ({"width": 390, "height": 844}, {"width": 1366, "height": 900}):
        citizen = new_context().new_page()
        citizen.set_viewport_size(size)
        violations: list[str] = []
        citizen.on(
            "console",
            lambda message, found=violations: (
                found.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        response = citizen.goto(f"{live_server.url}/p/musterstadt/")
        assert response is not None and response.status == 200
        main = citizen.locator("main")
        expect(citizen.locator("h1")).to_have_text("Digitalstrategie Musterstadt 2027–2031")
        expect(main).to_contain_text("Stadt Musterstadt")
        expect(citizen.get_by_role("heading", name="Leitbild")).to_be_visible()
        expect(citizen.get_by_role("heading", name="Handlungsfelder")).to_be_visible()
        expect(citizen.get_by_role("heading", name="Ziele und Indikatoren")).to_be_visible()
        expect(main).to_contain_text("Kosten (EUR)")  # the demo chose to show the costs
        expect(main).to_contain_text("OZG-Leistungen online")  # and the OZG share
        expect(main).not_to_contain_text("Leitung Stadtkasse")  # a lead is not named
        expect(citizen.locator("nav.org-nav")).to_have_count(0)
        assert_accessible(citizen)
        assert violations == []

    # Printing hides the print button and the site's header.
    citizen.emulate_media(media="print")
    expect(citizen.get_by_role("button", name="Drucken")).to_be_hidden()
    expect(citizen.locator(".site-header")).to_be_hidden()

    # The admin withdraws it: the same address is "not found" now.
    admin.get_by_role("link", name="Einstellungen der Veröffentlichung").click()
    assert_accessible(admin)
    admin.get_by_label("Aktuelle Strategie veröffentlichen").uncheck()
    admin.get_by_role("button", name="Veröffentlichung speichern").click()
    expect(admin.locator(".messages")).to_contain_text("Die Strategie ist nicht öffentlich.")
    gone = new_context().new_page().goto(f"{live_server.url}/p/musterstadt/")
    assert gone is not None and gone.status == 404

    # Beispielhausen never published its draft.
    other = new_context().new_page().goto(f"{live_server.url}/p/beispielhausen/")
    assert other is not None and other.status == 404
