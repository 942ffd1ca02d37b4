"""The public strategy page /p/<slug>/: published by an admin, readable by anybody, naming
nobody, the same 404 for what is not published and what does not exist."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kommunalkompass.audit.models import AuditEvent
from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import MembershipFactory
from kommunalkompass.strategy import services
from kommunalkompass.strategy.models import StrategyPublication
from kommunalkompass.strategy.public import PublicFigure, _providers

pytestmark = pytest.mark.django_db

LEAD = "Petra Lindqvist-Obermaier"
AUTHOR = "berichterstatterin@musterstadt.example"


@pytest.fixture
def admin():
    return MembershipFactory(role=Role.ADMIN, user__email=AUTHOR)


@pytest.fixture
def strategy(admin):
    strategy = services.strategy_create(
        actor=admin.user,
        organisation=admin.organisation,
        title="Digitalstrategie 2027–2031",
        start_year=2027,
        vision="Eine Verwaltung, die man nicht suchen muss.",
    )
    field = services.field_create(
        actor=admin.user, strategy=strategy, name="Bürgerservice", dimensions=["services"]
    )
    goal = services.goal_create(
        actor=admin.user, strategy=strategy, field=field, title="Anliegen online erledigen"
    )
    services.indicator_create(
        actor=admin.user,
        goal=goal,
        name="Online-Anteil der Anträge",
        unit="%",
        direction="increase",
        baseline=Decimal(10),
        baseline_date="2026-01-01",
        target=Decimal(60),
        target_date="2031-12-31",
    )
    measure = services.measure_create(
        actor=admin.user,
        strategy=strategy,
        fields_of_action=[field],
        title="Terminbuchung online",
        description="Termine im Bürgerbüro online buchen.",
        lead_person=LEAD,
        participants="Jana Beispielperson",
        one_time_cost=Decimal("12345"),
        start=datetime.date(2027, 4, 1),
        end=datetime.date(2027, 9, 30),
        status="planned",
    )
    services.measure_report(
        actor=admin.user, measure=measure, status="in_progress", progress=40, comment="Läuft."
    )
    return strategy


def public(organisation) -> str:
    return reverse("strategy:public", args=[organisation.slug])


def publish(admin, **settings) -> StrategyPublication:
    return services.strategy_publication_update(
        actor=admin.user, organisation=admin.organisation, published=True, **settings
    )


def test_a_strategy_is_not_public_until_an_admin_publishes_it(client, admin, strategy):
    assert client.get(public(admin.organisation)).status_code == 404
    assert not StrategyPublication.objects.exists()


def test_unknown_and_unpublished_answer_the_same_404(client, admin, strategy):
    unknown = client.get(reverse("strategy:public", args=["gibt-es-nicht"]))
    unpublished = client.get(public(admin.organisation))
    assert unknown.status_code == unpublished.status_code == 404
    # The same page, but for the CSRF token of the language switch (masked anew each time).
    token = re.compile(rb'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')
    slug = admin.organisation.slug.encode()
    assert token.sub(b"", unknown.content.replace(b"gibt-es-nicht", slug)) == token.sub(
        b"", unpublished.content
    )


def test_the_published_page_shows_the_strategy_to_anybody(admin, strategy):
    publish(admin)
    page = Client().get(public(admin.organisation))
    assert page.status_code == 200
    html = page.content.decode()
    for text in (
        admin.organisation.name,
        "Digitalstrategie 2027–2031",
        "Eine Verwaltung, die man nicht suchen muss.",
        "Bürgerservice",
        "Anliegen online erledigen",
        "Online-Anteil der Anträge",
        "M01 Terminbuchung online",
        "In progress",
        "Q2 2027 – Q3 2027",
    ):
        assert text in html, text
    assert "Cost (EUR)" not in html and "12,345" not in html


def test_the_public_page_names_no_person(admin, strategy):
    publish(admin, show_costs=True, show_ozg=True)
    html = Client().get(public(admin.organisation)).content.decode()
    assert LEAD not in html
    assert "Jana Beispielperson" not in html
    assert AUTHOR not in html  # the author of the status report and of every audit event
    assert "Läuft." not in html  # status reports are internal


def test_costs_only_when_the_admin_chooses(admin, strategy):
    publish(admin, show_costs=True)
    html = Client().get(public(admin.organisation)).content.decode()
    assert "Cost (EUR)" in html
    assert "12,345" in html


def test_the_ozg_share_only_when_the_admin_chooses(admin, strategy):
    figure = PublicFigure(value="42%", label="OZG services online")
    original = _providers["ozg"]
    _providers["ozg"] = lambda organisation: figure
    try:
        publish(admin)
        assert (
            "OZG services online" not in Client().get(public(admin.organisation)).content.decode()
        )
        publish(admin, show_ozg=True)
        assert "OZG services online" in Client().get(public(admin.organisation)).content.decode()
    finally:
        _providers["ozg"] = original


def test_the_ozg_share_comes_from_the_ozg_module(admin, strategy):
    from kommunalkompass.ozg.tests.factories import ServiceStateFactory

    ServiceStateFactory(organisation=admin.organisation, relevant=True, level=2)
    ServiceStateFactory(organisation=admin.organisation, relevant=True, level=1)
    publish(admin, show_ozg=True)
    html = Client().get(public(admin.organisation)).content.decode()
    assert "OZG services online" in html
    assert "1 of 2 relevant OZG services can be used online." in html


def test_revoking_takes_the_page_down(client, admin, strategy):
    publish(admin)
    assert client.get(public(admin.organisation)).status_code == 200
    services.strategy_publication_update(
        actor=admin.user, organisation=admin.organisation, published=False
    )
    assert client.get(public(admin.organisation)).status_code == 404


def test_without_a_current_strategy_the_published_page_is_404(client, admin, strategy):
    publish(admin)
    strategy.is_current = False
    strategy.save()
    assert client.get(public(admin.organisation)).status_code == 404


def test_each_change_is_audited_and_an_unchanged_save_is_not(admin, strategy):
    before = AuditEvent.objects.count()
    publish(admin, show_costs=True)
    event = AuditEvent.objects.latest("pk")
    assert AuditEvent.objects.count() == before + 1
    assert event.actor == admin.user
    assert event.changes["published"] == [False, True]
    assert event.changes["show_costs"] == [False, True]
    publish(admin, show_costs=True)
    assert AuditEvent.objects.count() == before + 1
    # Saving the defaults without ever having published writes nothing at all.
    other = MembershipFactory(role=Role.ADMIN)
    services.strategy_publication_update(
        actor=other.user, organisation=other.organisation, published=False
    )
    assert not StrategyPublication.objects.filter(organisation=other.organisation).exists()


def test_the_page_costs_a_fixed_number_of_queries(admin, strategy, django_assert_max_num_queries):
    publish(admin, show_costs=True, show_ozg=True)
    client = Client()
    with django_assert_max_num_queries(12) as few:
        client.get(public(admin.organisation))
    for number in range(10):
        field = services.field_create(
            actor=admin.user, strategy=strategy, name=f"Feld {number}", dimensions=["data"]
        )
        goal = services.goal_create(actor=admin.user, strategy=strategy, field=field, title="Z")
        services.indicator_create(
            actor=admin.user, goal=goal, name="I", unit="", direction="increase",
            baseline=Decimal(1), baseline_date="2026-01-01", target=Decimal(2),
            target_date="2030-01-01",
        )  # fmt: skip
        services.measure_create(
            actor=admin.user, strategy=strategy, title=f"Maßnahme {number}",
            fields_of_action=[field],
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(public(admin.organisation))
    assert "Maßnahme 9" in page.content.decode()


def test_the_admin_publishes_on_the_settings_page(client, admin, strategy):
    client.force_login(admin.user)
    settings_page = reverse("strategy:publication", args=[admin.organisation.slug])
    assert client.get(settings_page).status_code == 200
    response = client.post(settings_page, {"published": "on", "show_costs": "on"})
    assert response.status_code == 302
    saved = StrategyPublication.objects.get(organisation=admin.organisation)
    assert saved.published and saved.show_costs and not saved.show_ozg
    home = client.get(reverse("strategy:home", args=[admin.organisation.slug])).content.decode()
    assert "View the public page" in home
    assert f"http://testserver{public(admin.organisation)}" in home
    client.post(settings_page, {})
    assert client.get(public(admin.organisation)).status_code == 404


def test_members_see_the_link_only_when_published_and_only_admins_the_settings(
    client, admin, strategy
):
    viewer = MembershipFactory(organisation=admin.organisation, role=Role.VIEWER)
    client.force_login(viewer.user)
    home = reverse("strategy:home", args=[admin.organisation.slug])
    html = client.get(home).content.decode()
    assert "View the public page" not in html and "Publication settings" not in html
    publish(admin)
    html = client.get(home).content.decode()
    assert "View the public page" in html and "Publication settings" not in html
    settings_page = reverse("strategy:publication", args=[admin.organisation.slug])
    assert client.post(settings_page, {}).status_code == 403
