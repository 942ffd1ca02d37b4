"""The measure list: sortable columns, a search, "my measures" and the totals of costs."""

import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from kommunalkompass.organisations.tests.factories import DepartmentFactory
from kommunalkompass.strategy import selectors, services
from kommunalkompass.strategy.models import BENEFIT_CRITERIA
from kommunalkompass.strategy.priority import PRIORITY_RANK, benefit_points, priority, total_cost
from kommunalkompass.strategy.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


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
        selectors.measure_list(strategy=measures[0].strategy, search="Onlineportal")
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


def test_a_long_list_shows_fifty_measures_a_page_and_totals_them_all(client, editor, strategy):
    for n in range(55):
        MeasureFactory(
            strategy=strategy, number=n + 1, title=f"Maßnahme {n}", one_time_cost=Decimal(100)
        )
    path, _query = url(editor)
    with translation.override("de"):
        first = client.get(path, {"sort": "number"}, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        second = client.get(
            path, {"sort": "number", "page": "2"}, HTTP_ACCEPT_LANGUAGE="de"
        ).content.decode()
    assert len(_titles(first)) == 50 and _titles(second) == [f"Maßnahme {n}" for n in range(50, 55)]
    assert "?sort=number&amp;page=2" in first  # the next page keeps the order
    for page in (first, second):
        assert "Summe für 55 Maßnahmen" in page
        assert "5.500\xa0€" in page  # the costs of all 55, not of the page


def test_the_database_ranks_priorities_and_costs_as_the_rows_say(editor, strategy):
    """The list is filtered and ordered by the database's figures and shows Python's: they
    must agree for every combination, including scores exactly on a threshold."""
    rng = random.Random(7)
    for weights in ({}, {"citizens": 3, "staff": 1, "efficiency": 2, "legal": 0, "goals": 1}):
        if weights:
            strategy.weights = weights
            strategy.save()
        for n in range(80):
            MeasureFactory(
                strategy=strategy,
                number=n + 1,
                **{f"benefit_{key}": rng.randint(0, 5) for key, _label in BENEFIT_CRITERIA},
                effort=rng.randint(1, 5),
                risk=rng.randint(1, 5),
                duration_quarters=rng.randint(1, 12),
                one_time_cost=Decimal(rng.randrange(0, 100_000)) / 100,
                annual_cost=Decimal(rng.randrange(0, 100_000)) / 100,
                priority_override=rng.choice(["", "", "", "high", "low"]),
            )
        weights = strategy.benefit_weights()
        for measure in selectors.measure_list(strategy=strategy):
            assert measure.figure_rank == PRIORITY_RANK[priority(measure, weights)]
            assert measure.figure_cost == total_cost(measure)
            assert measure.figure_points == benefit_points(measure, weights)
        rows = selectors.measure_rows(strategy=strategy)
        # By priority, then by score (compared exactly: points × (12 − effort − risk)).
        assert [row.measure.number for row in rows] == [
            row.measure.number
            for row in sorted(
                rows,
                key=lambda r: (
                    PRIORITY_RANK[r.priority],
                    -benefit_points(r.measure, weights) * (12 - r.measure.effort - r.measure.risk),
                    r.measure.number,
                ),
            )
        ]
        for sort, figure in (("cost", "cost"), ("-benefit", "benefit")):
            ordered = selectors.measure_rows(strategy=strategy, sort=sort)
            sign = -1 if sort.startswith("-") else 1
            assert [row.measure.number for row in ordered] == [
                row.measure.number
                for row in sorted(
                    ordered, key=lambda r: (sign * getattr(r, figure), r.measure.number)
                )
            ]
        strategy.measures.all().delete()
