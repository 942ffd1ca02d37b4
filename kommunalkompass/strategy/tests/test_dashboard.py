"""The implementation dashboard: overdue measures first, charts with their tables, the
burn-up of completed measures, and a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kommunalkompass.strategy import selectors, services
from kommunalkompass.strategy.models import Measure

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 8, 15)  # in Q3 2027


def _measure(editor, strategy, title, **values):
    return services.measure_create(actor=editor.user, strategy=strategy, title=title, **values)


def _report(editor, measure, status, day, progress=50, spent=None):
    services.measure_report(
        actor=editor.user, measure=measure, status=status, progress=progress, spent=spent,
        reported_on=day, comment=f"Stand {day}",
    )  # fmt: skip
    measure.refresh_from_db()


def test_a_measure_is_completed_on_the_report_that_last_set_it_completed(editor, strategy):
    reopened = _measure(editor, strategy, "Wieder geöffnet", status="in_progress")
    _report(editor, reopened, "done", datetime.date(2027, 2, 1), 100)
    _report(editor, reopened, "in_progress", datetime.date(2027, 3, 1), 80)
    _report(editor, reopened, "done", datetime.date(2027, 5, 10), 100)
    _report(editor, reopened, "done", datetime.date(2027, 6, 1), 100)  # a later note
    by_end = _measure(
        editor, strategy, "Ohne Meldung", status="done", end=datetime.date(2026, 11, 3)
    )
    running = _measure(editor, strategy, "Läuft", status="in_progress")
    reports = [
        (r.measure_id, r.reported_on, r.status)
        for r in reopened.updates.order_by("reported_on", "id")
    ]
    dates = selectors.completion_dates([reopened, by_end, running], reports)
    assert dates == {reopened.pk: datetime.date(2027, 5, 10), by_end.pk: datetime.date(2026, 11, 3)}


def test_burn_up_counts_completions_by_quarter_up_to_today(editor, strategy):
    early = _measure(editor, strategy, "Früh", status="done", end=datetime.date(2026, 11, 3))
    late = _measure(editor, strategy, "Später", status="in_progress")
    _report(editor, late, "done", datetime.date(2027, 5, 10), 100)
    _measure(editor, strategy, "Geplant", status="planned")
    _measure(editor, strategy, "Idee", status="idea")  # not in the scope
    _measure(editor, strategy, "Verworfen", status="dropped")  # not in the scope
    points = selectors.dashboard(strategy=strategy, today=TODAY).burn_up
    labels = [point.label for point in points]
    assert labels[0] == "Q4 2026" and labels[-1] == "Q4 2031"  # from the first completion
    completed = {point.label: point.completed for point in points}
    assert completed["Q4 2026"] == 1 and completed["Q1 2027"] == 1
    assert completed["Q2 2027"] == 2 and completed["Q3 2027"] == 2
    assert completed["Q4 2027"] is None  # not begun yet
    assert {point.scope for point in points} == {3}
    assert early.pk and late.pk


def test_overdue_measures_come_first_the_longest_overdue_on_top(client, editor, strategy):
    _measure(editor, strategy, "Etwas spät", status="in_progress",
             start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))  # fmt: skip
    _measure(editor, strategy, "Sehr spät", status="planned",
             start=datetime.date(2024, 1, 1), end=datetime.date(2024, 6, 30))  # fmt: skip
    page = client.get(reverse("strategy:dashboard", args=[editor.organisation.slug]))
    text = page.content.decode()
    main = text[text.index("<main") :]
    assert main.index("Overdue measures") < main.index("Measures by status")
    assert main.index("M02 Sehr spät") < main.index("M01 Etwas spät")


def test_dashboard_draws_status_burn_up_and_budget_with_their_tables(client, editor, strategy):
    done = _measure(editor, strategy, "Fertig", status="in_progress", one_time_cost=Decimal(9000))
    _report(editor, done, "done", datetime.date(2026, 3, 1), 100)  # before today, whenever run
    _report(editor, done, "done", datetime.date(2027, 3, 1), 100, spent=Decimal(12500))
    _measure(editor, strategy, "Geplant", status="planned", one_time_cost=Decimal(40000))
    services.roadmap_compute(actor=editor.user, strategy=strategy)
    page = client.get(reverse("strategy:dashboard", args=[editor.organisation.slug]))
    figures = page.context["status_figure"], page.context["burn_up_figure"]
    status, burn_up = (figure.chart for figure in figures)
    assert list(status.categories) == [str(label) for _v, label in Measure.Status.choices]
    assert list(status.series[0].values) == [0, 1, 0, 1, 0]
    assert [series.name for series in burn_up.series] == ["Completed (cumulative)", "Scope"]
    budget = page.context["budget_figure"].chart
    assert list(budget.categories) == ["2027", "2028", "2029", "2030", "2031"]
    assert budget.series[2].values[0] == Decimal(12500)  # spent in 2027
    text = page.content.decode()
    assert text.count('<figure class="chart-figure') == 3
    assert text.count("<summary>Data as a table</summary>") == 3
    assert "12,500" in text


def test_dashboard_costs_the_same_queries_however_many_measures_and_reports(
    client, editor, strategy
):
    def add(count):
        late = {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 6, 30)}
        for n in range(count):
            measure = _measure(editor, strategy, f"N{n}", status="in_progress", **late)
            day = datetime.date(2025, 1 + n % 12, 1)
            _report(editor, measure, "done", day, 100, spent=Decimal(100))
            _measure(editor, strategy, f"Spät {n}", status="planned", **late)

    url = reverse("strategy:dashboard", args=[editor.organisation.slug])
    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(12)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).context["burn_up_figure"] is not None
    assert len(many) == len(few)
