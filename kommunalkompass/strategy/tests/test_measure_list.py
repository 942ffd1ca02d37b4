"""The measure list: sortable columns, a search, "my measures" and the totals of costs."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from kommunalkompass.organisations.models import Role
from kommunalkompass.organisations.tests.factories import DepartmentFactory, MembershipFactory
from kommunalkompass.strategy import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    membership = MembershipFactory(role=Role.EDITOR)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def strategy(editor):
    return services.strategy_create(
        actor=editor.user, organisation=editor.organisation, title="Digital 2031", start_year=2027
    )


@pytest.fixture
def measures(editor, strategy):
    def add(title, **values):
        return services.measure_create(actor=editor.user, strategy=strategy, title=title, **values)

    return [
        add("E-Akte einführen", one_time_cost=Decimal(120000), annual_cost=Decimal(10000),
            benefit_staff=5, effort=4),
        add("Onlineportal", description="Bürgerkonto und Anträge", one_time_cost=Decimal(30000),
            benefit_citizens=5, effort=2),
        add("WLAN im Rathaus", one_time_cost=Decimal(8000), lead_person="Jana Roth", effort=1),
    ]  # fmt: skip


def _titles(page: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', page)


def url(membership, **query):
    path = reverse("strategy:measures", args=[membership.organisation.slug])
    return path, query


def test_a_column_heading_sorts_and_a_second_click_reverses(client, editor, measures):
    path, _query = url(editor)
    by_cost = client.get(path, {"sort": "cost"}).content.decode()
    assert _titles(by_cost) == ["WLAN im Rathaus", "Onlineportal", "E-Akte einführen"]
    assert 'href="?sort=-cost"' in by_cost  # the same heading again: the other way round
    assert 'aria-sort="ascending"' in by_cost
    by_cost_down = client.get(path, {"sort": "-cost"}).content.decode()
    assert _titles(by_cost_down) == ["E-Akte einführen", "Onlineportal", "WLAN im Rathaus"]
    assert 'aria-sort="descending"' in by_cost_down
    by_title = client.get(path, {"sort": "title"}).content.decode()
    assert _titles(by_title) == ["E-Akte einführen", "Onlineportal", "WLAN im Rathaus"]
    by_effort = client.get(path, {"sort": "-effort"}).content.decode()
    assert _titles(by_effort) == ["E-Akte einführen", "Onlineportal", "WLAN im Rathaus"]
    # An unknown column is the default order (by priority), not an error.
    assert client.get(path, {"sort": "password"}).status_code == 200


def test_the_search_finds_words_in_title_and_description_and_the_number(client, editor, measures):
    path, _query = url(editor)
    assert _titles(client.get(path, {"q": "bürgerkonto"}).content.decode()) == ["Onlineportal"]
    assert _titles(client.get(path, {"q": "M03"}).content.decode()) == ["WLAN im Rathaus"]
    assert _titles(client.get(path, {"q": "roth"}).content.decode()) == ["WLAN im Rathaus"]
    page = client.get(path, {"q": "Breitband"}).content.decode()
    assert _titles(page) == []
    assert "No measure matches" in page


def test_search_as_one_types_gets_the_table_only(client, editor, measures):
    path, _query = url(editor)
    page = client.get(path, {"q": "akte"}, HTTP_HX_REQUEST="true").content.decode()
    assert _titles(page) == ["E-Akte einführen"]
    assert "<html" not in page and 'id="filter-q"' not in page


def test_my_measures_are_those_of_my_department_or_naming_me(client, editor, strategy, measures):
    department = DepartmentFactory(organisation=editor.organisation, name="Hauptamt")
    editor.department = department
    editor.save()
    editor.user.full_name = "Jana Roth"
    editor.user.save()
    services.measure_update(
        actor=editor.user, measure=measures[1], version=measures[1].version,
        lead_department=department,
    )  # fmt: skip
    path, _query = url(editor)
    page = client.get(path, {"mine": "1", "sort": "number"}).content.decode()
    assert _titles(page) == ["Onlineportal", "WLAN im Rathaus"]
    assert 'id="filter-mine"' in page and "checked" in page


def test_a_member_without_department_or_name_has_no_measures_of_their_own(client, editor, measures):
    path, _query = url(editor)
    editor.user.full_name = ""
    editor.user.save()
    assert _titles(client.get(path, {"mine": "1"}).content.decode()) == []


def test_the_totals_row_sums_the_planned_costs_in_german(client, editor, measures):
    path, _query = url(editor)
    with translation.override("de"):
        page = client.get(path, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    # 120.000 + 10.000 × 1 year + 30.000 + 8.000; one-time 158.000, annual 10.000.
    assert "168.000\xa0€" in page
    assert "158.000\xa0€" in page and "10.000\xa0€" in page
    totals = selectors.measure_totals(
        selectors.measure_rows(strategy=measures[0].strategy, search="Onlineportal")
    )
    assert (totals.count, totals.total) == (1, Decimal(30000))


def test_the_list_costs_the_same_queries_with_search_sort_and_mine(
    client, editor, strategy, django_assert_max_num_queries
):
    path, _query = url(editor)
    query = {"q": "a", "sort": "-cost", "mine": "1", "status": "idea"}
    for n in range(3):
        services.measure_create(actor=editor.user, strategy=strategy, title=f"Maßnahme {n}")
    client.get(path, query)
    with django_assert_max_num_queries(20) as few:
        client.get(path, query)
    for n in range(30):
        services.measure_create(actor=editor.user, strategy=strategy, title=f"Maßnahme {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(path, query)
    assert page.status_code == 200
