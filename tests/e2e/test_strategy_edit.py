"""Journey: an editor corrects a goal of the strategy and its indicator from the goals page."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def goal(demo_data):
    from kommunalkompass.organisations.models import Organisation
    from kommunalkompass.strategy import services

    organisation = Organisation.objects.get(slug="musterstadt")
    strategy = services.strategy_create(
        actor=None, organisation=organisation, title="Digitalstrategie", start_year=2027
    )
    field = services.field_create(
        actor=None, strategy=strategy, name="Verwaltung & Services", dimensions=["services"]
    )
    goal = services.goal_create(
        actor=None, strategy=strategy, title="Leistungen online", field=field
    )
    services.indicator_create(
        actor=None, goal=goal, name="Onlinedienste", unit="%", direction="increase",
        baseline=Decimal(20), baseline_date=datetime.date(2026, 1, 1), target=Decimal(80),
        target_date=datetime.date(2030, 12, 31),
    )  # fmt: skip
    return goal


def test_an_editor_edits_a_goal_and_its_indicator(
    logged_in_page, live_server, goal, assert_accessible
):
    page = logged_in_page
    page.goto(f"{live_server.url}/o/musterstadt/strategy/goals/")
    # The goal is collapsed to its title and traffic lights; opened, it offers its edit link.
    section = page.locator(f"#goal-{goal.pk}")
    edit = page.get_by_role("link", name=re.compile(r"^Ziel bearbeiten\W+Leistungen online$"))
    expect(section.locator(".goal__summary")).to_contain_text("Onlinedienste")
    expect(edit).to_be_hidden()
    section.locator(".goal__summary").click()
    edit.click()
    expect(page.locator("h1")).to_have_text("Ziel bearbeiten")
    expect(page.get_by_role("textbox", name="Ziel", exact=True)).to_have_value("Leistungen online")
    # Deleting for good sits apart, below the form.
    expect(page.locator("main form").last.get_by_role("button")).to_have_text("Endgültig löschen")
    assert_accessible(page)

    # An empty goal is refused at the field, and nothing is saved.
    page.get_by_role("textbox", name="Ziel", exact=True).fill("")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".kern-form-input--error")).to_contain_text(
        "Dieses Feld ist zwingend erforderlich"
    )

    page.get_by_role("textbox", name="Ziel", exact=True).fill("Alle Leistungen bis 2030 online")
    page.get_by_label("Beschreibung").fill("Nach dem Onlinezugangsgesetz.")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_contain_text("Die Änderungen wurden gespeichert.")
    # Back on the goals page, at the goal, opened.
    expect(section).to_have_attribute("open", "")
    expect(section.locator("h2")).to_have_text("Alle Leistungen bis 2030 online")
    expect(page.locator("main")).to_contain_text("Nach dem Onlinezugangsgesetz.")

    # The indicator's target is raised; its dates stay as they were.
    page.get_by_role("link", name=re.compile(r"^Indikator bearbeiten\W+Onlinedienste$")).click()
    expect(page.get_by_label("Zieldatum")).to_have_value("2030-12-31")
    page.get_by_label("Zielwert").fill("90")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".messages")).to_contain_text("Die Änderungen wurden gespeichert.")
    assert_accessible(page)

    from kommunalkompass.strategy.models import Indicator

    indicator = Indicator.objects.get(goal=goal)
    assert indicator.target == Decimal(90)
    assert indicator.target_date == datetime.date(2030, 12, 31)
