"""Journey: a facilitator runs a vision workshop with participants on phones.

The facilitator creates and opens the workshop and shows the presenter view; two
participants join on phone-sized browsers without an account and post cards (one with a
double click); the cards arrive on the projector without a reload; the facilitator
clusters them (dragging one, choosing the cluster of another in its list), opens the vote;
the participants' pages follow by themselves and they vote; the facilitator adopts the
winning cluster into the strategy as a measure and downloads the protocol; the closed
workshop's link then says it has ended.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import _log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# The presenter view asks every 2 s; allow for a loaded test machine on top.
LIVE_MS = 4_000


@pytest.fixture
def strategy(demo_data):
    from kommunalkompass.organisations.models import Membership, Role
    from kommunalkompass.strategy import services

    admin = Membership.objects.select_related("organisation", "user").get(
        organisation__slug="musterstadt", role=Role.ADMIN
    )
    return services.strategy_create(
        actor=admin.user, organisation=admin.organisation, title="Digital 2031", start_year=2027
    )


def _phone(new_context):
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    return page


def _join(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("main")).to_contain_text("keine Verfasserin und keinen Verfasser")
    page.get_by_role("button", name="Am Workshop teilnehmen").click()
    expect(page.locator("h1")).to_have_text("Schreiben Sie Ihre Ideen")


def _post(page, text: str, *, double: bool = False) -> None:
    page.fill("textarea[name=text]", text)
    button = page.get_by_role("button", name="Karte an die Wand heften")
    if double:
        button.dblclick()
    else:
        button.click()
    expect(page.locator(".messages")).to_be_visible()


def test_facilitator_runs_a_workshop_with_participants_on_phones(
    live_server, strategy, new_context, assert_accessible
):
    from kommunalkompass.strategy.models import Measure, WorkshopCard

    facilitator = new_context().new_page()
    _log_in(facilitator, live_server.url)
    facilitator.goto(f"{live_server.url}/o/musterstadt/strategy/")
    facilitator.get_by_role("link", name="Visionsworkshops").click()
    facilitator.get_by_role("link", name="Neuer Workshop").click()
    facilitator.fill("input[name=title]", "Vision 2030")
    facilitator.fill("input[name=votes_per_participant]", "3")
    facilitator.get_by_role("button", name="Workshop anlegen").click()
    expect(facilitator.locator("h1")).to_have_text("Vision 2030")
    assert_accessible(facilitator)
    join_url = facilitator.locator("[data-workshop-join-link]").get_attribute("href")
    assert re.search(r"/w/[\w-]{20,}/$", join_url)
    detail_url = facilitator.url

    presenter = new_context().new_page()
    _log_in(presenter, live_server.url)
    presenter.goto(detail_url)
    presenter.get_by_role("link", name="Präsentationsansicht").click()
    expect(presenter.locator(".presenter__qr svg")).to_be_visible()
    assert_accessible(presenter)

    anna, ben = _phone(new_context), _phone(new_context)
    _join(anna, join_url)
    assert_accessible(anna)
    _join(ben, join_url)
    _post(anna, "Alle Anträge online")
    _post(anna, "E-Akte überall")
    _post(ben, "Bürgerkonto für alles", double=True)
    assert WorkshopCard.objects.filter(text="Bürgerkonto für alles").count() == 1
    expect(presenter.locator(".presenter__cards li")).to_have_count(3, timeout=LIVE_MS)
    expect(presenter.locator(".presenter__figures")).to_contain_text("2 Teilnehmende")
    # Too long: named, nothing stored.
    ben.eval_on_selector("textarea[name=text]", "el => el.removeAttribute('maxlength')")
    ben.fill("textarea[name=text]", "x" * 290)
    ben.get_by_role("button", name="Karte an die Wand heften").click()
    expect(ben.locator(".form-errors")).to_contain_text("diese hat 290")

    # Clustering: one card dragged, one moved with its list (the way without JS).
    facilitator.select_option("select[name=phase]", "cluster")
    facilitator.get_by_role("button", name="Phase wechseln").click()
    for name in ("Service", "Arbeiten"):
        facilitator.fill("#board input[name=name]", name)
        facilitator.get_by_role("button", name="Cluster anlegen").click()

    def column(name):
        heading = facilitator.get_by_role("heading", name=name, exact=True)
        return facilitator.locator("[data-workshop-drop]").filter(has=heading)

    service = column("Service")
    card = facilitator.locator("[data-workshop-card]").filter(has_text="Alle Anträge online")
    card.drag_to(service)
    expect(service.locator("[data-workshop-card]")).to_have_count(1)
    akte = facilitator.locator("[data-workshop-card]").filter(has_text="E-Akte überall")
    akte.locator("select[name=cluster]").select_option(label="Arbeiten")
    akte.get_by_role("button", name="Verschieben").click()
    expect(column("Arbeiten").locator("li")).to_have_count(1)
    facilitator.reload()
    expect(column("Service").locator("li")).to_have_count(1)
    expect(anna.locator("h1")).to_have_text("Die Moderation clustert die Karten", timeout=8_000)

    # Voting: the participants' pages follow the phase by themselves.
    facilitator.select_option("select[name=phase]", "vote")
    facilitator.get_by_role("button", name="Phase wechseln").click()
    expect(anna.locator(".workshop-votes-left")).to_contain_text("3 Stimmen", timeout=8_000)
    assert_accessible(anna)
    for _ in range(2):
        anna.get_by_role("button", name=re.compile(r"Abstimmen\W+Service$")).click()
    expect(anna.locator(".workshop-votes-left")).to_contain_text("1 Stimme")
    expect(ben.locator(".workshop-votes-left")).to_contain_text("3 Stimmen", timeout=8_000)
    ben.get_by_role("button", name=re.compile(r"Abstimmen\W+Service$")).click()
    expect(presenter.locator(".presenter__figures")).to_contain_text(
        "3 von 6 Stimmen", timeout=LIVE_MS
    )

    # Result and adoption into the strategy in one step.
    facilitator.select_option("select[name=phase]", "result")
    facilitator.get_by_role("button", name="Phase wechseln").click()
    first = facilitator.locator("#result .workshop-ranking > li").first
    expect(first).to_contain_text("Service")
    expect(first).to_contain_text("3 Stimmen")
    first.locator("summary").click()
    first.locator("select[name$=-kind]").select_option("measure")
    first.locator("input[name$=-text]").fill("Onlinezugang für alle Leistungen")
    first.get_by_role("button", name="Übernehmen").click()
    expect(facilitator.locator(".messages")).to_contain_text("steht jetzt als Maßnahme")
    measure = Measure.objects.get(title="Onlinezugang für alle Leistungen")
    facilitator.goto(f"{live_server.url}/o/musterstadt/strategy/measures/{measure.pk}/")
    expect(facilitator.locator("main")).to_contain_text("Aus einem Visionsworkshop")
    facilitator.goto(detail_url)
    with facilitator.expect_download() as download:
        facilitator.locator(".downloads a").filter(has_text="PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    facilitator.select_option("select[name=phase]", "closed")
    facilitator.get_by_role("button", name="Phase wechseln").click()
    response = ben.goto(join_url)
    assert response.status == 410
    expect(ben.locator("h1")).to_have_text("Dieser Workshop ist beendet")
