"""Journey: an editor rates a measure on the scales the form explains and picks a
dependency from a long list with the search field."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLES = [f"Fachverfahren {number:02d} anbinden" for number in range(1, 31)] + ["E-Akte einführen"]


@pytest.fixture
def measures(demo_data):
    from kommunalkompass.organisations.models import Organisation
    from kommunalkompass.strategy import services

    organisation = Organisation.objects.get(slug="musterstadt")
    strategy = services.strategy_create(
        actor=None, organisation=organisation, title="Digitalstrategie", start_year=2027
    )
    created = [
        services.measure_create(actor=None, strategy=strategy, title=title) for title in TITLES
    ]
    return created


def test_an_editor_rates_a_measure_and_picks_a_dependency_by_search(
    logged_in_page, live_server, measures, assert_accessible
):
    page = logged_in_page
    measure = measures[0]
    page.goto(f"{live_server.url}/o/musterstadt/strategy/measures/{measure.pk}/")

    benefit = page.get_by_label("Nutzen für Bürgerinnen, Bürger und Unternehmen")
    expect(benefit.locator("option")).to_have_count(6)
    expect(benefit.locator("option").nth(5)).to_have_text("5 – sehr hoch")
    expect(page.get_by_text("0: Bürgerinnen, Bürger und Unternehmen merken nichts")).to_be_visible()
    benefit.select_option("4")

    options = page.locator("#id_depends_on_options li")
    expect(options).to_have_count(len(TITLES) - 1)  # not the measure itself
    page.get_by_placeholder("Maßnahmen durchsuchen").fill("e-akte")
    expect(options.filter(has_text="E-Akte einführen")).to_be_visible()
    expect(options.filter(has_text="Fachverfahren 02 anbinden")).to_be_hidden()
    page.get_by_label("E-Akte einführen").check()
    assert_accessible(page)

    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.get_by_text("Die Änderungen wurden gespeichert.")).to_be_visible()

    measure.refresh_from_db()
    assert measure.benefit_citizens == 4
    assert [m.title for m in measure.depends_on.all()] == ["E-Akte einführen"]
